"""Rail and air tickets: red/blue train tickets, e-ticket receipts, metro vouchers, boarding passes, itineraries."""
import random
from datetime import timedelta

from PIL import Image

from models.enums import DocType
from synthetic.canvas import INK, RED_INK, Canvas, Cell, rgb
from synthetic.catalog import (
    AIRLINES,
    AIRPORTS,
    METRO_STATIONS,
    RAIL_STATIONS,
    random_amount,
    random_date,
    random_digits,
    random_flight,
    random_train,
)
from synthetic.marks import guilloche, paste_qr, seal, watermark
from synthetic.pages.base import DocSpec, Values, date_text, given, given_date
from synthetic.people import mask_middle, random_person
from synthetic.textfmt import fmt_money

SEAT_CLASSES = ("二等座", "二等座", "一等座", "硬座", "新空调硬座")
TICKET_PREFIX = {"CZ": "784", "MU": "781", "CA": "999", "ZH": "479", "3U": "876", "HU": "880"}
_EN_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def _sample_rail(rng: random.Random, values: Values) -> Values:
    person = random_person(rng, values.get("passenger_name"), values.get("id_number"))
    frm, to = rng.sample(sorted(RAIL_STATIONS), 2)
    return {
        "passenger_name": person.name, "person_id": person.id_number,
        "travel_date": given_date(values, "travel_date", lambda: random_date(rng)),
        "train_number": given(values, "train_number", lambda: random_train(rng)),
        "from_station": given(values, "from_station", lambda: frm),
        "to_station": given(values, "to_station", lambda: to),
        "fare": float(given(values, "fare", lambda: random_amount(rng, 12, 380, 0.5))),
        "car": rng.randint(1, 16), "seat": f"{rng.randint(1, 20):02d}{rng.choice('ABCDF')}",
        "seat_class": rng.choice(SEAT_CLASSES),
        "time": f"{rng.randint(6, 21):02d}:{rng.choice((0, 5, 15, 28, 36, 47)):02d}",
        "serial": f"{rng.choice('ABDEZ')}{random_digits(rng, 2)}{rng.choice('GHKL')}{random_digits(rng, 6)}",
        "gate": f"{rng.randint(1, 24)}{rng.choice(('', 'A', 'B'))}",
        "metro": _metro_values(rng, values),
    }


def _metro_values(rng: random.Random, values: Values) -> Values:
    """What a metro voucher prints instead of a train journey (the caller's values win)."""
    frm, to = rng.sample(METRO_STATIONS, 2)
    return {"train_number": values.get("train_number", f"{rng.randint(1, 22)}号线"),
            "from_station": values.get("from_station", frm), "to_station": values.get("to_station", to),
            "fare": float(values.get("fare", rng.choice((2, 3, 4, 5, 6, 7, 8))))}


def _pinyin(station: str) -> str:
    return RAIL_STATIONS.get(station, "")


def _record_id(rng: random.Random, v: Values) -> str:
    """Print the masked ID on a ticket and record it in the truth."""
    v["id_number"] = mask_middle(v["person_id"])
    return v["id_number"]


def _rail_payload(v: Values) -> str:
    return f"{v['serial']}|{v['train_number']}|{v['travel_date']:%Y%m%d}|{v['fare']:.2f}"


def _paper_ticket(rng: random.Random, v: Values, red: bool) -> Image.Image:
    """The card-sized train ticket: pink soft paper (red) or blue magnetic card."""
    w = rng.randint(1450, 1650)
    tint = (rng.randint(244, 252), rng.randint(214, 226), rng.randint(220, 232)) if red else (
        rng.randint(196, 212), rng.randint(226, 236), rng.randint(236, 246))
    c = Canvas(w, int(w * 0.62), tint)
    u = w / 1500
    pattern = rgb(t - 18 for t in tint)
    if red:
        guilloche(c, (0, 0, w, c.h), rng, pattern, lines=40)
    else:
        watermark(c, "CR 中国铁路", pattern, int(24 * u), int(300 * u), int(70 * u))
    face = "sans" if not red else rng.choice(("sans", "mono"))
    c.text(70 * u, 95 * u, v["serial"], int(50 * u), "latin", True, fill=RED_INK)
    if not red:
        c.text(w - 70 * u, 100 * u, f"检票:{v['gate']}", int(38 * u), anchor="rs")
    for x, station, anchor in ((90 * u, v["from_station"], "l"), (w - 90 * u, v["to_station"], "r")):
        name, suffix = station.removesuffix("站"), "站" if station.endswith("站") else ""
        size = int(84 * u)
        name_w = c.width_of(name, size, face) + c.width_of(suffix, int(50 * u), face)
        left = x if anchor == "l" else x - name_w
        end = c.text(left, 250 * u, name, size, face)
        c.text(end + 6 * u, 250 * u, suffix, int(50 * u), face)
        c.text(left, 305 * u, _pinyin(station), int(36 * u), "latin")
    c.text(w / 2, 230 * u, v["train_number"], int(80 * u), "latin", True, anchor="ms")
    c.line(w / 2 - 120 * u, 265 * u, w / 2 + 110 * u, 265 * u, int(5 * u))
    c.draw.polygon([(w / 2 + 130 * u, 265 * u), (w / 2 + 95 * u, 250 * u), (w / 2 + 95 * u, 280 * u)], fill=INK)
    d = v["travel_date"]
    date_s = f"{d.year}年{d.month:02d}月{d.day:02d}日 {v['time']}开"
    c.text(90 * u, 410 * u, date_s, int(52 * u), face)
    c.text(w - 90 * u, 410 * u, f"{v['car']:02d}车{v['seat']}号", int(52 * u), face, anchor="rs")
    c.text(90 * u, 490 * u, f"¥{v['fare']:.1f}元" if rng.random() < 0.5 else f"￥{v['fare']:.2f}元", int(52 * u), face)
    c.text(w - 90 * u, 490 * u, v["seat_class"], int(48 * u), face, anchor="rs")
    c.text(w / 2, 575 * u, rng.choice(("限乘当日当次车", "仅供报销使用")), int(40 * u), face, anchor="ms")
    c.text(90 * u, 660 * u, f"{_record_id(rng, v)} {v['passenger_name']}", int(50 * u), face)
    qr_side = int(230 * u)
    paste_qr(c, int(w - 90 * u - qr_side), int(c.h - qr_side - 60 * u), _rail_payload(v), qr_side)
    band = (250, 250, 250) if not red else (255, 240, 244)
    c.rect(90 * u, 700 * u, w - 400 * u, 790 * u, 1, None, band)
    c.text((w - 310 * u) / 2, 758 * u, rng.choice(("买票请到12306 发货请到95306", "报销凭证 遗失不补")), int(34 * u),
           face, anchor="ms")
    c.text(90 * u, c.h - 25 * u, f"{random_digits(rng, 14)}{rng.choice('HJM')}{random_digits(rng, 6)} 汕头售",
           int(30 * u), "latin_mono")
    return c.img


def red_ticket(rng: random.Random, v: Values) -> Image.Image:
    return _paper_ticket(rng, v, red=True)


def blue_ticket(rng: random.Random, v: Values) -> Image.Image:
    return _paper_ticket(rng, v, red=False)


def rail_e_invoice(rng: random.Random, v: Values) -> Image.Image:
    """电子发票（铁路电子客票）: an A5 print-out with QR, invoice number and the journey block."""
    w = rng.randint(1600, 1750)
    c = Canvas(w, int(w * 0.6), (253, 253, 252))
    u = w / 1700
    paste_qr(c, int(60 * u), int(40 * u), _rail_payload(v), int(190 * u))
    title = rng.choice(("电子发票（铁路电子客票）", "铁路电子客票 报销凭证"))
    c.text(w / 2, 100 * u, title, int(54 * u), bold=True, fill=(150, 50, 40), anchor="ms")
    c.kv(w - 560 * u, 170 * u, "发票号码", random_digits(rng, 20), int(24 * u), value_face="latin_mono")
    issue = v["travel_date"] - timedelta(days=rng.choice((0, 0, 1, 3)))
    c.kv(w - 560 * u, 215 * u, "开票日期", date_text(rng, issue, ("cn0", "iso")), int(24 * u))
    x0, x1, y0 = 70 * u, w - 70 * u, 250 * u
    c.rect(x0, y0, x1, c.h - 70 * u, 3, (150, 50, 40))
    s = int(44 * u)
    c.text(x0 + 150 * u, y0 + 110 * u, v["from_station"], int(60 * u), bold=True)
    c.text(x0 + 150 * u, y0 + 160 * u, _pinyin(v["from_station"]), int(30 * u), "latin")
    c.text(w / 2, y0 + 100 * u, v["train_number"], int(60 * u), "latin", True, anchor="ms")
    c.text(w / 2, y0 + 140 * u, "——————→", int(36 * u), anchor="ms")
    c.text(x1 - 150 * u, y0 + 110 * u, v["to_station"], int(60 * u), bold=True, anchor="rs")
    c.text(x1 - 150 * u, y0 + 160 * u, _pinyin(v["to_station"]), int(30 * u), "latin", anchor="rs")
    styles = (rng.choice(("cn0", "iso")),)
    c.text(x0 + 150 * u, y0 + 250 * u, f"{date_text(rng, v['travel_date'], styles)} {v['time']}开", s)
    c.text(x1 - 150 * u, y0 + 250 * u, f"{v['car']:02d}车{v['seat']}号  {v['seat_class']}", s, anchor="rs")
    c.kv(x0 + 150 * u, y0 + 330 * u, "票价", fmt_money(v["fare"], "yen"), s)
    c.text(x0 + 150 * u, y0 + 410 * u, f"{_record_id(rng, v)}  {v['passenger_name']}", s)
    c.kv(x0 + 150 * u, y0 + 480 * u, "电子客票号", f"{random_digits(rng, 10)}{random_digits(rng, 11)}", int(28 * u),
         value_face="latin_mono")
    c.kv(x0 + 150 * u, y0 + 530 * u, "购买方名称", "个人", int(28 * u))
    return c.img


def metro_voucher(rng: random.Random, v: Values) -> Image.Image:
    """地铁乘车凭证 printed from a metro app: the line stands in for the train number."""
    v.update(v.pop("metro"))
    city = "广州地铁" if v["from_station"] in METRO_STATIONS[:5] else "深圳地铁"
    w = rng.randint(1200, 1350)
    c = Canvas(w, int(w * 1.25), (252, 252, 252))
    u = w / 1240
    c.rect(0, 0, w, 170 * u, 0, None, (200, 30, 40) if city == "广州地铁" else (0, 120, 70))
    c.text(w / 2, 110 * u, f"{city} {rng.choice(('乘车凭证', '地铁票 乘车证明', '单程票乘车记录'))}", int(54 * u),
           bold=True, fill=(255, 255, 255), anchor="ms")
    rows = [(rng.choice(("乘车人", "乘客姓名")), v["passenger_name"]),
            ("证件号码", _record_id(rng, v)),
            (rng.choice(("乘车日期", "日期")), date_text(rng, v["travel_date"], ("iso", "cn0", "slash"))),
            ("乘车线路", v["train_number"]), ("进站", v["from_station"]), ("出站", v["to_station"]),
            ("进站时间", f"{v['time']}:{rng.randint(10, 59)}"),
            ("票价", fmt_money(v["fare"], rng.choice(("yen", "yuan"))))]
    y = 300 * u
    for label, value in rows:
        c.text(120 * u, y, label, int(40 * u), fill=(110, 110, 110))
        c.text(w - 120 * u, y, value, int(44 * u), anchor="rs")
        c.dashed(120 * u, y + 40 * u, w - 120 * u, y + 40 * u, 1, (200, 200, 200))
        y += 110 * u
    paste_qr(c, int(w / 2 - 130 * u), int(y + 20 * u), _rail_payload(v), int(260 * u))
    return c.img


def _sample_air(rng: random.Random, values: Values) -> Values:
    person = random_person(rng, values.get("passenger_name"), values.get("id_number"))
    others = [a for a in AIRPORTS if a != "揭阳潮汕"]
    frm, to = ("揭阳潮汕", rng.choice(others)) if rng.random() < 0.5 else (rng.choice(others), "揭阳潮汕")
    flight = str(given(values, "flight_number", lambda: random_flight(rng)))
    hh, mm = rng.randint(6, 22), rng.choice((0, 5, 10, 25, 35, 40, 50, 55))
    return {
        "passenger_name": person.name, "person_id": person.id_number, "flight_number": flight,
        "travel_date": given_date(values, "travel_date", lambda: random_date(rng)),
        "from_station": given(values, "from_station", lambda: frm),
        "to_station": given(values, "to_station", lambda: to), "time": f"{hh:02d}{mm:02d}",
        "boarding": f"{(hh * 60 + mm - 40) // 60:02d}:{(hh * 60 + mm - 40) % 60:02d}",
        "seat": f"{rng.randint(3, 58)}{rng.choice('ABCDJK')}", "gate": str(rng.randint(1, 40)),
        "cabin": rng.choice(("Y", "Y", "B", "M", "H", "F")), "seq": f"{rng.randint(1, 320):03d}",
        "fare": float(random_amount(rng, 300, 2600, 10)),
        "ticket_no": f"{TICKET_PREFIX.get(flight[:2], '999')}-{random_digits(rng, 10)}",
    }


def _airline(v: Values) -> str:
    return AIRLINES.get(v["flight_number"][:2], "中国南方航空")


def _air_date(rng: random.Random, v: Values) -> str:
    d = v["travel_date"]
    if rng.random() < 0.25:
        return f"{d.day:02d}{_EN_MONTHS[d.month - 1]}{d.year}"
    return date_text(rng, d, ("iso", "dot", "cn0"))


def _airport(name: str, style: int) -> str:
    return (f"{name} {AIRPORTS.get(name, '')}", f"{name}国际机场" if name != "上海虹桥" else f"{name}机场", name)[style]


def boarding_pass(rng: random.Random, v: Values) -> Image.Image:
    """登机牌 BOARDING PASS: airline band, bilingual labels, tear-off stub, 2D code."""
    w = rng.randint(1600, 1800)
    c = Canvas(w, int(w * 0.4), (252, 252, 250))
    u = w / 1700
    airline = _airline(v)
    band = rng.choice(((0, 90, 160), (20, 60, 120), (180, 30, 40), (30, 110, 170)))
    c.rect(0, 0, w, 110 * u, 0, None, band)
    c.text(50 * u, 75 * u, airline, int(48 * u), bold=True, fill=(255, 255, 255))
    c.text(w * 0.72 - 40 * u, 75 * u, rng.choice(("登机牌 BOARDING PASS", "登机牌")), int(40 * u), bold=True,
           fill=(255, 255, 255), anchor="rs")
    stub_x = w * 0.72
    c.dashed(stub_x, 110 * u, stub_x, c.h, 3, (150, 150, 150))
    style = rng.randint(0, 2)
    lab, val = int(24 * u), int(44 * u)

    def field(x: float, y: float, cn: str, en: str, value: str, size: int = val) -> None:
        c.text(x, y, f"{cn} {en}", lab, fill=(100, 100, 100))
        c.text(x, y + size + 12 * u, value, size, bold=True)

    field(50 * u, 170 * u, rng.choice(("姓名", "旅客姓名")), "NAME", v["passenger_name"])
    field(500 * u, 170 * u, "航班", "FLIGHT", v["flight_number"], int(52 * u))
    field(850 * u, 170 * u, "日期", "DATE", _air_date(rng, v))
    field(50 * u, 320 * u, "始发地", "FROM", _airport(v["from_station"], style))
    field(500 * u, 320 * u, "目的地", "TO", _airport(v["to_station"], style))
    field(50 * u, 470 * u, "登机口", "GATE", v["gate"])
    field(300 * u, 470 * u, "登机时间", "BOARDING", v["boarding"])
    field(600 * u, 470 * u, "座位号", "SEAT", v["seat"], int(56 * u))
    field(900 * u, 470 * u, "序号", "SEQ", v["seq"])
    c.text(50 * u, c.h - 30 * u, f"ETKT {v['ticket_no'].replace('-', '')}  舱位 {v['cabin']}", int(26 * u),
           "latin_mono")
    sx = stub_x + 40 * u
    c.text(sx, 170 * u, v["passenger_name"], int(36 * u), bold=True)
    c.text(sx, 230 * u, f"{v['flight_number']}  {_air_date(rng, v)}", int(32 * u))
    c.text(sx, 290 * u, f"{v['from_station']}→{v['to_station']}", int(32 * u))
    c.text(sx, 350 * u, f"座位 {v['seat']}  登机口 {v['gate']}", int(30 * u))
    paste_qr(c, int(sx), int(390 * u), f"M1{v['flight_number']}{v['travel_date']:%Y%m%d}{v['seat']}", int(230 * u))
    return c.img


def itinerary(rng: random.Random, v: Values) -> Image.Image:
    """航空运输电子客票行程单 (paper): serial number, green ruled grid, fares and issuing agent."""
    w = rng.randint(1650, 1800)
    green = rng.choice(((20, 120, 100), (30, 100, 80), (40, 110, 130)))
    c = Canvas(w, int(w * 0.5), (rng.randint(236, 246), rng.randint(246, 252), rng.randint(242, 250)))
    u = w / 1700
    guilloche(c, (0, 0, w, c.h), rng, (220, 236, 230), lines=26)
    c.text(w / 2, 70 * u, "航空运输电子客票行程单", int(48 * u), bold=True, fill=green, anchor="ms", tracking=4 * u)
    c.text(w / 2, 105 * u, "ITINERARY/RECEIPT OF E-TICKET FOR AIR TRANSPORT", int(20 * u), "latin", fill=green,
           anchor="ms")
    c.kv(w - 420 * u, 70 * u, "印刷序号", random_digits(rng, 10), int(22 * u), label_fill=green,
         value_face="latin_mono", value_fill=RED_INK)
    x0, x1 = 50 * u, w - 50 * u
    wid = [(x1 - x0) * f for f in (0.2, 0.1, 0.12, 0.08, 0.14, 0.08, 0.1, 0.18)]
    rows: list[list[Cell]] = [
        ["旅客姓名 NAME", (v["passenger_name"], 2), "有效身份证件号码", (v["person_id"], 2), "签注", "不得签转"],
        ["", "承运人", "航班号", "座位等级", "日期", "时间", "客票级别", "免费行李"],
        [f"自 FROM {_airport(v['from_station'], 0)}", v["flight_number"][:2], v["flight_number"][2:], v["cabin"],
         v["travel_date"].isoformat(), v["time"], v["cabin"], "20K"],
        [f"至 TO {_airport(v['to_station'], 0)}", None, None, None, None, None, None, None],
        ["票价 FARE", f"CNY {v['fare']:.2f}", "民航发展基金", "CN 50.00", "燃油附加费", "YQ 20.00", "合计 TOTAL",
         f"CNY {v['fare'] + 70:.2f}"],
        ["电子客票号码", (v["ticket_no"], 2), "验证码", random_digits(rng, 4), "填开日期",
         (date_text(rng, v["travel_date"], ("iso",)), 2)],
    ]
    y = c.table(x0, 140 * u, wid, 70 * u, rows, int(24 * u), line=green, outer=3)
    c.kv(x0, y + 50 * u, "销售单位代号", f"SWA{random_digits(rng, 3)}", int(22 * u), label_fill=green)
    c.kv(x0 + 600 * u, y + 50 * u, "填开单位", rng.choice(("携程旅行网", "南航汕头营业部", "潮汕机场售票处")),
         int(22 * u), label_fill=green)
    return c.crop_to(y + 90 * u)


def air_e_invoice(rng: random.Random, v: Values) -> Image.Image:
    """电子发票（航空运输电子客票行程单）: the 2024 electronic itinerary invoice with QR."""
    w = rng.randint(1650, 1800)
    c = Canvas(w, int(w * 0.58), (253, 253, 253))
    u = w / 1700
    brown = (150, 60, 40)
    payload = (f"01,61,,{random_digits(rng, 20)},{v['fare'] + 70:.2f},{v['travel_date']:%Y%m%d},,"
               f"{random_digits(rng, 4)}")  # 全电发票: 01,种类,(代码),号码,金额,日期,,校验
    paste_qr(c, int(50 * u), int(30 * u), payload, int(170 * u))
    c.text(w / 2, 95 * u, "电子发票（航空运输电子客票行程单）", int(46 * u), bold=True, fill=brown, anchor="ms")
    seal(c.img, w / 2, 165 * u, 80 * u, rng, "国家税务总局", "监制", ry=55 * u, star=False)
    c.kv(w - 520 * u, 170 * u, "发票号码", random_digits(rng, 20), int(22 * u), label_fill=brown,
         value_face="latin_mono")
    c.kv(w - 520 * u, 210 * u, "开票日期", date_text(rng, v["travel_date"], ("cn0",)), int(22 * u), label_fill=brown)
    x0, x1 = 40 * u, w - 40 * u
    s = int(25 * u)
    c.kv(x0 + 10 * u, 280 * u, "旅客姓名", v["passenger_name"], s + 4, label_fill=brown)
    c.kv(x0 + 430 * u, 280 * u, "有效身份证件号码", v["person_id"], s, label_fill=brown)
    c.kv(x0 + 1130 * u, 280 * u, "签注", "不得签转/变更退票收费", s, label_fill=brown)
    wid = [(x1 - x0) * f for f in (0.06, 0.17, 0.17, 0.1, 0.1, 0.08, 0.14, 0.08, 0.1)]
    rows = [["", "自", "至", "承运人", "航班号", "座位等级", "日期", "时间", "客票级别"],
            ["1", _airport(v["from_station"], 1), _airport(v["to_station"], 1), _airline(v)[2:],
             v["flight_number"], v["cabin"], date_text(rng, v["travel_date"], ("iso", "cn0")),
             f"{v['time'][:2]}:{v['time'][2:]}", v["cabin"]]]
    y = c.table(x0, 310 * u, wid, 62 * u, rows, s, line=brown, outer=3)
    wid2 = [(x1 - x0) / 8] * 8
    y = c.table(x0, y, wid2, 62 * u, [["票价", f"{v['fare']:.2f}", "燃油附加费", "20.00", "民航发展基金", "50.00",
                                       "合计", f"{v['fare'] + 70:.2f}"]], s, line=brown, outer=3)
    c.kv(x0 + 10 * u, y + 60 * u, "电子客票号码", v["ticket_no"].replace("-", ""), s, label_fill=brown)
    c.kv(x0 + 700 * u, y + 60 * u, "填开单位", rng.choice(("中国南方航空股份有限公司", "携程旅行网", "同程旅行")), s,
         label_fill=brown)
    return c.crop_to(y + 110 * u)


SPECS = {
    DocType.rail_ticket: DocSpec(
        ("passenger_name", "travel_date", "train_number", "from_station", "to_station", "fare"), _sample_rail,
        {"red_ticket": red_ticket, "blue_ticket": blue_ticket, "rail_e_invoice": rail_e_invoice,
         "metro_voucher": metro_voucher}, extras=("id_number",)),
    DocType.air_ticket: DocSpec(
        ("passenger_name", "flight_number", "travel_date", "from_station", "to_station"), _sample_air,
        {"boarding_pass": boarding_pass, "itinerary": itinerary, "air_e_invoice": air_e_invoice}),
}
