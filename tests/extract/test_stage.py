"""The extraction stage around OCR (page, quality, orientation, classification, fields, invoice checks, boxes),
driven by the scripted engine: fast, no detection or recognition model. The real OCR runs in test_end_to_end."""
import io

import numpy as np
import pytest
from PIL import Image

from models.document import AmountCheck
from models.enums import DocType
from pipeline.extract.ocr import ScriptedEngine
from pipeline.extract.stage import Extractor

INVOICE = [  # text, confidence, box as fractions of the page
    ("广东省医疗收费票据", 0.99, (0.25, 0.05, 0.75, 0.10)),
    ("票据号码：0012345678", 0.98, (0.55, 0.13, 0.90, 0.17)),
    ("姓名：黄秀琴", 0.98, (0.08, 0.20, 0.35, 0.24)),
    ("合计（大写）叁仟肆佰陆拾捌元整", 0.97, (0.08, 0.60, 0.60, 0.64)),
    ("(小写)￥3468.00", 0.97, (0.62, 0.60, 0.90, 0.64)),
    ("医保统筹基金支付：1200.00", 0.97, (0.08, 0.68, 0.45, 0.72)),
    ("个人现金支付：2268.00", 0.97, (0.50, 0.68, 0.90, 0.72)),
    ("开票日期：2025年06月21日", 0.98, (0.55, 0.85, 0.92, 0.89)),
]


def _paper(lines: list[tuple[str, float, tuple[float, float, float, float]]]) -> bytes:
    """A sheet on a dark desk with a dark bar where each scripted line is, as a JPEG."""
    desk = np.full((1500, 1200, 3), 60, np.uint8)
    desk[100:1400, 100:1100] = 245
    for _, _, (x0, y0, x1, y1) in lines:
        desk[100 + int(y0 * 1300):100 + int(y1 * 1300), 100 + int(x0 * 1000):100 + int(x1 * 1000)] = 30
    out = io.BytesIO()
    Image.fromarray(desk).save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(engine=ScriptedEngine(INVOICE))


def test_the_stage_classifies_reads_and_checks_an_invoice(extractor: Extractor) -> None:
    result = extractor.extract(_paper(INVOICE), "invoice.jpg")
    doc = result.document
    assert doc.doc_type == DocType.hospital_invoice and doc.quality.usable, doc.quality
    fields = doc.fields.present()
    assert str(fields["total_amount"].value) == "3468.00" and str(fields["insurance_paid"].value) == "1200.00"
    assert fields["name"].value == "黄秀琴" and fields["invoice_number"].value == "0012345678"
    # 合计 = 统筹 + 个人现金, and 大写 = 小写: both checks are recorded on the total
    assert {AmountCheck.invoice_sum, AmountCheck.uppercase} <= set(fields["total_amount"].confirmed_by)
    # boxes are in photo pixels: the total's line (x 0.62-0.90, y 0.60-0.64 of the sheet at 100..1100 × 100..1400)
    assert _span(fields["total_amount"].box) == pytest.approx((720, 880, 1000, 932), abs=15)
    assert {"load", "page", "quality", "ocr", "classify", "fields"} <= set(result.timings)


def _span(box: list[tuple[float, float]] | None) -> tuple[float, float, float, float]:
    assert box is not None
    xs, ys = [x for x, _ in box], [y for _, y in box]
    return min(xs), min(ys), max(xs), max(ys)


def test_a_page_the_engine_calls_upside_down_is_read_turned() -> None:
    """Orientation is the engine's answer: a page it calls upside down is turned before it is read, and the
    boxes still land on the photo where the turned page put them."""
    turned = Extractor(engine=ScriptedEngine(INVOICE, upside_down=1.0)).extract(_paper(INVOICE), "invoice.jpg")
    total = turned.document.fields.present()["total_amount"]
    assert str(total.value) == "3468.00"
    assert _span(total.box) == pytest.approx((200, 568, 480, 620), abs=15)  # the sheet turned half a turn


def test_a_blank_sheet_is_other_and_a_broken_file_is_unreadable() -> None:
    blank = Extractor(engine=ScriptedEngine([]))
    assert blank.extract(_paper([]), "blank.jpg").document.doc_type == DocType.other
    broken = blank.extract(b"not a photo", "broken.jpg")
    assert not broken.document.quality.usable and broken.error


def test_the_page_found_once_gives_the_same_page_hash_as_finding_it_again(extractor: Extractor) -> None:
    from pipeline.extract.loading import load_photo
    from pipeline.process.phash import page_view, view_hash

    data = _paper(INVOICE)
    result = extractor.extract(data, "invoice.jpg")
    assert result.photo is not None and result.page is not None
    settings = extractor.settings
    carried = view_hash(*page_view(result.photo, result.lines, settings.page, result.page))
    again = view_hash(*page_view(load_photo(data, "invoice.jpg", settings.photos), result.lines, settings.page))
    assert carried == again
