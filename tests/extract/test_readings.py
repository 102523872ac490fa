"""Other readings of a name or a total: CTC decoding with per-character alternatives, on matrices and on real pixels."""
from decimal import Decimal

import numpy as np
import pytest
from PIL import Image, ImageDraw

from models.document import ExpenseListFields, HospitalInvoiceFields
from models.ocr import OcrLine
from pipeline.extract.readings import LineReader, ctc_characters, spellings
from pipeline.extract.settings import load_settings
from pipeline.extract.stage import Extractor
from synthetic.fonts import font

ALPHABET = ["", "黄", "香", "秀", "琴", "禿"]


def _frames(*rows: dict[int, float]) -> np.ndarray:
    """A (frames × classes) probability matrix; whatever a row leaves is the blank's."""
    probs = np.zeros((len(rows), len(ALPHABET)), np.float32)
    for t, row in enumerate(rows):
        for i, p in row.items():
            probs[t, i] = p
        probs[t, 0] = 1.0 - sum(row.values())
    return probs


def test_ctc_characters_keep_likely_alternatives_and_collapse_runs() -> None:
    probs = _frames({1: 0.97}, {1: 0.95}, {}, {2: 0.55, 3: 0.40}, {2: 0.60, 3: 0.35, 5: 0.04}, {}, {4: 0.99})
    assert ctc_characters(probs, ALPHABET, 0.2) == [("黄", ["黄"]), ("香", ["香", "秀"]), ("琴", ["琴"])]
    assert ctc_characters(probs, ALPHABET, 0.5) == [("黄", ["黄"]), ("香", ["香"]), ("琴", ["琴"])]


def test_a_blank_is_never_an_alternative_and_a_repeat_after_a_blank_is_a_second_character() -> None:
    probs = _frames({4: 0.6}, {}, {4: 0.9})  # the first frame leaves 0.4 to the blank
    assert ctc_characters(probs, ALPHABET, 0.2) == [("琴", ["琴"]), ("琴", ["琴"])]


def test_spellings_of_a_value_from_the_run_that_can_spell_it() -> None:
    chars = [("姓", ["姓"]), ("名", ["名"]), ("黄", ["黄"]), ("秀", ["秀", "香"]), ("琴", ["琴"])]
    assert spellings(chars, "黄香琴", 4) == ["黄秀琴"]  # the line read best as 秀 this time
    assert spellings(chars, "黄秀琴", 4) == ["黄香琴"]
    assert spellings(chars, "李玉兰", 4) == []
    assert spellings(chars, "", 4) == []
    many = [(c, [c, "甲", "乙"]) for c in "黄秀琴"]
    assert len(spellings(many, "黄秀琴", 4)) == 4


@pytest.mark.ocr
def test_a_crisp_name_has_no_other_reading() -> None:
    image = Image.new("RGB", (420, 70), "white")
    ImageDraw.Draw(image).text((10, 12), "姓名：陈秀英", font=font("sans", 44), fill="black")
    line = OcrLine(text="姓名：陈秀英", confidence=0.9, box=((4, 4), (300, 4), (300, 66), (4, 66)))
    reader = LineReader(load_settings().readings)
    bgr = np.asarray(image)[:, :, ::-1].copy()
    assert [c for c, _ in reader.characters(bgr, line)] == list("姓名：陈秀英")
    assert reader.other_readings(bgr, line, "陈秀英") == []


@pytest.mark.ocr
def test_a_blurred_name_on_a_sample_invoice_keeps_the_spelling_it_nearly_read(samples_dir) -> None:
    """CN20250414-0001's invoice: motion blur makes 秀 and 香 nearly equally likely (truth: 黄秀琴)."""
    photo = samples_dir / "intake" / "CN20250414-0001" / "mmexport1744621942665.jpg"
    doc = Extractor().extract(photo.read_bytes(), photo.name).document
    assert isinstance(doc.fields, HospitalInvoiceFields)
    name = doc.fields.name
    assert {name.value, *name.other_readings} >= {"黄秀琴", "黄香琴"}, name


@pytest.mark.ocr
def test_a_blurred_total_on_a_sample_expense_list_keeps_the_amount_it_nearly_read(samples_dir) -> None:
    """CN20250523-0003's expense list: motion blur reads 2631.80 as 2632.80, with a 1 nearly as likely."""
    photo = samples_dir / "intake" / "CN20250523-0003" / "mmexport1747970369725.jpg"
    fields = Extractor().extract(photo.read_bytes(), photo.name).document.fields
    assert isinstance(fields, ExpenseListFields)
    total = fields.total_amount
    assert Decimal("2631.80") in {total.value, *total.other_readings}, total
    assert all(isinstance(r, Decimal) and r == r.quantize(Decimal("0.01")) for r in total.other_readings)
