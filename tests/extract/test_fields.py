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
