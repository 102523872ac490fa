"""Road and sea: coach tickets (汽车客票), taxi receipts (出租车发票) and ship tickets (船票/登船凭证)."""
import random
from datetime import timedelta

from PIL import Image

from models.enums import DocType
from synthetic.canvas import INK, RED_INK, Canvas, rgb
from synthetic.catalog import (
    BUS_STATIONS,
    SHIP_NAMES,
    TAXI_COMPANIES,
    random_amount,
    random_date,
    random_digits,
    random_plate,
)
from synthetic.marks import barcode, guilloche, paste_qr, seal
from synthetic.pages.base import DocSpec, Values, date_text, given, given_date
from synthetic.people import mask_middle, random_person
from synthetic.textfmt import fmt_money, money_upper

SHIP_ROUTES = {  # route: operator
    ("汕头港", "妈屿岛"): "汕头港客运站", ("汕头港", "南澳岛"): "南澳客运轮渡有限公司",
    ("广澳港", "南澳岛"): "南澳客运轮渡有限公司", ("海安新港", "海口新海港"): "琼州海峡轮渡运输有限公司",
    ("深圳蛇口港", "珠海九洲港"): "粤海客运", ("北海港", "涠洲岛"): "北部湾旅游客运",
}


def _clock(rng: random.Random) -> str:
    return f"{rng.randint(6, 21):02d}:{rng.choice((0, 10, 15, 20, 30, 40, 45, 50)):02d}"


def _sample_trip(rng: random.Random, values: Values, stations: tuple[str, ...], low: float, high: float) -> Values:
    person = random_person(rng, values.get("passenger_name"), values.get("id_number"))
    frm, to = rng.sample(stations, 2)
    return {
        "passenger_name": person.name, "person_id": person.id_number,
        "travel_date": given_date(values, "travel_date", lambda: random_date(rng)),
        "from_station": given(values, "from_station", lambda: frm),
        "to_station": given(values, "to_station", lambda: to),
        "fare": float(given(values, "fare", lambda: random_amount(rng, low, high, 0.5))),
        "time": _clock(rng), "seat": str(rng.randint(1, 55)), "ticket_no": random_digits(rng, 10),
    }


def _sample_bus(rng: random.Random, values: Values) -> Values:
    v = _sample_trip(rng, values, BUS_STATIONS, 8, 180)
    v.update(shift=str(rng.randint(1, 9999)).zfill(4), gate=str(rng.randint(1, 12)))
    return v


def _sample_ship(rng: random.Random, values: Values) -> Values:
    route = rng.choice(sorted(SHIP_ROUTES))
    frm, to = route[::rng.choice((1, -1))]
    v = _sample_trip(rng, {"from_station": frm, "to_station": to, **values}, ("_", "_"), 10, 260)
    v.update(ship=rng.choice(SHIP_NAMES), cabin=rng.choice(("上舱", "下舱", "普通舱", "二等舱", "经济舱")),
             operator=SHIP_ROUTES.get(route, "粤海客运"))
    return v


def _record_id(v: Values) -> str:
    """Print the masked ID on a ticket and record it in the truth."""
    v["id_number"] = mask_middle(v["person_id"])
    return v["id_number"]


def coach_ticket(rng: random.Random, v: Values) -> Image.Image:
    """广东省汽车客票: small landscape ticket on tinted security paper, red serial, station stamp."""
    w = rng.randint(1450, 1650)
    tint = rng.choice(((226, 242, 228), (246, 238, 222), (232, 238, 250)))
    c = Canvas(w, int(w * 0.55), tint)
    u = w / 1500
    guilloche(c, (0, 0, w, c.h), rng, rgb(t - 16 for t in tint), lines=30)
    dark = (30, 90, 50) if tint[1] > 240 else (90, 60, 30) if tint[0] > 240 else (30, 60, 120)
    title = rng.choice(("广东省汽车客票", "汽车客票", "广东省公路旅客运输客票"))
    c.text(w / 2, 110 * u, title, c.fit(title, int(66 * u), w - 900 * u, "serif", True), "serif", True, fill=dark,
           anchor="ms")
    c.text(w - 70 * u, 100 * u, v["ticket_no"], int(40 * u), "latin_mono", True, fill=RED_INK, anchor="rs")
    s, vs = int(34 * u), int(42 * u)
    rows = [
        [(rng.choice(("发车站", "起点站", "上车站")), v["from_station"]), ("到达站", v["to_station"])],
        [(rng.choice(("乘车日期", "日期")), date_text(rng, v["travel_date"], ("iso", "cn0", "dot"))),
         ("发车时间", v["time"])],
        [("班次", v["shift"]), ("座号", v["seat"]), ("检票口", v["gate"])],
        [(rng.choice(("票价", "全价")), fmt_money(v["fare"], rng.choice(("yuan", "yen"))))],
    ]
    y = 220 * u
    for row in rows:
        for i, (label, value) in enumerate(row):
            x = 70 * u + i * (w - 140 * u) / len(row)
            end = c.text(x, y, label, s, fill=dark)
            c.text(end + 20 * u, y, value, vs)
        y += 95 * u
    if rng.random() < 0.6:
        c.text(70 * u, y, f"乘客 {v['passenger_name']} {_record_id(v)}", vs)
    barcode(c, 70 * u, c.h - 110 * u, 600 * u, 70 * u, rng)
    c.text(w - 70 * u, c.h - 50 * u, "※当日当次有效※", int(32 * u), fill=dark, anchor="rs")
    seal(c.img, w - 330 * u, c.h - 190 * u, 100 * u, rng, v["from_station"], "售票专用章", ry=68 * u, star=False)
    return c.img


def coach_e_ticket(rng: random.Random, v: Values) -> Image.Image:
    """公路客运电子客票 printed from the app or a kiosk: QR code and a label/value list."""
    w = rng.randint(1200, 1350)
    c = Canvas(w, int(w * 1.15), (253, 253, 253))
    u = w / 1240
    c.text(w / 2, 110 * u, rng.choice(("公路客运电子客票", "汽车票 电子客票", "道路客运电子客票（报销凭证）")),
           int(50 * u), bold=True, anchor="ms")
    c.line(80 * u, 150 * u, w - 80 * u, 150 * u, 2)
    c.text(w / 2 - 60 * u, 260 * u, v["from_station"], int(52 * u), bold=True, anchor="rs")
    c.text(w / 2, 255 * u, "→", int(52 * u), anchor="ms")
    c.text(w / 2 + 60 * u, 260 * u, v["to_station"], int(52 * u), bold=True, anchor="ls")
    rows = [("乘车人", v["passenger_name"]), ("证件号码", _record_id(v)),
            (rng.choice(("发车日期", "乘车日期")), date_text(rng, v["travel_date"], ("iso", "cn0", "compact"))),
            ("发车时间", v["time"]), ("班次", v["shift"]), ("座位号", v["seat"]),
            (rng.choice(("票价", "实付金额")), fmt_money(v["fare"], rng.choice(("yen", "yuan")))),
            ("订单号", random_digits(rng, 16))]
    y = 380 * u
    for label, value in rows:
        c.text(120 * u, y, label, int(36 * u), fill=(100, 100, 100))
        c.text(w - 120 * u, y, value, int(38 * u), anchor="rs")
        y += 75 * u
    payload = f"BUS|{v['ticket_no']}|{v['travel_date']:%Y%m%d}|{v['fare']:.2f}"
    paste_qr(c, int(w / 2 - 140 * u), int(y + 20 * u), payload, int(280 * u))
    return c.crop_to(y + 360 * u)


def kiosk_receipt(rng: random.Random, v: Values) -> Image.Image:
    """A narrow thermal-printed station receipt in monospace."""
    w = rng.randint(880, 980)
    c = Canvas(w, int(w * 1.7), (rng.randint(244, 252),) * 3)
    u = w / 900
    s = int(36 * u)
    c.text(w / 2, 90 * u, v["from_station"], int(44 * u), "mono", True, anchor="ms")
    c.text(w / 2, 150 * u, rng.choice(("汽车客票", "售票凭证", "客票（报销凭证）")), int(40 * u), "mono", anchor="ms")
    c.dashed(40 * u, 185 * u, w - 40 * u, 185 * u, 2)
    d = v["travel_date"]
    lines = [f"票号: {v['ticket_no']}", f"起点: {v['from_station']}", f"到站: {v['to_station']}",
             f"日期: {date_text(rng, d, ('slash', 'iso', 'compact'))}", f"时间: {v['time']}", f"班次: {v['shift']}",
             f"座号: {v['seat']}", f"票价: {v['fare']:.2f}元",
             f"售票时间: {d - timedelta(days=rng.randint(0, 2)):%Y-%m-%d}"]
    y = 260 * u
    for line in lines:
        c.text(60 * u, y, line, s, "mono")
        y += 70 * u
    c.dashed(40 * u, y, w - 40 * u, y, 2)
    c.text(w / 2, y + 70 * u, "请妥善保管 遗失不补", int(32 * u), "mono", anchor="ms")
    return c.crop_to(y + 130 * u)


def _sample_taxi(rng: random.Random, values: Values) -> Values:
    start = rng.randint(6 * 60, 22 * 60)
    minutes = rng.randint(6, 35)
    km = round(minutes * rng.uniform(0.4, 0.8), 1)
    fare = round(max(10.0, 10 + max(0.0, km - 2.5) * 2.6) + rng.choice((0, 0, 1, 2)), 0)
    return {
        "travel_date": given_date(values, "travel_date", lambda: random_date(rng)),
        "plate_number": given(values, "plate_number", lambda: random_plate(rng)),
        "fare": float(given(values, "fare", lambda: float(fare))),
        "on": f"{start // 60:02d}:{start % 60:02d}",
        "off": f"{(start + minutes) // 60 % 24:02d}:{(start + minutes) % 60:02d}",
        "km": km, "wait": f"00:{rng.randint(0, 9):02d}:{rng.randint(0, 59):02d}", "licence": random_digits(rng, 6),
        "code": "1440" + random_digits(rng, 8), "number": random_digits(rng, 8), "company": rng.choice(TAXI_COMPANIES),
    }


def _plate_text(rng: random.Random, plate: str) -> str:
    """A plate as a receipt prints it: 粤D·T1234, 粤DT1234 or 粤D-T1234."""
    return plate.replace("·", rng.choice(("·", "·", "", "-")))


def roll_receipt(rng: random.Random, v: Values) -> Image.Image:
    """广东省汕头市出租汽车专用发票: narrow pre-printed receipt, trip printed by the meter."""
    w = rng.randint(900, 1000)
    c = Canvas(w, int(w * 2.0), (rng.randint(246, 253),) * 3)
    u = w / 950
    red = (190, 40, 50)
    c.text(w / 2, 100 * u, rng.choice(("广东省汕头市出租汽车专用发票", "出租汽车专用发票", "汕头市出租汽车发票")),
           c.fit("广东省汕头市出租汽车专用发票", int(46 * u), w - 80 * u, "serif", True), "serif", True, fill=red,
           anchor="ms")
    seal(c.img, w / 2, 250 * u, 150 * u, rng, "全国统一发票监制章", "国家税务总局广东省税务局", ry=95 * u, star=False,
         color=red)
    c.text(w / 2, 420 * u, "发 票 联", int(40 * u), bold=True, fill=red, anchor="ms")
    c.kv(60 * u, 490 * u, "发票代码", v["code"], int(30 * u), label_fill=red, value_fill=red)
    c.kv(60 * u, 540 * u, "发票号码", v["number"], int(34 * u), label_fill=red, value_fill=red, value_face="latin_mono")
    c.line(50 * u, 570 * u, w - 50 * u, 570 * u, 2, red)
    labels = [(rng.choice(("车号", "车牌号")), _plate_text(rng, v["plate_number"])), ("证号", v["licence"]),
              ("日期", date_text(rng, v["travel_date"], ("iso", "iso", "dot", "compact"))), ("上车", v["on"]),
              ("下车", v["off"]), ("单价", "2.60元"), ("里程", f"{v['km']:.1f}km"), ("等候", v["wait"]),
              (rng.choice(("金额", "实收金额")), fmt_money(v["fare"], rng.choice(("yuan", "yen"))))]
    if rng.random() < 0.5:
        labels.insert(0, ("电话", f"0754-8{random_digits(rng, 7)}"))
    y = 650 * u
    for label, value in labels:
        c.text(110 * u, y, label, int(40 * u), "mono")
        c.text(360 * u, y, value, int(42 * u), "mono")
        y += 78 * u
    c.text(w / 2, y + 40 * u, "（手写无效）", int(30 * u), fill=red, anchor="ms")
    return c.crop_to(y + 110 * u)


def meter_receipt(rng: random.Random, v: Values) -> Image.Image:
    """A bilingual machine-printed taxi receipt (TEL / CAR NO. / DATE …) with the company header."""
    w = rng.randint(900, 1000)
    c = Canvas(w, int(w * 1.75), (rng.randint(238, 250), rng.randint(238, 250), rng.randint(228, 240)))
    u = w / 950
    c.text(w / 2, 90 * u, "出租车发票", int(54 * u), bold=True, anchor="ms", tracking=8 * u)
    c.text(w / 2, 150 * u, v["company"], c.fit(v["company"], int(34 * u), w - 100 * u), anchor="ms")
    c.text(w / 2, 200 * u, f"监督电话 0754-8{random_digits(rng, 7)}", int(28 * u), anchor="ms")
    c.dashed(40 * u, 230 * u, w - 40 * u, 230 * u, 2)
    d = v["travel_date"]
    ds = rng.choice((f"{d:%Y-%m-%d}", f"{d:%Y.%m.%d}", f"{d:%Y/%m/%d}"))
    rows = [("车号", "CAR NO.", _plate_text(rng, v["plate_number"])), ("日期", "DATE", ds), ("上车", "IN", v["on"]),
            ("下车", "OUT", v["off"]), ("单价", "PRICE", "2.60"), ("里程", "KM", f"{v['km']:.1f}"),
            ("等候", "WAIT", v["wait"]), ("附加", "SURCHARGE", "1.00"), ("金额", "TOTAL", f"{v['fare']:.2f}")]
    y = 310 * u
    for cn, en, value in rows:
        c.text(70 * u, y, f"{cn} {en}", int(32 * u), "mono")
        c.text(w - 70 * u, y, value, int(40 * u), "latin_mono", True, anchor="rs")
        y += 72 * u
    c.dashed(40 * u, y, w - 40 * u, y, 2)
    c.text(w / 2, y + 60 * u, "欢迎乘坐 谢谢惠顾", int(32 * u), anchor="ms")
    return c.crop_to(y + 110 * u)


def taxi_e_invoice(rng: random.Random, v: Values) -> Image.Image:
    """电子发票（普通发票） for a taxi ride: the trip date and plate sit in the remarks box."""
    w = rng.randint(1650, 1800)
    c = Canvas(w, int(w * 0.58), (253, 253, 253))
    u = w / 1700
    brown = (150, 60, 40)
    paste_qr(c, int(50 * u), int(30 * u), f"01,32,,{random_digits(rng, 20)},{v['fare']:.2f},{v['travel_date']:%Y%m%d}",
             int(170 * u))
    c.text(w / 2, 95 * u, "电子发票（普通发票）", int(52 * u), bold=True, fill=brown, anchor="ms")
    issue = v["travel_date"] + timedelta(days=rng.choice((0, 0, 1, 4)))
    c.kv(w - 520 * u, 170 * u, "发票号码", random_digits(rng, 20), int(22 * u), label_fill=brown,
         value_face="latin_mono")
    c.kv(w - 520 * u, 210 * u, "开票日期", date_text(rng, issue, ("cn0",)), int(22 * u), label_fill=brown)
    x0, x1, s = 40 * u, w - 40 * u, int(26 * u)
    y = c.table(x0, 250 * u, [(x1 - x0) * 0.08, (x1 - x0) * 0.42, (x1 - x0) * 0.08, (x1 - x0) * 0.42], 110 * u,
                [["购买方", "名称：个人", "销售方", f"名称：{v['company']}"]], s, line=brown, align="clcl", outer=3)
    wid = [(x1 - x0) * f for f in (0.3, 0.1, 0.1, 0.1, 0.15, 0.1, 0.15)]
    net = round(v["fare"] / 1.03, 2)
    rows = [["项目名称", "单位", "数量", "单价", "金额", "税率", "税额"],
            ["*运输服务*客运服务费", "次", "1", f"{net:.2f}", f"{net:.2f}", "3%", f"{v['fare'] - net:.2f}"]]
    y = c.table(x0, y, wid, 60 * u, rows, s, line=brown, outer=3)
    y = c.table(x0, y, [(x1 - x0) * 0.2, (x1 - x0) * 0.8], 60 * u,
                [["价税合计（大写）", f"{money_upper(v['fare'])}      （小写）{fmt_money(v['fare'], 'yen')}"]], s,
                line=brown, align="cl", outer=3)
    remark = (f"车牌号：{_plate_text(rng, v['plate_number'])}  {rng.choice(('出行日期', '乘车日期'))}："
              f"{date_text(rng, v['travel_date'], ('iso', 'cn0'))}  上车时间：{v['on']}  里程：{v['km']:.1f}公里")
    y = c.table(x0, y, [(x1 - x0) * 0.08, (x1 - x0) * 0.92], 90 * u, [["备注", remark]], s, line=brown, align="cl",
                outer=3)
    c.kv(x0 + 10 * u, y + 50 * u, "开票人", "系统", s, label_fill=brown)
    return c.crop_to(y + 90 * u)


def ferry_ticket(rng: random.Random, v: Values) -> Image.Image:
    """客船票: coloured band with the operator, route in large type, perforated stub on the left."""
    w = rng.randint(1500, 1700)
    tint = rng.choice(((250, 246, 226), (232, 244, 250), (248, 236, 240)))
    c = Canvas(w, int(w * 0.5), tint)
    u = w / 1600
    band = rng.choice(((0, 90, 150), (20, 110, 120), (170, 50, 40)))
    stub = 330 * u
    c.rect(stub, 0, w, 120 * u, 0, None, band)
    operator = v["operator"]
    c.text(stub + 40 * u, 80 * u, operator, int(44 * u), bold=True, fill=(255, 255, 255))
    c.text(w - 50 * u, 80 * u, rng.choice(("船票", "客船票", "轮渡客票")), int(54 * u), bold=True, fill=(255, 255, 255),
           anchor="rs")
    c.dashed(stub, 0, stub, c.h, 3, (120, 120, 120))
    c.text(stub + 60 * u, 260 * u, v["from_station"], int(76 * u), bold=True)
    c.text(stub + 0.5 * (w - stub), 250 * u, "→", int(70 * u), anchor="ms")
    c.text(w - 60 * u, 260 * u, v["to_station"], int(76 * u), bold=True, anchor="rs")
    s = int(36 * u)
    d_label = rng.choice(("开航日期", "乘船日期", "日期"))
    items = [(d_label, date_text(rng, v["travel_date"], ("cn0", "iso", "dot"))), ("开航时间", v["time"]),
             ("船名", v["ship"]), ("舱位", f"{v['cabin']} {v['seat']}号"),
             (rng.choice(("乘客", "旅客姓名")), v["passenger_name"]), ("证件号", _record_id(v))]
    for i, (label, value) in enumerate(items):
        c.kv(stub + 60 * u + (i % 2) * 620 * u, 360 * u + (i // 2) * 70 * u, label, value, s)
    c.kv(stub + 60 * u, c.h - 50 * u, "票价", fmt_money(v["fare"], rng.choice(("yen", "yuan"))), int(46 * u),
         bold_label=True)
    c.text(w - 60 * u, c.h - 50 * u, "当日当班有效", int(30 * u), anchor="rs")
    c.text(40 * u, 90 * u, "副券", int(36 * u), bold=True, fill=band)
    for k, line in enumerate((v["from_station"], "→" + v["to_station"], f"{v['travel_date']:%Y-%m-%d}", v["time"],
                              f"No.{v['ticket_no']}")):
        c.text(40 * u, 170 * u + k * 60 * u, line, int(30 * u))
    seal(c.img, stub + 0.62 * (w - stub), c.h - 130 * u, 90 * u, rng, operator, "检票", star=True)
    return c.img


def boarding_voucher(rng: random.Random, v: Values) -> Image.Image:
    """登船凭证 printed from the booking app: QR on top, passenger and voyage details in a list."""
    w = rng.randint(1200, 1350)
    c = Canvas(w, int(w * 1.4), (252, 252, 252))
    u = w / 1240
    c.text(w / 2, 120 * u, rng.choice(("登船凭证", "电子船票 登船凭证", "乘船凭证")), int(58 * u), bold=True,
           anchor="ms")
    paste_qr(c, int(w / 2 - 150 * u), int(170 * u), f"SHIP|{v['ticket_no']}|{v['travel_date']:%Y%m%d}|{v['fare']:.2f}",
             int(300 * u))
    y = 560 * u
    c.text(w / 2, y, f"{v['from_station']}  —  {v['to_station']}", int(56 * u), bold=True, anchor="ms")
    rows = [(rng.choice(("乘客姓名", "旅客", "姓名")), v["passenger_name"]), ("证件号码", _record_id(v)),
            (rng.choice(("开航时间", "出发时间")),
             f"{date_text(rng, v['travel_date'], ('iso', 'cn0', 'slash'))} {v['time']}"),
            ("船名", v["ship"]), ("舱位/座位", f"{v['cabin']}/{v['seat']}"),
            (rng.choice(("票价", "金额")), fmt_money(v["fare"], rng.choice(("yen", "yuan")))),
            ("订单号", random_digits(rng, 14))]
    y += 110 * u
    for label, value in rows:
        c.text(110 * u, y, label, int(38 * u), fill=(110, 110, 110))
        c.text(w - 110 * u, y, value, int(40 * u), anchor="rs")
        c.line(110 * u, y + 28 * u, w - 110 * u, y + 28 * u, 1, (215, 215, 215))
        y += 90 * u
    c.para(110 * u, y + 40 * u, w - 220 * u, "请于开航前30分钟凭本凭证及有效身份证件检票登船。", int(30 * u), fill=INK)
    return c.crop_to(y + 140 * u)


def strait_ticket(rng: random.Random, v: Values) -> Image.Image:
    """A thermal-printed ferry ticket (渡轮客票) in monospace with a barcode."""
    w = rng.randint(900, 1000)
    c = Canvas(w, int(w * 1.8), (rng.randint(244, 252),) * 3)
    u = w / 950
    c.text(w / 2, 90 * u, rng.choice(("渡轮客票", "客运船票", "水路客运客票")), int(48 * u), "mono", True, anchor="ms")
    c.text(w / 2, 150 * u, "（报销凭证）", int(32 * u), "mono", anchor="ms")
    c.dashed(40 * u, 180 * u, w - 40 * u, 180 * u, 2)
    lines = [f"票号 {v['ticket_no']}", f"起运港 {v['from_station']}", f"到达港 {v['to_station']}",
             f"乘船日期 {date_text(rng, v['travel_date'], ('iso', 'compact', 'slash'))}", f"开船时间 {v['time']}",
             f"船名 {v['ship']}", f"舱位 {v['cabin']}", f"旅客 {v['passenger_name']}", f"证件 {_record_id(v)}",
             f"票价 {v['fare']:.2f}元"]
    y = 250 * u
    for line in lines:
        c.text(60 * u, y, line, int(36 * u), "mono")
        y += 66 * u
    barcode(c, 60 * u, y, w - 120 * u, 90 * u, rng)
    return c.crop_to(y + 150 * u)


SPECS = {
    DocType.bus_ticket: DocSpec(
        ("travel_date", "from_station", "to_station", "fare"), _sample_bus,
        {"coach_ticket": coach_ticket, "coach_e_ticket": coach_e_ticket, "kiosk_receipt": kiosk_receipt},
        extras=("id_number",)),
    DocType.taxi_receipt: DocSpec(
        ("travel_date", "plate_number", "fare"), _sample_taxi,
        {"roll_receipt": roll_receipt, "meter_receipt": meter_receipt, "taxi_e_invoice": taxi_e_invoice}),
    DocType.ship_ticket: DocSpec(
        ("passenger_name", "travel_date", "from_station", "to_station", "fare"), _sample_ship,
        {"ferry_ticket": ferry_ticket, "boarding_voucher": boarding_voucher, "strait_ticket": strait_ticket},
        extras=("id_number",)),
}
