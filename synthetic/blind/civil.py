"""Blind layouts for identity, civil-record, assessment and accident papers, and for a few non-claim negatives.

Written from how such paper varies across offices, provinces and years; never tuned against extraction results.
"""
import random
from datetime import date, timedelta

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageOps

from models.enums import DocType
from synthetic.blind._print import dot_matrix, misregistered
from synthetic.canvas import BLUE_INK, FORM_BLUE, FORM_BROWN, FORM_GREEN, INK, RED_INK, Canvas, rgb
from synthetic.catalog import COMORBIDITIES, DEPARTMENTS, random_amount, random_digits
from synthetic.fonts import font
from synthetic.marks import barcode, guilloche, ink, portrait, seal, signature
from synthetic.pages.base import Values, a4, maybe_fullwidth
from synthetic.people import random_id_number, random_name
from synthetic.textfmt import cn_grade, fmt_date, money_upper

ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
INSURERS = ("中国人寿保险股份有限公司汕头分公司", "中国平安人寿保险股份有限公司汕头中心支公司",
            "中国人民财产保险股份有限公司汕头市潮南支公司", "太平洋人寿保险股份有限公司汕头中心支公司")
BRIGADES = (("深圳市公安局交通警察局龙岗大队", "深公交认字", "龙岗区布吉街道吉华路"),
            ("广州市公安局交通警察支队白云大队", "穗公交认字", "白云区太和镇太和中路"),
            ("揭阳市公安局交通警察支队普宁大队", "普公交认字", "普宁市流沙东街道国道324线"),
            ("佛山市公安局交通警察支队南海大队", "南公交认字", "南海区桂城街道南海大道北"),
            ("汕头市公安局交通警察支队金平大队", "汕金公交认字", "金平区金砂路与长平路交叉口"))
FALL_CAUSES = ("跌倒", "从楼梯上跌落", "交通事故", "行人与机动车碰撞", "高处坠落")
ICD_OF = {"跌倒": "W19", "从楼梯上跌落": "W10", "交通事故": "V89.2", "行人与机动车碰撞": "V03.1", "高处坠落": "W17"}


def _other_name(rng: random.Random, v: Values, sex: str | None = None) -> str:
    """A name for someone else on the page (relative, clerk, expert), never the key person's."""
    name = random_name(rng, sex)
    while name == v.get("name"):
        name = random_name(rng, sex)
    return name


def _days(rng: random.Random, d: date, lo: int, hi: int) -> date:
    """d moved by lo..hi days; callers keep 0 out of the range so a decoy date never equals d."""
    return d + timedelta(days=rng.randint(lo, hi))


def _hand(c: Canvas, x: float, y: float, s: str, size: int, rng: random.Random, face: str = "serif",
          color: tuple[int, int, int] = BLUE_INK) -> float:
    """s written by hand in ballpoint: glyphs tilt, bob and vary in pitch; y is the baseline. Returns the end x."""
    f = font(face if any(ord(ch) > 0x2E7F for ch in s) else "latin_serif", size)
    layer = Image.new("L", (int(size * (len(s) + 2)), int(size * 2)), 0)
    cx = size * 0.2
    for ch in s:
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size * 0.5, size * 1.4), ch, font=f, fill=255, anchor="ls")
        glyph = glyph.rotate(rng.uniform(-6, 6), resample=Image.Resampling.BILINEAR, center=(size, size))
        layer.paste(255, (int(cx - size * 0.5), int(rng.uniform(-0.07, 0.07) * size)), glyph)
        cx += f.getlength(ch) * rng.uniform(0.9, 1.1) + size * 0.03
    shear = rng.uniform(0.08, 0.25)
    layer = layer.transform(layer.size, Image.Transform.AFFINE, (1, shear, -shear * size * 1.4, 0, 1, 0),
                            Image.Resampling.BILINEAR)
    ink(c.img, layer, int(x), int(y - size * 1.4), color, rng, rng.uniform(0.85, 0.98))
    return x + cx


# ---------------------------------------------------------------- id_card


def _card_face(rng: random.Random, v: Values, width: int, temporary: bool) -> Canvas:
    """The personal-data face of a card: a 临时居民身份证 (title on the face, validity under the number) or the
    second-generation front as set by a different card printer (bold values, birth in one run)."""
    h = int(width * 0.631)
    tint = (rng.randint(238, 248), rng.randint(236, 244), rng.randint(212, 228)) if temporary else (
        rng.randint(232, 242), rng.randint(238, 246), rng.randint(240, 250))
    c = Canvas(width, h, tint)
    guilloche(c, (0, 0, width, h), rng, rgb(max(0, t - 22) for t in tint), lines=30)
    u = width / 1400
    label = (150, 80, 50) if temporary else (70, 110, 150)
    ls, vs = int(36 * u), int(48 * u)
    x0, xv = int(90 * u), int(240 * u)
    y = int(130 * u)
    if temporary:
        c.text(width / 2, int(95 * u), "中华人民共和国临时居民身份证", int(54 * u), "serif", True, fill=(160, 40, 40),
               anchor="ms", tracking=4 * u)
        y = int(210 * u)
    step = int(100 * u if temporary else 112 * u)
    c.text(x0, y, "姓名", ls, fill=label)
    c.text(xv, y, v["name"], vs, bold=True)
    y += step
    c.text(x0, y, "性别", ls, fill=label)
    c.text(xv, y, v["sex"], vs)
    c.text(xv + int(180 * u), y, "民族", ls, fill=label)
    c.text(xv + int(300 * u), y, "汉", vs)
    y += step
    c.text(x0, y, "出生", ls, fill=label)
    c.text(xv, y, fmt_date(v["birth"], "cn"), vs)
    y += step
    c.text(x0, y, "住址", ls, fill=label)
    for line in c.wrap(v["address"], int(vs * 0.88), 600 * u):
        c.text(xv, y, line, int(vs * 0.88))
        y += int(vs * 1.25)
    yn = h - int((150 if temporary else 90) * u)
    c.text(x0, yn, "公民身份号码", ls, fill=label)
    c.text(int(x0 + 300 * u), yn, v["id_number"], int(56 * u), "latin_mono", True, tracking=3 * u)
    if temporary:
        start = _days(rng, date(2025, 1, 1), -700, 300)
        end = start + timedelta(days=90)
        c.kv(x0, h - int(60 * u), "有效期限", f"{fmt_date(start, 'dot')}-{fmt_date(end, 'dot')}", int(32 * u),
             sep="  ", label_fill=label)
        c.kv(int(width * 0.52), h - int(60 * u), "签发机关", "汕头市公安局潮南分局", int(32 * u), sep="  ",
             label_fill=label)
    pw, ph = int(300 * u), int(380 * u)
    c.img.paste(portrait(pw, ph, rng, v["sex"]), (int(width - pw - 90 * u), int((190 if temporary else 100) * u)))
    return c


def blind_temporary_card(rng: random.Random, v: Values) -> Image.Image:
    """临时居民身份证: the paper-and-film temporary card with its title, validity and issuer on the one face."""
    v["corner_radius"] = 0.04
    return _card_face(rng, v, rng.randint(1300, 1550), True).img


def blind_copy_front(rng: random.Random, v: Values) -> Image.Image:
    """A grey photocopy of the card front alone on A4, skewed on the glass, toner specks and lid shadow, and a
    handwritten attestation signed by the relative who made it."""
    sheet = a4(rng)
    u = sheet.w / 1240
    card = _card_face(rng, v, int(sheet.w * rng.uniform(0.55, 0.66)), False).img
    card = ImageEnhance.Contrast(ImageOps.grayscale(card)).enhance(rng.uniform(1.2, 1.6)).convert("RGB")
    glass = sheet.img.getpixel((5, 5))
    card = card.rotate(rng.uniform(-2.5, 2.5), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=glass)
    x, y = int(rng.uniform(0.06, 0.3) * sheet.w), int(rng.uniform(0.05, 0.12) * sheet.h)
    sheet.img.paste(card, (x, y))
    arr = np.asarray(sheet.img, np.float32)
    nrng = np.random.default_rng(rng.getrandbits(32))
    side = int(sheet.w * rng.uniform(0.02, 0.06))
    arr[:, :side] *= np.linspace(0.35, 1.0, side)[None, :, None]
    specks = nrng.random(arr.shape[:2]) < 0.0015
    arr[specks] *= 0.3
    sheet.img.paste(Image.fromarray(arr.clip(0, 255).astype(np.uint8)))
    ny = y + card.height + int(140 * u)
    face = rng.choice(("serif", "sans"))
    note = rng.choice(("此复印件与原件相符", "仅供保险理赔使用，他用无效", "本复印件仅用于办理理赔"))
    _hand(sheet, x, ny, note, int(44 * u), rng, face)
    relative = _other_name(rng, v)
    sheet.text(x, ny + 110 * u, "复印人：", int(34 * u))
    signature(sheet, x + 150 * u, ny + 60 * u, 52 * u, relative, rng)
    copied = fmt_date(_days(rng, date(2025, 1, 1), 0, 540), "dot")
    _hand(sheet, x + 480 * u, ny + 110 * u, copied, int(38 * u), rng, face)
    return sheet.img


# ---------------------------------------------------------------- death_certificate


def blind_dotmatrix_form(rng: random.Random, v: Values) -> Image.Image:
    """居民死亡医学证明（推断）书 preprinted in colour, labels in the corner of each box, filled by a dot-matrix
    printer fed askew: the cause chain (a)-(d), the death time dropped into 年 月 日 时 分 blanks, an ICD line."""
    c = a4(rng)
    u = c.w / 1240
    form = rng.choice((FORM_GREEN, FORM_BLUE, FORM_BROWN))
    dx, dy = misregistered(rng, 16 * u)
    x0, x1 = 70 * u, c.w - 70 * u
    ls, vs = int(19 * u), int(26 * u)

    def put(x: float, y: float, s: str) -> float:
        return dot_matrix(c, x + dx + rng.uniform(-2, 2) * u, y + dy, s, vs, rng)

    c.text(c.w / 2, 105 * u, "居民死亡医学证明（推断）书", int(44 * u), "serif", True, fill=form, anchor="ms",
           tracking=3 * u)
    c.text(x0, 160 * u, "行政区划代码", ls, fill=form)
    for i in range(6):
        c.rect(x0 + 130 * u + i * 30 * u, 138 * u, x0 + 158 * u + i * 30 * u, 166 * u, 1, form)
    put(x0 + 136 * u, 162 * u, " ".join(rng.choice(("440514", "440524"))))
    c.text(x1 - 330 * u, 160 * u, "编号", ls, fill=form)
    c.text(x1, 162 * u, f"No {random_digits(rng, 9)}", int(28 * u), "latin_mono", fill=RED_INK, anchor="rs")
    ds = rng.choice(("dot", "iso", "cn0"))
    phone = "1" + rng.choice("3589") + random_digits(rng, 9)
    rows = [
        [("死者姓名", .2, v["name"]), ("性别", .1, v["sex"]), ("民族", .1, "汉"), ("国家或地区", .16, "中国"),
         ("有效身份证件类别", .2, "身份证"), ("婚姻状况", .24, rng.choice(("丧偶", "已婚")))],
        [("证件号码", .44, v["id_number"]), ("年龄", .12, str(v["age"])), ("出生日期", .22, fmt_date(v["birth"], ds)),
         ("文化程度", .22, rng.choice(("小学", "初中", "半文盲")))],
        [("死亡日期", .56, None), ("死亡地点", .44, rng.choice(("医疗卫生机构", "家中", "来院途中")))],
        [("生前工作单位", .26, "无"), ("户籍地址", .74, v["address"])],
        [("可联系的家属姓名", .22, _other_name(rng, v)), ("联系电话", .22, phone),
         ("家属住址或工作单位", .56, v["address"].removeprefix("广东省"))],
    ]
    y, rh = 185 * u, 96 * u
    date_y = y
    for row in rows:
        x = x0
        for label, frac, value in row:
            w = (x1 - x0) * frac
            c.rect(x, y, x + w, y + rh, 2, form)
            c.text(x + 8 * u, y + 26 * u, label, ls, fill=form)
            if value:
                put(x + 14 * u, y + 72 * u, value)
            else:
                date_y = y
            x += w
        y += rh
    death = v["death_date"]
    pad = rng.random() < 0.5
    parts = (str(death.year), f"{death.month:02d}" if pad else str(death.month),
             f"{death.day:02d}" if pad else str(death.day), f"{v['hour']:02d}", f"{v['minute']:02d}")
    for (unit, at), part in zip((("年", 122), ("月", 226), ("日", 330), ("时", 434), ("分", 538)), parts):
        c.text(x0 + at * u, date_y + 72 * u, unit, ls + 4, fill=form)
        put(x0 + (at - (80 if unit == "年" else 58)) * u, date_y + 72 * u, part)
    widths = [(x1 - x0) * f for f in (.44, .34, .22)]
    secondary = rng.choice(FALL_CAUSES)
    chain = [
        ("Ⅰ.致死的主要疾病诊断", "疾病名称（勿填症状体征）", "发病至死亡大概间隔"),
        ("(a)直接死亡原因", v["cause_of_death"], rng.choice(("约2小时", "1天", "30分钟", "3天"))),
        ("(b)引起(a)的疾病或情况", secondary, rng.choice(("2天", "1天", ""))),
        ("(c)引起(b)的疾病或情况", "", ""),
        ("(d)引起(c)的疾病或情况", "", ""),
        ("Ⅱ.其他疾病诊断（促进死亡，但与导致死亡无关的其他重要情况）", rng.choice((*COMORBIDITIES, "无")), ""),
    ]
    ch = 66 * u
    for i, (label, disease, gap) in enumerate(chain):
        x = x0
        for w in widths:
            c.rect(x, y, x + w, y + ch, 2, form)
            x += w
        size = c.fit(label, ls + 2, widths[0] - 16 * u)
        c.text(x0 + 8 * u, y + ch / 2, label, size, fill=form, anchor="lm")
        if i == 0:
            c.text(x0 + widths[0] + 8 * u, y + ch / 2, disease, ls, fill=form, anchor="lm")
            c.text(x0 + widths[0] + widths[1] + 8 * u, y + ch / 2, gap, ls, fill=form, anchor="lm")
        else:
            if disease:
                put(x0 + widths[0] + 12 * u, y + ch / 2 + 10 * u, disease)
            if gap:
                put(x0 + widths[0] + widths[1] + 12 * u, y + ch / 2 + 10 * u, gap)
        y += ch
    half = (x1 - x0) / 2
    for k, (label, options) in enumerate((
            ("生前主要疾病最高诊断单位", "□三级医院 □二级医院 □乡镇卫生院 □村卫生室 □其他"),
            ("生前主要疾病最高诊断依据", "□尸检 □病理 □手术 □临床 □死后推断"))):
        bx = x0 + k * half
        c.rect(bx, y, bx + half, y + rh, 2, form)
        c.text(bx + 8 * u, y + 26 * u, label, ls, fill=form)
        c.text(bx + 8 * u, y + 70 * u, options, c.fit(options, ls, half - 20 * u), fill=form)
    put(x0 + rng.choice((20, 110)) * u, y + 66 * u, "√")
    put(x0 + half + rng.choice((160, 230)) * u, y + 66 * u, "√")
    y += rh
    sign_h = 150 * u
    x = x0
    for label, frac in (("医师签名", .26), ("医疗卫生机构盖章", .44), ("填表日期", .3)):
        w = (x1 - x0) * frac
        c.rect(x, y, x + w, y + sign_h, 2, form)
        c.text(x + 8 * u, y + 26 * u, label, ls, fill=form)
        x += w
    signature(c, x0 + 40 * u, y + 70 * u, 48 * u, _other_name(rng, v), rng)
    seal(c.img, x0 + (x1 - x0) * .48, y + 80 * u, 100 * u, rng, v["hospital"], rng.choice(("", "医务科")))
    put(x0 + (x1 - x0) * .72, y + 100 * u, fmt_date(_days(rng, death, 1, 3), ds))
    y += sign_h + 60 * u
    c.text(x0, y, "以下由编码人员填写    根本死亡原因：", ls + 2, fill=form)
    put(x0 + 390 * u, y, secondary)
    c.text(x0 + 700 * u, y, "ICD编码：", ls + 2, fill=form)
    put(x0 + 800 * u, y, ICD_OF[secondary])
    y += 60 * u
    note = ("注：①此表由医师填写，字迹清楚，内容完整，不得涂改。②死者家属持此证明第二联到公安机关办理户籍注销手续，"
            "持第三联到殡葬管理部门办理尸体火化手续。")
    y = c.para(x0, y, x1 - x0, note, ls, fill=form, leading=1.6)
    c.text(c.w / 2, y + 30 * u, rng.choice(("第二联  公安机关保存", "第四联  死者家属保存")), int(24 * u), fill=form,
           anchor="ms")
    return c.crop_to(y + 70 * u)


def blind_hospital_printout(rng: random.Random, v: Values) -> Image.Image:
    """死亡证明书 printed by a hospital information system on plain A4: barcode, two unruled columns of fields
    (bilingual at some private hospitals), numbered causes, the rescue note and the print time."""
    c = a4(rng)
    u = c.w / 1240
    x0, x1 = 90 * u, c.w - 90 * u
    s = int(26 * u)
    bi = rng.random() < 0.5

    def lab(cn: str, en: str) -> str:
        return f"{cn} {en}" if bi else cn

    c.text(x0, 110 * u, v["hospital"], c.fit(v["hospital"], int(40 * u), 700 * u, bold=True), bold=True)
    c.text(x0, 175 * u, "死亡证明书" + (" Death Certificate" if bi else ""), int(34 * u), bold=True)
    inpatient = random_digits(rng, 8)
    barcode(c, x1 - 330 * u, 70 * u, 330 * u, 70 * u, rng)
    c.text(x1 - 165 * u, 172 * u, inpatient, int(22 * u), "latin_mono", anchor="ms")
    c.line(x0, 205 * u, x1, 205 * u, 3)
    death = v["death_date"]
    ds = rng.choice(("iso", "slash", "cn0"))
    admitted = _days(rng, death, -12, -1)
    mid = x0 + (x1 - x0) / 2
    left_w = 230 * u if bi else 150 * u
    fields = [
        ((lab("姓名", "Name"), v["name"]), (lab("性别", "Sex"), v["sex"])),
        ((lab("年龄", "Age"), f"{v['age']}岁"), (lab("民族", "Ethnicity"), "汉族")),
        ((lab(rng.choice(("身份证号", "证件号码")), "ID No."), v["id_number"]),
         (lab("科室", "Dept."), rng.choice(DEPARTMENTS))),
        ((lab("出生日期", "Birth"), fmt_date(v["birth"], ds)), (lab("住院号", "Inpatient No."), inpatient)),
        ((lab("入院时间", "Admitted"), f"{fmt_date(admitted, ds)} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"),
         (lab("床号", "Bed"), f"{rng.randint(1, 60)}床")),
        ((lab("死亡时间", "Time of Death"), f"{fmt_date(death, ds)} {v['hour']:02d}:{v['minute']:02d}"),
         (lab("死亡地点", "Place"), rng.choice(("病房", "急诊抢救室", "ICU")))),
    ]
    y = 270 * u
    for left, right in fields:
        for (label, value), x in ((left, x0), (right, mid + 40 * u)):
            c.text(x, y, label + "：", int(s * 0.85), fill=(70, 70, 80))
            c.text(x + left_w + 20 * u, y, value, s)
        y += 60 * u
    c.text(x0, y, lab("家庭住址", "Address") + "：", int(s * 0.85), fill=(70, 70, 80))
    c.text(x0 + left_w + 20 * u, y, v["address"], s)
    y += 50 * u
    c.line(x0, y, x1, y, 1)
    y += 60 * u
    c.text(x0, y, lab("死亡原因", "Cause of Death"), int(28 * u), bold=True)
    y += 60 * u
    injury_cause = rng.choice(FALL_CAUSES)
    causes = [
        (lab("直接死亡原因(a)", "Immediate cause"), v["cause_of_death"]),
        (lab("引起(a)的原因(b)", "Due to"), injury_cause),
        (lab("其他重要疾病", "Other conditions"), rng.choice(COMORBIDITIES)),
    ]
    for i, (label, value) in enumerate(causes, 1):
        end = c.text(x0 + 20 * u, y, f"{i}. {label}：", s)
        c.text(end + 10 * u, y, value, s)
        y += 56 * u
    y += 30 * u
    c.text(x0, y, lab("抢救经过", "Course"), int(28 * u), bold=True)
    story = (f"患者因{injury_cause}致伤，于{fmt_date(admitted, 'cn')}入院。入院后予监护、补液、输血及对症支持治疗，"
             f"病情进行性加重，经积极抢救无效，于{v['hour']:02d}:{v['minute']:02d}宣告临床死亡。")
    y = c.para(x0, y + 55 * u, x1 - x0, story, s, leading=1.7) + 40 * u
    c.text(x0, y, lab("主治医师", "Physician") + "：", s)
    signature(c, x0 + (260 if bi else 150) * u, y - 45 * u, 50 * u, _other_name(rng, v), rng)
    c.text(mid, y, lab("家属签收", "Received by") + "：", s)
    signature(c, mid + (280 if bi else 150) * u, y - 45 * u, 50 * u, _other_name(rng, v), rng, INK)
    seal(c.img, x1 - 160 * u, y - 20 * u, 110 * u, rng, v["hospital"], rng.choice(("医务科", "死亡证明专用章")))
    y += 110 * u
    printed = _days(rng, death, 1, 6)
    c.line(x0, y, x1, y, 1)
    c.text(x0, y + 40 * u, f"打印时间：{fmt_date(printed, 'iso')} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}:"
           f"{rng.randint(0, 59):02d}", int(20 * u), fill=(90, 90, 90))
    c.text(x1, y + 40 * u, "第1页/共1页", int(20 * u), fill=(90, 90, 90), anchor="rs")
    return c.crop_to(y + 90 * u)


# ---------------------------------------------------------------- household_cancellation


def blind_police_stub(rng: random.Random, v: Values) -> Image.Image:
    """派出所 证明 torn from its 存根: half the 骑缝章 and half the vertical serial at the left edge, a letter to the
    insurer saying in prose when the person died and when the 户口 was cancelled, issued days later."""
    w = rng.randint(1240, 1380)
    c = Canvas(w, int(w * 1.25), (rng.randint(244, 252),) * 2 + (rng.randint(236, 246),))
    u = w / 1240
    town = v["town"]
    station = rng.choice((f"汕头市公安局潮南分局{town}派出所", f"潮南公安分局{town}派出所"))
    year = v["cancellation_date"].year
    serial = f"潮南公（{town}）字第{rng.randint(100, 999)}号"
    c.vtext(0, 260 * u, serial, int(40 * u), fill=INK)
    seal(c.img, 0, 380 * u + len(serial) * 20 * u, 120 * u, rng, station, "户口专用章")
    face = rng.choice(("serif", "sans"))
    x0, x1, s = 130 * u, w - 110 * u, int(32 * u)
    c.text(w / 2, 200 * u, rng.choice(("证    明", "户籍证明", "死亡注销户口证明")), int(56 * u), face, True,
           anchor="ms", tracking=4 * u)
    c.text(x1, 275 * u, f"潮南公（{town}）户证字〔{year}〕第{rng.randint(1000, 9999)}号", int(24 * u), face,
           anchor="rs")
    c.text(x0, 370 * u, f"{rng.choice(INSURERS)}：", s, face)
    ds = rng.choice(("cn", "cn0", "cn_upper"))
    death = _days(rng, v["cancellation_date"], -35, -2)
    birth = fmt_date(v["birth"], "cn")
    if rng.random() < 0.5:
        body = (f"兹证明我辖区居民{v['name']}（公民身份号码：{v['id_number']}），{v['sex']}，{birth}出生，"
                f"原住{v['address']}，于{fmt_date(death, ds)}因病死亡，其户口已于{fmt_date(v['cancellation_date'], ds)}"
                "注销。")
    else:
        body = (f"{v['name']}，{v['sex']}，公民身份号码{v['id_number']}，生前系我所辖区常住人口。经核查，该人已于"
                f"{fmt_date(death, ds)}死亡，其家属于{fmt_date(v['cancellation_date'], ds)}在我所办理户口注销手续。")
    y = c.para(x0, 450 * u, x1 - x0, maybe_fullwidth(rng, body, 0.15), s, face, leading=1.9, indent=2)
    y = c.para(x0, y + 10 * u, x1 - x0, "特此证明。", s, face, indent=2)
    c.text(x0 + 2 * s, y + 10 * u, "（此证明有效期三个月，涂改无效）", int(26 * u), face)
    y = max(y + 200 * u, c.h * 0.66)
    issued = _days(rng, v["cancellation_date"], 3, 90)
    c.text(x1, y, station, s, face, anchor="rs")
    c.text(x1, y + 70 * u, fmt_date(issued, "cn_upper" if ds == "cn_upper" else "cn"), s, face, anchor="rs")
    seal(c.img, x1 - 190 * u, y + 10 * u, 125 * u, rng, station, "户口专用章")
    y += 200 * u
    clerk = _other_name(rng, v)
    c.kv(x0, y, "经办民警", f"{clerk}（警号{random_digits(rng, 6)}）", int(26 * u), face=face)
    c.kv(x0, y + 55 * u, "联系电话", f"0754-87{random_digits(rng, 6)}", int(26 * u), face=face)
    return c.crop_to(y + 120 * u)


def blind_system_table(rng: random.Random, v: Values) -> Image.Image:
    """常住人口注销信息 printed from the population system: labels as column headers with values in the row
    beneath, compact system dates, sometimes run off a dot-matrix printer onto the ruled sheet."""
    c = a4(rng)
    u = c.w / 1240
    x0, x1 = 80 * u, c.w - 80 * u
    s = int(25 * u)
    town = v["town"]
    station = f"汕头市公安局潮南分局{town}派出所"
    c.text(c.w / 2, 130 * u, rng.choice(("常住人口注销信息表", "户籍证明（注销人员）", "人口信息查询结果（已注销）")),
           int(44 * u), bold=True, anchor="ms")
    printed = _days(rng, v["cancellation_date"], 1, 120)
    c.text(x0, 200 * u, f"打印单位：{station}", int(22 * u))
    c.text(x1, 200 * u, f"打印时间：{fmt_date(printed, 'compact')}{rng.randint(8, 17):02d}{rng.randint(0, 59):02d}",
           int(22 * u), anchor="rs")
    ds = rng.choice(("compact", "iso", "cn0"))
    death = _days(rng, v["cancellation_date"], -30, -2)
    relation = rng.choice(("户主", "配偶", "母亲", "父亲"))
    head = v["name"] if relation == "户主" else _other_name(rng, v)
    tables = [
        ((.15, .09, .09, .21, .46), ["姓名", "性别", "民族", "出生日期", "公民身份号码"],
         [v["name"], v["sex"], "汉", fmt_date(v["birth"], ds), v["id_number"]]),
        ((.16, .16, .22, .22, .24), ["变动类型", "注销原因", rng.choice(("注销日期", "注销时间", "变动日期")),
                                     "死亡日期", "承办人"],
         ["注销户口", "死亡", fmt_date(v["cancellation_date"], ds), fmt_date(death, ds), _other_name(rng, v)]),
        ((.16, .16, .14, .54), ["户号", "户主姓名", "与户主关系", "户籍地址"],
         [random_digits(rng, 9), head, relation, v["address"]]),
    ]
    dot = rng.random() < 0.5
    dx, dy = misregistered(rng, 10 * u) if dot else (0.0, 0.0)
    y = 250 * u
    for fracs, header, values in tables:
        widths = [(x1 - x0) * f for f in fracs]
        c.rect(x0, y, x1, y + 58 * u, 0, None, (228, 232, 238))
        bottom = c.table(x0, y, widths, [58 * u, 78 * u], [header, [None] * len(header) if dot else values], s,
                         bold_rows=(0,), lw=2)
        if dot:
            x = x0
            for w, value in zip(widths, values):
                size = c.fit(value, int(24 * u), w - 24 * u, "mono")
                dot_matrix(c, x + 12 * u + dx, y + 58 * u + 52 * u + dy, value, size, rng)
                x += w
        y = bottom + 50 * u
    note = "以上信息由公安机关人口信息管理系统打印，与户籍档案记载一致，仅供办理相关业务使用。"
    y = c.para(x0, y + 10 * u, x1 - x0, note, int(24 * u), indent=2)
    y += 150 * u
    c.text(x1, y, station, s, anchor="rs")
    c.text(x1, y + 60 * u, fmt_date(printed, "cn"), s, anchor="rs")
    seal(c.img, x1 - 210 * u, y, 120 * u, rng, station, "户口专用章")
    return c.crop_to(y + 220 * u)


# ---------------------------------------------------------------- disability_assessment


def _roman_or_cn(rng: random.Random, grade: int) -> str:
    """A grade as personal-injury opinions write it: 九级, Ⅸ级, Ⅸ（九）级 or 第九级."""
    cn, roman = cn_grade(grade), ROMAN[grade - 1]
    return rng.choice((f"{cn}级", f"{roman}级", f"{roman}（{cn}）级", f"第{cn}级"))


def blind_injury_opinion(rng: random.Random, v: Values) -> Image.Image:
    """人身损害 司法鉴定意见书 under GB/T 《人体损伤致残程度分级》: page header and footer, 受理日期 and
    鉴定日期 apart, 在场人员, and an opinion that also gives 误工期/护理期/营养期; dated in Chinese numerals."""
    c = a4(rng)
    u = c.w / 1240
    x0, x1 = 110 * u, c.w - 110 * u
    s = int(24 * u)
    face = rng.choice(("serif", "sans"))
    institute = v["institute"]
    c.text(x0, 60 * u, institute, int(20 * u), face, fill=(90, 90, 90))
    short = institute.removeprefix("广东").removeprefix("汕头市").removeprefix("汕头")[:2]
    case = f"{short}司鉴所[{v['assessment_date'].year}]临鉴字第{v['case_no']}号"
    c.text(x1, 60 * u, case, int(20 * u), face, fill=(90, 90, 90), anchor="rs")
    c.line(x0, 72 * u, x1, 72 * u, 1, (120, 120, 120))
    c.text(c.w / 2, 150 * u, "司法鉴定意见书", int(46 * u), face, True, anchor="ms", tracking=10 * u)
    ds = rng.choice(("cn", "cn0"))
    received = _days(rng, v["assessment_date"], -30, -3)
    injured = _days(rng, v["assessment_date"], -200, -60)
    kid = _other_name(rng, v)
    grade = _roman_or_cn(rng, v["disability_grade"])
    work, care = rng.choice((90, 120, 150, 180)), rng.choice((30, 60, 90))
    sections = [
        ("一、基本情况", [
            f"委托人：{rng.choice(('汕头市潮南区人民法院', '广东潮正律师事务所', _other_name(rng, v)))}",
            "委托鉴定事项：评定被鉴定人伤残程度、误工期、护理期、营养期",
            f"受理日期：{fmt_date(received, ds)}",
            "鉴定材料：病历资料复印件、影像学片、身份证复印件",
            f"鉴定日期：{fmt_date(v['assessment_date'], ds)}",
            "鉴定地点：本所法医临床检验室",
            f"在场人员：{kid}（被鉴定人之{rng.choice(('子', '女'))}）",
            f"被鉴定人：{v['name']}，{v['sex']}，{fmt_date(v['birth'], ds)}出生，身份证号：{v['id_number']}"]),
        ("二、基本案情",
         [f"据委托材料载：{fmt_date(injured, ds)}，被鉴定人{v['event']}受伤，伤后至{v['hospital']}治疗。"]),
        ("三、资料摘要", [f"出院诊断：{v['injury']}。行手术及对症治疗，好转出院。"]),
        ("四、鉴定过程", ["检验方法按《法医临床检验规范》（SF/T 0111—2021）执行。神清，步入检查室，查体合作，"
                      "伤处可见陈旧性手术瘢痕，邻近关节活动受限。"]),
        ("五、分析说明", [f"被鉴定人{v['injury']}，遗留功能障碍，依据《人体损伤致残程度分级》相关条款评定。"]),
        ("六、鉴定意见", [f"1．被鉴定人{v['name']}的伤残程度评定为{grade}伤残。",
                      f"2．误工期{work}日，护理期{care}日，营养期{care}日。"]),
    ]
    y = 230 * u
    for title, lines in sections:
        c.text(x0, y, title, int(26 * u), face, True)
        y += 46 * u
        for line in lines:
            y = c.para(x0 + 2 * s, y, x1 - x0 - 2 * s, line, s, face, leading=1.6)
        y += 12 * u
    y += 40 * u
    for i, expert in enumerate((_other_name(rng, v), _other_name(rng, v))):
        yy = y + i * 80 * u
        c.text(x1 - 560 * u, yy, "司法鉴定人：", s, face)
        signature(c, x1 - 400 * u, yy - 40 * u, 46 * u, expert, rng)
        c.text(x1 - 230 * u, yy, f"执业证号 4405{random_digits(rng, 8)}", int(18 * u), face)
    y += 220 * u
    c.text(x1, y, fmt_date(v["assessment_date"], "cn_upper"), s, face, anchor="rs")
    seal(c.img, x1 - 190 * u, y - 60 * u, 118 * u, rng, institute, "司法鉴定专用章")
    c.text(c.w / 2, y + 110 * u, f"第 {rng.randint(3, 5)} 页", int(18 * u), face, fill=(90, 90, 90), anchor="ms")
    return c.crop_to(y + 150 * u)


def blind_insurer_form(rng: random.Random, v: Values) -> Image.Image:
    """人身保险伤残评定表 filled for an insurer by its appointed hospital: shaded header rows with values beneath,
    the JR/T 0083 item code, grade and payout share in one row, two assessing doctors' signatures."""
    c = a4(rng)
    u = c.w / 1240
    x0, x1 = 80 * u, c.w - 80 * u
    s = int(24 * u)
    c.text(c.w / 2, 120 * u, rng.choice(("人身保险伤残评定表", "意外伤害伤残鉴定表", "伤残评定结论书")), int(44 * u),
           bold=True, anchor="ms", tracking=4 * u)
    c.text(x0, 190 * u, f"委托单位：{rng.choice(INSURERS)}", int(22 * u))
    c.text(x1, 190 * u, f"报案号：9{random_digits(rng, 14)}", int(22 * u), "latin_mono", anchor="rs")
    ds = rng.choice(("iso", "dot", "cn0"))
    grade = v["disability_grade"]
    grade_text = rng.choice((f"{cn_grade(grade)}级", f"第{grade}级", f"{ROMAN[grade - 1]}级", f"{grade}级伤残"))
    person = rng.choice(("被评定人", "被保险人", "伤者姓名"))
    injured = _days(rng, v["assessment_date"], -180, -60)
    rows: list[list] = [
        [person, "性别", "出生日期", "证件类型", "证件号码"],
        [v["name"], v["sex"], fmt_date(v["birth"], ds), "居民身份证", v["id_number"]],
        ["出险日期", "出险原因", rng.choice(("评定日期", "鉴定日期")), ("评定机构", 2)],
        [fmt_date(injured, ds), "意外伤害", fmt_date(v["assessment_date"], ds), (v["hospital"], 2)],
        [("伤残情形", 2), "条目编码", "伤残等级", "给付比例"],
        [(f"{v['injury']}后遗功能障碍", 2), f"{rng.randint(1, 8)}-{rng.randint(1, 12)}-{rng.randint(1, 9)}-{grade}",
         grade_text, f"{(11 - grade) * 10}%"],
    ]
    widths = [(x1 - x0) * f for f in (.18, .14, .2, .14, .34)]
    rh = 74 * u
    y = 230 * u
    for k in (0, 2, 4):
        c.rect(x0, y + k * rh, x1, y + (k + 1) * rh, 0, None, (232, 236, 228))
    y = c.table(x0, y, widths, rh, rows, s, bold_rows=(0, 2, 4), outer=4)
    box = y + 230 * u
    c.rect(x0, y, x1, box, 2)
    c.text(x0 + 20 * u, y + 50 * u, "评定意见：", s, bold=True)
    opinion = (f"依据《人身保险伤残评定标准及代码》（JR/T 0083—2013），被评定人{v['name']}因意外伤害致{v['injury']}，"
               f"经治疗后遗留功能障碍，评定为{grade_text}。")
    c.para(x0 + 40 * u, y + 110 * u, x1 - x0 - 80 * u, opinion, s, leading=1.7, indent=2)
    y = box + 90 * u
    for i, expert in enumerate((_other_name(rng, v), _other_name(rng, v))):
        c.text(x0 + i * 520 * u, y, f"评定医师{i + 1}：", s)
        signature(c, x0 + i * 520 * u + 170 * u, y - 45 * u, 50 * u, expert, rng)
    y += 110 * u
    c.text(x0, y, "复核人：", s)
    signature(c, x0 + 120 * u, y - 45 * u, 50 * u, _other_name(rng, v), rng, INK)
    c.text(x1, y + 60 * u, v["hospital"], s, anchor="rs")
    c.text(x1, y + 120 * u, f"报告日期：{fmt_date(_days(rng, v['assessment_date'], 1, 7), ds)}", s, anchor="rs")
    seal(c.img, x1 - 220 * u, y + 70 * u, 120 * u, rng, v["hospital"], "伤残鉴定专用章")
    return c.crop_to(y + 230 * u)


# ---------------------------------------------------------------- accident_proof


def blind_traffic_other_city(rng: random.Random, v: Values) -> Image.Image:
    """道路交通事故认定书 (一般程序) from another city's brigade: a parties table, the numbered findings and the
    appeal notice; the accident time in the header lines, the 认定 date and the 送达 note later."""
    c = a4(rng)
    u = c.w / 1240
    x0, x1 = 90 * u, c.w - 90 * u
    s = int(24 * u)
    brigade, prefix, road = rng.choice(BRIGADES)
    acc = v["accident_date"]
    c.text(c.w / 2, 110 * u, brigade, int(30 * u), "serif", anchor="ms")
    c.text(c.w / 2, 180 * u, "道路交通事故认定书", int(48 * u), "serif", True, anchor="ms", tracking=6 * u)
    c.text(x1, 235 * u, f"{prefix}〔{acc.year}〕第{rng.choice('ABC')}{random_digits(rng, 5)}号", int(24 * u), "serif",
           anchor="rs")
    ds = rng.choice(("cn", "cn0"))
    when = f"{fmt_date(acc, ds)}{v['hour']}时{v['minute']:02d}分"
    y = 300 * u
    c.kv(x0, y, "交通事故时间", when, s, face="serif")
    c.kv(x1 - 260 * u, y, "天气", rng.choice(("晴", "阴", "小雨", "多云")), s, face="serif")
    y += 52 * u
    c.kv(x0, y, "交通事故地点", road, s, face="serif")
    y += 60 * u
    c.text(x0, y, "一、当事人、车辆、道路和交通环境等基本情况：", s, "serif", True)
    y += 30 * u
    other_sex = rng.choice("男女")
    other = _other_name(rng, v, other_sex)
    other_birth = date(rng.randint(1970, 2000), rng.randint(1, 12), rng.randint(1, 28))
    mode, doing = rng.choice((("步行", "步行横过道路"), ("驾驶电动自行车", "驾驶电动自行车"),
                              ("乘坐二轮摩托车", "乘坐二轮摩托车")))
    rows = [
        ["当事人", "性别", "年龄", "公民身份号码", "交通方式", "号牌号码", "保险公司"],
        [other, other_sex, str(acc.year - other_birth.year), random_id_number(rng, other_sex, other_birth),
         "驾驶小型轿车", f"{v['plate'][:2]}{v['plate'][2:]}", rng.choice(("人保财险", "平安财险", "太平洋财险"))],
        [v["name"], v["sex"], str(v["age"]), v["id_number"], mode, "/", "/"],
    ]
    widths = [(x1 - x0) * f for f in (.12, .07, .07, .3, .16, .14, .14)]
    y = c.table(x0, y, widths, 62 * u, rows, int(22 * u), "serif", bold_rows=(0,)) + 55 * u
    paras = [
        ("二、道路交通事故发生经过：",
         f"{fmt_date(acc, 'cn')}{v['hour']}时{v['minute']:02d}分许，"
         f"{other}驾驶{v['plate'][:2]}{v['plate'][2:]}号小型轿车"
         f"沿{road}行驶时，与{doing}的{v['name']}发生碰撞，造成{v['name']}受伤、"
         "车辆损坏的道路交通事故。"),
        ("三、道路交通事故证据及事故形成原因分析：",
         "以上事实有现场勘查笔录、现场图、现场照片、当事人陈述、视频监控资料等证据证实。"
         f"{other}驾驶机动车未确保安全，是造成此事故的主要原因。"),
        ("四、当事人导致交通事故的过错及责任或者意外原因：",
         f"{other}承担此事故的{rng.choice(('全部', '主要'))}责任，"
         f"{v['name']}{rng.choice(('无责任', '承担此事故的次要责任'))}。"),
    ]
    for head, body in paras:
        c.text(x0, y, head, s, "serif", True)
        y = c.para(x0, y + 46 * u, x1 - x0, body, s, "serif", leading=1.7, indent=2) + 14 * u
    notice = ("当事人对道路交通事故损害赔偿有争议，各方当事人一致请求公安机关交通管理部门调解的，"
              "应当在收到道路交通事故认定书之日起十日内提出书面调解申请。")
    y = c.para(x0, y + 10 * u, x1 - x0, notice, int(21 * u), "serif", leading=1.6, indent=2) + 40 * u
    c.text(x0, y, "交通警察：", s, "serif")
    for i in range(2):
        signature(c, x0 + (150 + i * 220) * u, y - 42 * u, 46 * u, _other_name(rng, v), rng, INK)
    y += 110 * u
    ruled = _days(rng, acc, 5, 30)
    c.text(x1, y, brigade, s, "serif", anchor="rs")
    c.text(x1, y + 60 * u, fmt_date(ruled, "cn"), s, "serif", anchor="rs")
    seal(c.img, x1 - 220 * u, y, 120 * u, rng, brigade, "道路交通事故处理专用章")
    y += 130 * u
    c.text(x0, y, "本认定书于        年    月    日送达当事人。", int(22 * u), "serif")
    return c.crop_to(y + 70 * u)


def blind_village_handwritten(rng: random.Random, v: Values) -> Image.Image:
    """村委会 证明 on red-headed letter paper: a printed fill-in-the-blanks text whose blanks (name, ID number,
    date, what happened, the hospital) are handwritten in ballpoint, a signing cadre and a handwritten date."""
    c = a4(rng)
    u = c.w / 1240
    x0, x1 = 120 * u, c.w - 120 * u
    town = v["town"]
    committee = f"汕头市潮南区{town}{rng.choice('东西南北上下新')}{rng.choice('溪洋埔塘')}村民委员会"
    c.text(c.w / 2, 140 * u, committee, c.fit(committee, int(50 * u), x1 - x0, "serif", True), "serif", True,
           fill=RED_INK, anchor="ms")
    c.line(x0, 175 * u, x1, 175 * u, 5, RED_INK)
    c.line(x0, 185 * u, x1, 185 * u, 2, RED_INK)
    c.text(c.w / 2, 300 * u, rng.choice(("证  明", "意外受伤证明")), int(52 * u), "serif", True, anchor="ms",
           tracking=8 * u)
    s, hs = int(34 * u), int(38 * u)
    face = rng.choice(("serif", "sans"))
    acc = v["accident_date"]
    lines: list[list[str | tuple[str, int]]] = [
        ["兹有我村村民", (v["name"], 200), "，性别", (v["sex"], 70), "，"],
        ["身份证号码", (v["id_number"], 520), "，"],
        ["于", (str(acc.year), 110), "年", (str(acc.month), 60), "月", (str(acc.day), 60), "日", (str(v["hour"]), 60),
         "时许，"],
        [(v["event"], 640), "受伤，"],
        ["经送", (v["hospital"], 480), "救治。"],
        ["以上情况属实，特此证明。"],
    ]
    y = 420 * u
    for i, line in enumerate(lines):
        x = x0 + (2 * s if i in (0, len(lines) - 1) else 0)
        for part in line:
            if isinstance(part, str):
                x = c.text(x, y, part, s, "serif")
                continue
            text, room = part
            width = max(room * u, c.width_of(text, hs, face) * 1.1 + 30 * u)
            c.line(x + 4 * u, y + 10 * u, x + width, y + 10 * u, 1)
            _hand(c, x + 16 * u, y - 2 * u, text, hs, rng, face)
            x += width + 6 * u
        y += 100 * u
    y += 120 * u
    c.text(x0, y, "证明人（签名）：", s, "serif")
    signature(c, x0 + 280 * u, y - 50 * u, 56 * u, _other_name(rng, v), rng)
    c.text(x0, y + 90 * u, "联系电话：", s, "serif")
    _hand(c, x0 + 180 * u, y + 90 * u, "13" + random_digits(rng, 9), hs, rng, face)
    y += 260 * u
    c.text(x1, y, committee.removeprefix("汕头市潮南区"), s, "serif", anchor="rs")
    _hand(c, x1 - 360 * u, y + 90 * u, fmt_date(_days(rng, acc, 2, 30), "cn"), hs, rng, face)
    seal(c.img, x1 - 200 * u, y + 10 * u, 130 * u, rng, committee, "")
    return c.img


# ---------------------------------------------------------------- other


def blind_bank_slip(rng: random.Random, v: Values) -> Image.Image:
    """A bank's 个人业务回单 (withdrawal or deposit slip): bilingual preprinted labels on a tinted security
    background, figures dot-matrix printed out of register, the customer's signature."""
    w = rng.randint(1500, 1750)
    h = int(w * rng.uniform(0.42, 0.5))
    tint = rng.choice(((236, 246, 240), (246, 238, 236), (236, 240, 250)))
    form = rng.choice((FORM_GREEN, FORM_BROWN, FORM_BLUE))
    c = Canvas(w, h, tint)
    guilloche(c, (0, 0, w, h), rng, rgb(max(0, t - 14) for t in tint), lines=40)
    u = w / 1600
    bank = rng.choice(("中国邮政储蓄银行", "中国农业银行", "汕头农村商业银行", "中国工商银行"))
    c.draw.ellipse((60 * u, 40 * u, 130 * u, 110 * u), outline=form, width=int(6 * u))
    c.text(150 * u, 95 * u, bank, int(44 * u), "serif", True, fill=form)
    c.text(w / 2 + 120 * u, 95 * u, "个人业务回单 CUSTOMER RECEIPT", int(34 * u), bold=True, fill=form)
    c.line(60 * u, 130 * u, w - 60 * u, 130 * u, 3, form)
    dx, dy = misregistered(rng, 14 * u)
    amount = random_amount(rng, 200, 20000, 100)
    when = v["date"]
    branch = v["town"].removesuffix("镇").removesuffix("街道")
    values = [
        ("交易日期", "Date", f"{fmt_date(when, 'iso')} {rng.randint(8, 16):02d}:{rng.randint(0, 59):02d}"),
        ("交易类型", "Transaction", rng.choice(("个人活期取款", "个人活期存款", "跨行转出", "养老金代发"))),
        ("户名", "Account Name", random_name(rng)),
        ("账号", "Account No.", f"6217{random_digits(rng, 4)}****{random_digits(rng, 4)}"),
        ("金额", "Amount", f"CNY {amount:,.2f}"),
        ("大写金额", "In Words", f"人民币{money_upper(amount)}"),
        ("网点", "Branch", f"{branch}支行"),
        ("柜员流水", "Teller Ref.", f"{random_digits(rng, 4)}-{random_digits(rng, 8)}"),
    ]
    y, half = 200 * u, (w - 120 * u) / 2
    for i, (cn, en, value) in enumerate(values):
        x = 60 * u + (i % 2) * half
        yy = y + (i // 2) * 95 * u
        c.text(x, yy, cn, int(26 * u), fill=form)
        c.text(x, yy + 30 * u, en, int(18 * u), "latin", fill=form)
        dot_matrix(c, x + 220 * u + dx, yy + 10 * u + dy, value, int(28 * u), rng)
        c.dashed(x + 200 * u, yy + 40 * u, x + half - 40 * u, yy + 40 * u, 1, form, 6)
    y += 4 * 95 * u + 20 * u
    c.text(60 * u, y, "客户签名 Signature", int(24 * u), fill=form)
    signature(c, 340 * u, y - 50 * u, 54 * u, values[2][2], rng, INK)
    c.text(w - 60 * u, y, "银行盖章 Bank Stamp", int(24 * u), fill=form, anchor="rs")
    seal(c.img, w - 260 * u, y - 40 * u, 80 * u, rng, f"{bank}{branch}支行", "业务专用章", ry=56 * u, star=False)
    c.text(w / 2, h - 30 * u, "第二联 客户回单  请核对无误后签名", int(20 * u), fill=form, anchor="ms")
    return c.img


def blind_memo_note(rng: random.Random, v: Values) -> Image.Image:
    """A page torn from a ruled notepad with handwritten reminders: phone numbers, errands, a shopping list."""
    w = rng.randint(900, 1100)
    c = Canvas(w, int(w * 1.35), (rng.randint(246, 252), rng.randint(244, 250), rng.randint(228, 238)))
    u = w / 1000
    pitch = 78 * u
    for k in range(2, int(c.h / pitch)):
        c.line(40 * u, k * pitch, w - 30 * u, k * pitch, 1, (170, 190, 215))
    c.line(110 * u, 0, 110 * u, c.h, 2, (220, 140, 140))
    for k in range(8):
        c.draw.ellipse((30 * u, (60 + k * 150) * u, 58 * u, (88 + k * 150) * u), fill=(210, 210, 205))
    notes = [
        f"{fmt_date(v['date'], 'cn').removeprefix(str(v['date'].year) + '年')} 去{v['town']}买菜",
        rng.choice(("鸡蛋 两斤", "猪肉 一斤半", "青菜 芥蓝")),
        rng.choice(("酱油  米  油", "洗衣粉  肥皂", "豆腐 两块")),
        f"阿{rng.choice('明华强英娟')} 电话 13{random_digits(rng, 9)}",
        rng.choice(("周三带妈去复诊", "下礼拜交电费", "煤气快用完了")),
        rng.choice(("记得拿药（降压药）", "问一下村里合作医疗", "还阿姨 200元")),
    ]
    face = rng.choice(("serif", "sans"))
    color = rng.choice((BLUE_INK, INK))
    for k, line in enumerate(notes):
        _hand(c, 140 * u + rng.uniform(0, 30) * u, (3 + k) * pitch - 10 * u, line, int(44 * u), rng, face, color)
    return c.img


LAYOUTS = {
    DocType.id_card: {"blind_temporary_card": blind_temporary_card, "blind_copy_front": blind_copy_front},
    DocType.death_certificate: {"blind_dotmatrix_form": blind_dotmatrix_form,
                                "blind_hospital_printout": blind_hospital_printout},
    DocType.household_cancellation: {"blind_police_stub": blind_police_stub, "blind_system_table": blind_system_table},
    DocType.disability_assessment: {"blind_injury_opinion": blind_injury_opinion,
                                    "blind_insurer_form": blind_insurer_form},
    DocType.accident_proof: {"blind_traffic_other_city": blind_traffic_other_city,
                             "blind_village_handwritten": blind_village_handwritten},
    DocType.other: {"blind_bank_slip": blind_bank_slip, "blind_memo_note": blind_memo_note},
}
