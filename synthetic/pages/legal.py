"""Assessments and proofs: disability assessments (伤残鉴定/司法鉴定意见书) and accident proofs (事故认定/证明)."""
import random
from datetime import timedelta

from PIL import Image

from models.enums import DocType
from synthetic.canvas import Cell
from synthetic.catalog import ACCIDENT_EVENTS, INJURIES, random_date, random_digits, random_hospital, random_plate
from synthetic.marks import seal, signature
from synthetic.pages.base import DocSpec, Values, a4, date_text, given, given_date, maybe_fullwidth
from synthetic.people import random_name, random_person, town_of
from synthetic.textfmt import cn_grade

INSTITUTES = ("广东华维司法鉴定中心", "汕头市正源司法鉴定所", "广东南天司法鉴定所", "汕头大学医学院司法鉴定中心",
              "广东潮信司法鉴定所")
TRAFFIC_BRIGADE = "汕头市公安局交通警察支队潮南大队"
ROADS = ("峡山街道广汕公路", "陈店镇新溪路口", "两英镇环镇路", "司马浦镇大布路段", "国道324线潮南段", "井都镇沿海公路")


def _sample(rng: random.Random, values: Values) -> Values:
    person = random_person(rng, values.get("name"), values.get("id_number"))
    accident = given_date(values, "accident_date", lambda: random_date(rng))
    grade = int(given(values, "disability_grade",
                      lambda: rng.choices(range(1, 11), weights=(1, 1, 1, 2, 2, 3, 4, 6, 8, 10))[0]))
    return {
        "name": person.name, "id_number": person.id_number, "sex": person.sex, "birth": person.birth,
        "age": person.age_on(accident), "address": person.address, "town": town_of(person.address),
        "accident_date": accident, "disability_grade": grade,
        "assessment_date": given_date(values, "assessment_date",
                                      lambda: accident + timedelta(days=rng.randint(60, 170))),
        "institute": rng.choice(INSTITUTES), "hospital": random_hospital(rng), "injury": rng.choice(INJURIES),
        "event": rng.choice(ACCIDENT_EVENTS), "client": random_name(rng), "other_party": random_name(rng),
        "plate": random_plate(rng).replace("·", ""), "hour": rng.randint(6, 21), "minute": rng.randint(0, 59),
        "experts": (random_name(rng), random_name(rng)), "case_no": str(rng.randint(100, 999)),
    }


def _grade_text(rng: random.Random, grade: int) -> str:
    """A grade as written in opinions: 十级, 10级 or 第十级."""
    return rng.choice((f"{cn_grade(grade)}级", f"{grade}级", f"第{cn_grade(grade)}级"))


def judicial_opinion(rng: random.Random, v: Values) -> Image.Image:
    """司法鉴定意见书: numbered sections ending in the opinion, experts' signatures and the institute's seal."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(26 * u), 100 * u, c.w - 100 * u
    c.text(c.w / 2, 120 * u, v["institute"], int(40 * u), "serif", True, anchor="ms")
    c.text(c.w / 2, 190 * u, rng.choice(("司法鉴定意见书", "伤残鉴定意见书")), int(48 * u), "serif", True, anchor="ms",
           tracking=8 * u)
    year = v["assessment_date"].year
    c.text(x1, 240 * u, f"{v['institute'][:4]}司鉴所[{year}]临鉴字第{v['case_no']}号", int(24 * u), "serif",
           anchor="rs")
    c.line(x0, 255 * u, x1, 255 * u, 2)
    ds = (rng.choice(("cn0", "cn", "iso")),)
    grade = _grade_text(rng, v["disability_grade"])
    sections = [
        ("一、基本情况", [
            f"委托人：{v['client']}",
            f"委托事项：对被鉴定人{v['name']}的伤残等级进行评定",
            "鉴定材料：1.病历资料复印件；2.影像学资料；3.身份证复印件",
            f"{rng.choice(('鉴定日期', '检验日期'))}：{date_text(rng, v['assessment_date'], ds)}",
            f"被鉴定人：{v['name']}，{v['sex']}，{date_text(rng, v['birth'], ds)}出生，公民身份号码：{v['id_number']}，"
            f"住{v['address']}"]),
        ("二、基本案情", [
            f"据委托人介绍，被鉴定人{v['name']}于{date_text(rng, v['accident_date'], ds)}{v['event']}受伤，"
            f"伤后被送往{v['hospital']}治疗。"]),
        ("三、资料摘要", [f"{v['hospital']}病历记载：出院诊断：{v['injury']}。"]),
        ("四、分析说明", [
            f"被鉴定人因意外致{v['injury']}，经治疗后遗留功能障碍，依据《人身保险伤残评定标准及代码》"
            "（JR/T 0083—2013）相关条款评定。"]),
        ("五、鉴定意见", [f"被鉴定人{v['name']}伤残等级为：{grade}。"]),
    ]
    y = 320 * u
    for head, paras in sections:
        c.text(x0, y, head, int(28 * u), "serif", True)
        y += 50 * u
        for p in paras:
            y = c.para(x0 + 40 * u, y, x1 - x0 - 40 * u, p, s, "serif", leading=1.65)
        y += 15 * u
    y += 60 * u
    for i, expert in enumerate(v["experts"]):
        yy = y + i * 90 * u
        c.text(x1 - 500 * u, yy, "司法鉴定人：", s, "serif")
        signature(c, x1 - 330 * u, yy - 42 * u, 50 * u, expert, rng)
        c.text(x1 - 500 * u, yy + 35 * u, f"执业证号：4405{random_digits(rng, 8)}", int(20 * u), "serif")
    y += 240 * u
    c.text(x1, y, date_text(rng, v["assessment_date"], rng.choice((("cn_upper",), ds))), s, "serif", anchor="rs")
    seal(c.img, x1 - 230 * u, y - 60 * u, 120 * u, rng, v["institute"], "司法鉴定专用章")
    return c.img


def table_opinion(rng: random.Random, v: Values) -> Image.Image:
    """伤残鉴定意见书 as a ruled summary table with the grade in its own cell."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(28 * u), 90 * u, c.w - 90 * u
    c.text(c.w / 2, 150 * u, rng.choice(("伤残鉴定意见书", "伤残等级鉴定书", "人身伤残鉴定意见书")), int(50 * u),
           bold=True, anchor="ms", tracking=6 * u)
    c.text(c.w / 2, 210 * u, v["institute"], int(30 * u), anchor="ms")
    ds = (rng.choice(("iso", "cn0", "dot", "compact")),)
    wid = [(x1 - x0) * f for f in (0.2, 0.3, 0.2, 0.3)]
    grade = _grade_text(rng, v["disability_grade"])
    conclusion = rng.choice((f"{grade}伤残", f"构成{grade}伤残", f"伤残等级：{grade}"))
    rows = [
        [rng.choice(("被鉴定人", "姓名")), v["name"], "性别", v["sex"]],
        ["身份证号", (v["id_number"], 3)],
        ["受伤日期", date_text(rng, v["accident_date"], ds), rng.choice(("鉴定日期", "评定日期")),
         date_text(rng, v["assessment_date"], ds)],
        ["委托人", v["client"], "委托事项", "伤残等级评定"],
        ["损伤诊断", (v["injury"], 3)],
        ["鉴定依据", ("《人身保险伤残评定标准及代码》(JR/T 0083—2013)", 3)],
        ["鉴定结论", (conclusion, 3)],
    ]
    y = c.table(x0, 260 * u, wid, 92 * u, rows, s, outer=4, align="cccc")
    y += 120 * u
    for i, expert in enumerate(v["experts"]):
        c.text(x0 + i * 420 * u, y, f"鉴定人{i + 1}：", s)
        signature(c, x0 + i * 420 * u + 140 * u, y - 45 * u, 52 * u, expert, rng)
    y += 150 * u
    c.text(x1, y, v["institute"], s, anchor="rs")
    c.text(x1, y + 65 * u, date_text(rng, v["assessment_date"], ("cn",)), s, anchor="rs")
    seal(c.img, x1 - 200 * u, y, 120 * u, rng, v["institute"], "鉴定专用章")
    return c.img


def grading_letter(rng: random.Random, v: Values) -> Image.Image:
    """伤残评定报告: a one-page letter quoting the grade in prose."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(32 * u), 120 * u, c.w - 120 * u
    face = rng.choice(("serif", "sans"))
    c.text(c.w / 2, 200 * u, rng.choice(("伤残评定报告", "伤残程度评定书", "伤残鉴定报告书")), int(54 * u), face, True,
           anchor="ms")
    ds = (rng.choice(("cn", "cn0")),)
    body = (f"被鉴定人{v['name']}，{v['sex']}，公民身份号码{v['id_number']}。"
            f"{date_text(rng, v['accident_date'], ds)}因{v['event']}致{v['injury']}，经{v['hospital']}治疗。"
            f"本中心于{date_text(rng, v['assessment_date'], ds)}对其进行检查，依据JR/T 0083—2013标准，"
            f"评定其伤残程度为{_grade_text(rng, v['disability_grade'])}。")
    y = c.para(x0, 340 * u, x1 - x0, maybe_fullwidth(rng, body, 0.15), s, face, leading=1.9, indent=2)
    y = c.para(x0, y + 30 * u, x1 - x0, "特此报告。", s, face, indent=2)
    y += 220 * u
    c.text(x1, y, v["institute"], s, face, anchor="rs")
    c.text(x1, y + 70 * u, date_text(rng, v["assessment_date"], ds), s, face, anchor="rs")
    seal(c.img, x1 - 200 * u, y, 125 * u, rng, v["institute"], "")
    return c.img


def _accident_time(rng: random.Random, v: Values, styles: tuple[str, ...]) -> str:
    return f"{date_text(rng, v['accident_date'], styles)}{v['hour']}时{v['minute']:02d}分"


def traffic_determination(rng: random.Random, v: Values) -> Image.Image:
    """道路交通事故认定书: brigade header, parties, facts and responsibility, brigade seal."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(27 * u), 100 * u, c.w - 100 * u
    c.text(c.w / 2, 140 * u, rng.choice(("道路交通事故认定书", "道路交通事故认定书（简易程序）")), int(48 * u), "serif",
           True, anchor="ms")
    c.text(x1, 210 * u, f"潮南公交认字〔{v['accident_date'].year}〕第{random_digits(rng, 5)}号", int(25 * u), "serif",
           anchor="rs")
    ds = (rng.choice(("cn", "cn0")),)
    paras = [
        f"交通事故时间：{_accident_time(rng, v, ds)}",
        f"交通事故地点：{rng.choice(ROADS)}",
        f"当事人：{v['name']}，{v['sex']}，{v['age']}岁，公民身份号码：{v['id_number']}，住址：{v['address']}，"
        f"{rng.choice(('步行', '驾驶电动自行车', '乘坐三轮车'))}。",
        f"当事人：{v['other_party']}，男，驾驶证号：4405{random_digits(rng, 14)}，"
        f"驾驶{v['plate'][:2]}·{v['plate'][2:]}号小型轿车。",
        f"交通事故事实：{_accident_time(rng, v, ds)}，{v['other_party']}驾驶车辆行驶至事故地点时，"
        f"与{v['name']}发生碰撞，"
        f"造成{v['name']}受伤、车辆损坏的道路交通事故。",
        f"当事人导致交通事故的过错及责任：{v['other_party']}负事故{rng.choice(('全部', '主要'))}责任，{v['name']}"
        f"{rng.choice(('无责任', '负次要责任'))}。",
    ]
    y = 290 * u
    for p in paras:
        y = c.para(x0, y, x1 - x0, p, s, "serif", leading=1.75) + 12 * u
    y += 60 * u
    c.text(x0, y, "交通警察：", s, "serif")
    signature(c, x0 + 150 * u, y - 42 * u, 50 * u, random_name(rng), rng)
    y += 160 * u
    c.text(x1, y, TRAFFIC_BRIGADE, s, "serif", anchor="rs")
    c.text(x1, y + 65 * u, date_text(rng, v["accident_date"] + timedelta(days=rng.randint(0, 15)), ds), s, "serif",
           anchor="rs")
    seal(c.img, x1 - 220 * u, y, 125 * u, rng, TRAFFIC_BRIGADE, "事故处理专用章")
    return c.img


def simple_form(rng: random.Random, v: Values) -> Image.Image:
    """The on-the-spot (简易程序) accident form: ruled cells for time, place and parties."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(25 * u), 70 * u, c.w - 70 * u
    c.text(c.w / 2, 120 * u, TRAFFIC_BRIGADE, int(32 * u), anchor="ms")
    c.text(c.w / 2, 190 * u, rng.choice(("道路交通事故认定书（简易程序）", "交通事故证明")), int(44 * u), bold=True,
           anchor="ms")
    ds = (rng.choice(("iso", "cn0", "dot")),)
    wid = [(x1 - x0) * f for f in (0.14, 0.16, 0.3, 0.2, 0.2)]
    rows: list[list[Cell]] = [
        [rng.choice(("事故时间", "发生时间")), (_accident_time(rng, v, ds), 2), "天气",
         rng.choice(("晴", "阴", "小雨"))],
        ["事故地点", (rng.choice(ROADS), 4)],
        ["当事人", "姓名", "身份证号", "交通方式", "车辆牌号"],
        ["甲", v["other_party"], "4405" + random_digits(rng, 10) + "****", "小型轿车",
         f"{v['plate'][:2]}·{v['plate'][2:]}"],
        ["乙", v["name"], v["id_number"], rng.choice(("步行", "电动自行车")), "无"],
    ]
    y = c.table(x0, 240 * u, wid, 70 * u, rows, s, outer=4)
    fact = (f"事故经过：{v['other_party']}驾车在事故地点与{v['name']}发生碰撞，致{v['name']}受伤。"
            f"责任认定：甲方负{rng.choice(('全部', '主要'))}责任，乙方{rng.choice(('无责任', '次要责任'))}。")
    box_top = y
    y = c.para(x0 + 20 * u, y + 50 * u, x1 - x0 - 40 * u, fact, s, leading=1.8)
    y += 60 * u
    c.rect(x0, box_top, x1, y, 4)
    y += 90 * u
    c.text(x0, y, "当事人签名：", s)
    signature(c, x0 + 170 * u, y - 40 * u, 48 * u, v["other_party"], rng)
    signature(c, x0 + 420 * u, y - 40 * u, 48 * u, v["name"], rng)
    c.text(x1, y + 100 * u, date_text(rng, v["accident_date"], ds), s, anchor="rs")
    seal(c.img, x1 - 200 * u, y + 50 * u, 115 * u, rng, TRAFFIC_BRIGADE, "事故处理专用章")
    return c.img


def village_proof(rng: random.Random, v: Values) -> Image.Image:
    """意外事故证明 from the village committee: who, when, what happened, sealed."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(33 * u), 130 * u, c.w - 130 * u
    face = rng.choice(("serif", "sans"))
    committee = (f"汕头市潮南区{v['town']}{'街道' if v['town'] == '峡山' else '镇'}"
                 f"{rng.choice('东西南北上下新')}{rng.choice('溪洋埔塘')}村民委员会")
    c.text(c.w / 2, 220 * u, rng.choice(("意外事故证明", "证  明", "受伤经过证明")), int(56 * u), face, True,
           anchor="ms", tracking=6 * u)
    ds = (rng.choice(("cn", "cn0")),)
    body = (f"兹证明我村村民{v['name']}，{v['sex']}，{v['age']}岁，公民身份号码{v['id_number']}，于"
            f"{_accident_time(rng, v, ds)}{v['event']}致伤，当即被送往{v['hospital']}救治。以上情况属实。")
    y = c.para(x0, 360 * u, x1 - x0, maybe_fullwidth(rng, body, 0.2), s, face, leading=2.0, indent=2)
    c.para(x0, y + 20 * u, x1 - x0, "特此证明。", s, face, indent=2)
    y = c.h * 0.6
    c.text(x1, y, committee, int(30 * u), face, anchor="rs")
    c.text(x1, y + 70 * u, date_text(rng, v["accident_date"] + timedelta(days=rng.randint(1, 20)), ds), s, face,
           anchor="rs")
    seal(c.img, x1 - 220 * u, y, 130 * u, rng, committee, "")
    return c.img


SPECS = {
    DocType.disability_assessment: DocSpec(
        ("name", "id_number", "disability_grade", "assessment_date"), _sample,
        {"judicial_opinion": judicial_opinion, "table_opinion": table_opinion, "grading_letter": grading_letter}),
    DocType.accident_proof: DocSpec(
        ("name", "accident_date"), _sample,
        {"traffic_determination": traffic_determination, "simple_form": simple_form, "village_proof": village_proof}),
}
