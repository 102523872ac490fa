"""Clinical papers: discharge summaries (出院小结/出院记录/住院证明) and outpatient records (门诊病历)."""
import random
from datetime import timedelta

from PIL import Image

from models.enums import DocType
from synthetic.canvas import BLUE_INK, FORM_GREEN, INK, Canvas
from synthetic.catalog import (
    ACCIDENT_EVENTS,
    DEPARTMENTS,
    random_date,
    random_diagnosis,
    random_digits,
    random_hospital,
)
from synthetic.marks import barcode, seal, signature
from synthetic.pages.base import DocSpec, Values, a4, date_text, given, given_date
from synthetic.people import random_name, random_person


def _sample(rng: random.Random, values: Values) -> Values:
    person = random_person(rng, values.get("name"), values.get("id_number"))
    admission = given_date(values, "admission_date", lambda: random_date(rng))
    diagnosis = str(given(values, "diagnosis", lambda: random_diagnosis(rng)))
    return {
        "name": person.name, "sex": person.sex, "age": person.age_on(admission), "id_number": person.id_number,
        "address": person.address, "hospital": given(values, "hospital", lambda: random_hospital(rng)),
        "department": given(values, "department", lambda: rng.choice(DEPARTMENTS)),
        "admission_date": admission,
        "discharge_date": given_date(values, "discharge_date", lambda: admission + timedelta(days=rng.randint(2, 30))),
        "visit_date": given_date(values, "visit_date", lambda: admission),
        "diagnosis": diagnosis, "event": rng.choice(ACCIDENT_EVENTS), "record_no": random_digits(rng, 8),
        "bed": str(rng.randint(1, 60)), "doctor": random_name(rng), "chief": random_name(rng),
    }


def _injury(v: Values) -> str:
    return v["diagnosis"].split("；")[0]


def _diagnosis_text(rng: random.Random, v: Values) -> str:
    """The diagnosis as printed: joined by '；' or numbered."""
    parts = v["diagnosis"].split("；")
    if len(parts) > 1 and rng.random() < 0.4:
        return "  ".join(f"{i}.{p}" for i, p in enumerate(parts, 1))
    return v["diagnosis"]


def _narrative(rng: random.Random, v: Values) -> dict[str, str]:
    injury = _injury(v)
    hours = rng.choice(("2小时", "3小时", "5小时", "半天", "1天"))
    return {
        "入院情况": f"患者因“{v['event']}致伤，伤处疼痛、活动受限{hours}”入院。查体：神志清楚，伤处肿胀、压痛明显。"
                  f"影像学检查提示{injury}。",
        "诊疗经过": f"入院后完善相关检查，予{rng.choice(('手术治疗', '手法复位外固定', '卧床制动', '清创缝合'))}，"
                  "并予止痛、消肿、预防感染、营养支持等对症处理，病情稳定。",
        "出院情况": "患者一般情况可，神志清，伤口愈合良好，无红肿渗液，伤处疼痛明显减轻。",
        "出院医嘱": "1.注意休息，防跌倒；2.出院后1个月、3个月门诊复查X线片；3.如有不适，及时就诊。",
    }


def _logo(c: Canvas, x: float, y: float, r: float, color: tuple[int, int, int]) -> None:
    """A round hospital logo with a cross."""
    c.draw.ellipse((x - r, y - r, x + r, y + r), outline=color, width=max(2, int(r / 8)))
    c.rect(x - r * 0.18, y - r * 0.6, x + r * 0.18, y + r * 0.6, 0, None, color)
    c.rect(x - r * 0.6, y - r * 0.18, x + r * 0.6, y + r * 0.18, 0, None, color)


def summary_sections(rng: random.Random, v: Values) -> Image.Image:
    """出院小结/出院记录: letterhead, a ruled patient line, then bold-labelled sections."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(27 * u), 90 * u, c.w - 90 * u
    face = rng.choice(("sans", "serif"))
    _logo(c, c.w / 2 - 300 * u, 92 * u, 30 * u, FORM_GREEN)
    c.text(c.w / 2 + 20 * u, 105 * u, v["hospital"], c.fit(v["hospital"], int(44 * u), 520 * u, face, True), face, True,
           anchor="ms")
    c.text(c.w / 2, 180 * u, rng.choice(("出院小结", "出院记录", "出 院 小 结")), int(46 * u), face, True, anchor="ms",
           tracking=8 * u)
    ds = (rng.choice(("iso", "cn0", "cn", "dot")),)
    y = 250 * u
    english = rng.random() < 0.25  # bilingual labels: 姓名 Name, 出院诊断 Discharge Diagnosis
    en = (lambda zh, words: f"{zh} {words}") if english else (lambda zh, words: zh)
    name_label = en(rng.choice(("姓名", "患者姓名", "病人姓名", "就诊人姓名", "参保人姓名")), "Name")
    items = [(name_label, v["name"]), ("性别", v["sex"]), ("年龄", f"{v['age']}岁"), ("科室", v["department"]),
             ("床号", v["bed"]), ("住院号", v["record_no"])]
    for i, (label, value) in enumerate(items):
        c.kv(x0 + (i % 3) * (x1 - x0) / 3, y + (i // 3) * 45 * u, label, value, s, face=face)
    y += 70 * u
    c.line(x0, y, x1, y, 3)
    y += 55 * u
    adm = date_text(rng, v["admission_date"], ds)
    dis = date_text(rng, v["discharge_date"], ds)
    if rng.random() < 0.3:  # the stay as one range: 住院日期：2025.06.26—2025.07.04
        c.kv(x0, y, en(rng.choice(("住院日期", "住院期间", "住院起止日期")), "Hospital Stay"),
             f"{adm}{rng.choice(('—', ' 至 ', '-', '~'))}{dis}", s, face=face, bold_label=True)
    else:
        adm_label, dis_label = rng.choice((("入院日期", "出院日期"), ("入院时间", "出院时间")))
        if adm_label.endswith("时间"):
            adm += f" {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
            dis += f" {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}"
        c.kv(x0, y, en(adm_label, "Admission Date"), adm, s, face=face, bold_label=True)
        c.kv(x0 + (x1 - x0) / 2, y, en(dis_label, "Discharge Date"), dis, s, face=face, bold_label=True)
    y += 50 * u
    days = (v["discharge_date"] - v["admission_date"]).days
    c.kv(x0, y, "住院天数", f"{days}天", s, face=face, bold_label=True)
    y += 60 * u
    story = _narrative(rng, v)
    sections = [("入院诊断", _injury(v)), (en(rng.choice(("出院诊断", "出院主要诊断", "诊断")), "Discharge Diagnosis"),
                                           _diagnosis_text(rng, v)),
                *story.items()]
    one_per_line = rng.random() < 0.5  # a numbered diagnosis list with an item per line, under the first
    for label, body in sections:
        end = c.text(x0, y, f"{label}：", s, face, True)
        if one_per_line and body.startswith("1."):
            for item in body.split("  "):
                c.text(end, y, item, s, face)
                y += s * 1.6
            y += s * 0.5
            continue
        lines = c.wrap(body, s, x1 - x0, face, end - x0)
        c.text(end, y, lines[0], s, face)
        for line in lines[1:]:
            y += s * 1.6
            c.text(x0, y, line, s, face)
        y += s * 2.1
    y += 60 * u
    c.text(x0 + 40 * u, y, "住院医师：", s, face)
    signature(c, x0 + 190 * u, y - 40 * u, 50 * u, v["doctor"], rng)
    c.text(x0 + 0.55 * (x1 - x0), y, "主治医师：", s, face)
    signature(c, x0 + 0.55 * (x1 - x0) + 150 * u, y - 40 * u, 50 * u, v["chief"], rng)
    if rng.random() < 0.7:
        seal(c.img, x1 - 150 * u, y - 20 * u, 110 * u, rng, v["hospital"], rng.choice(("医务科", "病案管理专用章", "")))
    c.text(c.w / 2, c.h - 60 * u, "第1页", int(22 * u), face, anchor="ms")
    return c.img


def boxed_record(rng: random.Random, v: Values) -> Image.Image:
    """出院记录 as a fully ruled form with fixed cells."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(25 * u), 70 * u, c.w - 70 * u
    c.text(c.w / 2, 100 * u, v["hospital"], int(40 * u), "serif", True, anchor="ms")
    c.text(c.w / 2, 165 * u, rng.choice(("出院记录", "出院小结")), int(40 * u), "serif", True, anchor="ms",
           tracking=14 * u)
    c.kv(x1 - 330 * u, 215 * u, "病案号", v["record_no"], int(22 * u), value_face="latin_mono")
    ds = (rng.choice(("iso", "cn0", "dot", "slash")),)
    wid = [(x1 - x0) * f for f in (0.14, 0.2, 0.12, 0.14, 0.16, 0.24)]
    rows = [
        [rng.choice(("姓名", "患者姓名")), v["name"], "性别", v["sex"], "年龄", f"{v['age']}岁"],
        ["科别", v["department"], "床号", v["bed"], "住院天数",
         f"{(v['discharge_date'] - v['admission_date']).days}天"],
        [rng.choice(("入院日期", "入院时间")), (date_text(rng, v["admission_date"], ds), 2),
         rng.choice(("出院日期", "出院时间")), (date_text(rng, v["discharge_date"], ds), 2)],
    ]
    y = c.table(x0, 240 * u, wid, 62 * u, rows, s, align="cccccc", outer=3)
    story = _narrative(rng, v)
    blocks = [("入院诊断", _injury(v)), (rng.choice(("出院诊断", "出院主要诊断")), _diagnosis_text(rng, v)),
              *story.items()]
    lw = (x1 - x0) * 0.14
    for label, body in blocks:
        lines = c.wrap(body, s, x1 - x0 - lw - 30 * u)
        h = max(70 * u, len(lines) * s * 1.55 + 30 * u)
        c.rect(x0, y, x1, y + h, 2)
        c.line(x0 + lw, y, x0 + lw, y + h, 2)
        c.text(x0 + lw / 2, y + h / 2, label, c.fit(label, s, lw - 12 * u), anchor="mm")
        yy = y + 15 * u + s
        for line in lines:
            c.text(x0 + lw + 15 * u, yy, line, s)
            yy += s * 1.55
        y += h
    c.rect(x0, 240 * u, x1, y, 4)
    y += 90 * u
    c.text(x0 + 0.5 * (x1 - x0), y, "医师签名：", s)
    signature(c, x0 + 0.5 * (x1 - x0) + 140 * u, y - 42 * u, 55 * u, v["doctor"], rng)
    c.text(x1, y + 70 * u, date_text(rng, v["discharge_date"], ("cn", "cn0")), s, anchor="rs")
    return c.img


def certificate(rng: random.Random, v: Values) -> Image.Image:
    """住院证明 / 诊断证明书: a short certifying letter with the hospital's seal."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(32 * u), 120 * u, c.w - 120 * u
    face = rng.choice(("serif", "sans"))
    c.text(c.w / 2, 150 * u, v["hospital"], int(44 * u), face, True, anchor="ms")
    c.text(c.w / 2, 240 * u, rng.choice(("住院证明", "住 院 证 明", "诊断证明书")), int(54 * u), face, True,
           anchor="ms", tracking=6 * u)
    c.kv(x1 - 360 * u, 310 * u, "住院号", v["record_no"], int(24 * u), face=face)
    ds = (rng.choice(("cn", "cn0")),)
    days = (v["discharge_date"] - v["admission_date"]).days
    body = (f"兹证明患者{v['name']}，{v['sex']}，{v['age']}岁，身份证号{v['id_number']}，因{v['event']}致伤，"
            f"于{date_text(rng, v['admission_date'], ds)}入住我院{v['department']}治疗，"
            f"于{date_text(rng, v['discharge_date'], ds)}出院，共住院{days}天。")
    y = c.para(x0, 400 * u, x1 - x0, body, s, face, leading=1.9, indent=2)
    y = c.para(x0, y + 20 * u, x1 - x0, f"出院诊断：{_diagnosis_text(rng, v)}", s, face, leading=1.9, indent=2)
    y = c.para(x0, y + 20 * u, x1 - x0, "特此证明。", s, face, indent=2)
    y += 140 * u
    c.text(x1, y, v["hospital"], s, face, anchor="rs")
    c.text(x1, y + 70 * u, date_text(rng, v["discharge_date"], ("cn", "cn_upper")), s, face, anchor="rs")
    seal(c.img, x1 - 180 * u, y, 125 * u, rng, v["hospital"], rng.choice(("医务科", "诊断证明专用章")))
    c.text(x0, y + 200 * u, "经治医师：", int(28 * u), face)
    signature(c, x0 + 150 * u, y + 160 * u, 50 * u, v["doctor"], rng)
    return c.img


def outpatient_print(rng: random.Random, v: Values) -> Image.Image:
    """门诊病历 printed from the hospital system: patient line, SOAP-like sections, doctor signature."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(27 * u), 90 * u, c.w - 90 * u
    c.text(c.w / 2, 115 * u, v["hospital"], c.fit(v["hospital"], int(44 * u), x1 - x0, bold=True), bold=True,
           anchor="ms")
    c.text(c.w / 2, 180 * u, rng.choice(("门诊病历", "门（急）诊病历", "门诊病历记录")), int(40 * u), bold=True,
           anchor="ms", tracking=6 * u)
    barcode(c, x1 - 260 * u, 18 * u, 260 * u, 42 * u, rng)
    date_label = rng.choice(("就诊日期", "就诊时间", "门诊日期"))
    visit = date_text(rng, v["visit_date"], ("iso", "cn0", "dot", "slash"))
    if date_label == "就诊时间":
        visit += f" {rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}"
    info = [(rng.choice(("姓名", "患者姓名")), v["name"]), ("性别", v["sex"]), ("年龄", f"{v['age']}岁"),
            ("科别", v["department"]), ("门诊号", v["record_no"]), (date_label, visit)]
    y = 250 * u
    for i, (label, value) in enumerate(info):
        c.kv(x0 + (i % 3) * (x1 - x0) / 3, y + (i // 3) * 48 * u, label, value, s)
    y += 75 * u
    c.line(x0, y, x1, y, 3)
    y += 60 * u
    sections = [
        ("主诉", f"{v['event']}致伤处疼痛{rng.choice(('1小时', '3小时', '半天', '1天'))}。"),
        ("现病史", f"患者{rng.choice(('今日', '昨日'))}{v['event']}，伤后即感伤处疼痛，活动受限，无昏迷、呕吐。"),
        ("既往史", rng.choice(("否认高血压、糖尿病史。", "有高血压病史10余年，规律服药。", "既往体健。"))),
        ("体格检查", "神志清，生命体征平稳，伤处局部肿胀，压痛(+)，活动受限。"),
        ("辅助检查", f"X线/CT示：{_injury(v)}。"),
        (rng.choice(("诊断", "初步诊断", "门诊诊断")), _diagnosis_text(rng, v)),
        ("处理", rng.choice(("1.石膏外固定；2.口服止痛药；3.1周后复诊。", "建议住院治疗。",
                           "清创缝合，破伤风抗毒素注射，定期换药。"))),
    ]
    for label, body in sections:
        end = c.text(x0, y, f"{label}：", s, bold=True)
        lines = c.wrap(body, s, x1 - x0, first_indent=end - x0)
        for i, line in enumerate(lines):
            c.text(end if i == 0 else x0, y, line, s)
            y += s * 1.6
        y += s * 0.7
    y += 60 * u
    c.text(x1 - 380 * u, y, "医师签名：", s)
    signature(c, x1 - 230 * u, y - 42 * u, 55 * u, v["doctor"], rng)
    return c.img


def booklet(rng: random.Random, v: Values) -> Image.Image:
    """A page of a 门诊病历本 with ruled lines, filled in by hand in blue ink."""
    w = rng.randint(1240, 1400)
    c = Canvas(w, int(w * 1.42), (rng.randint(240, 250), rng.randint(240, 248), rng.randint(225, 238)))
    u = w / 1240
    s, x0, x1 = int(34 * u), 90 * u, w - 90 * u
    c.text(w / 2, 90 * u, f"{v['hospital']}  门诊病历", int(34 * u), "serif", True, fill=(60, 60, 70), anchor="ms")
    c.kv(x0, 160 * u, "姓名", v["name"], int(30 * u), value_fill=BLUE_INK, label_fill=(60, 60, 70))
    c.kv(x0 + 330 * u, 160 * u, "性别", v["sex"], int(30 * u), value_fill=BLUE_INK, label_fill=(60, 60, 70))
    c.kv(x0 + 560 * u, 160 * u, "年龄", str(v["age"]), int(30 * u), value_fill=BLUE_INK, label_fill=(60, 60, 70))
    c.kv(x0 + 790 * u, 160 * u, "科别", v["department"], int(30 * u), value_fill=BLUE_INK, label_fill=(60, 60, 70))
    pitch = 66 * u
    for k in range(int((c.h - 260 * u) / pitch)):
        c.line(x0 - 30 * u, 240 * u + k * pitch, x1 + 30 * u, 240 * u + k * pitch, 1, (150, 180, 210))
    lines = [
        date_text(rng, v["visit_date"], ("dot", "iso", "cn")),
        f"{v['event']}，伤处痛{rng.choice(('2h', '3h', '半天', '1天'))}。",
        "查：神清，伤处肿胀，压痛(+)，活动受限。",
        f"X线示：{_injury(v)}",
        f"{rng.choice(('诊断', '印象', 'Dx'))}：{_diagnosis_text(rng, v)}",
        rng.choice(("处理：石膏固定，止痛，1周复诊。", "处理：建议住院手术治疗。", "处理：清创缝合，TAT，换药。")),
    ]
    y = 240 * u + pitch - 14 * u
    for line in lines:
        cx = x0 + rng.uniform(0, 20) * u
        for ch in line:
            jitter = rng.uniform(-3, 3) * u
            cx = c.text(cx, y + jitter, ch, s, "serif" if rng.random() < 0.5 else "sans", fill=BLUE_INK) + 1
            if cx > x1:
                cx, y = x0, y + pitch
        y += pitch
    signature(c, x1 - 260 * u, y + 10 * u, 55 * u, v["doctor"], rng)
    return c.img


def emergency_record(rng: random.Random, v: Values) -> Image.Image:
    """病历记录 / 急诊病历: boxed patient table, record text and a diagnosis box."""
    c = a4(rng)
    u = c.w / 1240
    s, x0, x1 = int(26 * u), 80 * u, c.w - 80 * u
    c.text(c.w / 2, 100 * u, v["hospital"], int(42 * u), "serif", True, anchor="ms")
    c.text(c.w / 2, 165 * u, rng.choice(("急诊病历", "病历记录", "门诊病历")), int(40 * u), "serif", True, anchor="ms",
           tracking=10 * u)
    ds = (rng.choice(("iso", "compact", "cn0", "slash")),)
    wid = [(x1 - x0) * f for f in (0.15, 0.2, 0.13, 0.17, 0.15, 0.2)]
    rows = [[rng.choice(("姓名", "病人姓名")), v["name"], "性别", v["sex"], "年龄", f"{v['age']}岁"],
            [rng.choice(("就诊日期", "日期")), date_text(rng, v["visit_date"], ds), "科室", v["department"],
             "病历号", v["record_no"]]]
    y = c.table(x0, 210 * u, wid, 60 * u, rows, s, outer=3)
    y += 60 * u
    body = (f"主诉：{v['event']}致伤{rng.choice(('1小时', '2小时', '4小时'))}。 现病史：伤后伤处疼痛，活动受限，"
            f"无昏迷及呕吐。 查体：BP {rng.randint(120, 170)}/{rng.randint(65, 95)}mmHg，神志清，伤处压痛明显。 "
            f"辅助检查：X线/CT提示{_injury(v)}。")
    y = c.para(x0, y, x1 - x0, body, s, leading=1.8)
    y += 20 * u
    label = rng.choice(("诊断", "初步诊断", "临床诊断"))
    y = c.table(x0, y, [(x1 - x0) * 0.18, (x1 - x0) * 0.82], 70 * u, [[label, _diagnosis_text(rng, v)]], s,
                align="cl", outer=3)
    y += 60 * u
    c.para(x0, y, x1 - x0, "处理意见：" + rng.choice(("收住院进一步治疗。", "予外固定，口服药物，门诊随诊。")), s)
    c.text(x1 - 360 * u, y + 150 * u, "医师：", s, fill=INK)
    signature(c, x1 - 270 * u, y + 108 * u, 55 * u, v["doctor"], rng)
    return c.img


SPECS = {
    DocType.discharge_summary: DocSpec(
        ("name", "hospital", "admission_date", "discharge_date", "diagnosis"), _sample,
        {"summary_sections": summary_sections, "boxed_record": boxed_record, "certificate": certificate}),
    DocType.medical_record: DocSpec(
        ("name", "hospital", "visit_date", "diagnosis"), _sample,
        {"outpatient_print": outpatient_print, "booklet": booklet, "emergency_record": emergency_record}),
}
