"""Real OCR on real pixels: generated phone photos of every doc type through the whole extraction stage.

These run the PP-OCRv6 models on onnxruntime; CI runs them inside a network namespace with no network.
"""
import io
import random
import socket

import pytest
from PIL import Image

from bench.scoring import field_matches
from models.enums import DocType, QualityIssue
from pipeline.extract.stage import Extractor
from synthetic.dataset import encode_jpeg, make_photo

pytestmark = pytest.mark.ocr

DOC_TYPES = [t for t in DocType if t != DocType.other]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _photo(doc_type: DocType, seed: int, **kwargs):
    return make_photo(doc_type, random.Random(f"e2e:{doc_type.value}:{seed}"), f"{doc_type.value}.jpg", **kwargs)


@pytest.mark.parametrize("doc_type", DOC_TYPES)
def test_each_doc_type_end_to_end(extractor: Extractor, doc_type: DocType) -> None:
    photo = _photo(doc_type, 1, difficulty="easy")
    result = extractor.extract(photo.jpeg, photo.name)
    doc = result.document
    assert doc.doc_type == doc_type, (photo.layout, [ln.text for ln in result.lines][:15])
    assert doc.quality.usable, doc.quality.issues
    got = {name: fv.value for name, fv in doc.fields.present().items()}
    right = [name for name, expected in photo.truth.items() if field_matches(got.get(name), expected)]
    assert len(right) >= len(photo.truth) - 1, (photo.layout, photo.truth, got)
    for fv in doc.fields.present().values():  # boxes are in the original photo's pixels
        assert fv.box and all(-5 <= x <= 5000 and -5 <= y <= 5000 for x, y in fv.box)


def test_non_documents_are_other(extractor: Extractor) -> None:
    photo = _photo(DocType.other, 3, difficulty="easy")
    assert extractor.extract(photo.jpeg, photo.name).document.doc_type == DocType.other


@pytest.mark.parametrize("turns", [1, 2, 3])
def test_sideways_and_upside_down_pages(extractor: Extractor, turns: int) -> None:
    photo = _photo(DocType.id_card, 5, difficulty="easy")
    image = Image.open(io.BytesIO(photo.jpeg)).rotate(-90 * turns, expand=True)
    result = extractor.extract(encode_jpeg(image, 90), "turned.jpg")
    got = {k: v.value for k, v in result.document.fields.present().items()}
    assert result.document.doc_type == DocType.id_card
    assert field_matches(got.get("id_number"), photo.truth["id_number"]), got


@pytest.mark.parametrize("defect, issue", [
    ("blur", QualityIssue.blur), ("too_dark", QualityIssue.too_dark), ("overexposed", QualityIssue.overexposed),
    ("glare", QualityIssue.glare),  # the reflection wipes out the date beside the red seal: a clipped hump
    ("cut_off", QualityIssue.cut_off), ("too_small", QualityIssue.too_small),
])
def test_bad_photos_get_their_issue_code(extractor: Extractor, defect: str, issue: QualityIssue) -> None:
    photo = _photo(DocType.discharge_summary, 7, defect=defect)
    quality = extractor.extract(photo.jpeg, photo.name).document.quality
    assert not quality.usable and issue in quality.issues, quality


def test_unreadable_file_is_a_document_not_a_crash(extractor: Extractor) -> None:
    result = extractor.extract(b"\xff\xd8\xff\xe0 not really", "intake/C1/broken.jpg")
    assert result.document.quality.issues == [QualityIssue.unreadable_file] and result.error


def test_ocr_opens_no_network_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """Model loading and recognition never reach out (models come from the installed rapidocr wheel)."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network connection attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    fresh = Extractor()
    photo = _photo(DocType.taxi_receipt, 2, difficulty="easy")
    assert fresh.extract(photo.jpeg, photo.name).document.doc_type == DocType.taxi_receipt
