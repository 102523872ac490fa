"""Blind layouts of the medical papers: hospital invoices, expense lists, discharge summaries, outpatient records.

Written from how such paper varies across hospitals, HIS vendors and provinces (see synthetic/blind/__init__.py):
e-bills printed on A4, dot-matrix receipts on preprinted forms, category-grouped expense lists, landscape
医保 settlement sheets, prose discharge records, EMR tables with ICD codes, hand-filled and bilingual records.
"""
import random
from datetime import date, timedelta

from PIL import Image, ImageDraw

from models.enums import DocType
from synthetic.blind._print import dot_matrix, misregistered
from synthetic.canvas import FORM_BLUE, FORM_BROWN, FORM_GREEN, INK, RED_INK, Canvas
from synthetic.catalog import random_digits
from synthetic.fonts import font
from synthetic.marks import barcode, ink, paste_qr, seal, signature
from synthetic.pages.base import Values, a4, date_text
from synthetic.pages.billing import CATEGORIES
from synthetic.people import random_name
from synthetic.textfmt import fmt_date, fmt_money, money_upper

PEN = (28, 38, 96)
GREY = (105, 105, 112)
SHADE = (232, 234, 238)
ENGLISH = {  # the English line of letterheads; small township clinics have none
    "汕头大学医学院第一附属医院": "The First Affiliated Hospital of Shantou University Medical College",
    "汕头大学医学院第二附属医院": "The Second Affiliated Hospital of Shantou University Medical College",
    "汕头市中心医院": "Shantou Central Hospital",
    "汕头市中医医院": "Shantou Hospital of Traditional Chinese Medicine",
    "汕头市潮阳区人民医院": "Chaoyang People's Hospital of Shantou",
    "普宁市人民医院": "Puning People's Hospital",
    "汕头市潮南区人民医院": "Chaonan People's Hospital of Shantou",
    "汕头潮南民生医院": "Shantou Chaonan Minsheng Hospital",
    "汕头市潮南区中医医院": "Chaonan Hospital of Traditional Chinese Medicine",
    "汕头市潮阳区大峰医院": "Dafeng Hospital of Chaoyang District",
    "汕头市潮阳区中医院": "Chaoyang Hospital of Traditional Chinese Medicine",
    "汕头市第三人民医院": "The Third People's Hospital of Shantou",
    "汕头市潮南区妇幼保健院": "Chaonan Maternal and Child Health Care Hospital",
}
ICD10 = {
    "右股骨颈骨折": "S72.000", "左股骨粗隆间骨折": "S72.101", "左桡骨远端骨折": "S52.500", "右桡骨远端骨折": "S52.500",
    "腰1椎体压缩性骨折": "S32.001", "胸12椎体压缩性骨折": "S22.001", "多发肋骨骨折": "S22.401", "左髌骨骨折": "S82.000",
    "右踝关节骨折": "S82.801", "左肱骨外科颈骨折": "S42.201", "右锁骨骨折": "S42.001", "头皮裂伤": "S01.001",
    "脑震荡": "S06.000", "创伤性硬膜下血肿": "S06.501", "多处软组织挫伤": "T00.900", "右胫腓骨骨折": "S82.201",
    "左尺骨鹰嘴骨折": "S52.001", "骨盆骨折": "S32.801", "右手第五掌骨骨折": "S62.301", "面部挫裂伤": "S01.801",
    "高血压病": "I10.x00", "2型糖尿病": "E11.900", "冠状动脉粥样硬化性心脏病": "I25.103", "骨质疏松症": "M81.900",
    "慢性支气管炎": "J42.x00", "脑梗死后遗症": "I69.300",
}
Item = tuple[str, str, int, float, float, str]


# ---- shared pieces ---------------------------------------------------------------------------------------------

def _parts(v: Values) -> list[str]:
    """The diagnoses, in order (the value joins them with '；')."""
    return str(v["diagnosis"]).split("；")


def _days(v: Values) -> int:
    return (v["discharge_date"] - v["admission_date"]).days


def _clock(rng: random.Random, first: int = 0, last: int = 23, seconds: bool = False) -> str:
    hm = f"{rng.randint(first, last):02d}:{rng.randint(0, 59):02d}"
    return f"{hm}:{rng.randint(0, 59):02d}" if seconds else hm


def _later(rng: random.Random, d: date, low: int, high: int) -> date:
    """A day low..high days after d (low >= 1 keeps it off the key date d)."""
    return d + timedelta(days=rng.randint(low, high))


def _own_split(rng: random.Random, v: Values) -> tuple[float, float]:
    """The patient's share (total less the fund's share) as (个人账户支付, 个人现金支付)."""
    own = round(v["total_amount"] - v["insurance_paid"], 2)
    account = round(own * rng.choice((0.0, 0.0, rng.uniform(0.1, 0.5))), 2)
    return account, round(own - account, 2)


def _deposit(rng: random.Random, v: Values, cash: float) -> tuple[float, float]:
    """预交金 paid at admission and the refund at discharge (deposit less the cash share); neither is a key amount."""
    keys = {round(v["total_amount"], 2), round(v["insurance_paid"], 2)}
    deposit = (int(cash // 1000) + rng.randint(1, 3)) * 1000.0
    while deposit in keys or round(deposit - cash, 2) in keys:
        deposit += 500.0
    return deposit, round(deposit - cash, 2)


def _grouped(v: Values) -> list[tuple[str, list[Item], float]]:
    """The bill's items by category, in the usual category order: (category, items, subtotal)."""
    out = []
    for cat in CATEGORIES:
        items = [i for i in v["items"] if i[5] == cat]
        if items:
            out.append((cat, items, round(sum(i[4] for i in items), 2)))
    return out


def _insurance(v: Values) -> str:
    """The insurance scheme as printed on a bill the fund paid part of."""
    return "城乡居民医保" if v["insurance_type"] == "自费" else str(v["insurance_type"])


def _numbered(rng: random.Random, items: list[str]) -> list[str]:
    """Items numbered as one EMR template or hand does it: 1.… / 1、… / （1）…"""
    style = rng.choice(("{}.", "{}、", "（{}）", "{}. "))
    return [style.format(k) + item for k, item in enumerate(items, 1)]


def _logo(c: Canvas, x: float, y: float, r: float, color: tuple[int, int, int]) -> None:
    """A hospital emblem: a filled disc with an inner ring and a white cross."""
    white = (252, 252, 252)
    c.draw.ellipse((x - r, y - r, x + r, y + r), fill=color)
    c.draw.ellipse((x - r * 0.8, y - r * 0.8, x + r * 0.8, y + r * 0.8), outline=white, width=max(2, int(r * 0.07)))
    arm, reach = r * 0.14, r * 0.5
    c.rect(x - arm, y - reach, x + arm, y + reach, 0, None, white)
    c.rect(x - reach, y - arm, x + reach, y + arm, 0, None, white)


def _letterhead(c: Canvas, hospital: str, x: float, y: float, u: float, color: tuple[int, int, int],
                center: bool = False, max_w: float = 760) -> float:
    """Logo, hospital name and its English name (when it has one) from (x, y); returns the y below it."""
    english = ENGLISH.get(hospital)
    size = c.fit(hospital, int(42 * u), max_w * u, "serif", True)
    esize = c.fit(english, int(19 * u), max_w * u, "latin_serif") if english else 0
    block = 110 * u + max(c.width_of(hospital, size, "serif", True), c.width_of(english or "", esize, "latin_serif"))
    left = (c.w - block) / 2 if center else x
    _logo(c, left + 45 * u, y + 42 * u, 42 * u, color)
    c.text(left + 110 * u, y + (44 if english else 58) * u, hospital, size, "serif", True, fill=color)
    if english:
        c.text(left + 112 * u, y + 80 * u, english, esize, "latin_serif", fill=color)
    return y + 100 * u


def _pen(c: Canvas, x: float, y: float, s: str, size: int, rng: random.Random,
         color: tuple[int, int, int] = PEN) -> float:
    """Write s by hand on baseline y: uneven serif glyphs, slanted, a little off the line; returns the end x."""
    pad, base = size, 1.8 * size
    layer = Image.new("L", (int(size * 1.15 * len(s)) + 2 * pad, 3 * size), 0)
    d = ImageDraw.Draw(layer)
    cx: float = pad
    for ch in s:
        f = font("serif", int(size * rng.uniform(0.86, 1.08)))
        d.text((cx, base + rng.uniform(-0.08, 0.08) * size), ch, font=f, fill=255, anchor="ls")
        cx += f.getlength(ch) * rng.uniform(0.84, 1.0)
    shear = rng.uniform(0.08, 0.25)
    layer = layer.transform(layer.size, Image.Transform.AFFINE, (1, shear, -shear * base, 0, 1, 0),
                            Image.Resampling.BILINEAR)
    layer = layer.rotate(rng.uniform(-1.2, 1.2), Image.Resampling.BILINEAR, center=(pad, base))
    ink(c.img, layer, int(x - pad), int(y - base), color, rng, rng.uniform(0.88, 1.0))
    return x + cx - pad


def _stay_story(rng: random.Random, v: Values) -> dict[str, str]:
    """Narrative sections of a discharge paper, worded as a county hospital EMR template would."""
    injury = _parts(v)[0]
    treatment = rng.choice(("在腰硬联合麻醉下行切开复位内固定术", "行手法复位、石膏托外固定", "予卧床制动、支具保护",
                            "急诊行清创缝合术"))
    return {
        "入院情况": f"患者于入院前{rng.choice(('2小时', '4小时', '6小时', '1天'))}{v['event']}，"
                "当即感伤处疼痛，活动受限，"
                f"无昏迷，无恶心呕吐。查体：T {rng.uniform(36.3, 37.4):.1f}℃，P {rng.randint(66, 98)}次/分，"
                f"BP {rng.randint(118, 168)}/{rng.randint(62, 96)}mmHg，神志清，伤处肿胀、压痛明显。"
                f"辅助检查提示{injury}。",
        "诊疗经过": f"入院后完善血常规、凝血功能、心电图及影像学检查，排除禁忌后{treatment}，"
                f"并予抗感染、镇痛、消肿、护胃及营养支持等治疗，患者病情平稳。",
        "出院情况": "患者神志清，精神可，诉伤处疼痛较前明显缓解，伤口愈合良好，无红肿渗液，肢端血运、感觉正常。",
    }


ADVICE = ("注意休息，避免患肢负重，防跌倒。", "出院后2周门诊复查，1个月、3个月复查X线片。", "按时服药，不适随诊。")


# ---- hospital invoices ----------------------------------------------------------------------------------------

def _bill_payload(rng: random.Random, v: Values, code: str, check: str) -> str:
    """The e-bill's verification QR: a link of one of several platforms, or the comma form with a trailing hash."""
    no, amt, d = v["invoice_number"], f"{v['total_amount']:.2f}", v["invoice_date"]
    return rng.choice((
        f"https://einvoice.gdczt.gov.cn/billcheck?no={no}&code={code}&amt={amt}&chk={check}&date={d:%Y%m%d}",
        f"https://pjcy.gdczt.gov.cn/check/index?billCode={code}&billNo={no}&random={check}&total={amt}"
        f"&billDate={d:%Y-%m-%d}",
        f"http://www.chinaeinv.com/p.jspa?c={code}&n={no}&r={check}&a={amt}&d={d:%Y%m%d}",
        f"01,{code},{no},{check},{amt},{d:%Y%m%d},{rng.getrandbits(32):08X}",
    ))


def einvoice_a4(rng: random.Random, v: Values) -> Image.Image:
    """医疗住院收费电子票据 downloaded and printed on A4: QR top right, label-over-value header cells,
    one-column item table, a long 其他信息 block (统筹/账户/现金, 自付/自费, 预缴/退费); hospital often only in
    the seal."""
    c = a4(rng)
    u = c.w / 1240
    form = rng.choice(((150, 45, 40), (140, 85, 40), INK))
    x0, x1 = 70 * u, c.w - 70 * u
    code, check = "4405" + random_digits(rng, 4), f"{rng.getrandbits(24):06x}"
    qr = int(190 * u)
    paste_qr(c, int(x1 - qr), int(45 * u), _bill_payload(rng, v, code, check), qr)
    title = rng.choice(("医疗住院收费电子票据", "广东省住院医疗收费电子票据", "医疗收费票据（电子）"))
    mid = (x0 + x1 - qr) / 2
    c.text(mid, 120 * u, title, c.fit(title, int(48 * u), x1 - x0 - 2 * qr, bold=True), bold=True, fill=form,
           anchor="ms", tracking=3 * u)
    c.line(mid - 300 * u, 140 * u, mid + 300 * u, 140 * u, 2, form)
    c.line(mid - 300 * u, 147 * u, mid + 300 * u, 147 * u, 2, form)
    sup = rng.choice((("财政部票据监制章", ""), ("广东省财政厅", "票据监制章")))
    seal(c.img, mid, 200 * u, 90 * u, rng, sup[0], sup[1], ry=55 * u, star=False)
    ds = ("iso", "cn0", "slash")
    cells = [
        [("票据代码", code, 0.2), ("票据号码", v["invoice_number"], 0.28), ("校验码", check, 0.2),
         (rng.choice(("开票日期", "开具日期")), date_text(rng, v["invoice_date"], ds), 0.32)],
        [("交款人统一社会信用代码", v["id_number"], 0.38),
         (rng.choice(("交款人", "患者姓名", "就诊人")), v["name"], 0.24),
         ("性别", v["sex"], 0.12), ("医保类型", _insurance(v), 0.26)],
    ]
    y = 285 * u
    for row in cells:
        cx = x0
        for label, value, frac in row:
            cw = frac * (x1 - x0)
            c.rect(cx, y, cx + cw, y + 92 * u, 2, form)
            c.text(cx + 12 * u, y + 30 * u, label, int(20 * u), fill=form)
            c.text(cx + 12 * u, y + 74 * u, value, c.fit(value, int(28 * u), cw - 24 * u, "mono"), "mono")
            cx += cw
        y += 92 * u
    y += 45 * u
    c.text(x0, y, f"业务流水号：{random_digits(rng, 18)}    住院号：{v['inpatient_no']}    科室：{v['department']}",
           int(22 * u), "mono")
    y += 20 * u
    widths = [f * (x1 - x0) for f in (0.08, 0.34, 0.1, 0.1, 0.2, 0.18)]
    rows: list[list] = [["序号", "项目名称", "数量", "单位", "金额（元）", "备注"]]
    for k, (cat, _, amount) in enumerate(_grouped(v), 1):
        rows.append([str(k), cat, "1", "项", f"{amount:.2f}", ""])
    rows += [[None] * 6] * max(0, 9 - len(rows))
    y = c.table(x0, y, widths, 44 * u, rows, int(23 * u), align="clccrc", line=form, lw=1, bold_rows=(0,), outer=3)
    total = v["total_amount"]
    y = c.table(x0, y, [f * (x1 - x0) for f in (0.2, 0.44, 0.12, 0.24)], 56 * u,
                [["金额合计（大写）", money_upper(total), "（小写）", fmt_money(total, "yen")]], int(25 * u),
                align="clcl", line=form, outer=3)
    account, cash = _own_split(rng, v)
    own = round(account + cash, 2)
    self_fee = round(own * rng.uniform(0.02, 0.3), 2)
    deposit, refund = _deposit(rng, v, cash)
    fund = rng.choice(("医保统筹基金支付", "基本医疗保险统筹基金支付", "统筹基金支付"))
    kind = "中医医院" if "中医" in v["hospital"] else "卫生院" if "卫生" in v["hospital"] else "综合医院"
    info = [f"{fund}：{v['insurance_paid']:.2f}   其他支付：0.00   个人账户支付：{account:.2f}   "
            f"个人现金支付：{cash:.2f}",
            f"个人自付：{own - self_fee:.2f}   个人自费：{self_fee:.2f}   医疗机构类型：{kind}",
            f"住院时间：{v['admission_date']:%Y%m%d}-{v['discharge_date']:%Y%m%d}   医保编号：{random_digits(rng, 10)}",
            f"预缴金额：{deposit:.2f}   补缴金额：0.00   退费金额：{refund:.2f}"]
    top, lw = y, 0.16 * (x1 - x0)
    for line in info:
        y += 40 * u
        c.text(x0 + lw + 14 * u, y, line, c.fit(line, int(21 * u), x1 - x0 - lw - 24 * u), "mono")
    y += 22 * u
    c.rect(x0, top, x1, y, 3, form)
    c.line(x0 + lw, top, x0 + lw, y, 2, form)
    c.text(x0 + lw / 2, (top + y) / 2, "其他信息", int(24 * u), fill=form, anchor="mm")
    y += 60 * u
    end = c.text(x0 + 10 * u, y, "收款单位（章）：", int(24 * u), fill=form)
    if rng.random() < 0.35:
        c.text(end, y, v["hospital"], int(24 * u))
    c.kv(x0 + 0.6 * (x1 - x0), y, "复核人", random_name(rng), int(24 * u), label_fill=form)
    c.kv(x0 + 0.8 * (x1 - x0), y, "收款人", v["cashier"], int(24 * u), label_fill=form)
    seal(c.img, x0 + 300 * u, y - 35 * u, 108 * u, rng, v["hospital"], rng.choice(("收费专用章", "财务专用章")))
    y += 50 * u
    printed = _later(rng, v["invoice_date"], 1, 40)
    c.text(x1, y, f"打印时间：{printed:%Y-%m-%d} {_clock(rng, 8, 20, True)}", int(18 * u), fill=GREY, anchor="rs")
    if rng.random() < 0.5:
        return c.crop_to(y + 80 * u)
    c.text(c.w / 2, c.h - 80 * u, "本票据为电子票据打印件，可扫描二维码或登录票据查验平台查验真伪", int(20 * u),
           fill=GREY, anchor="ms")
    return c.img


def dot_matrix_receipt(rng: random.Random, v: Values) -> Image.Image:
    """医疗机构住院收费收据 on a preprinted carbon-copy form (portrait, two-column category grid), its values
    dot-matrix printed and misregistered; 医保 figures in the 备注 box; the hospital mostly only in the seal."""
    w = rng.randint(1050, 1250)
    tint = rng.choice(((250, 240, 242), (240, 248, 240), (246, 246, 238)))
    c = Canvas(w, int(w * 1.3), tint)
    u = w / 1150
    form = rng.choice((FORM_GREEN, (180, 60, 70), FORM_BLUE))
    dx, dy = misregistered(rng, 20 * u)
    size, ls = int(27 * u), int(25 * u)
    x0, x1 = 80 * u, w - 80 * u

    def out(x: float, y: float, s: str) -> float:
        """The printer's line at the form position (x, y), off by the feed error."""
        return dot_matrix(c, x + dx + rng.uniform(-2, 2) * u, y + dy, s, size, rng)

    title = rng.choice(("医疗机构住院收费收据", "广东省医疗机构住院收费收据", "住院医疗费用收据"))
    c.text(w / 2, 95 * u, title, c.fit(title, int(50 * u), x1 - x0 - 100 * u, "serif", True), "serif", True, form,
           "ms", tracking=4 * u)
    c.line(w / 2 - 280 * u, 112 * u, w / 2 + 280 * u, 112 * u, 3, form)
    c.kv(x0, 165 * u, "票据代码", f"粤财{random_digits(rng, 6)}", ls, label_fill=form, value_fill=form)
    c.text(x1 - 260 * u, 165 * u, "№", int(36 * u), fill=RED_INK)
    c.text(x1 - 215 * u, 165 * u, v["invoice_number"], int(38 * u), "latin_mono", True, RED_INK)
    c.vtext(x1 + 40 * u, 300 * u, "第一联收据联交款人收执", int(22 * u), fill=form)
    rh, y = 64 * u, 190 * u
    top = y
    for labels in (("姓名", "住院号", "科别"), ("医保类型", "社会保障号码")):
        cw = (x1 - x0) / len(labels)
        for k, label in enumerate(labels):
            c.text(x0 + k * cw + 12 * u, y + 42 * u, label, ls, fill=form)
            if k:
                c.line(x0 + k * cw, y, x0 + k * cw, y + rh, 1, form)
        c.line(x0, y + rh, x1, y + rh, 1, form)
        y += rh
    stay = [("住院日期", x0 + 12 * u)] + [(t, x0 + off * u) for t, off in
                                      (("年", 290), ("月", 370), ("日至", 450), ("年", 650), ("月", 730), ("日", 810))]
    for label, x in stay:
        c.text(x, y + 42 * u, label, ls, fill=form)
    c.text(x0 + 880 * u, y + 42 * u, "共      天", ls, fill=form)
    c.line(x0, y + rh, x1, y + rh, 1, form)
    values = [[v["name"], v["inpatient_no"], v["department"]], [_insurance(v), v["id_number"]]]
    for r, row in enumerate(values):
        cw = (x1 - x0) / len(row)
        for k, value in enumerate(row):
            out(x0 + k * cw + 130 * u + (60 * u if r else 0), top + r * rh + 44 * u, value)
    adm, dis = v["admission_date"], v["discharge_date"]
    for num, off in ((adm.year, 200), (adm.month, 330), (adm.day, 410), (dis.year, 560), (dis.month, 690),
                     (dis.day, 770), (_days(v), 925)):
        out(x0 + off * u, y + 44 * u, f"{num:02d}")
    y += rh
    c.text(x0 + 0.25 * (x1 - x0), y + 40 * u, "收 费 项 目", ls, fill=form, anchor="ms")
    c.text(x0 + 0.75 * (x1 - x0), y + 40 * u, "收 费 项 目", ls, fill=form, anchor="ms")
    sums = {cat: amount for cat, _, amount in _grouped(v)}
    for r in range(6):
        yy = y + (r + 1) * 56 * u
        c.line(x0, yy, x1, yy, 1, form)
        for g in range(2):
            cat = CATEGORIES[g * 6 + r]
            c.text(x0 + g * 0.5 * (x1 - x0) + 20 * u, yy + 38 * u, cat, ls, fill=form)
            if cat in sums:
                out(x0 + g * 0.5 * (x1 - x0) + 230 * u, yy + 40 * u, f"{sums[cat]:>9.2f}")
    for k, frac in ((1, 0.25), (2, 0.5), (1, 0.75)):
        c.line(x0 + frac * (x1 - x0), y + 56 * u, x0 + frac * (x1 - x0), y + 7 * 56 * u, k, form)
    y += 7 * 56 * u
    c.line(x0, y, x1, y, 2, form)
    c.text(x0 + 12 * u, y + 44 * u, "合计人民币（大写）", ls, fill=form)
    out(x0 + 250 * u, y + 46 * u, money_upper(v["total_amount"]))
    c.text(x0 + 0.7 * (x1 - x0), y + 44 * u, "¥", ls, fill=form)
    out(x0 + 0.7 * (x1 - x0) + 30 * u, y + 46 * u, f"{v['total_amount']:.2f}")
    y += rh
    c.line(x0, y, x1, y, 2, form)
    account, cash = _own_split(rng, v)
    deposit, refund = _deposit(rng, v, cash)
    fund = rng.choice(("统筹支付", "医保统筹基金支付", "统筹基金支付"))
    notes = [f"{fund}:{v['insurance_paid']:.2f}  个人账户支付:{account:.2f}",
             f"个人现金支付:{cash:.2f}  预交金:{deposit:.2f}  退款:{refund:.2f}",
             f"机打票号:{v['invoice_number']}  结算流水:{random_digits(rng, 12)}"]
    c.text(x0 + 12 * u, y + 44 * u, "备注", ls, fill=form)
    c.line(x0 + 90 * u, y, x0 + 90 * u, y + 3 * 50 * u + 20 * u, 1, form)
    for k, line in enumerate(notes):
        out(x0 + 110 * u, y + (k + 1) * 50 * u, line)
    y += 3 * 50 * u + 20 * u
    c.rect(x0, top, x1, y, 3, form)
    y += 70 * u
    c.text(x0, y, "收款单位（盖章）", ls, fill=form)
    if rng.random() < 0.4:
        out(x0 + 200 * u, y + 2 * u, v["hospital"])
    c.text(x0 + 0.3 * (x1 - x0), y + 70 * u, "收款人", ls, fill=form)
    out(x0 + 0.3 * (x1 - x0) + 100 * u, y + 72 * u, v["cashier"])
    c.text(x0 + 0.62 * (x1 - x0), y + 70 * u, "开票日期", ls, fill=form)
    out(x0 + 0.62 * (x1 - x0) + 120 * u, y + 72 * u, date_text(rng, v["invoice_date"], ("iso", "compact", "dot")))
    seal(c.img, x0 + 190 * u, y + 10 * u, 112 * u, rng, v["hospital"], rng.choice(("收费专用章", "财务专用章")))
    return c.crop_to(y + 150 * u)


# ---- expense lists --------------------------------------------------------------------------------------------

def grouped_items(rng: random.Random, v: Values) -> Image.Image:
    """住院费用明细清单 of a county HIS: letterhead with logo and English name, patient facts as column headers
    with values beneath, items grouped under category headings with their 小计, 预交金 and 应退 below the total."""
    c = a4(rng)
    u = c.w / 1240
    x0, x1 = 60 * u, c.w - 60 * u
    color = rng.choice(((20, 90, 140), (150, 30, 40), (20, 110, 80)))
    y = _letterhead(c, v["hospital"], x0, 40 * u, u, color)
    c.line(x0, y + 5 * u, x1, y + 5 * u, 3, color)
    c.line(x0, y + 11 * u, x1, y + 11 * u, 1, color)
    title = rng.choice(("住院费用明细清单", "住院病人费用明细", "病人费用明细表"))
    c.text(c.w / 2, y + 75 * u, title, int(38 * u), bold=True, anchor="ms", tracking=6 * u)
    ds = (rng.choice(("iso", "dot", "slash")),)
    head = [("住院号", v["inpatient_no"]), (rng.choice(("姓名", "患者姓名", "病人姓名")), v["name"]),
            ("性别", v["sex"]), ("年龄", str(v["age"])), ("科室", v["department"]), ("床号", v["bed"]),
            ("入院日期", date_text(rng, v["admission_date"], ds)),
            ("出院日期", date_text(rng, v["discharge_date"], ds)), ("费别", _insurance(v))]
    widths = [f * (x1 - x0) for f in (0.11, 0.1, 0.06, 0.06, 0.12, 0.07, 0.16, 0.16, 0.16)]
    y += 100 * u
    c.rect(x0, y, x1, y + 42 * u, 0, None, SHADE)
    y = c.table(x0, y, widths, 42 * u, [[h[0] for h in head], [h[1] for h in head]], int(21 * u), lw=1,
                pad=4 * u, outer=2)
    cols = (0.40, 0.08, 0.13, 0.09, 0.15, 0.15)
    xs = [x0 + sum(cols[:k]) * (x1 - x0) for k in range(len(cols) + 1)]
    y += 40 * u
    s = int(21 * u)
    for k, label in enumerate(("项目名称", "单位", "单价", "数量", "金额", "医保类别")):
        c.text(xs[k] + 10 * u if k == 0 else (xs[k] + xs[k + 1]) / 2, y, label, s, bold=True,
               anchor="ls" if k == 0 else "ms")
    c.line(x0, y + 12 * u, x1, y + 12 * u, 2)
    groups = _grouped(v)
    rh = min(36 * u, (c.h - y - 330 * u) / (len(v["items"]) + len(groups)))
    for cat, items, subtotal in groups:
        y += rh
        c.text(x0 + 4 * u, y, f"【{cat}】", s, bold=True)
        c.text(xs[6] - 8 * u, y, f"小计：{subtotal:.2f}", s, bold=True, anchor="rs")
        for name, unit, qty, price, amount, _ in items:
            y += rh
            c.text(xs[0] + 40 * u, y, name, c.fit(name, s, xs[1] - xs[0] - 50 * u))
            c.text((xs[1] + xs[2]) / 2, y, unit, s, anchor="ms")
            c.text(xs[3] - 12 * u, y, f"{price:.2f}", s, anchor="rs")
            c.text(xs[4] - 20 * u, y, str(qty), s, anchor="rs")
            c.text(xs[5] - 12 * u, y, f"{amount:.2f}", s, anchor="rs")
            c.text((xs[5] + xs[6]) / 2, y, rng.choice(("甲类", "甲类", "乙类", "丙类")), s, anchor="ms")
    y += 22 * u
    c.line(x0, y, x1, y, 2)
    y += 52 * u
    total = v["total_amount"]
    label = rng.choice(("费用总额", "总费用", "合计金额"))
    end = c.kv(x0, y, label, fmt_money(total, rng.choice(("plain", "yuan"))), int(27 * u), bold_label=True)
    c.text(end + 30 * u, y, f"（大写：{money_upper(total)}）", int(23 * u))
    account, cash = _own_split(rng, v)
    deposit, refund = _deposit(rng, v, cash)
    y += 48 * u
    pay = (f"预交金：{deposit:.2f}    医保统筹支付：{v['insurance_paid']:.2f}    个人账户：{account:.2f}    "
           f"个人自付：{cash:.2f}    应退金额：{refund:.2f}")
    c.text(x0, y, pay, c.fit(pay, int(22 * u), x1 - x0))
    if rng.random() < 0.5:
        seal(c.img, x1 - 180 * u, y - 20 * u, 100 * u, rng, v["hospital"], rng.choice(("住院收费专用章", "收费专用章")))
    printed = _later(rng, v["discharge_date"], 0, 6)
    c.line(x0, c.h - 95 * u, x1, c.h - 95 * u, 1, GREY)
    c.text(x0, c.h - 60 * u, f"打印人：{v['cashier']}    打印时间：{printed:%Y-%m-%d} {_clock(rng, 8, 18, True)}",
           int(19 * u), fill=GREY)
    c.text(x1, c.h - 60 * u, "第 1 页 共 1 页", int(19 * u), fill=GREY, anchor="rs")
    return c.img


def _insurance_classes(rng: random.Random, groups: list[tuple[str, list[Item], float]]) -> list[list[float]]:
    """Per category: amount, 甲类, 乙类, 丙类, 乙类先行自付, 超限价自付, 符合范围; the largest has a 丙类 part, so
    no class column totals to the whole bill."""
    largest = max(range(len(groups)), key=lambda k: groups[k][2])
    rows = []
    for k, (_, _, amount) in enumerate(groups):
        share = rng.uniform(0.03, 0.2) if k == largest else rng.choice((0.0, 0.0, rng.uniform(0.02, 0.25)))
        c3 = round(amount * share, 2)
        b = round((amount - c3) * rng.uniform(0.0, 0.6), 2)
        a = round(amount - c3 - b, 2)
        rows.append([amount, a, b, c3, round(b * 0.1, 2), 0.0, round(amount - c3, 2)])
    return rows


def settlement_sheet(rng: random.Random, v: Values) -> Image.Image:
    """基本医疗保险住院费用结算单, landscape: patient grid, every category against 甲/乙/丙 and self-pay columns,
    a settlement row of fund and patient shares with labels as headers, signatures and the 医保结算 seal."""
    w = rng.randint(1700, 1840)
    c = Canvas(w, int(w / 1.414), (rng.randint(246, 253),) * 2 + (rng.randint(240, 250),))
    u = w / 1754
    x0, x1 = 55 * u, w - 55 * u
    s = int(21 * u)
    title = rng.choice(("汕头市基本医疗保险住院费用结算单", "医疗保障基金住院结算单", "住院医疗费用结算单"))
    c.text(w / 2, 75 * u, title, int(40 * u), bold=True, anchor="ms", tracking=4 * u)
    y = 125 * u
    c.kv(x0, y, "定点医疗机构", v["hospital"], int(23 * u))
    c.kv(x0 + 0.45 * (x1 - x0), y, "机构编码", f"H4405{random_digits(rng, 7)}", int(23 * u))
    c.kv(x0 + 0.7 * (x1 - x0), y, "结算单号", random_digits(rng, 16), int(23 * u))
    ds = (rng.choice(("iso", "compact", "cn0")),)
    grid = [
        [rng.choice(("姓名", "参保人姓名")), v["name"], "性别", v["sex"], "年龄", str(v["age"]), "身份证号",
         v["id_number"]],
        ["住院号", v["inpatient_no"], "科室", v["department"], "人员类别",
         rng.choice(("城乡居民", "退休人员", "灵活就业")), "参保地", "汕头市潮南区"],
        ["入院日期", date_text(rng, v["admission_date"], ds), "出院日期", date_text(rng, v["discharge_date"], ds),
         "住院天数", str(_days(v)), "医疗类别", "普通住院"],
    ]
    widths = [f * (x1 - x0) for f in (0.08, 0.16, 0.08, 0.14, 0.08, 0.14, 0.08, 0.24)]
    y = c.table(x0, y + 20 * u, widths, 44 * u, grid, s, align="clclclcl", lw=1, outer=3)
    groups = _grouped(v)
    figures = dict(zip([g[0] for g in groups], _insurance_classes(rng, groups)))
    header = ["费用类别", "发生金额", "甲类费用", "乙类费用", "丙类费用", "乙类先行自付", "超限价自付", "符合范围金额"]
    rows = [header]
    for cat in CATEGORIES:
        rows.append([cat] + [f"{x:.2f}" for x in figures.get(cat, [0.0] * 7)])
    sums = [round(sum(f[k] for f in figures.values()), 2) for k in range(7)]
    sums[0] = v["total_amount"]
    rows.append(["合计"] + [f"{x:.2f}" for x in sums])
    widths = [0.16 * (x1 - x0)] + [0.12 * (x1 - x0)] * 7
    y = c.table(x0, y + 18 * u, widths, 36 * u, rows, s, align="c" + "r" * 7, lw=1, bold_rows=(0, len(rows) - 1),
                outer=3)
    account, cash = _own_split(rng, v)
    fund = rng.choice(("统筹基金支付", "基本医疗保险统筹基金支付"))
    threshold = rng.choice((300.0, 500.0, 800.0))
    settle = [["医疗费总额", "起付标准", fund, "大病保险支付", "医疗救助支付", "个人账户支付", "个人现金支付"],
              [f"{v['total_amount']:.2f}", f"{threshold:.2f}", f"{v['insurance_paid']:.2f}", "0.00", "0.00",
               f"{account:.2f}", f"{cash:.2f}"]]
    c.rect(x0, y + 18 * u, x1, y + 58 * u, 0, None, SHADE)
    y = c.table(x0, y + 18 * u, [(x1 - x0) / 7] * 7, 40 * u, settle, s, lw=1, bold_rows=(0,), outer=3)
    y += 45 * u
    c.text(x0, y, f"医疗费总额（大写）：{money_upper(v['total_amount'])}", int(23 * u))
    c.text(x0 + 0.55 * (x1 - x0), y, f"个人负担合计：{account + cash:.2f}   本年度累计统筹支付："
                                     f"{v['insurance_paid'] + rng.randint(1, 40) * 100 + 0.5:.2f}", int(23 * u))
    y += 60 * u
    settled = f"{v['discharge_date']:%Y-%m-%d} {_clock(rng, 8, 17, True)}"
    for frac, text in ((0.0, "参保人（签字）："), (0.28, f"经办人：{v['cashier']}"), (0.5, f"结算时间：{settled}"),
                       (0.78, "医疗机构（盖章）")):
        c.text(x0 + frac * (x1 - x0), y, text, int(23 * u))
    seal(c.img, x1 - 150 * u, y - 20 * u, 95 * u, rng, v["hospital"], rng.choice(("医保结算专用章", "住院收费专用章")))
    return c.crop_to(y + 125 * u)


# ---- discharge summaries --------------------------------------------------------------------------------------

def prose_record(rng: random.Random, v: Values) -> Image.Image:
    """出院记录 of a county hospital EMR: running page header, letterhead with logo and English name, the patient's
    facts in an opening sentence, sections under their own headings, numbered diagnoses, 病案复印 seal."""
    c = a4(rng)
    u = c.w / 1240
    face = rng.choice(("sans", "serif"))
    x0, x1, s = 100 * u, c.w - 100 * u, int(26 * u)
    head = f"科室：{v['department']}    床号：{v['bed']}    住院号：{v['record_no']}"
    if rng.random() < 0.6:
        head = f"姓名：{v['name']}    " + head
    c.text(x0, 55 * u, head, int(19 * u), fill=GREY)
    c.text(x1, 55 * u, "第 1 页", int(19 * u), fill=GREY, anchor="rs")
    c.line(x0, 68 * u, x1, 68 * u, 1, GREY)
    y = _letterhead(c, v["hospital"], x0, 90 * u, u, rng.choice((FORM_BLUE, FORM_GREEN, (150, 30, 40))), True)
    c.text(c.w / 2, y + 65 * u, rng.choice(("出 院 记 录", "出院记录", "出院小结")), int(42 * u), face, True,
           anchor="ms")
    style = rng.choice(("cn0_hm", "cn", "iso_hm"))

    def when(d: date) -> str:
        if style == "cn":
            return fmt_date(d, "cn")
        if style == "cn0_hm":
            return f"{fmt_date(d, 'cn0')}{rng.randint(0, 23):02d}时{rng.randint(0, 59):02d}分"
        return f"{d.isoformat()} {_clock(rng)}"

    parts = _parts(v)
    story = _stay_story(rng, v)
    opening = (f"患者{v['name']}，{v['sex']}，{v['age']}岁，因“{v['event']}致伤处疼痛、活动受限”"
               f"于{when(v['admission_date'])}"
               f"入院，于{when(v['discharge_date'])}出院，共住院{_days(v)}天。")
    y = c.para(x0, y + 140 * u, x1 - x0, opening, s, face, leading=1.75, indent=2)
    blocks: list[tuple[str, list[str]]] = [
        ("入院情况", [story["入院情况"]]), ("入院诊断", [parts[0]]), ("诊疗经过", [story["诊疗经过"]]),
        (rng.choice(("出院诊断", "出院诊断（西医）")), _numbered(rng, parts) if len(parts) > 1 or rng.random() < 0.5
         else parts),
        ("出院情况", [story["出院情况"]]), ("出院医嘱", _numbered(rng, list(ADVICE))),
    ]
    for label, lines in blocks:
        y += 12 * u
        c.text(x0, y, f"{label}：", s, face, True)
        for line in lines:
            y = c.para(x0 + 2 * s, y + s * 1.7, x1 - x0 - 2 * s, line, s, face, leading=1.7) - s * 1.7
        y += s * 1.9
    y += 40 * u
    c.text(x0 + 0.45 * (x1 - x0), y, "医师签名：", s, face)
    signature(c, x0 + 0.45 * (x1 - x0) + 140 * u, y - 40 * u, 50 * u, v["doctor"], rng)
    y += 70 * u
    c.text(x0 + 0.45 * (x1 - x0), y, f"记录日期：{fmt_date(v['discharge_date'], 'cn0')}", s, face)
    if rng.random() < 0.7:
        seal(c.img, x0 + 200 * u, y - 50 * u, 110 * u, rng, v["hospital"], "病案复印专用章")
    printed = _later(rng, v["discharge_date"], 2, 45)
    c.line(x0, c.h - 90 * u, x1, c.h - 90 * u, 1, GREY)
    c.text(x0, c.h - 58 * u, f"打印时间：{printed:%Y-%m-%d} {_clock(rng, 8, 17)}", int(19 * u), fill=GREY)
    c.text(x1, c.h - 58 * u, "第1页/共1页", int(19 * u), fill=GREY, anchor="rs")
    return c.img


def _stay_range(rng: random.Random, v: Values) -> str:
    """The stay as one range, as EMR headers print it."""
    adm, dis = v["admission_date"], v["discharge_date"]
    style = rng.choice(("dot", "iso_time", "cn0"))
    if style == "dot":
        return f"{fmt_date(adm, 'dot')}—{fmt_date(dis, 'dot')}"
    if style == "cn0":
        return f"{fmt_date(adm, 'cn0')} 至 {fmt_date(dis, 'cn0')}"
    return f"{adm.isoformat()} {_clock(rng)} 至 {dis.isoformat()} {_clock(rng, 8, 17)}"


def emr_tables(rng: random.Random, v: Values) -> Image.Image:
    """出院小结 of a tertiary hospital EMR: barcode strip, facts as column headers over their values, the stay as one
    range, diagnoses in a table with ICD-10 codes and 转归, sections under bar-marked headings."""
    c = a4(rng)
    u = c.w / 1240
    x0, x1, s = 70 * u, c.w - 70 * u, int(24 * u)
    accent = rng.choice(((30, 80, 150), (0, 110, 110), (120, 40, 100)))
    barcode(c, x1 - 300 * u, 40 * u, 300 * u, 55 * u, rng)
    c.text(x1 - 150 * u, 122 * u, v["record_no"], int(20 * u), "latin_mono", anchor="ms")
    c.kv(x0, 75 * u, "患者ID", random_digits(rng, 10), int(20 * u), value_face="latin_mono", label_fill=GREY)
    hsize = c.fit(v["hospital"], int(40 * u), x1 - x0, bold=True)
    c.text(c.w / 2, 170 * u, v["hospital"], hsize, bold=True, anchor="ms")
    c.text(c.w / 2, 228 * u, "出院小结", int(36 * u), bold=True, anchor="ms", tracking=10 * u)
    y = 250 * u
    if rng.random() < 0.5:
        c.text(c.w / 2, 262 * u, "DISCHARGE SUMMARY", int(18 * u), "latin", fill=GREY, anchor="ms")
        y += 20 * u
    ward = f"{v['department']}{rng.choice('一二三')}病区"
    top = [[rng.choice(("姓名", "患者姓名")), "性别", "年龄", "科室", "病区", "床号", "住院号"],
           [v["name"], v["sex"], f"{v['age']}岁", v["department"], ward, v["bed"], v["record_no"]]]
    widths = [f * (x1 - x0) for f in (0.16, 0.09, 0.09, 0.18, 0.18, 0.1, 0.2)]
    c.rect(x0, y, x1, y + 42 * u, 0, None, SHADE)
    y = c.table(x0, y, widths, [42 * u, 54 * u], top, s, lw=1, bold_rows=(0,), outer=2)
    stay = [[rng.choice(("住院时间", "住院日期")), "住院天数", "入院途径", "离院方式"],
            [_stay_range(rng, v), f"{_days(v)}天", rng.choice(("急诊", "门诊")), "医嘱离院"]]
    c.rect(x0, y, x1, y + 42 * u, 0, None, SHADE)
    y = c.table(x0, y, [f * (x1 - x0) for f in (0.5, 0.14, 0.16, 0.2)], [42 * u, 54 * u], stay, s, lw=1,
                bold_rows=(0,), outer=2)
    parts = _parts(v)
    y += 55 * u
    c.kv(x0, y, "入院诊断", parts[0], s, bold_label=True)
    y += 45 * u
    c.text(x0, y, rng.choice(("出院诊断", "出院诊断 Discharge Diagnosis")), s, bold=True)
    rows = [["诊断类别", "诊断名称", "ICD-10编码", "入院病情", "转归"]]
    for k, p in enumerate(parts):
        rows.append(["主要诊断" if k == 0 else "其他诊断", p, ICD10.get(p, ""), "有",
                     rng.choice(("好转", "好转", "治愈"))])
    c.rect(x0, y + 15 * u, x1, y + 57 * u, 0, None, SHADE)
    y = c.table(x0, y + 15 * u, [f * (x1 - x0) for f in (0.15, 0.43, 0.16, 0.12, 0.14)], 42 * u, rows, s,
                align="clccc", lw=1, bold_rows=(0,), outer=2)
    story = _stay_story(rng, v)
    sections = [("入院情况", story["入院情况"]), ("诊疗经过", story["诊疗经过"]), ("出院情况", story["出院情况"]),
                ("出院医嘱", "  ".join(_numbered(rng, list(ADVICE))))]
    for label, body in sections:
        y += 55 * u
        c.rect(x0, y - s * 0.9, x0 + 8 * u, y + s * 0.1, 0, None, accent)
        c.text(x0 + 20 * u, y, label, s, bold=True, fill=accent)
        y = c.para(x0 + 20 * u, y + s * 1.6, x1 - x0 - 20 * u, body, s, leading=1.6) - s * 1.6
    y += 100 * u
    for frac, label, who in ((0.0, "住院医师：", v["doctor"]), (0.35, "主治医师：", v["chief"])):
        c.text(x0 + frac * (x1 - x0), y, label, s)
        signature(c, x0 + frac * (x1 - x0) + 125 * u, y - 38 * u, 48 * u, who, rng)
    c.kv(x0 + 0.7 * (x1 - x0), y, "日期", date_text(rng, v["discharge_date"], ("iso", "cn0")), s)
    printed = _later(rng, v["discharge_date"], 1, 30)
    c.text(c.w / 2, c.h - 55 * u, "第 1 页 共 1 页", int(19 * u), fill=GREY, anchor="ms")
    c.text(x1, c.h - 55 * u, f"打印：{printed:%Y/%m/%d} {_clock(rng, 8, 17)}", int(19 * u), fill=GREY, anchor="rs")
    return c.img


# ---- outpatient records ---------------------------------------------------------------------------------------

def handwritten_sheet(rng: random.Random, v: Values) -> Image.Image:
    """门（急）诊病历 single sheet: preprinted header with blanks filled by hand, sometimes a printed HIS sticker,
    the note handwritten in ballpoint on ruled lines (date, complaint, findings, numbered diagnoses, plan)."""
    w = rng.randint(1000, 1200)
    c = Canvas(w, int(w * 1.38), (rng.randint(244, 252), rng.randint(242, 250), rng.randint(228, 240)))
    u = w / 1100
    form = rng.choice((FORM_BLUE, FORM_GREEN, (70, 70, 76), FORM_BROWN))
    hs, ls = int(34 * u), int(24 * u)
    x0, x1 = 70 * u, w - 70 * u
    c.text(w / 2, 80 * u, v["hospital"], c.fit(v["hospital"], int(38 * u), w - 580 * u, "serif", True), "serif", True,
           form, "ms")
    c.text(w / 2, 140 * u, rng.choice(("门 诊 病 历", "门（急）诊病历", "门诊病历记录")), int(34 * u), "serif", True,
           form, "ms", tracking=4 * u)
    y = 220 * u
    fields = (("姓名", 0, 230), ("性别", 300, 80), ("年龄", 450, 120), ("科别", 640, 180))
    for label, off, blank in fields:
        end = c.text(x0 + off * u, y, label, ls, fill=form)
        c.line(end + 6 * u, y + 6 * u, end + (6 + blank) * u, y + 6 * u, 1, form)
    for value, off in ((v["name"], 70), (v["sex"], 370), (f"{v['age']}岁", 515), (v["department"], 710)):
        _pen(c, x0 + off * u, y - 2 * u, value, hs, rng)
    d = v["visit_date"]
    y += 65 * u
    header_date = rng.random() < 0.5
    if header_date:
        end = c.text(x0, y, "就诊日期", ls, fill=form)
        for num, label, off in ((d.year, "年", 110), (d.month, "月", 60), (d.day, "日", 60)):
            _pen(c, end + 12 * u, y - 2 * u, str(num), hs, rng)
            end = c.text(end + off * u + 12 * u, y, label, ls, fill=form)
    c.kv(x0 + 520 * u, y, "门诊号", v["record_no"], ls, label_fill=form, value_face="latin_mono", value_fill=form)
    if rng.random() < 0.5:  # the HIS label stuck on at registration
        sx, sy = 22 * u, 14 * u
        c.rect(sx + 4 * u, sy + 4 * u, sx + 274 * u, sy + 109 * u, 0, None, (205, 205, 200))
        c.rect(sx, sy, sx + 270 * u, sy + 105 * u, 1, (190, 190, 190), (253, 253, 253))
        barcode(c, sx + 12 * u, sy + 10 * u, 246 * u, 32 * u, rng)
        c.text(sx + 12 * u, sy + 68 * u, f"{v['name']} {v['sex']} {v['age']}岁 {v['department']}", int(18 * u))
        c.text(sx + 12 * u, sy + 94 * u, f"ID:{v['record_no']} {d:%Y-%m-%d}", int(18 * u), "latin_mono")
    pitch, top = 64 * u, y + 40 * u
    for k in range(int((c.h - top - 90 * u) / pitch)):
        c.line(x0 - 20 * u, top + (k + 1) * pitch, x1 + 20 * u, top + (k + 1) * pitch, 1, (175, 195, 215))
    parts = _parts(v)
    label = rng.choice(("诊断", "初步诊断", "印象"))
    lines = []
    if not header_date:
        lines.append(f"{d.year}.{d.month}.{d.day}" + (f"  {_clock(rng, 8, 20)}" if rng.random() < 0.5 else ""))
    lines.append(f"{v['event']}致伤处痛、活动受限{rng.choice(('2h', '3h', '半天', '1天'))}。")
    lines += [rng.choice(("既往高血压史。", "否认慢性病史。", "既往体健。")),
              f"查：神清，BP {rng.randint(120, 170)}/{rng.randint(65, 95)}mmHg，局部肿胀，压痛(+)，活动受限。",
              f"X线示：{parts[0]}。"]
    diagnoses = _numbered(rng, parts) if len(parts) > 1 else parts
    lines += [f"{label}：{item}" if k == 0 else f"      {item}" for k, item in enumerate(diagnoses)]
    lines.append(rng.choice(("处理：1.石膏托外固定 2.止痛对症 3.一周复诊", "处理：建议住院手术治疗",
                             "处理：清创缝合，TAT 1500U im，定期换药")))
    y = top + pitch - 12 * u
    for line in lines:
        for chunk in c.wrap(line, hs, x1 - x0, "serif"):
            _pen(c, x0 + rng.uniform(0, 15) * u, y, chunk, hs, rng)
            y += pitch
    c.text(x1 - 300 * u, y + 10 * u, "医师签名：", ls, fill=form)
    signature(c, x1 - 180 * u, y - 30 * u, 55 * u, v["doctor"], rng)
    c.text(w / 2, c.h - 45 * u, "请妥善保管，复诊时带来", int(20 * u), fill=form, anchor="ms")
    return c.img


RX = (("塞来昔布胶囊", "0.2g×6粒", "口服 0.2g qd", "1盒"), ("伤科接骨片", "0.33g×36片", "口服 4片 tid", "2盒"),
      ("碳酸钙D3片", "600mg×30片", "口服 1片 qd", "1盒"), ("氟比洛芬凝胶贴膏", "40mg×6贴", "外用 bid", "1盒"),
      ("活血止痛胶囊", "0.5g×48粒", "口服 3粒 tid", "2盒"), ("头孢克肟胶囊", "0.1g×12粒", "口服 0.1g bid", "1盒"))


def bilingual_emr(rng: random.Random, v: Values) -> Image.Image:
    """门诊病历 Outpatient Medical Record printed from an EMR with bilingual labels: logo letterhead with English
    name, two-column patient form, headed sections, numbered diagnoses, a prescription table, follow-up date."""
    c = a4(rng)
    u = c.w / 1240
    x0, x1, s = 80 * u, c.w - 80 * u, int(24 * u)
    accent = rng.choice(((0, 105, 120), (30, 80, 150), (130, 30, 50)))
    _letterhead(c, v["hospital"], x0, 40 * u, u, accent, max_w=620)
    c.text(x1, 85 * u, "门诊病历", int(34 * u), bold=True, anchor="rs")
    c.text(x1, 118 * u, "Outpatient Medical Record", int(18 * u), "latin", fill=GREY, anchor="rs")
    c.line(x0, 165 * u, x1, 165 * u, 4, accent)
    visit = f"{date_text(rng, v['visit_date'], ('iso', 'slash', 'cn0'))} {_clock(rng, 8, 21)}"
    pairs = [("姓名", "Name", v["name"]), ("门诊号", "OPD No.", v["record_no"]), ("性别", "Sex", v["sex"]),
             ("就诊时间", "Visit Time", visit), ("年龄", "Age", f"{v['age']}岁"),
             ("费别", "Payment", rng.choice(("城乡居民医保", "职工医保", "自费"))), ("科室", "Dept.", v["department"]),
             ("身份证号", "ID No.", v["id_number"])]
    y = 215 * u
    half = (x1 - x0) / 2
    for k, (cn, en, value) in enumerate(pairs):
        x, yy = x0 + (k % 2) * half, y + (k // 2) * 46 * u
        end = c.text(x, yy, cn, int(21 * u), fill=GREY)
        c.text(end + 6 * u, yy, en, int(15 * u), "latin", fill=GREY)
        c.text(x + 190 * u, yy, value, c.fit(value, s, half - 200 * u))
    y += 4 * 46 * u
    c.dashed(x0, y - 10 * u, x1, y - 10 * u, 1, GREY)
    parts = _parts(v)
    sections = [
        ("主诉", "Chief Complaint", [f"{v['event']}致伤处疼痛、活动受限{rng.choice(('2小时', '5小时', '1天'))}。"]),
        ("现病史", "History of Present Illness", [f"患者{rng.choice(('今日', '昨日'))}{v['event']}，伤后感伤处疼痛，"
                                                "活动受限，无昏迷、胸闷、腹痛，未经处理，遂来我院就诊。"]),
        ("体格检查", "Physical Examination", [f"T {rng.uniform(36.2, 37.3):.1f}℃  BP {rng.randint(120, 170)}/"
                                            f"{rng.randint(65, 95)}mmHg，神清，伤处肿胀，压痛(+)，"
                                            "活动受限，末梢血运可。"]),
        ("辅助检查", "Investigations", [f"{rng.choice(('X线', 'CT'))}：{parts[0]}。"]),
        (rng.choice(("诊断", "初步诊断")), "Diagnosis", _numbered(rng, parts) if len(parts) > 1 else parts),
        ("处理", "Treatment",
         [rng.choice(("予手法复位、石膏托外固定，嘱抬高患肢。", "建议住院进一步治疗，患者及家属表示理解。",
                                          "予清创缝合，肌注破伤风抗毒素，定期换药。"))]),
    ]
    for cn, en, lines in sections:
        y += 42 * u
        end = c.text(x0, y, cn, int(25 * u), bold=True, fill=accent)
        c.text(end + 10 * u, y, en, int(17 * u), "latin", fill=GREY)
        y += 8 * u
        for line in lines:
            y = c.para(x0 + 24 * u, y + s * 1.55, x1 - x0 - 24 * u, line, s, leading=1.55) - s * 1.55
        y += 10 * u
    y += 40 * u
    c.text(x0, y, "处方 Prescription", int(22 * u), bold=True, fill=accent)
    rx = [["药品名称 Drug", "规格 Spec.", "用法用量 Usage", "数量 Qty"]] + [list(r) for r in rng.sample(RX, 3)]
    y = c.table(x0, y + 15 * u, [f * (x1 - x0) for f in (0.34, 0.22, 0.3, 0.14)], 42 * u, rx, int(21 * u),
                align="lllc", line=GREY, lw=1, bold_rows=(0,))
    y += 70 * u
    follow = _later(rng, v["visit_date"], 7, 14)
    c.text(x0, y, f"复诊日期 Follow-up：{follow:%Y-%m-%d}", int(22 * u))
    c.text(x0 + 0.55 * (x1 - x0), y, "医生签名 Physician：", int(22 * u))
    signature(c, x0 + 0.55 * (x1 - x0) + 230 * u, y - 40 * u, 50 * u, v["doctor"], rng)
    printed = _later(rng, v["visit_date"], 1, 30)
    c.dashed(x0, c.h - 95 * u, x1, c.h - 95 * u, 1, GREY)
    c.text(x0, c.h - 60 * u, f"打印时间 Printed：{printed:%Y-%m-%d} {_clock(rng, 8, 17)}", int(18 * u), fill=GREY)
    c.text(x1, c.h - 60 * u, "Page 1 of 1", int(18 * u), "latin", fill=GREY, anchor="rs")
    return c.img


LAYOUTS = {
    DocType.hospital_invoice: {"blind_einvoice_a4": einvoice_a4, "blind_dot_matrix_receipt": dot_matrix_receipt},
    DocType.expense_list: {"blind_grouped_items": grouped_items, "blind_settlement_sheet": settlement_sheet},
    DocType.discharge_summary: {"blind_prose_record": prose_record, "blind_emr_tables": emr_tables},
    DocType.medical_record: {"blind_handwritten_sheet": handwritten_sheet, "blind_bilingual_emr": bilingual_emr},
}
