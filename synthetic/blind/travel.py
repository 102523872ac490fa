"""Blind travel layouts: rail, coach, taxi, ferry and air paper from other operators, cities and years.

Written from how real Chinese tickets vary (12306 e-invoices and mails, dot-matrix county coach tickets, thermal
meter rolls, ride-hailing trip tables, island ferry stubs, bilingual terminal tickets, needle-printed air
itineraries, kiosk boarding cards), never from extraction results.
"""
import random
from datetime import date, timedelta

import numpy as np
from PIL import Image

from models.enums import DocType
from synthetic.blind._print import dot_matrix, misregistered
from synthetic.canvas import FORM_BLUE, FORM_BROWN, FORM_GREEN, INK, RED_INK, Canvas, Cell, rgb
from synthetic.catalog import AIRPORTS, RAIL_STATIONS, random_digits
from synthetic.marks import barcode, guilloche, paste_qr, seal
from synthetic.pages.base import Layout, Values, a4, date_text
from synthetic.people import mask_middle
from synthetic.textfmt import fmt_money

GRAY = (110, 110, 110)
THERMAL_INK = (55, 55, 68)
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_WEEKDAYS = "一二三四五六日"
_PLACES = ("汕头站", "潮汕机场T2", "汕头大学", "万象城", "金砂东路", "峡山义英路", "中心医院", "小公园",
           "礐石大桥南", "澄海人民医院", "龙湖万达", "长平路口")
_BUYERS = ("汕头市潮南区鸿达贸易有限公司", "广东粤运物流有限公司汕头分公司", "汕头市金平区建安装饰工程部")


def _masked_id(v: Values) -> str:
    """Print the masked ID as tickets do and record it in the truth."""
    v["id_number"] = mask_middle(v["person_id"])
    return v["id_number"]


def _decoy(rng: random.Random, fare: float, low: float, high: float, step: float = 0.5) -> float:
    """An amount printed near the fare (fee, balance, insurance) that never equals it."""
    while True:
        amount = round(rng.randint(round(low / step), round(high / step)) * step, 2)
        if amount != round(fare, 2):
            return amount


def _days_off(rng: random.Random, d: date, low: int, high: int) -> date:
    """A sale, issue or print date low..high days after d (before it when negative); never d itself."""
    return d + timedelta(days=rng.choice([k for k in range(low, high + 1) if k]))


def _dmy(d: date) -> str:
    """An airline date with year: 26JUN25."""
    return f"{d.day:02d}{_MONTHS[d.month - 1]}{d.year % 100:02d}"


def _clock(rng: random.Random) -> str:
    return f"{rng.randint(7, 21):02d}:{rng.randint(0, 59):02d}"


def _fade(img: Image.Image, rng: random.Random, paper: tuple[int, int, int], weakest: float) -> Image.Image:
    """Thermal print faded unevenly: the ink pulled back toward the paper colour in soft patches and to one side."""
    arr = np.asarray(img, np.float32)
    nrng = np.random.default_rng(rng.getrandbits(32))
    patches = Image.fromarray((nrng.uniform(weakest, 1.0, (7, 3)) * 255).astype(np.uint8))
    keep = np.asarray(patches.resize(img.size, Image.Resampling.BILINEAR), np.float32) / 255.0
    keep = keep * np.linspace(1.0, rng.uniform(0.75, 1.0), img.width)[None, :]
    blank = np.array(paper, dtype=np.float32)
    out = blank + (arr - blank) * np.clip(keep, weakest, 1.0)[..., None]
    return Image.fromarray(out.clip(0, 255).astype(np.uint8))


def _dm_cell(c: Canvas, box: tuple[float, float, float, float], s: str, size: int, rng: random.Random,
             shift: tuple[float, float], fill: tuple[int, int, int] = INK) -> None:
    """Dot-matrix s into a form cell (x1, y1, x2, y2), shrunk to fit and displaced by the printer's misfeed."""
    x1, y1, x2, y2 = box
    size = c.fit(s, size, x2 - x1 - 20, "latin_mono")
    dot_matrix(c, x1 + 10 + shift[0], (y1 + y2) / 2 + size * 0.4 + shift[1], s, size, rng, fill)


def _edges(x: float, widths: list[float]) -> list[float]:
    """The x of each column's left edge, then the right edge of the last one."""
    out = [x]
    for width in widths:
        out.append(out[-1] + width)
    return out


# ---------------------------------------------------------------- rail


def rail_e_invoice_a4(rng: random.Random, v: Values) -> Image.Image:
    """电子发票（铁路电子客票） printed on A4 from 12306: QR, 发票号码/开票日期, journey block, 购买方 box, blank
    below."""
    c = a4(rng)
    u = c.w / 1240
    brown = rng.choice(((140, 60, 40), (165, 75, 50)))
    d = v["travel_date"]
    issue = _days_off(rng, d, -25, -1)
    number = f"{issue.year % 100}{random_digits(rng, 18)}"
    paste_qr(c, int(70 * u), int(60 * u), f"01,51,,{number},{v['fare']:.2f},{issue:%Y%m%d},,{random_digits(rng, 4)}",
             int(150 * u))
    c.text(c.w / 2, 150 * u, "电子发票（铁路电子客票）", int(40 * u), bold=True, fill=brown, anchor="ms")
    for dy in (166, 172):
        c.line(c.w / 2 - 250 * u, dy * u, c.w / 2 + 250 * u, dy * u, 2, brown)
    c.kv(c.w - 440 * u, 215 * u, "发票号码", number, int(20 * u), label_fill=brown, value_face="latin_mono")
    c.kv(c.w - 440 * u, 250 * u, "开票日期", date_text(rng, issue, ("cn0",)), int(20 * u), label_fill=brown)
    x0, x1 = 90 * u, c.w - 90 * u
    y = 350 * u
    big = int(44 * u)
    c.text(x0 + 30 * u, y, v["from_station"], c.fit(v["from_station"], big, 360 * u), bold=True)
    c.text(x0 + 30 * u, y + 40 * u, RAIL_STATIONS.get(v["from_station"], ""), int(20 * u), "latin")
    c.text(x1 - 30 * u, y, v["to_station"], c.fit(v["to_station"], big, 360 * u), bold=True, anchor="rs")
    c.text(x1 - 30 * u, y + 40 * u, RAIL_STATIONS.get(v["to_station"], ""), int(20 * u), "latin", anchor="rs")
    c.text(c.w / 2, y - 22 * u, v["train_number"], int(38 * u), "latin", True, anchor="ms")
    c.line(c.w / 2 - 90 * u, y, c.w / 2 + 80 * u, y, 3)
    c.draw.polygon([(c.w / 2 + 95 * u, y), (c.w / 2 + 72 * u, y - 9 * u), (c.w / 2 + 72 * u, y + 9 * u)], fill=INK)
    s = int(28 * u)
    y += 120 * u
    c.text(x0 + 30 * u, y, f"{date_text(rng, d, ('cn0',))} {v['time']}开", s)
    c.text(c.w / 2 + 60 * u, y, f"{v['car']:02d}车{v['seat']}号", s, anchor="ms")
    c.text(x1 - 30 * u, y, v["seat_class"], s, anchor="rs")
    y += 70 * u
    c.kv(x0 + 30 * u, y, "票价", f"{rng.choice(('￥', '¥'))}{v['fare']:.2f}", s)
    y += 70 * u
    c.text(x0 + 30 * u, y, f"{_masked_id(v)} {v['passenger_name']}", s)
    y += 60 * u
    c.kv(x0 + 30 * u, y, "电子客票号", f"{random_digits(rng, 7)}{random_digits(rng, 7)}{d:%m%d}{random_digits(rng, 4)}",
         int(22 * u), value_face="latin_mono")
    y += 40 * u
    c.rect(x0, y, x1, y + 140 * u, 2, brown)
    c.line(x0 + 60 * u, y, x0 + 60 * u, y + 140 * u, 2, brown)
    c.vtext(x0 + 30 * u, y + 16 * u, "购买方", int(24 * u), fill=brown)
    buyer = rng.choice((*_BUYERS, "个人"))
    c.kv(x0 + 90 * u, y + 55 * u, "名称", buyer, int(24 * u), label_fill=brown)
    code = f"9144{random_digits(rng, 4)}MA{random_digits(rng, 7)}X" if buyer != "个人" else ""
    c.kv(x0 + 90 * u, y + 105 * u, "统一社会信用代码/纳税人识别号", code, int(24 * u), label_fill=brown,
         value_face="latin_mono")
    c.text(c.w / 2, y + 200 * u, "仅供报销使用，不作为乘车凭证", int(20 * u), fill=GRAY, anchor="ms")
    return c.img


def rail_12306_notice(rng: random.Random, v: Values) -> Image.Image:
    """A printed 12306 payment-notice e-mail: the journey is one sentence of prose among purchase and print dates."""
    c = a4(rng)
    u = c.w / 1240
    d = v["travel_date"]
    bought = _days_off(rng, d, -14, -1)
    printed = _days_off(rng, d, 1, 30)
    order = f"E{random_digits(rng, 9)}"
    small = int(17 * u)
    c.text(60 * u, 40 * u, f"{printed:%Y/%m/%d} {_clock(rng)}", small, fill=GRAY)
    c.text(c.w - 60 * u, 40 * u, "网上购票系统-用户支付通知 - 邮箱", small, fill=GRAY, anchor="rs")
    y = 130 * u
    c.text(90 * u, y, "网上购票系统-用户支付通知", int(34 * u), bold=True)
    y += 55 * u
    for label, value in (("发件人", "12306 <12306@rails.com.cn>"),
                         ("时　间",
                          f"{bought.year}年{bought.month}月{bought.day}日（星期{_WEEKDAYS[bought.weekday()]}）"
                                  f" {_clock(rng)}"),
                         ("收件人", f"{random_digits(rng, 9)}@qq.com")):
        c.kv(90 * u, y, label, value, int(20 * u), label_fill=GRAY, value_fill=GRAY)
        y += 36 * u
    c.line(90 * u, y, c.w - 90 * u, y, 1, (200, 200, 200))
    fare1 = f"{v['fare']:.1f}" if round(v["fare"], 1) == v["fare"] else f"{v['fare']:.2f}"
    body = (
        f"尊敬的 {v['passenger_name']}：",
        "您好！",
        f"您于{bought.year}年{bought.month:02d}月{bought.day:02d}日在中国铁路客户服务中心网站（www.12306.cn）成功购买了1张车票，"
        f"票款共计{v['fare']:.2f}元，订单号码 {order}。所购车票信息如下：",
        f"1.{v['passenger_name']}，{date_text(rng, d, ('cn0',))}{v['time']}开，{v['from_station']}-{v['to_station']}，"
        f"{v['train_number']}次列车，{v['car']:02d}车{v['seat']}号，{v['seat_class']}，成人票，票价{fare1}元，"
        f"检票口{v['gate']}，电子客票。",
        "为了确保旅客人身安全和列车运行秩序，车站将在开车时间之前提前停止检票，请您合理安排出行时间，提前到达乘车站，"
        "按购票时使用的乘车人有效身份证件原件进站乘车。",
        f"如需报销凭证，请在乘车日期之后180日内，凭购票时所使用的乘车人有效身份证件原件和订单号码 {order}，"
        "到车站售票窗口、自动售票机领取。",
        "感谢您使用中国铁路客户服务中心网站。本邮件由系统自动发出，请勿回复。",
    )
    y += 70 * u
    s = int(24 * u)
    for i, paragraph in enumerate(body):
        y = c.para(90 * u, y, c.w - 180 * u, paragraph, s, leading=1.8, indent=0 if i < 2 else 2) + 14 * u
    y += 30 * u
    c.text(c.w - 90 * u, y, "中国铁路客户服务中心", s, anchor="rs")
    c.text(c.w - 90 * u, y + 40 * u, "www.12306.cn", s, "latin", anchor="rs")
    url = f"https://mail.qq.com/cgi-bin/readmail?folderid=1&t=readmail&mailid={random_digits(rng, 12)}"
    c.text(60 * u, c.h - 40 * u, url, small, "latin", fill=GRAY)
    c.text(c.w - 60 * u, c.h - 40 * u, "1/1", small, "latin", fill=GRAY, anchor="rs")
    return c.img


# ---------------------------------------------------------------- coach


def bus_dot_matrix(rng: random.Random, v: Values) -> Image.Image:
    """County coach-station ticket: pre-printed coloured form naming the station, trip overprinted by a misfed
    dot-matrix printer, a 旅客联 strip with vertical text and fees beside the fare."""
    w = rng.randint(1400, 1600)
    u = w / 1500
    tint = rng.choice(((250, 232, 236), (232, 246, 234), (250, 246, 222), (234, 240, 252)))
    c = Canvas(w, int(w * 0.52), tint)
    form = rng.choice(((185, 40, 60), FORM_GREEN, FORM_BLUE, (120, 60, 140)))
    guilloche(c, (0, 0, w, c.h), rng, rgb(t - 14 for t in tint), lines=24)
    stub = 130 * u
    c.rect(0, 0, stub, c.h, 0, None, rgb((t + 2 * f) // 3 for t, f in zip(tint, form)))
    c.vtext(stub / 2, 70 * u, rng.choice(("旅客联", "乘车联", "报销联")), int(50 * u), fill=(255, 255, 255))
    c.dashed(stub, 0, stub, c.h, 3, form, dash=6)
    mid = (stub + w) / 2
    c.text(mid, 85 * u, v["from_station"], c.fit(v["from_station"], int(54 * u), w - stub - 560 * u, "serif", True),
           "serif", True, fill=form, anchor="ms")
    c.text(mid, 140 * u, rng.choice(("汽 车 客 票", "公路旅客运输客票", "客 票")), int(34 * u), "serif", fill=form,
           anchor="ms")
    c.text(w - 60 * u, 80 * u, f"№{random_digits(rng, 7)}", int(36 * u), "latin_mono", True, fill=RED_INK, anchor="rs")
    x0, x1 = stub + 50 * u, w - 50 * u
    widths = [(x1 - x0) * f for f in (0.11, 0.24, 0.11, 0.2, 0.11, 0.23)]
    row_h = 92 * u
    top = 185 * u
    rows = [["到　站", None, "日　期", None, "开　车", None], ["班　次", None, "座　号", None, "检票口", None],
            ["票　价", None, "车　型", None, "售票员", None]]
    bottom = c.table(x0, top, widths, row_h, rows, int(28 * u), line=form, fill=form, lw=2, outer=3)
    xs = _edges(x0, widths)
    shift = misregistered(rng, 26 * u)
    fare = rng.choice((f"{v['fare']:.2f}元", f"¥{v['fare']:.2f}", f"{v['fare']:.2f}"))
    values = [[v["to_station"], date_text(rng, v["travel_date"], ("iso", "dot", "cn0")), v["time"]],
              [v["shift"], v["seat"], v["gate"]],
              [fare, rng.choice(("大型高一", "中型高二", "大型卧铺", "中型普通")), random_digits(rng, 4)]]
    size = int(36 * u)
    for r, row in enumerate(values):
        for k, value in enumerate(row):
            box = (xs[2 * k + 1], top + r * row_h, xs[2 * k + 2], top + (r + 1) * row_h)
            _dm_cell(c, box, value, size, rng, shift)
    insurance, station_fee = _decoy(rng, v["fare"], 1, 3), _decoy(rng, v["fare"], 1, 5)
    sold = _days_off(rng, v["travel_date"], -3, -1)
    dot_matrix(c, x0 + shift[0], bottom + 60 * u + shift[1], f"含保险费{insurance:.2f}元 站务费{station_fee:.2f}元",
               int(28 * u), rng)
    dot_matrix(c, x0 + shift[0], bottom + 105 * u + shift[1],
               f"售票 {sold:%Y-%m-%d} {_clock(rng)} 窗口{rng.randint(1, 9)}", int(28 * u), rng)
    c.text(x1, c.h - 35 * u, "当日当次有效 过期作废", int(28 * u), fill=form, anchor="rs")
    return c.img


def bus_bilingual_card(rng: random.Random, v: Values) -> Image.Image:
    """City coach-terminal ticket on card stock: bilingual labels with values beneath, barcode, and a 副券 stub
    that repeats the destination in vertical type."""
    w = rng.randint(1500, 1700)
    u = w / 1600
    c = Canvas(w, int(w * 0.46), (rng.randint(246, 252), rng.randint(246, 252), rng.randint(240, 248)))
    v["corner_radius"] = 0.02
    band = rng.choice(((0, 110, 90), (20, 80, 150), (200, 90, 20)))
    stub_x = w - 300 * u
    c.rect(0, 0, stub_x, 100 * u, 0, None, band)
    c.text(50 * u, 68 * u, "汽车客票 COACH TICKET", int(44 * u), bold=True, fill=(255, 255, 255))
    c.text(stub_x - 40 * u, 68 * u, f"No.{v['ticket_no']}", int(32 * u), "latin_mono", True, fill=(255, 255, 255),
           anchor="rs")
    lab, val = int(22 * u), int(40 * u)

    def field(x: float, y: float, label: str, value: str, size: int = val, room: float = 300 * u) -> None:
        c.text(x, y, label, lab, fill=GRAY)
        c.text(x, y + size + 14 * u, value, c.fit(value, size, room), bold=size > val)

    half = (stub_x - 100 * u) / 2
    field(50 * u, 150 * u, "出发站 From", v["from_station"], int(52 * u), half - 30 * u)
    field(50 * u + half, 150 * u, "到达站 To", v["to_station"], int(52 * u), half - 30 * u)
    quarter = (stub_x - 100 * u) / 4
    row2 = [("发车日期 Date", date_text(rng, v["travel_date"], ("iso", "slash", "cn0"))), ("发车时间 Time", v["time"]),
            ("班次 Service", v["shift"]), ("座位 Seat", f"{v['seat']}号")]
    row3 = [("票价 Fare", fmt_money(v["fare"], rng.choice(("yen", "yuan", "cny")))), ("检票口 Gate", v["gate"]),
            ("车型 Coach", rng.choice(("大型", "中型", "豪华大巴"))), ("售票 Window", f"{rng.randint(1, 12):02d}")]
    for r, row in enumerate((row2, row3)):
        for k, (label, value) in enumerate(row):
            field(50 * u + k * quarter, 290 * u + r * 120 * u, label, value, room=quarter - 30 * u)
    y = 560 * u
    if rng.random() < 0.6:
        c.text(50 * u, y, f"乘车人 Passenger  {v['passenger_name']}  {_masked_id(v)}", int(26 * u))
    insurance = _decoy(rng, v["fare"], 1, 3, 1)
    sold = _days_off(rng, v["travel_date"], -4, -1)
    c.text(50 * u, y + 45 * u, f"含保险费 Insurance {insurance:.2f}  售票时间 Sold {sold:%Y-%m-%d} {_clock(rng)}",
           int(22 * u), fill=GRAY)
    barcode(c, 50 * u, c.h - 85 * u, 560 * u, 55 * u, rng)
    c.text(stub_x - 40 * u, c.h - 40 * u, "当日当次有效 Valid for this trip only", int(22 * u), fill=GRAY, anchor="rs")
    c.dashed(stub_x, 0, stub_x, c.h, 3, (150, 150, 150), dash=8)
    c.vtext(stub_x + 60 * u, 40 * u, "副券", int(40 * u), fill=band)
    to_size = min(int(44 * u), int((c.h - 80 * u) / (1.2 * len(v["to_station"]) + 1)))
    c.vtext(stub_x + 150 * u, 40 * u, v["to_station"], to_size)
    c.vtext(stub_x + 240 * u, 40 * u, f"座{v['seat']}", int(34 * u))
    return c.img


# ---------------------------------------------------------------- taxi


def _plate_print(rng: random.Random, plate: str, bare: bool) -> str:
    """A taxi plate as receipts print it: 粤D-T1234, 粤DT1234, 粤D T1234, or (meters) D-T1234 without the province."""
    province, rest = plate[0], plate[1:]
    city, tail = rest.split("·")
    forms = [f"{province}{city}-{tail}", f"{province}{city}{tail}", f"{province}{city} {tail}", plate]
    if bare:
        forms += [f"{city}-{tail}", f"{city}{tail}"]
    return rng.choice(forms)


def taxi_thermal_roll(rng: random.Random, v: Values) -> Image.Image:
    """Taxi meter print on a thermal roll: wide letter-spacing, patchy fading, 上车/下车, 单价, 里程, 等候, card
    balances and the 金额/实收 line."""
    w = rng.randint(640, 760)
    u = w / 700
    paper = (rng.randint(244, 250), rng.randint(244, 250), rng.randint(238, 246))
    c = Canvas(w, int(w * 2.6), paper)
    s = int(32 * u)
    track = rng.uniform(4, 12) * u
    c.text(w / 2, 80 * u, rng.choice(("出租汽车计价票据", "出租车乘车票据", "出租汽车 车票")), int(38 * u), "mono",
           True, THERMAL_INK, "ms", tracking=track)
    c.text(w / 2, 125 * u, f"监督电话 0754-8{random_digits(rng, 7)}", int(24 * u), "mono", fill=THERMAL_INK,
           anchor="ms", tracking=track / 2)
    c.dashed(30 * u, 150 * u, w - 30 * u, 150 * u, 2, THERMAL_INK, dash=6)
    price = rng.choice([p for p in (2.4, 2.6, 2.8) if p != v["fare"]])
    surcharge = _decoy(rng, v["fare"], 1, 2)
    d = v["travel_date"]
    lines = [("车号", _plate_print(rng, v["plate_number"], bare=True)), ("证号", v["licence"]),
             ("日期", date_text(rng, d, ("iso", "compact", "dot", "slash"))), ("上车", v["on"]), ("下车", v["off"]),
             ("单价", f"{price:.2f}元"), ("里程", f"{v['km']:.1f}km"), ("等候", v["wait"]),
             ("附加", f"{surcharge:.2f}元"), (rng.choice(("金额", "实收", "实收金额")), f"{v['fare']:.2f}元")]
    if rng.random() < 0.5:
        balance = _decoy(rng, v["fare"], 20, 180, 0.01)
        before = round(balance + v["fare"], 2)
        lines += [("卡号", f"3100{random_digits(rng, 8)}"), ("交易前余额", f"{before:.2f}元"),
                  ("余额", f"{balance:.2f}元")]
    right = rng.random() < 0.5
    y = 200 * u
    for label, value in lines:
        if right:
            c.text(50 * u, y, label, s, "mono", fill=THERMAL_INK, tracking=track)
            c.text(w - 50 * u, y, value, s, "mono", fill=THERMAL_INK, anchor="rs", tracking=track)
        else:
            c.text(50 * u, y, f"{label}：{value}", c.fit(f"{label}：{value}", s, w - 100 * u - track * 14, "mono"),
                   "mono", fill=THERMAL_INK, tracking=track)
        y += 62 * u
    c.dashed(30 * u, y - 25 * u, w - 30 * u, y - 25 * u, 2, THERMAL_INK, dash=6)
    c.text(w / 2, y + 30 * u, "谢谢乘坐 请索取发票", int(26 * u), "mono", fill=THERMAL_INK, anchor="ms", tracking=track)
    return _fade(c.crop_to(y + 90 * u), rng, paper, rng.uniform(0.35, 0.7))


def taxi_ride_hailing(rng: random.Random, v: Values) -> Image.Image:
    """网约车电子行程单 exported from the app to A4: trip span and total up top, the one ride in a table with plate."""
    c = a4(rng)
    u = c.w / 1240
    platform, accent = rng.choice((("如祺出行", (70, 60, 160)), ("T3出行", (20, 90, 200)), ("曹操出行", (0, 130, 110)),
                                   ("高德打车", (30, 110, 230)), ("滴滴出行", (250, 110, 20))))
    d = v["travel_date"]
    applied = _days_off(rng, d, 1, 20)
    c.text(80 * u, 110 * u, platform, int(46 * u), bold=True, fill=accent)
    c.text(c.w - 80 * u, 100 * u, rng.choice(("行程单", "电子行程单")), int(40 * u), bold=True, anchor="rs")
    c.text(c.w - 80 * u, 135 * u, "TRIP TABLE", int(18 * u), "latin", fill=GRAY, anchor="rs")
    c.line(80 * u, 160 * u, c.w - 80 * u, 160 * u, 3, accent)
    s = int(22 * u)
    y = 220 * u
    for label, value in (("申请日期", applied.isoformat()), ("行程起止日期", f"{d.isoformat()} 至 {d.isoformat()}"),
                         ("行程人手机号", f"1{rng.choice('3589')}{random_digits(rng, 1)}****{random_digits(rng, 4)}")):
        c.kv(80 * u, y, label, value, s, label_fill=GRAY)
        y += 42 * u
    c.text(c.w - 80 * u, y - 42 * u, f"共1笔行程，合计{v['fare']:.2f}元", int(26 * u), bold=True, anchor="rs")
    widths = [(c.w - 160 * u) * f for f in (0.05, 0.09, 0.12, 0.18, 0.07, 0.16, 0.16, 0.08, 0.09)]
    frm, to = rng.sample(_PLACES, 2)
    rows = [["序号", "车型", "车牌号", "上车时间", "城市", "起点", "终点", "里程[公里]", "金额[元]"],
            ["1", rng.choice(("快车", "经济型", "舒适型", "出租车")), _plate_print(rng, v["plate_number"], bare=False),
             f"{d.isoformat()} {v['on']}", "汕头市", frm, to, f"{v['km']:.1f}", f"{v['fare']:.2f}"]]
    y = c.table(80 * u, y + 20 * u, widths, [56 * u, 64 * u], rows, int(20 * u), line=(190, 190, 190), lw=1,
                bold_rows=(0,))
    notes = ("说明：1. 行程单仅记录已完成支付的行程，金额以实际支付为准；", "2. 如对行程有疑问，请通过客户端联系客服；",
             "3. 本行程单不作为发票使用，如需发票请在客户端申请开具。")
    for note in notes:
        y += 45 * u
        c.text(80 * u, y, note, int(19 * u), fill=GRAY)
    c.text(c.w / 2, c.h - 60 * u, "页码：1/1", int(18 * u), fill=GRAY, anchor="ms")
    return c.img


# ---------------------------------------------------------------- ship


def ship_stub_grid(rng: random.Random, v: Values) -> Image.Image:
    """Island-ferry ticket on pre-printed paper: 存根 stub in vertical type, a ruled 航线/开航时间/船名/舱位 grid
    filled in by a slightly misfed printer, fees in the fine print."""
    w = rng.randint(1450, 1650)
    u = w / 1500
    tint = rng.choice(((248, 246, 222), (230, 244, 240), (236, 240, 252)))
    c = Canvas(w, int(w * 0.52), tint)
    form = rng.choice((FORM_BLUE, FORM_GREEN, FORM_BROWN))
    guilloche(c, (0, 0, w, c.h), rng, rgb(t - 12 for t in tint), lines=18)
    stub = 190 * u
    c.dashed(stub, 0, stub, c.h, 3, form, dash=6)
    c.vtext(70 * u, 50 * u, "存根", int(40 * u), fill=form)
    c.vtext(140 * u, 50 * u, v["ticket_no"], int(26 * u), fill=RED_INK)
    x0, x1 = stub + 50 * u, w - 50 * u
    c.text((x0 + x1) / 2, 80 * u, v["operator"], c.fit(v["operator"], int(44 * u), x1 - x0 - 420 * u, "serif", True),
           "serif", True, fill=form, anchor="ms")
    c.text((x0 + x1) / 2, 130 * u, rng.choice(("客 船 票", "水路旅客运输客票", "轮渡客票")), int(30 * u), "serif",
           fill=form, anchor="ms")
    c.text(x1, 80 * u, f"No.{v['ticket_no']}", int(30 * u), "latin_mono", True, fill=RED_INK, anchor="rs")
    widths = [(x1 - x0) * f for f in (0.14, 0.36, 0.14, 0.36)]
    top, row_h = 170 * u, 82 * u
    rows: list[list[Cell]] = [["航　线", ("", 3)], ["开航日期", None, "开航时间", None],
                              ["船　名", None, "舱　位", None], ["旅客姓名", None, "座　号", None],
                              ["票　价", None, "证件号码", None]]
    bottom = c.table(x0, top, widths, row_h, rows, int(26 * u), line=form, fill=form, outer=3)
    xs = _edges(x0, widths)
    dx, dy = misregistered(rng, 14 * u)
    route = f"{v['from_station']}{rng.choice(('—', ' → ', '至', '－'))}{v['to_station']}"
    cells = [(0, 1, xs[4], route), (1, 1, xs[2], date_text(rng, v["travel_date"], ("cn0", "iso", "dot"))),
             (1, 3, xs[4], v["time"]), (2, 1, xs[2], v["ship"]), (2, 3, xs[4], v["cabin"]),
             (3, 1, xs[2], v["passenger_name"]), (3, 3, xs[4], f"{v['seat']}号"),
             (4, 1, xs[2], f"¥{v['fare']:.2f}"), (4, 3, xs[4], _masked_id(v))]
    for r, col, right, value in cells:
        size = c.fit(value, int(34 * u), right - xs[col] - 30 * u, "mono")
        c.text(xs[col] + 18 * u + dx, top + (r + 0.5) * row_h + dy, value, size, "mono", anchor="lm")
    port_fee, insurance = _decoy(rng, v["fare"], 3, 10, 1), _decoy(rng, v["fare"], 1, 3, 1)
    c.text(x0, bottom + 45 * u, f"（票价含港口建设费{port_fee:.2f}元、旅客意外保险费{insurance:.2f}元）", int(24 * u),
           fill=form)
    c.text(x0, c.h - 30 * u, "当日当班有效 开航前10分钟停止检票", int(24 * u), fill=form)
    seal(c.img, x1 - 170 * u, c.h - 90 * u, 70 * u, rng, "检票专用", star=True)
    return c.img


def ship_bilingual_eticket(rng: random.Random, v: Values) -> Image.Image:
    """Bay/strait ferry ticket printed at the terminal: bilingual labels with values below, QR, gate and the
    boarding-close time."""
    w = rng.randint(900, 1100)
    u = w / 1000
    c = Canvas(w, int(w * 1.5), (252, 252, 250))
    band = rng.choice(((0, 84, 150), (0, 120, 140), (30, 60, 110)))
    c.rect(0, 0, w, 150 * u, 0, None, band)
    c.text(50 * u, 75 * u, v["operator"], c.fit(v["operator"], int(36 * u), w - 420 * u), bold=True,
           fill=(255, 255, 255))
    c.text(50 * u, 122 * u, "FERRY TICKET", int(24 * u), "latin", fill=(255, 255, 255))
    c.text(w - 50 * u, 100 * u, "船票", int(56 * u), bold=True, fill=(255, 255, 255), anchor="rs")
    lab, val = int(22 * u), int(36 * u)

    def field(x: float, y: float, label: str, value: str, size: int = val) -> None:
        c.text(x, y, label, lab, fill=GRAY)
        c.text(x, y + size + 12 * u, value, c.fit(value, size, w / 2 - 80 * u), bold=size > val)

    col = w / 2
    field(50 * u, 220 * u, "出发港 From", v["from_station"], int(50 * u))
    field(col, 220 * u, "到达港 To", v["to_station"], int(50 * u))
    closes = int(v["time"][:2]) * 60 + int(v["time"][3:]) - 15
    closes_at = f"{closes // 60:02d}:{closes % 60:02d}"
    pairs = [(("开航日期 Date", date_text(rng, v["travel_date"], ("iso", "cn0", "slash"))),
              ("开航时间 Departure", v["time"])),
             (("船名 Vessel", v["ship"]), ("舱位 Class", v["cabin"])),
             (("座位号 Seat", f"{v['seat']}号"), ("检票口 Gate", f"{rng.randint(1, 6)}号口")),
             (("旅客 Passenger", v["passenger_name"]), ("证件号码 ID No.", _masked_id(v))),
             (("票价 Fare", fmt_money(v["fare"], rng.choice(("yen", "cny", "yuan")))),
              ("停止检票 Gate closes", closes_at))]
    y = 360 * u
    for left, right in pairs:
        field(50 * u, y, *left)
        field(col, y, *right)
        y += 115 * u
    c.line(50 * u, y, w - 50 * u, y, 1, (200, 200, 200))
    side = paste_qr(c, int(50 * u), int(y + 30 * u), f"FT{v['ticket_no']}{random_digits(rng, 8)}", int(230 * u))
    c.text(80 * u + side, y + 80 * u, f"票号 No. {v['ticket_no']}", int(26 * u), "latin_mono")
    c.para(80 * u + side, y + 130 * u, w - side - 130 * u,
           "请持本票及有效身份证件原件检票登船。Please board with this ticket and valid ID.", int(22 * u), fill=GRAY,
           leading=1.5)
    return c.crop_to(y + side + 60 * u)


# ---------------------------------------------------------------- air


def air_itinerary_dot_matrix(rng: random.Random, v: Values) -> Image.Image:
    """Paper 航空运输电子客票行程单: the full bilingual pre-printed green grid, filled in by a needle printer out of
    register (26JUN25 dates, fare/CAAC fund/fuel/total, agent and issue date)."""
    w = rng.randint(1650, 1800)
    u = w / 1700
    green = rng.choice(((20, 120, 90), (40, 110, 80), (30, 100, 110)))
    c = Canvas(w, int(w * 0.5), (rng.randint(238, 246), rng.randint(246, 252), rng.randint(240, 248)))
    guilloche(c, (0, 140 * u, w, c.h), rng, (214, 232, 222), lines=30)
    c.text(w / 2, 62 * u, "航空运输电子客票行程单", int(44 * u), "serif", True, fill=green, anchor="ms", tracking=6 * u)
    c.text(w / 2, 98 * u, "ITINERARY/RECEIPT OF E-TICKET FOR AIR TRANSPORT", int(20 * u), "latin_serif", fill=green,
           anchor="ms")
    end = c.text(w - 380 * u, 62 * u, "印刷序号：", int(20 * u), fill=green)
    c.text(end + 8 * u, 64 * u, random_digits(rng, 10), int(30 * u), "latin_mono", True, fill=RED_INK)
    c.text(w - 380 * u, 90 * u, "SERIAL NUMBER", int(15 * u), "latin", fill=green)
    x0, x1 = 40 * u, w - 40 * u
    span = x1 - x0
    lab = int(15 * u)
    shift = misregistered(rng, 22 * u)
    size = int(30 * u)
    y = 125 * u

    def row(fracs: tuple[float, ...], labels: tuple[str, ...], values: tuple[str, ...], h: float) -> None:
        nonlocal y
        xs = _edges(x0, [span * f for f in fracs])
        c.rect(x0, y, x1, y + h, 2, green)
        for k, label in enumerate(labels):
            c.line(xs[k], y, xs[k], y + h, 2, green)
            room = xs[k + 1] - xs[k] - 10 * u
            if c.width_of(label, lab) <= room:
                c.text(xs[k] + 6 * u, y + 20 * u, label, lab, fill=green)
                continue
            cn, _, en = label.partition(" ")
            c.text(xs[k] + 6 * u, y + 20 * u, cn, c.fit(cn, lab, room), fill=green)
            c.text(xs[k] + 6 * u, y + 38 * u, en, c.fit(en, lab, room, "latin"), "latin", fill=green)
        for k, value in enumerate(values):
            if value:
                _dm_cell(c, (xs[k], y + 14 * u, xs[k + 1], y + h), value, size, rng, shift)
        y += h

    row((0.22, 0.3, 0.48), ("旅客姓名 NAME OF PASSENGER", "有效身份证件号码 ID.NO.",
                            "签注 ENDORSEMENTS/RESTRICTIONS (CARBON)"),
        (v["passenger_name"], v["person_id"], rng.choice(("不得签转/变更退票收费", "Q/不得签转", "NON-END"))), 78 * u)
    fracs = (0.2, 0.07, 0.09, 0.07, 0.1, 0.07, 0.11, 0.1, 0.1, 0.09)
    row(fracs, ("", "承运人 CARRIER", "航班号 FLIGHT", "座位等级 CLASS", "日期 DATE", "时间 TIME",
                "客票级别/客票类别 FARE BASIS", "客票生效日期 NOT VALID BEFORE", "有效截止日期 NOT VALID AFTER",
                "免费行李 ALLOW"), (), 48 * u)
    frm = f"{v['from_station']} {AIRPORTS.get(v['from_station'], '')}".strip()
    to = f"{v['to_station']} {AIRPORTS.get(v['to_station'], '')}".strip()
    row(fracs, ("自 FROM",) + ("",) * 9, (frm, v["flight_number"][:2], v["flight_number"], v["cabin"],
                                          _dmy(v["travel_date"]), v["time"], f"{v['cabin']}OW", "", "", "20K"), 64 * u)
    row(fracs, ("至 TO",) + ("",) * 9, (to,), 64 * u)
    row(fracs, ("至 TO",) + ("",) * 9, ("VOID",), 64 * u)
    fuel = rng.choice(("YQ 20.00", "YQ 40.00", "YQ EXEMPT"))
    total = v["fare"] + 50 + (0 if "EXEMPT" in fuel else float(fuel[3:]))
    row((0.2, 0.2, 0.2, 0.2, 0.2), ("票价 FARE", "民航发展基金 CAAC DEVELOPMENT FUND", "燃油附加费 FUEL SURCHARGE",
                                    "其他税费 OTHER TAXES", "合计 TOTAL"),
        (f"CNY {v['fare']:.2f}", "CN 50.00", fuel, "", f"CNY {total:.2f}"), 70 * u)
    row((0.3, 0.14, 0.36, 0.2), ("电子客票号码 E-TICKET NO.", "验证码 CK.", "提示信息 INFORMATION", "保险费 INSURANCE"),
        (v["ticket_no"].replace("-", ""), random_digits(rng, 4), "请于航班起飞前40分钟办理乘机手续", "XXX"), 70 * u)
    issue = _days_off(rng, v["travel_date"], -30, -1)
    row((0.25, 0.5, 0.25), ("销售单位代号 AGENT CODE", "填开单位 ISSUED BY", "填开日期 DATE OF ISSUE"),
        (f"SWA{random_digits(rng, 3)} {random_digits(rng, 8)}",
         rng.choice(("汕头市新天地航空服务有限公司", "携程计算机技术（上海）有限公司", "中国南方航空汕头营业部")),
         issue.isoformat()), 70 * u)
    return c.crop_to(y + 40 * u)


def air_kiosk_boarding(rng: random.Random, v: Values) -> Image.Image:
    """Self-service-kiosk boarding card: airport-branded card stock, huge airport codes, 'label value' lines in
    thermal print, a stacked 2D-code block and a passenger stub."""
    w = rng.randint(1500, 1700)
    u = w / 1600
    paper = (rng.randint(246, 252),) * 3
    c = Canvas(w, int(w * 0.42), paper)
    v["corner_radius"] = 0.025
    brand = rng.choice(((0, 70, 140), (120, 30, 50), (0, 110, 120)))
    stub_x = w - 400 * u
    c.rect(0, 0, 26 * u, c.h, 0, None, brand)
    c.text(60 * u, 60 * u, f"{v['from_station']}国际机场", int(30 * u), bold=True, fill=brand)
    c.text(stub_x - 40 * u, 60 * u, "登机牌 BOARDING PASS", int(30 * u), bold=True, fill=brand, anchor="rs")
    c.line(60 * u, 80 * u, stub_x - 40 * u, 80 * u, 2, brand)
    frm_code, to_code = AIRPORTS.get(v["from_station"], "---"), AIRPORTS.get(v["to_station"], "---")
    c.text(60 * u, 190 * u, f"{frm_code}  ✈  {to_code}", int(88 * u), "latin", True, fill=THERMAL_INK)
    d = _dmy(v["travel_date"]) if rng.random() < 0.6 else v["travel_date"].isoformat()
    s = int(28 * u)
    items = [("姓名 NAME", v["passenger_name"]), ("航班 FLIGHT", v["flight_number"]), ("日期 DATE", d),
             ("舱位 CLASS", v["cabin"]), ("始发地 FROM", f"{frm_code} {v['from_station']}"),
             ("目的地 TO", f"{to_code} {v['to_station']}"), ("登机口 GATE", v["gate"]),
             ("登机时间 BDT", v["boarding"]), ("序号 SEQ", v["seq"]), ("座位 SEAT", v["seat"])]
    col_w = (stub_x - 100 * u) / 2
    for i, (label, value) in enumerate(items):
        x, y = 60 * u + (i % 2) * col_w, 260 * u + (i // 2) * 52 * u
        end = c.text(x, y, label, int(20 * u), fill=GRAY)
        c.text(max(end + 16 * u, x + 190 * u), y, value, s, "mono", bold=label.startswith(("座位", "姓名")),
               fill=THERMAL_INK)
    for k in range(4):
        barcode(c, 60 * u, c.h - 100 * u + k * 16 * u, 420 * u, 14 * u, rng)
    c.text(stub_x - 40 * u, c.h - 40 * u, f"ETKT {v['ticket_no'].replace('-', '')}", int(22 * u), "latin_mono",
           fill=THERMAL_INK, anchor="rs")
    c.dashed(stub_x, 0, stub_x, c.h, 3, (160, 160, 160), dash=8)
    c.vtext(stub_x + 45 * u, 40 * u, "旅客联", int(30 * u), fill=brand)
    sx = stub_x + 90 * u
    for k, line in enumerate((v["passenger_name"], v["flight_number"], d, f"{frm_code}-{to_code}", f"SEAT {v['seat']}",
                              f"GATE {v['gate']}")):
        c.text(sx, 80 * u + k * 62 * u, line, int(30 * u), "mono", fill=THERMAL_INK)
    c.text(sx, c.h - 40 * u, "登机口于起飞前15分钟关闭", int(18 * u), fill=GRAY)
    return _fade(c.img, rng, paper, rng.uniform(0.7, 0.9))


LAYOUTS: dict[DocType, dict[str, Layout]] = {
    DocType.rail_ticket: {"blind_rail_e_invoice_a4": rail_e_invoice_a4, "blind_rail_12306_notice": rail_12306_notice},
    DocType.bus_ticket: {"blind_bus_dot_matrix": bus_dot_matrix, "blind_bus_bilingual_card": bus_bilingual_card},
    DocType.taxi_receipt: {"blind_taxi_thermal_roll": taxi_thermal_roll, "blind_taxi_ride_hailing": taxi_ride_hailing},
    DocType.ship_ticket: {"blind_ship_stub_grid": ship_stub_grid,
                          "blind_ship_bilingual_eticket": ship_bilingual_eticket},
    DocType.air_ticket: {"blind_air_itinerary_dot_matrix": air_itinerary_dot_matrix,
                         "blind_air_kiosk_boarding": air_kiosk_boarding},
}
