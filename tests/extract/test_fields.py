"""Label→value pairing on hand-placed OCR lines (a fake OCR result: these are field-rule unit tests)."""
from datetime import date
from decimal import Decimal

from models.enums import DocType
from models.ocr import OcrLine
from pipeline.extract.fields.extractor import extract_fields


def line(text: str, x: float, y: float, w: float | None = None, h: float = 30, conf: float = 0.99) -> OcrLine:
    w = w if w is not None else h * len(text)
    return OcrLine(text=text, confidence=conf, box=((x, y), (x + w, y), (x + w, y + h), (x, y + h)))


def values(doc_type: DocType, lines: list[OcrLine]) -> dict:
    return {k: v.value for k, v in extract_fields(doc_type, lines).items()}


def test_value_on_same_line_right_and_below() -> None:
    lines = [
        line("出院记录", 300, 20, h=50),
        line("姓名：李玉兰", 50, 100),
        line("性别：女", 400, 100),
        line("入院日期", 50, 150), line("2025年11月16日", 200, 150),
        line("出院日期：", 50, 200), line("2025-11-22", 70, 240),
        line("出院诊断：", 50, 300), line("右桡骨远端骨折", 210, 300),
        line("汕头市中心医院", 300, 500),
    ]
    assert values(DocType.discharge_summary, lines) == {
        "name": "李玉兰", "hospital": "汕头市中心医院", "admission_date": date(2025, 11, 16),
        "discharge_date": date(2025, 11, 22), "diagnosis": "右桡骨远端骨折"}


def test_longer_labels_of_other_fields_are_not_matched() -> None:
    lines = [
        line("兹证明：钟少鹏，性别：男，出生日期：1954年06月14日，", 50, 100, h=40),
        line("该人已于2025年07月1", 50, 150, h=40),
        line("9日因死亡注销户口。", 50, 200, h=40),
        line("可联系的家属姓名", 50, 400), line("钟丽华", 300, 400),
    ]
    got = values(DocType.household_cancellation, lines)
    assert got["name"] == "钟少鹏"
    assert got["cancellation_date"] == date(2025, 7, 19)  # wrapped across two lines, not the birth date


def test_invoice_total_is_confirmed_by_the_uppercase_amount() -> None:
    lines = [line("合计（大写）", 50, 100), line("叁仟肆佰陆拾捌元整", 250, 100), line("(小写)￥3468.00", 600, 100)]
    found = extract_fields(DocType.hospital_invoice, lines)
    assert found["total_amount"].value == Decimal("3468.00") and found["total_amount"].confidence >= 0.99
    clash = [line("合计（大写）", 50, 100), line("叁仟肆佰陆拾玖元整", 250, 100), line("(小写)￥3468.00", 600, 100)]
    assert extract_fields(DocType.hospital_invoice, clash)["total_amount"].confidence < 0.6


def test_rail_ticket_without_labels() -> None:
    lines = [
        line("Z18G413776", 20, 20, h=30), line("检票:10A", 700, 40),
        line("普宁站", 40, 100, h=60), line("G7417", 380, 100, h=60), line("深圳北站", 650, 100, h=60),
        line("2025年07月12日15:15开", 40, 200), line("¥117.5元", 40, 250),
        line("4405141954****1410钟少鹏", 40, 400),
    ]
    assert values(DocType.rail_ticket, lines) == {
        "passenger_name": "钟少鹏", "id_number": "4405141954****1410", "travel_date": date(2025, 7, 12),
        "train_number": "G7417", "from_station": "普宁站", "to_station": "深圳北站", "fare": Decimal("117.50")}


def test_missing_fields_are_left_out_and_id_checksum_lowers_confidence() -> None:
    lines = [line("居民身份证", 100, 20), line("公民身份号码", 20, 300), line("440514193509262823", 250, 300)]
    found = extract_fields(DocType.id_card, lines)
    assert "name" not in found
    assert found["id_number"].value == "440514193509262823" and found["id_number"].confidence <= 0.5


def test_a_label_misread_by_one_character_is_still_found() -> None:
    lines = [line("出院小结", 300, 20, h=50), line("入输时间：2026.06.03 11:45", 50, 100),
             line("出院时间：2026.06.07 11:32", 50, 150)]
    found = extract_fields(DocType.discharge_summary, lines)
    assert found["admission_date"].value == date(2026, 6, 3)
    assert found["discharge_date"].value == date(2026, 6, 7)
    assert found["admission_date"].confidence < found["discharge_date"].confidence


def test_an_inpatient_invoice_without_its_own_date_takes_the_discharge_date() -> None:
    lines = [line("医疗收费票据", 300, 20, h=50), line("入院日期：2024-09-17", 50, 100),
             line("出院日期：2024-09-19", 500, 100), line("收费日期：2025年10月月日", 50, 400)]
    found = extract_fields(DocType.hospital_invoice, lines)
    assert found["invoice_date"].value == date(2024, 9, 19)
    assert found["invoice_date"].confidence < 0.99


def test_an_id_number_wrapped_onto_the_next_line() -> None:
    lines = [line("伤残鉴定报告书", 200, 20, h=50), line("被鉴定人杨荣永，男，公民身份号码4405241952020", 50, 100),
             line("36750。2026年04月21日因在村道上被三轮车刮倒致脑震", 20, 140)]
    assert values(DocType.disability_assessment, lines)["id_number"] == "440524195202036750"


def test_a_fare_prefers_an_amount_in_yuan_over_a_bare_number_beside_the_label() -> None:
    lines = [line("票价", 50, 100), line("45", 600, 100), line("69.00元", 700, 104)]
    assert values(DocType.bus_ticket, lines)["fare"] == Decimal("69.00")


def test_a_compact_date_is_not_a_fare() -> None:
    lines = [line("票价", 50, 100), line("20240824", 600, 100)]
    assert "fare" not in values(DocType.bus_ticket, lines)


def test_a_rail_ticket_travel_date_is_not_its_invoice_date() -> None:
    lines = [line("电子发票（铁路电子客票）", 200, 20, h=40), line("开票日期：2024年06月08日", 600, 80),
             line("潮阳站", 100, 160, h=50), line("G5152", 400, 160, h=50), line("深圳北站", 700, 160, h=50),
             line("2024年06月09日21:47开", 100, 260)]
    assert values(DocType.rail_ticket, lines)["travel_date"] == date(2024, 6, 9)


def test_the_invoice_code_is_not_the_invoice_number_misread() -> None:
    """票据代码 differs from the label 票据号码 by one character: a known label of its own, never a misreading."""
    lines = [line("广东省医疗收费票据", 300, 20, h=50), line("票据代码：44060524", 50, 100),
             line("票据号码：4769288049", 600, 100)]
    assert values(DocType.hospital_invoice, lines)["invoice_number"] == "4769288049"


def test_an_invoice_number_after_its_mark_as_ocr_reads_it() -> None:
    for marked in ("No4082463213", "NO.4082463213", "№4082463213", "N4082463213", "Ne4082463213"):
        lines = [line("广东省医疗收费票据", 300, 20, h=50), line("票据代码：44060121", 50, 100), line(marked, 600, 100)]
        assert values(DocType.hospital_invoice, lines)["invoice_number"] == "4082463213", marked
    lines = [line("广东省医疗收费票据", 300, 20, h=50), line("Na4082463213", 600, 100)]
    assert "invoice_number" not in values(DocType.hospital_invoice, lines)


def test_an_amount_cut_in_two_at_its_decimal_point() -> None:
    lines = [line("医保统筹基金支付：", 255, 782), line("8786", 431, 775), line(".88", 487, 778, w=43)]
    found = extract_fields(DocType.hospital_invoice, lines)
    assert found["insurance_paid"].value == Decimal("8786.88") and found["insurance_paid"].confidence > 0.9


def test_an_insurance_amount_missing_its_fen_is_completed_from_the_invoice_sum() -> None:
    lines = [line("合计（大写）", 46, 391), line("(小写)¥2631.80", 607, 391), line("统筹基金支付：1790", 44, 457),
             line("个人账户支付：0.00", 341, 463), line("个人支付金额：841.05", 600, 463)]
    found = extract_fields(DocType.hospital_invoice, lines)
    assert found["insurance_paid"].value == Decimal("1790.75") and found["insurance_paid"].confidence > 0.9
    wrong = [*lines[:2], line("统筹基金支付：1650", 44, 457), *lines[3:]]  # the parts do not add up: left as read
    assert extract_fields(DocType.hospital_invoice, wrong)["insurance_paid"].value == Decimal("1650")


def test_an_insurance_amount_without_its_decimal_point_is_corrected_by_the_invoice_sum() -> None:
    lines = [line("合计（大写）", 46, 391), line("(小写)¥7880.20", 607, 391),
             line("医保统筹基金支付：391230", 44, 457, conf=0.96),
             line("个人账户支付：0.00", 341, 463), line("个人现金支付：3967.90", 600, 463)]
    assert extract_fields(DocType.hospital_invoice, lines)["insurance_paid"].value == Decimal("3912.30")


def test_an_insurance_amount_under_a_seal_is_the_total_less_every_settlement_part() -> None:
    settlement = line("其他支付：0.00 个人账户支付：0.00 个人现金支付：4483.69", 712, 987, conf=0.97)
    lines = [line("合计（大写）", 46, 891), line("壹万壹仟叁佰肆拾伍元壹角", 435, 893),
             line("(小写)¥11345.10", 768, 894), settlement]
    found = extract_fields(DocType.hospital_invoice, lines)
    assert found["insurance_paid"].value == Decimal("6861.41") and found["insurance_paid"].confidence == 0.97
    partial = [*lines[:3], line("个人现金支付：4483.69", 712, 987)]  # the account part unread: nothing is derived
    assert "insurance_paid" not in extract_fields(DocType.hospital_invoice, partial)
    smudged = [*lines, line("医保统筹基金支付币835:00", 44, 987, conf=0.7)]  # read, but not adding up, less surely
    assert extract_fields(DocType.hospital_invoice, smudged)["insurance_paid"].value == Decimal("6861.41")
    no_other = [*lines[:3], line("个人账户支付：100.00", 612, 987), line("个人现金支付：4483.69", 912, 987)]
    assert extract_fields(DocType.hospital_invoice, no_other)["insurance_paid"].value == Decimal("6761.41")


def test_a_total_whose_uppercase_fraction_was_misread_keeps_its_confidence() -> None:
    lines = [line("合计金额：10703.30元", 158, 1037), line("大写：壹万零柒佰零叁元拳", 655, 1048, conf=0.95)]
    found = extract_fields(DocType.hospital_invoice, lines)
    assert found["total_amount"].value == Decimal("10703.30") and found["total_amount"].confidence == 0.99
    other_yuan = [lines[0], line("大写：壹万零柒佰零肆元拳", 655, 1048)]
    assert extract_fields(DocType.hospital_invoice, other_yuan)["total_amount"].confidence < 0.6


def test_a_bare_hospital_word_from_a_seal_names_no_hospital() -> None:
    lines = [line("医疗机构：汕头市第三人民医院", 214, 231, conf=0.99), line("人民医院", 555, 734, conf=1.0)]
    assert values(DocType.hospital_invoice, lines)["hospital"] == "汕头市第三人民医院"


def test_an_amount_ends_where_the_next_label_on_its_line_starts() -> None:
    lines = [line("金额合计(大写)", 240, 798), line("(小写)¥6073.00", 855, 776),
             line("医保统筹基金支付4203.34 其他支付：0.00 个人账户支付：0.00 个人现金支付：1869.66", 553, 895)]
    assert values(DocType.hospital_invoice, lines)["insurance_paid"] == Decimal("4203.34")


def test_an_insurance_amount_that_adds_up_is_confirmed_by_the_sum() -> None:
    """A generated invoice: ¥ read as 币 and the decimal point as a colon leave the amount read unsurely."""
    lines = [line("合计（大写）", 46, 391), line("(小写)¥1360.70", 607, 391),
             line("医保统筹基金支付币835:00", 44, 457, conf=0.94),
             line("个人账户支付：0.00", 341, 463), line("个人现金支付：525.70", 600, 463)]
    alone = extract_fields(DocType.hospital_invoice, lines[2:3])["insurance_paid"]
    found = extract_fields(DocType.hospital_invoice, lines)["insurance_paid"]
    assert alone.value == found.value == Decimal("835.00")
    assert found.confidence > alone.confidence and found.confidence >= 0.9, (alone, found)


def test_a_total_the_uppercase_amount_contradicts_is_rebuilt_from_the_amounts_paid() -> None:
    """Sample CN20250827-0008's invoice: a faint 小写, a 大写 read only in part, 个人现金 with 金 misread as 全 and
    个人账户 0.00 misread as 0.88; only 统筹 + 个人现金 agrees with 贰仟…元贰角."""
    lines = [line("合计（大写）", 341, 811), line("贰仟童任器拦结元贰角整", 520, 825, conf=0.62),
             line("(小写)￥2145.29", 1156, 847, conf=0.87),
             line("医保统养基全支付：1396:46", 337, 914, conf=0.87),
             line("个人账户支付：", 769, 929), line("0.88", 935, 946, conf=0.60),
             line("个人现全支付：749.74", 1142, 947)]
    found = extract_fields(DocType.hospital_invoice, lines)["total_amount"]
    assert found.value == Decimal("2146.20") and found.confidence <= 0.62  # no surer than the 大写 read
    agreeing = [*lines[:2], line("(小写)￥2146.20", 1156, 847, conf=0.87), *lines[3:]]
    assert extract_fields(DocType.hospital_invoice, agreeing)["total_amount"].value == Decimal("2146.20")
    no_clean_start = [lines[0], line("童任器拦结元贰角整", 520, 825), *lines[2:]]  # the 角 alone prove nothing
    assert extract_fields(DocType.hospital_invoice, no_clean_start)["total_amount"].value == Decimal("2145.29")
    zero = [*lines[:5], line("0.00", 935, 946), lines[6]]  # 统筹 + 个人现金, with or without 0.00: one sum
    assert extract_fields(DocType.hospital_invoice, zero)["total_amount"].value == Decimal("2146.20")
    two_sums = [*lines, line("其他支付：100.00", 337, 980)]  # 2146.20 or 2246.20: which one?
    assert extract_fields(DocType.hospital_invoice, two_sums)["total_amount"].value == Decimal("2145.29")


def _turned(ln: OcrLine, degrees: float) -> OcrLine:
    """The line as a page photographed turned by ``degrees`` would give it (turned about the origin)."""
    import math

    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return ln.model_copy(update={"box": tuple((x * c - y * s, x * s + y * c) for x, y in ln.box)})


def test_a_value_printed_far_right_of_its_label_on_a_turned_page_is_on_the_label_row() -> None:
    """Metro apps print the label left and the value right-aligned; turned 8°, the value sits a row lower."""
    rows = [("乘车人", "沈玉"), ("乘车日期", "2024年08月05日"), ("进站", "福田站"), ("出站", "体育西路站"),
            ("票价", "4.00元")]
    flat = [line("深圳地铁乘车证明", 300, 40, h=50)]
    for k, (label, value) in enumerate(rows):
        flat += [line(label, 100, 150 + 90 * k), line(value, 1150 - 30 * len(value), 150 + 90 * k)]
    turned = [_turned(ln, 8) for ln in flat]
    found = extract_fields(DocType.rail_ticket, turned)
    assert {k: v.value for k, v in found.items() if k != "travel_date"} == {
        "passenger_name": "沈玉", "from_station": "福田站", "to_station": "体育西路站", "fare": Decimal("4.00")}
    assert found["from_station"].line in turned  # the field keeps the line as given, not a levelled copy


def test_a_route_printed_with_an_arrow_says_which_way() -> None:
    """Labels beside values on a slanted boarding pass pair wrongly; the stub's route has an arrow."""
    lines = [  # as OCR placed them on a photographed boarding pass
        line("登机牌 BOARDING PASS", 669, 733), line("北京首都→揭阳潮汕", 1538, 874),
        line("目的地 TO", 988, 943), line("始发地 FROM", 654, 968),
        line("揭阳潮汕国际机场", 991, 970), line("北京首都国际机场", 657, 997),
        line("座位号 SEAT", 1069, 1044), line("54D", 1069, 1078),
    ]
    found = values(DocType.air_ticket, lines)
    assert (found["from_station"], found["to_station"]) == ("北京首都", "揭阳潮汕")


def test_diagnosis_labels_real_records_use() -> None:
    lines = [line("汕头市中医医院门诊病历", 300, 20, h=50), line("姓名：林城亚", 50, 100),
             line("X线示：脑震荡", 50, 200), line("DX：脑震荡；2型糖尿病", 50, 250)]
    assert values(DocType.medical_record, lines)["diagnosis"] == "脑震荡;2型糖尿病"
    lines = [line("入院诊断：右踝关节骨折", 50, 100), line("出院主要诊断：右踝关节骨折；慢性支气管炎", 50, 150)]
    assert values(DocType.discharge_summary, lines)["diagnosis"] == "右踝关节骨折;慢性支气管炎"


def test_a_title_cut_before_the_place_names_no_hospital() -> None:
    lines = [line("汕头市", 100, 20, h=50), line("镇卫生院门诊病历", 500, 20, h=50), line("姓名：许永", 50, 100)]
    assert "hospital" not in values(DocType.medical_record, lines)


def test_a_stay_printed_as_one_range_gives_both_days() -> None:
    for stay in (["住院日期：2025.06.26—2025.07.04"], ["住院期间", "2025年06月26日至07月04日"]):
        lines = [line("姓名：王五", 50, 100)] + [line(t, 50 + 300 * i, 150) for i, t in enumerate(stay)]
        got = values(DocType.discharge_summary, lines)
        assert (got["admission_date"], got["discharge_date"]) == (date(2025, 6, 26), date(2025, 7, 4))
    single = values(DocType.discharge_summary, [line("住院日期：2025-06-26", 50, 150)])
    assert single["admission_date"] == date(2025, 6, 26) and "discharge_date" not in single


def test_bilingual_labels_and_other_wordings_for_the_patient() -> None:
    lines = [line("就诊人 Name：张三", 50, 100), line("参保人员类别：城乡居民", 500, 100),
             line("入院日期 Admission Date：2025-06-26", 50, 150),
             line("出院日期 Discharge Date", 50, 200), line("2025-07-02", 50, 240),
             line("出院诊断 Discharge Diagnosis：右桡骨远端骨折", 50, 300)]
    assert values(DocType.discharge_summary, lines) == {
        "name": "张三", "admission_date": date(2025, 6, 26), "discharge_date": date(2025, 7, 2),
        "diagnosis": "右桡骨远端骨折"}
    assert values(DocType.discharge_summary, [line("参保人姓名", 50, 100), line("李四", 50, 140)])["name"] == "李四"


def test_the_diagnosis_on_admission_gives_way_to_a_bare_diagnosis() -> None:
    lines = [line("入院诊断：右锁骨骨折", 50, 100), line("诊断：右锁骨骨折；2型糖尿病", 50, 150)]
    assert values(DocType.discharge_summary, lines)["diagnosis"] == "右锁骨骨折;2型糖尿病"


def test_a_numbered_diagnosis_goes_on_over_the_lines_below() -> None:
    lines = [line("出院诊断：1.右股骨颈骨折", 50, 100), line("2.高血压病3级", 200, 140), line("3.2型糖尿病", 200, 180),
             line("出院医嘱：注意休息", 50, 230)]
    assert values(DocType.discharge_summary, lines)["diagnosis"] == "右股骨颈骨折;高血压病3级;2型糖尿病"
    under_a_label = [line("出院诊断", 50, 100), line("1、左桡骨远端骨折", 250, 100), line("2、骨质疏松症", 250, 140)]
    assert values(DocType.discharge_summary, under_a_label)["diagnosis"] == "左桡骨远端骨折;骨质疏松症"
    below_the_label = [line("出院诊断：", 50, 100), line("(1)左桡骨远端骨折", 70, 140), line("(2)骨质疏松症", 70, 180)]
    assert values(DocType.discharge_summary, below_the_label)["diagnosis"] == "左桡骨远端骨折;骨质疏松症"


def test_a_name_in_prose_after_a_word_for_the_person() -> None:
    lines = [line("诊断证明书", 300, 20, h=50), line("患者李春惠因在家中摔倒致右髋部疼痛入院，", 50, 100),
             line("诊断：右股骨颈骨折", 50, 150)]
    assert values(DocType.discharge_summary, lines)["name"] == "李春惠"
    assert "name" not in values(DocType.discharge_summary, [line("患者因在家中摔倒致伤入院", 50, 100)])


def test_confidence_factors_come_from_the_settings() -> None:
    from pipeline.extract.fields.labels import load_field_labels

    labels = load_field_labels()
    lines = [line("出院日期：2825-87-18", 50, 100, conf=0.98)]  # 8 read for 0: a repaired date
    found = extract_fields(DocType.discharge_summary, lines, labels)["discharge_date"]
    assert found.value == date(2025, 7, 18) and found.confidence == round(0.98 * labels.confidence.repaired_date, 3)
    surer = labels.model_copy(update={"confidence": labels.confidence.model_copy(update={"repaired_date": 0.85})})
    assert extract_fields(DocType.discharge_summary, lines, surer)["discharge_date"].confidence == round(0.98 * 0.85, 3)


def test_free_text_in_prose_when_no_label_gives_it() -> None:
    record = [line("兹有患者李春惠，女，78岁，于2025年6月26日来我院就诊，", 50, 100),
              line("经检查诊断为：右股骨颈骨折，建议休息两周。", 50, 150)]
    assert values(DocType.medical_record, record)["diagnosis"] == "右股骨颈骨折"
    death = [line("死者洪财于2025年7月13日在家中死于急性心肌梗死。", 50, 100)]
    assert values(DocType.death_certificate, death)["cause_of_death"] == "急性心肌梗死"


def test_a_column_heading_between_label_and_value_is_passed_over() -> None:
    lines = [
        line("出院记录", 300, 20, h=50), line("姓名：李玉兰", 50, 100),
        line("出院诊断", 50, 300), line("诊断名称", 60, 345), line("入院病情", 400, 345),
        line("左桡骨远端骨折", 60, 390), line("有", 400, 390),
    ]
    assert values(DocType.discharge_summary, lines)["diagnosis"] == "左桡骨远端骨折"


def test_a_leading_item_mark_or_qualifier_is_not_part_of_the_text() -> None:
    death = [line("居民死亡医学证明（推断）书", 100, 20, h=50), line("直接死亡原因：(a)：失血性休克", 50, 200)]
    assert values(DocType.death_certificate, death)["cause_of_death"] == "失血性休克"
    discharge = [line("出院记录", 300, 20, h=50), line("出院诊断：（西医）", 50, 300),
                 line("左桡骨远端骨折；脑梗死后遗症", 60, 345)]
    assert values(DocType.discharge_summary, discharge)["diagnosis"] == "左桡骨远端骨折;脑梗死后遗症"


def test_an_amount_named_in_prose_after_a_money_label_is_not_the_labels() -> None:
    lines = [
        line("水路旅客运输客票", 200, 20, h=50), line("票价", 50, 300), line("¥35.50", 50, 345),
        line("（票价含港口建设费7.00元、旅客意外保险费3.00元）", 40, 390),
    ]
    assert values(DocType.ship_ticket, lines)["fare"] == Decimal("35.50")


def test_a_ticket_copy_name_and_a_word_before_a_colon_are_no_values() -> None:
    bus = [line("公路旅客运输客票", 200, 20, h=50), line("乘车站", 50, 100), line("乘车联", 200, 100),
           line("深圳福田汽车站", 50, 145), line("到站：潮南汽车客运站", 50, 250)]
    assert values(DocType.bus_ticket, bus).get("from_station") != "乘车联"
    proof = [line("事故证明", 300, 20, h=50), line("当事人", 50, 100),
             line("陈述：本人于2025年3月1日在家中摔倒", 200, 100)]
    assert "name" not in values(DocType.accident_proof, proof)


def test_a_trip_span_gives_the_day_of_travel_and_an_application_date_does_not() -> None:
    lines = [
        line("电子行程单", 300, 20, h=50), line("申请日期：2025-10-01", 50, 100),
        line("行程起止日期：", 50, 150), line("2025-09-25至2025-09-25", 260, 150),
        line("车牌号", 50, 250), line("粤D Z9242", 50, 295), line("金额", 400, 250), line("16.00", 400, 295),
    ]
    assert values(DocType.taxi_receipt, lines)["travel_date"] == date(2025, 9, 25)


def test_a_label_starting_a_column_heading_gives_no_value_and_a_label_is_no_value() -> None:
    lines = [line("出院记录", 300, 20, h=50), line("诊断类别", 50, 300), line("主要诊断", 300, 300),
             line("诊断名称", 50, 345), line("胸12椎体压缩性骨折", 300, 345)]
    assert values(DocType.discharge_summary, lines)["diagnosis"] == "胸12椎体压缩性骨折"


def test_the_value_under_a_table_heading_is_the_one_in_its_column() -> None:
    lines = [line("电子行程单", 300, 20, h=50), line("上车时间", 50, 100), line("2026-05-28 19:57", 30, 145),
             line("里程[公里]", 900, 100), line("金额[元]", 1050, 100),
             line("14.7", 990, 140), line("42.00", 1055, 145)]
    assert values(DocType.taxi_receipt, lines)["fare"] == Decimal("42.00")


def test_the_injured_named_in_the_story_beats_a_word_after_the_parties_label() -> None:
    lines = [line("道路交通事故认定书", 300, 20, h=50), line("当事人", 50, 100), line("郑宝秀", 50, 145),
             line("行驶时，与乘坐二轮摩托车的方树发发生碰撞，造成方树发受伤、车辆损坏的道路交通事故。", 50, 250),
             line("以上事实有现场勘查笔录、当事人陈述、视频监控资料等证据证实。", 50, 300)]
    assert values(DocType.accident_proof, lines)["name"] == "方树发"


def test_a_copy_name_printed_down_a_stub_is_no_station() -> None:
    lines = [line("深圳福田汽车站", 600, 150, h=70), line("乘车联", 120, 150, w=60, h=180),
             line("汽车客票", 700, 220), line("到站", 270, 300), line("陈店汽车站", 370, 300)]
    found = values(DocType.bus_ticket, lines)
    assert found.get("from_station") != "乘车联" and found["to_station"] == "陈店汽车站"


def test_a_bus_ticket_starts_at_the_station_selling_it_when_no_route_is_printed() -> None:
    lines = [line("深圳福田汽车站", 600, 150, h=70), line("汽车客票", 700, 240), line("到站", 270, 300),
             line("陈店汽车站", 370, 300, h=80), line("票价", 270, 380), line("71.50", 370, 380)]
    found = values(DocType.bus_ticket, lines)
    assert found["from_station"] == "深圳福田汽车站" and found["to_station"] == "陈店汽车站"


def test_a_hospital_after_the_end_of_a_cut_label_bracket() -> None:
    lines = [line("广东省医疗收费票据", 300, 20, h=50), line("收款单位（盖章）", 50, 500),
             line("盖章)汕头市潮南区雷岭镇卫生院", 50, 545)]
    assert values(DocType.hospital_invoice, lines)["hospital"] == "汕头市潮南区雷岭镇卫生院"


def test_a_ticket_told_in_an_email_gives_its_fare_and_route_not_words_of_its_sentences() -> None:
    lines = [line("网上购票系统-用户支付通知", 300, 20, h=50),
             line("1.张芳梅，2025年01月26日20:05开，汕头站-饶平站，G5622次列车，13车05D号，新空调硬座，", 50, 100),
             line("成人票，票价306.0元，检票口12A，电子客票。", 50, 145),
             line("时间，提前到达乘车站，按购票时使用的乘车人有效身份证件原件进站乘车。", 50, 190),
             line("码E666022312，到车站售票窗口、自动售票机领取。", 50, 235)]
    found = values(DocType.rail_ticket, lines)
    assert found["fare"] == Decimal("306.00")
    assert (found["from_station"], found["to_station"]) == ("汕头站", "饶平站")


def test_a_settlement_sheet_gives_its_total_under_its_heading() -> None:
    lines = [line("医疗保障基金住院结算单", 300, 20, h=50), line("参保人姓名", 50, 100), line("杨芳丽", 220, 100),
             line("医疗费总额", 50, 300), line("统筹基金支付", 300, 300), line("6753.23", 60, 345),
             line("4397.35", 310, 345)]
    assert values(DocType.expense_list, lines)["total_amount"] == Decimal("6753.23")


def test_a_value_written_on_a_forms_blank_line() -> None:
    lines = [line("汕头市中心医院", 300, 20, h=50), line("门诊病历", 330, 80, h=50), line("姓名_蔡松茂", 50, 160)]
    assert values(DocType.medical_record, lines)["name"] == "蔡松茂"


def test_a_date_printed_in_boxes_is_read_from_its_pieces() -> None:
    lines = [line("居民死亡医学证明（推断）书", 200, 20, h=50), line("死亡日期", 50, 200), line("2024", 200, 200),
             line("年 08", 300, 200), line("月05", 400, 200), line("日12", 500, 200), line("时51", 600, 200),
             line("分", 700, 200)]
    assert values(DocType.death_certificate, lines)["death_date"] == date(2024, 8, 5)


def test_a_story_names_its_person_at_a_clauses_start_not_inside_words() -> None:
    lines = [line("意外受伤证明", 300, 20, h=50), line("兹有我村村民 黄彩珍，性别女，", 50, 100),
             line("于2025年2月6日15时许，", 50, 150), line("在菜园劳作时跌倒", 50, 200), line("受伤，", 300, 250)]
    assert values(DocType.accident_proof, lines)["name"] == "黄彩珍"


def test_a_name_beside_its_short_label_misread() -> None:
    lines = [line("医疗收费票据（电子）", 300, 20, h=50), line("交教人", 50, 100), line("许国明", 50, 145),
             line("收款人：黄桂汉", 400, 500)]
    assert values(DocType.hospital_invoice, lines)["name"] == "许国明"


def test_a_tickets_day_of_travel_is_the_one_printed_as_a_departure() -> None:
    lines = [line("电子发票（铁路电子客票）", 200, 20, h=50), line("开票日期：2024年06月08日", 600, 100),
             line("潮阳站", 100, 200), line("G5152", 300, 200), line("深圳北站", 500, 200),
             line("2024年06月09日21:47开", 100, 260), line("票价：¥180.00", 100, 320)]
    assert values(DocType.rail_ticket, lines)["travel_date"] == date(2024, 6, 9)


def test_a_rail_ticket_told_in_an_email_names_its_passenger() -> None:
    lines = [line("网上购票系统-用户支付通知", 300, 20, h=50), line("尊敬的张芳梅：", 50, 100),
             line("1.张芳梅，2025年01月26日20:05开，汕头站-饶平站，G5622次列车，13车05D号，新空调硬座，", 50, 150)]
    found = values(DocType.rail_ticket, lines)
    assert found["passenger_name"] == "张芳梅" and found["travel_date"] == date(2025, 1, 26)
    assert values(DocType.rail_ticket, lines[2:])["passenger_name"] == "张芳梅"
