"""Hospital invoices (医疗收费票据, paper and electronic) and itemised expense lists (费用清单)."""
import random
from datetime import timedelta

from PIL import Image

from models.enums import DocType
from synthetic.canvas import FORM_BLUE, FORM_BROWN, FORM_GREEN, INK, RED_INK, Canvas
from synthetic.catalog import DEPARTMENTS, random_amount, random_date, random_digits, random_hospital
from synthetic.marks import guilloche, paste_qr, seal, signature
from synthetic.pages.base import DocSpec, Values, a4, date_text, given, given_date
from synthetic.people import random_name, random_person
from synthetic.textfmt import fmt_money, money_upper

CATEGORIES = ("床位费", "诊查费", "检查费", "化验费", "治疗费", "手术费", "护理费", "卫生材料费",
              "西药费", "中成药费", "中草药费", "其他")
ITEMS = (  # name, unit, low price, high price, category
    ("普通病房床位费(三人间)", "日", 25, 45, "床位费"), ("普通病房床位费(双人间)", "日", 40, 70, "床位费"),
    ("一级护理", "日", 20, 32, "护理费"), ("二级护理", "日", 12, 20, "护理费"),
    ("住院诊查费", "日", 10, 18, "诊查费"), ("数字化摄影(DR)", "次", 70, 140, "检查费"),
    ("螺旋CT平扫", "次", 180, 360, "检查费"), ("磁共振平扫", "次", 400, 650, "检查费"),
    ("心电图检查", "次", 20, 32, "检查费"), ("血细胞分析(五分类)", "次", 18, 26, "化验费"),
    ("肝功能八项", "次", 60, 90, "化验费"), ("电解质四项", "次", 30, 50, "化验费"),
    ("凝血四项", "次", 60, 85, "化验费"), ("静脉输液", "次", 5, 12, "治疗费"),
    ("清创缝合术", "次", 80, 220, "治疗费"), ("石膏固定术", "次", 60, 180, "治疗费"),
    ("换药(中)", "次", 15, 30, "治疗费"), ("吸氧", "小时", 2, 5, "治疗费"),
    ("骨折切开复位内固定术", "次", 900, 2200, "手术费"), ("锁定接骨板", "套", 800, 4200, "卫生材料费"),
    ("一次性使用输液器", "套", 2, 5, "卫生材料费"), ("医用弹力绷带", "卷", 6, 18, "卫生材料费"),
    ("氯化钠注射液(0.9%)", "袋", 3, 6, "西药费"), ("注射用头孢呋辛钠", "支", 8, 28, "西药费"),
    ("氟比洛芬酯注射液", "支", 30, 45, "西药费"), ("碳酸钙D3片", "盒", 20, 35, "西药费"),
    ("伤科接骨片", "盒", 20, 40, "中成药费"), ("活血止痛胶囊", "盒", 18, 32, "中成药费"),
    ("中药饮片", "剂", 15, 40, "中草药费"), ("救护车费", "次", 80, 150, "其他"),
)
INSURANCE_TYPES = ("城乡居民医保", "居民医保", "职工医保", "新农合", "自费")


def _sample(rng: random.Random, values: Values) -> Values:
    """One hospital stay and its bill; the items always add up to the total."""
    person = random_person(rng, values.get("name"), values.get("id_number"))
    admission = given_date(values, "admission_date", lambda: random_date(rng))
    discharge = given_date(values, "discharge_date", lambda: admission + timedelta(days=rng.randint(2, 25)))
    items = _items(rng, (discharge - admission).days or 1)
    total = round(sum(i[4] for i in items), 2)
    if "total_amount" in values:
        total = round(float(values["total_amount"]), 2)
        items = _fit_items(items, total)
    insured = given(values, "insurance_paid", lambda: round(total * rng.uniform(0.35, 0.8), 2))
    return {
        "name": person.name, "id_number": person.id_number, "sex": person.sex,
        "age": person.age_on(admission), "hospital": given(values, "hospital", lambda: random_hospital(rng)),
        "department": given(values, "department", lambda: rng.choice(DEPARTMENTS)),
        "admission_date": admission, "discharge_date": discharge,
        "invoice_date": given_date(values, "invoice_date", lambda: discharge),
        "invoice_number": given(values, "invoice_number", lambda: _invoice_number(rng)),
        "inpatient_no": random_digits(rng, rng.choice((6, 7, 8))), "bed": str(rng.randint(1, 60)),
        "items": items, "total_amount": total, "insurance_paid": float(insured),
        "insurance_type": rng.choice(INSURANCE_TYPES), "cashier": random_name(rng),
    }


def _invoice_number(rng: random.Random) -> str:
    return rng.choice(("00", "01", "")) + random_digits(rng, 8) if rng.random() < 0.6 else random_digits(rng, 10)


def _items(rng: random.Random, days: int) -> list[tuple[str, str, int, float, float, str]]:
    """Bill lines (name, unit, quantity, unit price, amount, category)."""
    out = []
    for name, unit, low, high, cat in rng.sample(ITEMS, rng.randint(9, 16)):
        qty = days if unit == "日" else rng.randint(1, 3 if high > 300 else 12)
        price = random_amount(rng, low, high, rng.choice((0.5, 0.01)))
        out.append((name, unit, qty, price, round(qty * price, 2), cat))
    return out


def _fit_items(items: list, total: float) -> list:
    """Scale item prices so that the bill adds up exactly to total (the last line absorbs cents)."""
    scale = total / max(0.01, sum(i[4] for i in items))
    fitted = []
    for name, unit, qty, price, _, cat in items[:-1]:
        p = round(price * scale, 2)
        fitted.append((name, unit, qty, p, round(p * qty, 2), cat))
    name, unit, _, _, _, cat = items[-1]
    rest = round(total - sum(i[4] for i in fitted), 2)
    fitted.append((name, unit, 1, rest, rest, cat))
    return fitted


def _by_category(v: Values) -> dict[str, float]:
    sums = dict.fromkeys(CATEGORIES, 0.0)
    for *_, amount, cat in v["items"]:
        sums[cat] = round(sums[cat] + amount, 2)
    return sums


def _hospital_seal(c: Canvas, rng: random.Random, v: Values, x: float, y: float, r: float) -> None:
    seal(c.img, x, y, r, rng, v["hospital"], rng.choice(("收费专用章", "财务专用章", "票据专用章")))


def paper_inpatient(rng: random.Random, v: Values) -> Image.Image:
    """广东省医疗收费票据（住院）: ruled form in a form colour, values dot-matrix printed slightly off."""
    w = rng.randint(1650, 1800)
    c = Canvas(w, int(w * 0.7), (rng.randint(240, 250), rng.randint(243, 251), rng.randint(240, 248)))
    u, form = w / 1700, rng.choice((FORM_BLUE, FORM_BROWN, FORM_GREEN))
    dx, dy = rng.randint(-10, 14) * u, rng.randint(-8, 8) * u
    fs, vs = int(26 * u), int(30 * u)
    c.text(w / 2, 100 * u, rng.choice(("广东省医疗收费票据", "广东省医疗住院收费票据")), int(64 * u), face="serif",
           bold=True, fill=form, anchor="ms", tracking=6 * u)
    c.rect(w / 2 + 330 * u, 50 * u, w / 2 + 420 * u, 100 * u, 3, form)
    c.text(w / 2 + 375 * u, 76 * u, "住院", int(30 * u), bold=True, fill=form, anchor="mm")
    c.kv(70 * u, 160 * u, "票据代码", "44060" + random_digits(rng, 3), fs, label_fill=form, value_face="mono")
    c.text(w - 330 * u, 160 * u, "№", int(40 * u), fill=RED_INK)
    c.text(w - 280 * u, 160 * u, v["invoice_number"], int(44 * u), face="latin_mono", bold=True, fill=RED_INK)
    x0, x1, y = 60 * u, w - 60 * u, 185 * u
    name_label = rng.choice(("姓名", "交款人", "患者姓名"))
    rows = [
        [("医疗机构", v["hospital"]), ("住院号", v["inpatient_no"]), ("科别", v["department"])],
        [(name_label, v["name"]), ("性别", v["sex"]), ("医保类型", v["insurance_type"]),
         ("社会保障号码", v["id_number"])],
    ]
    for row in rows:
        c.line(x0, y, x1, y, 2, form)
        cw = (x1 - x0) / len(row)
        for i, (label, value) in enumerate(row):
            end = c.text(x0 + i * cw + 12 * u, y + 40 * u, label + "：", fs, fill=form)
            size = c.fit(value, vs, x0 + (i + 1) * cw - end - 8 * u, "mono")
            c.text(end + dx, y + 42 * u + dy, value, size, face="mono")
        y += 60 * u
    sums = _by_category(v)
    cw = (x1 - x0) / 6
    c.line(x0, y, x1, y, 2, form)
    for g in range(3):
        c.text(x0 + (2 * g + 0.5) * cw, y + 38 * u, "项  目", fs, fill=form, anchor="ms")
        c.text(x0 + (2 * g + 1.5) * cw, y + 38 * u, "金  额", fs, fill=form, anchor="ms")
    for r in range(4):
        yy = y + (r + 1) * 52 * u
        c.line(x0, yy, x1, yy, 1, form)
        for g in range(3):
            cat = CATEGORIES[g * 4 + r]
            c.text(x0 + (2 * g + 0.5) * cw, yy + 36 * u, cat, fs, fill=form, anchor="ms")
            if sums[cat]:
                c.text(x0 + (2 * g + 2) * cw - 20 * u + dx, yy + 36 * u + dy, f"{sums[cat]:.2f}", vs,
                       face="mono", anchor="rs")
    for k in range(1, 6):
        c.line(x0 + k * cw, y, x0 + k * cw, y + 5 * 52 * u, 1 if k % 2 else 2, form)
    y += 5 * 52 * u
    c.line(x0, y, x1, y, 2, form)
    total_label = rng.choice(("合计", "金额合计", "费用合计"))
    end = c.text(x0 + 12 * u, y + 42 * u, f"{total_label}（大写）", fs, fill=form)
    c.text(end + 10 * u + dx, y + 44 * u + dy, money_upper(v["total_amount"]), vs, face="mono")
    end = c.text(x0 + 0.66 * (x1 - x0), y + 42 * u, "（小写）", fs, fill=form)
    c.text(end + 10 * u + dx, y + 44 * u + dy, fmt_money(v["total_amount"], rng.choice(("yen", "plain"))), vs,
           face="mono")
    y += 60 * u
    c.line(x0, y, x1, y, 2, form)
    own = round(v["total_amount"] - v["insurance_paid"], 2)
    account = round(own * rng.choice((0, 0, 0.3)), 2)
    for i, (label, value) in enumerate((("医保统筹基金支付", v["insurance_paid"]), ("个人账户支付", account),
                                        ("个人现金支付", round(own - account, 2)))):
        end = c.text(x0 + i * (x1 - x0) / 3 + 12 * u, y + 42 * u, label + "：", fs, fill=form)
        c.text(end + dx, y + 44 * u + dy, f"{value:.2f}", vs, face="mono")
    y += 60 * u
    c.line(x0, y, x1, y, 2, form)
    c.rect(x0, 185 * u, x1, y, 3, form)
    y += 55 * u
    end = c.text(x0 + 10 * u, y, "收款单位（章）：", fs, fill=form)
    c.text(end, y + 2 * u, v["hospital"], int(28 * u), face="mono")
    end = c.text(x0 + 0.5 * (x1 - x0), y, "收款人：", fs, fill=form)
    c.text(end, y, v["cashier"], int(28 * u), face="mono")
    date_label = rng.choice(("开票日期", "收费日期", "日期"))
    end = c.text(x0 + 0.72 * (x1 - x0), y, date_label + "：", fs, fill=form)
    c.text(end, y + 2 * u, date_text(rng, v["invoice_date"], ("cn0", "iso", "dot", "compact")), int(28 * u),
           face="mono")
    days = (v["discharge_date"] - v["admission_date"]).days
    c.text(x0 + 10 * u, y + 55 * u, f"住院时间：{v['admission_date']} 至 {v['discharge_date']}  共{days}天",
           int(24 * u), face="mono", fill=INK)
    c.vtext(x1 + 30 * u, 260 * u, "第二联收据联", int(24 * u), fill=form)
    _hospital_seal(c, rng, v, x0 + 260 * u, y - 20 * u, 110 * u)
    return c.crop_to(y + 110 * u)


def electronic(rng: random.Random, v: Values) -> Image.Image:
    """广东省医疗收费电子票据 print-out: QR top left, boxed item table, 财政 supervision seal."""
    w = rng.randint(1650, 1800)
    c = Canvas(w, int(w * 0.66), (253, 253, 252))
    u, form = w / 1700, rng.choice(((150, 60, 40), FORM_BLUE, INK))
    fs, vs = int(25 * u), int(27 * u)
    outpatient = rng.random() < 0.4
    title = "广东省医疗门诊收费票据（电子）" if outpatient else rng.choice(("广东省医疗收费电子票据",
                                                                    "广东省医疗住院收费票据（电子）"))
    c.text(w / 2, 90 * u, title, c.fit(title, int(52 * u), w - 640 * u, bold=True), bold=True, fill=form,
           anchor="ms")
    seal(c.img, w / 2, 160 * u, 95 * u, rng, "广东省财政厅", "票据监制章", ry=62 * u, star=False)
    code = "44" + random_digits(rng, 6)
    check = random_digits(rng, 6)
    payload = rng.choice((  # the verification link, or the comma form other e-receipts carry
        f"https://einvoice.gdczt.gov.cn/billcheck?code={code}&no={v['invoice_number']}&chk={check}"
        f"&amt={v['total_amount']:.2f}&date={v['invoice_date']:%Y%m%d}",
        f"01,{code},{v['invoice_number']},{check},{v['total_amount']:.2f},{v['invoice_date']:%Y%m%d}"))
    paste_qr(c, int(60 * u), int(40 * u), payload, int(190 * u))
    ys = 150 * u
    for label, value in (("票据代码", code), ("票据号码", v["invoice_number"]), ("校验码", check),
                         (rng.choice(("开票日期", "开具日期")), date_text(rng, v["invoice_date"], ("iso", "cn0")))):
        c.kv(w - 520 * u, ys, label, value, fs, label_fill=form, value_face="mono")
        ys += 42 * u
    x0, x1, y = 50 * u, w - 50 * u, 320 * u
    c.kv(x0 + 10 * u, y, "交款人统一社会信用代码", v["id_number"], fs, label_fill=form, value_face="mono")
    c.kv(x0 + 0.62 * (x1 - x0), y, rng.choice(("交款人", "姓名", "患者姓名")), v["name"], fs + 2, label_fill=form)
    y += 25 * u
    cols = [0.22, 0.08, 0.08, 0.12, 0.22, 0.08, 0.08, 0.12]
    widths = [f * (x1 - x0) for f in cols]
    header = ["项目名称", "数量", "单位", "金额（元）"] * 2
    lines = [(cat, amount) for cat, amount in _by_category(v).items() if amount]
    body = []
    for r in range((len(lines) + 1) // 2):
        row = []
        for cat, amount in lines[2 * r:2 * r + 2]:
            row += [cat, "1", "项", f"{amount:.2f}"]
        body.append(row + [None] * (8 - len(row)))
    y = c.table(x0, y, widths, 46 * u, [header, *body], vs, line=form, fill=INK, align="lccrlccr", outer=3)
    wide = [0.2 * (x1 - x0), 0.8 * (x1 - x0)]
    total_row = [rng.choice(("金额合计（大写）", "合计（大写）")),
                 f"{money_upper(v['total_amount'])}        （小写）{fmt_money(v['total_amount'], 'yen')}"]
    y = c.table(x0, y, wide, 52 * u, [total_row], vs, line=form, align="cl", outer=3)
    own = round(v["total_amount"] - v["insurance_paid"], 2)
    info = (f"{'门诊号' if outpatient else '住院号'}：{v['inpatient_no']}  "
            f"{'就诊日期' if outpatient else '住院日期'}："
            f"{(v['invoice_date'] if outpatient else v['admission_date']):%Y%m%d}"
            f"{'' if outpatient else '-' + format(v['discharge_date'], '%Y%m%d')}  医保类型：{v['insurance_type']}")
    pay = f"医保统筹基金支付：{v['insurance_paid']:.2f}  其他支付：0.00  个人账户支付：0.00  个人现金支付：{own:.2f}"
    box_top = y
    c.text(x0 + 20 * u, y + 45 * u, "其他信息", fs, fill=form)
    c.text(x0 + 0.2 * (x1 - x0) + 12 * u, y + 45 * u, info, int(24 * u), face="mono")
    c.text(x0 + 0.2 * (x1 - x0) + 12 * u, y + 90 * u, pay, int(24 * u), face="mono")
    y += 120 * u
    c.rect(x0, box_top, x1, y, 3, form)
    c.line(x0 + 0.2 * (x1 - x0), box_top, x0 + 0.2 * (x1 - x0), y, 2, form)
    y += 60 * u
    c.kv(x0 + 10 * u, y, "收款单位（章）", v["hospital"], fs, label_fill=form)
    c.kv(x0 + 0.62 * (x1 - x0), y, "复核人", random_name(rng), fs, label_fill=form)
    c.kv(x0 + 0.82 * (x1 - x0), y, "收款人", v["cashier"], fs, label_fill=form)
    _hospital_seal(c, rng, v, x0 + 0.35 * (x1 - x0), y - 40 * u, 100 * u)
    return c.crop_to(y + 90 * u)


def hospital_receipt(rng: random.Random, v: Values) -> Image.Image:
    """A hospital-printed 住院收费收据 (older style): list of categories, payments below, dotted dates."""
    w = rng.randint(1300, 1450)
    c = Canvas(w, int(w * 1.3), (rng.randint(246, 252), rng.randint(244, 250), rng.randint(236, 246)))
    u = w / 1400
    guilloche(c, (0, 0, w, c.h), rng, (232, 226, 232), lines=30)
    c.text(w / 2, 100 * u, v["hospital"], int(50 * u), face="serif", bold=True, anchor="ms")
    c.text(w / 2, 170 * u, rng.choice(("住院收费收据", "住院收费票据", "医疗收费票据")), int(48 * u), bold=True,
           anchor="ms", tracking=12 * u)
    c.text(w - 90 * u, 225 * u, f"No.{v['invoice_number']}", int(34 * u), face="latin_mono", bold=True,
           fill=RED_INK, anchor="rs")
    ds = (rng.choice(("dot", "iso", "cn", "compact")),)
    s, x0, x1 = int(30 * u), 90 * u, w - 90 * u
    fields = [(rng.choice(("病人姓名", "患者姓名", "姓名")), v["name"]), ("住院号", v["inpatient_no"]),
              (rng.choice(("入院日期", "入院时间")), date_text(rng, v["admission_date"], ds)),
              (rng.choice(("出院日期", "出院时间")), date_text(rng, v["discharge_date"], ds)),
              ("科室", v["department"]), ("费别", v["insurance_type"])]
    y = 290 * u
    for i, (label, value) in enumerate(fields):
        c.kv(x0 + (i % 2) * (x1 - x0) / 2, y + (i // 2) * 55 * u, label, value, s)
    y += 3 * 55 * u
    rows = [["费用项目", "金额（元）", "费用项目", "金额（元）"]]
    cats = [(k, a) for k, a in _by_category(v).items() if a]
    for r in range((len(cats) + 1) // 2):
        row: list = []
        for k, a in cats[2 * r:2 * r + 2]:
            row += [k, f"{a:.2f}"]
        rows.append(row + [None] * (4 - len(row)))
    cw = (x1 - x0) / 4
    y = c.table(x0, y, [cw] * 4, 56 * u, rows, s, align="crcr", bold_rows=(0,), outer=3)
    own = round(v["total_amount"] - v["insurance_paid"], 2)
    y += 65 * u
    c.kv(x0, y, rng.choice(("费用合计", "总金额", "合计金额")),
         fmt_money(v["total_amount"], rng.choice(("yen", "yuan"))), int(34 * u), bold_label=True)
    c.text(x0 + 0.45 * (x1 - x0), y, f"大写：{money_upper(v['total_amount'])}", s)
    y += 60 * u
    c.kv(x0, y, rng.choice(("医保统筹基金支付", "统筹支付")), f"{v['insurance_paid']:.2f}", s)
    c.kv(x0 + 0.5 * (x1 - x0), y, "个人支付", f"{own:.2f}", s)
    y += 90 * u
    c.kv(x0, y, "收款员", v["cashier"], s)
    c.kv(x0 + 0.5 * (x1 - x0), y, rng.choice(("收费日期", "开票日期")), date_text(rng, v["invoice_date"], ds), s)
    signature(c, x0 + 160 * u, y + 30 * u, 50 * u, v["cashier"], rng)
    _hospital_seal(c, rng, v, x0 + 0.75 * (x1 - x0), y - 60 * u, 120 * u)
    return c.crop_to(y + 150 * u)


def daily_items(rng: random.Random, v: Values) -> Image.Image:
    """住院费用清单: stay header and one line per charged item, ruled only above and below."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(24 * u), 70 * u, c.w - 70 * u
    c.text(c.w / 2, 100 * u, v["hospital"], int(46 * u), bold=True, anchor="ms")
    c.text(c.w / 2, 165 * u, rng.choice(("住院费用清单", "住院费用明细清单", "住院病人费用清单")), int(42 * u),
           bold=True, anchor="ms", tracking=10 * u)
    ds = (rng.choice(("iso", "cn0", "dot")),)
    head = [(rng.choice(("姓名", "患者姓名", "病人姓名")), v["name"]), ("性别", v["sex"]), ("年龄", f"{v['age']}岁"),
            ("住院号", v["inpatient_no"]), ("科室", v["department"]), ("床号", v["bed"]),
            (rng.choice(("入院日期", "入院时间")), date_text(rng, v["admission_date"], ds)),
            (rng.choice(("出院日期", "出院时间")), date_text(rng, v["discharge_date"], ds)),
            ("费别", v["insurance_type"])]
    y = 230 * u
    for i, (label, value) in enumerate(head):
        c.kv(x0 + (i % 3) * (x1 - x0) / 3, y + (i // 3) * 44 * u, label, value, s)
    y += 3 * 44 * u
    cols = [0.16, 0.38, 0.08, 0.1, 0.13, 0.15]
    xs = [x0 + sum(cols[:k]) * (x1 - x0) for k in range(len(cols) + 1)]
    c.line(x0, y - 10 * u, x1, y - 10 * u, 3)
    for k, label in enumerate(("日期", "项目名称", "单位", "数量", "单价", "金额")):
        c.text((xs[k] + xs[k + 1]) / 2, y + 25 * u, label, s, bold=True, anchor="ms")
    y += 45 * u
    c.line(x0, y - 8 * u, x1, y - 8 * u, 2)
    day = v["admission_date"]
    for name, unit, qty, price, amount, _ in v["items"]:
        y += 40 * u
        c.text(xs[0] + 4 * u, y, f"{day:%Y-%m-%d}", s)
        c.text(xs[1] + 8 * u, y, name, c.fit(name, s, xs[2] - xs[1] - 10 * u))
        c.text((xs[2] + xs[3]) / 2, y, unit, s, anchor="ms")
        c.text(xs[4] - 12 * u, y, str(qty), s, anchor="rs")
        c.text(xs[5] - 12 * u, y, f"{price:.2f}", s, anchor="rs")
        c.text(xs[6] - 8 * u, y, f"{amount:.2f}", s, anchor="rs")
        day = min(v["discharge_date"], day + timedelta(days=rng.choice((0, 0, 1))))
    y += 25 * u
    c.line(x0, y, x1, y, 3)
    y += 55 * u
    label = rng.choice(("总金额", "合计", "费用合计", "总费用"))
    c.kv(x0, y, label, fmt_money(v["total_amount"], rng.choice(("yuan", "yen", "plain"))), int(30 * u), bold_label=True)
    c.text(x0 + 0.45 * (x1 - x0), y, f"（{money_upper(v['total_amount'])}）", s)
    y += 50 * u
    c.text(x0, y, f"打印时间：{v['discharge_date']} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}", int(22 * u))
    c.text(x1, c.h - 70 * u, "第1页/共1页", int(22 * u), anchor="rs")
    if rng.random() < 0.7:
        _hospital_seal(c, rng, v, x1 - 200 * u, y - 40 * u, 105 * u)
    return c.img


def coded_detail(rng: random.Random, v: Values) -> Image.Image:
    """医疗费用明细清单 with item codes, insurance class (甲/乙/丙) and a fully ruled grid."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(21 * u), 50 * u, c.w - 50 * u
    c.text(c.w / 2, 95 * u, rng.choice(("医疗费用明细清单", "住院医疗费用明细", "费用明细清单")), int(44 * u),
           bold=True, anchor="ms", tracking=8 * u)
    c.kv(x0, 160 * u, "医疗机构", v["hospital"], int(26 * u))
    c.kv(x1 - 420 * u, 160 * u, "结算日期", date_text(rng, v["discharge_date"], ("iso", "compact", "slash")),
         int(26 * u))
    hdr = [(rng.choice(("患者姓名", "病人姓名", "姓名")), v["name"]), ("身份证号", v["id_number"]),
           ("住院号", v["inpatient_no"]), ("科室", v["department"])]
    widths = [0.12, 0.16, 0.12, 0.27, 0.1, 0.23]
    row = [hdr[0][0], hdr[0][1], hdr[1][0], hdr[1][1], hdr[2][0], hdr[2][1]]
    y = c.table(x0, 185 * u, [f * (x1 - x0) for f in widths], 48 * u, [row], int(24 * u), outer=3)
    cols = [0.06, 0.15, 0.3, 0.08, 0.06, 0.07, 0.1, 0.12, 0.06]
    header = ["序号", "项目编码", "项目名称", "类别", "单位", "数量", "单价", "金额", "比例"]
    rows = [header]
    for i, (name, unit, qty, price, amount, _) in enumerate(v["items"], 1):
        cls = rng.choice("甲甲乙乙丙")
        rows.append([str(i), random_digits(rng, 9), name, cls, unit, str(qty), f"{price:.2f}", f"{amount:.2f}",
                     {"甲": "0%", "乙": "10%", "丙": "100%"}[cls]])
    y = c.table(x0, y + 20 * u, [f * (x1 - x0) for f in cols], 44 * u, rows, s, align="cclccrrrc", bold_rows=(0,),
                outer=3, lw=1)
    total = fmt_money(v["total_amount"], rng.choice(("plain", "yen")))
    label = rng.choice(("费用合计", "合计金额", "总金额"))
    y = c.table(x0, y, [0.25 * (x1 - x0), 0.75 * (x1 - x0)], 50 * u,
                [[label, f"{total}   大写：{money_upper(v['total_amount'])}"]], int(24 * u), align="cl", outer=3)
    c.text(x0, y + 50 * u, f"医保统筹支付：{v['insurance_paid']:.2f}    打印人：{v['cashier']}", int(22 * u))
    return c.img


def category_summary(rng: random.Random, v: Values) -> Image.Image:
    """住院病人费用汇总清单: totals per category with self-pay column, sealed by the hospital."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(28 * u), 110 * u, c.w - 110 * u
    c.text(c.w / 2, 120 * u, v["hospital"], int(44 * u), face="serif", bold=True, anchor="ms")
    c.text(c.w / 2, 190 * u, rng.choice(("住院病人费用汇总清单", "住院费用汇总清单", "出院结算费用清单")), int(40 * u),
           face="serif", bold=True, anchor="ms")
    ds = (rng.choice(("cn", "dot", "iso")),)
    y = 270 * u
    for label, value in ((rng.choice(("病人姓名", "姓名")), v["name"]), ("住院号", v["inpatient_no"]),
                         ("住院期间", f"{date_text(rng, v['admission_date'], ds)} 至 "
                                       f"{date_text(rng, v['discharge_date'], ds)}")):
        c.kv(x0, y, label, value, s, face="serif")
        y += 52 * u
    rows = [["费用类别", "金额（元）", "其中自费（元）"]]
    for cat, amount in _by_category(v).items():
        if amount:
            rows.append([cat, f"{amount:.2f}", f"{amount * rng.choice((0, 0, 0.1, 0.2)):.2f}"])
    label = rng.choice(("合计", "费用合计", "总金额"))
    rows.append([label, f"{v['total_amount']:.2f}", ""])
    y = c.table(x0, y + 10 * u, [0.4 * (x1 - x0), 0.3 * (x1 - x0), 0.3 * (x1 - x0)], 58 * u, rows, s, face="serif",
                align="crr", bold_rows=(0, len(rows) - 1), outer=4)
    y += 70 * u
    c.text(x0, y, f"人民币（大写）：{money_upper(v['total_amount'])}", s, face="serif")
    y += 60 * u
    c.text(x0, y, f"医保统筹基金支付：{v['insurance_paid']:.2f}元", s, face="serif")
    c.text(x1, y + 180 * u, date_text(rng, v["discharge_date"], ("cn", "cn0")), s, face="serif", anchor="rs")
    _hospital_seal(c, rng, v, x1 - 150 * u, y + 130 * u, 115 * u)
    return c.img


SPECS = {
    DocType.hospital_invoice: DocSpec(
        ("name", "hospital", "invoice_number", "invoice_date", "total_amount"), _sample,
        {"paper_inpatient": paper_inpatient, "electronic": electronic, "hospital_receipt": hospital_receipt},
        extras=("insurance_paid",)),
    DocType.expense_list: DocSpec(
        ("name", "hospital", "total_amount"), _sample,
        {"daily_items": daily_items, "coded_detail": coded_detail, "category_summary": category_summary}),
}
