"""Things that are not claim documents: a restaurant receipt, a village notice, a table scene, a blank sheet."""
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from models.enums import DocType
from synthetic.backgrounds import texture
from synthetic.canvas import Canvas
from synthetic.catalog import random_amount, random_date
from synthetic.marks import seal
from synthetic.pages.base import DocSpec, Values, a4, date_text
from synthetic.people import TOWNS

DISHES = ("牛肉丸", "吊龙", "匙柄", "嫩肉", "肥胼", "牛百叶", "粿条", "蚝烙", "卤鹅拼盘", "菜脯蛋", "炒芥蓝", "鱼丸汤",
          "白粥", "凤凰单丛（壶）", "米饭")
NOTICES = (
    ("关于开展老年人免费健康体检的通知", "为做好辖区65周岁以上老年人健康管理工作，定于下月在村卫生站开展免费健康体检，"
     "请符合条件的村民携带身份证、医保卡按时参加。体检当日请空腹。"),
    ("关于做好防汛防台风工作的通知", "近期台风活动频繁，请各户检查门窗、清理排水沟渠，低洼地带住户注意转移，"
     "如遇险情请及时拨打村委会值班电话。"),
    ("停水通知", "因供水管网改造施工，本村部分区域将暂停供水一天，请各住户提前做好储水准备，给您带来不便，敬请谅解。"),
)


def _sample(rng: random.Random, values: Values) -> Values:
    return {"date": random_date(rng), "town": rng.choice(TOWNS), **values}


def restaurant_receipt(rng: random.Random, v: Values) -> Image.Image:
    """A thermal till receipt from a Chaoshan restaurant."""
    w = rng.randint(880, 980)
    c = Canvas(w, int(w * 2.2), (rng.randint(240, 252),) * 3)
    u = w / 900
    shop = rng.choice(("潮汕牛肉火锅", "老字号粿条店", "海记牛肉店", "潮味私房菜"))
    c.text(w / 2, 90 * u, f"{shop}（{v['town'][:2]}店）", int(46 * u), "mono", True, anchor="ms")
    c.text(w / 2, 150 * u, "结账单", int(38 * u), "mono", anchor="ms")
    c.text(60 * u, 220 * u, f"桌号：{rng.randint(1, 30)}   人数：{rng.randint(2, 10)}", int(32 * u), "mono")
    c.text(60 * u, 270 * u, f"时间：{date_text(rng, v['date'], ('iso',))} {rng.randint(11, 21)}:{rng.randint(10, 59)}",
           int(32 * u), "mono")
    c.dashed(40 * u, 300 * u, w - 40 * u, 300 * u, 2)
    y, total = 360 * u, 0.0
    for dish in rng.sample(DISHES, rng.randint(5, 10)):
        qty, price = rng.randint(1, 3), random_amount(rng, 6, 88, 1)
        total += qty * price
        c.text(60 * u, y, dish, int(34 * u), "mono")
        c.text(w * 0.6, y, f"x{qty}", int(34 * u), "mono")
        c.text(w - 60 * u, y, f"{qty * price:.2f}", int(34 * u), "mono", anchor="rs")
        y += 58 * u
    c.dashed(40 * u, y, w - 40 * u, y, 2)
    c.text(60 * u, y + 70 * u, "合计", int(40 * u), "mono", True)
    c.text(w - 60 * u, y + 70 * u, f"¥{total:.2f}", int(40 * u), "mono", True, anchor="rs")
    c.text(60 * u, y + 130 * u, rng.choice(("微信支付", "支付宝", "现金")), int(32 * u), "mono")
    c.text(w / 2, y + 220 * u, "谢谢惠顾，欢迎再次光临！", int(32 * u), "mono", anchor="ms")
    return c.crop_to(y + 280 * u)


def village_notice(rng: random.Random, v: Values) -> Image.Image:
    """A printed notice from the village committee, sealed — official-looking but not a claim document."""
    c = a4(rng)
    u = c.w / 1240
    title, body = rng.choice(NOTICES)
    s, x0, x1 = int(32 * u), 120 * u, c.w - 120 * u
    c.text(c.w / 2, 200 * u, title, c.fit(title, int(48 * u), x1 - x0, "serif", True), "serif", True, anchor="ms")
    y = c.para(x0, 330 * u, x1 - x0, "各位村民：", s, "serif")
    y = c.para(x0, y, x1 - x0, body, s, "serif", leading=1.9, indent=2)
    y = c.para(x0, y + 10 * u, x1 - x0, "特此通知。", s, "serif", indent=2)
    issuer = f"{v['town']}{rng.choice('东西南北')}村村民委员会"
    y += 180 * u
    c.text(x1, y, issuer, s, "serif", anchor="rs")
    c.text(x1, y + 70 * u, date_text(rng, v["date"], ("cn",)), s, "serif", anchor="rs")
    seal(c.img, x1 - 180 * u, y, 120 * u, rng, issuer, "")
    return c.img


def table_scene(rng: random.Random, v: Values) -> Image.Image:
    """No document at all: a surface with cups, plates, a pen or a phone, filling the frame."""
    w = rng.randint(1500, 1800)
    h = int(w * 0.75)
    nrng = np.random.default_rng(rng.getrandbits(32))
    img = Image.fromarray(texture(w, h, nrng))
    things = [(rng.choice(("cup", "pen", "phone", "plate")), rng.uniform(0.15, 0.85) * w, rng.uniform(0.15, 0.85) * h,
               rng.uniform(0.06, 0.16) * w) for _ in range(rng.randint(1, 4))]
    shadow = Image.new("L", (w, h), 0)
    sd = ImageDraw.Draw(shadow)
    for kind, x, y, r in things:
        if kind in ("cup", "plate"):
            sd.ellipse((x - r + 25, y - r * 0.8 + 30, x + r + 25, y + r * 0.8 + 30), fill=150)
        elif kind == "phone":
            sd.rounded_rectangle((x + 20, y + 25, x + r + 20, y + 2 * r + 25), radius=int(r * 0.15), fill=150)
    shadow = shadow.filter(ImageFilter.GaussianBlur(25)).point(lambda p: int(p * 0.6))
    img = Image.composite(Image.new("RGB", (w, h), (20, 20, 20)), img, shadow)
    d = ImageDraw.Draw(img)
    for kind, x, y, r in things:
        if kind in ("cup", "plate"):
            d.ellipse((x - r, y - r * 0.8, x + r, y + r * 0.8), fill=tuple(rng.randint(200, 245) for _ in range(3)))
            inner = 0.8 if kind == "cup" else 0.55
            d.ellipse((x - r * inner, y - r * inner * 0.78, x + r * inner, y + r * inner * 0.78),
                      fill=tuple(rng.randint(40, 200) for _ in range(3)))
        elif kind == "pen":
            x2, y2 = x + rng.uniform(-0.3, 0.3) * w, y + rng.uniform(-0.3, 0.3) * h
            d.line((x, y, x2, y2), fill=tuple(rng.randint(0, 120) for _ in range(3)), width=int(w * 0.012))
        else:
            d.rounded_rectangle((x, y, x + r, y + 2 * r), radius=int(r * 0.15), fill=(25, 25, 30))
            d.rounded_rectangle((x + r * 0.06, y + r * 0.1, x + r * 0.94, y + 1.9 * r), radius=int(r * 0.1),
                                fill=(50, 60, 80))
    v["full_frame"] = True
    return img


def blank_sheet(rng: random.Random, v: Values) -> Image.Image:
    """A blank sheet of paper, sometimes with faint ruling."""
    c = a4(rng)
    if rng.random() < 0.4:
        pitch = c.h / rng.randint(25, 35)
        for k in range(3, int(c.h / pitch) - 1):
            c.line(60, k * pitch, c.w - 60, k * pitch, 1, (200, 210, 225))
    return c.img


SPECS = {DocType.other: DocSpec((), _sample, {
    "restaurant_receipt": restaurant_receipt, "village_notice": village_notice, "table_scene": table_scene,
    "blank_sheet": blank_sheet})}
