"""DUPLICATE_DOCUMENT from the matches the composing code found (pure)."""
from pipeline.validate.duplicates import DuplicateHit, duplicate_reasons


def test_no_matches() -> None:
    assert duplicate_reasons([]) == []


def test_one_reason_per_photo_and_other_claim_naming_how() -> None:
    hits = [DuplicateHit("intake/A/1.jpg", "B", "intake/B/9.jpg", "phash"),
            DuplicateHit("intake/A/1.jpg", "B", "intake/B/9.jpg", "invoice_number"),
            DuplicateHit("intake/A/2.jpg", "C", "intake/C/3.jpg", "sha256")]
    assert [(r.code.value, r.detail) for r in duplicate_reasons(hits)] == [
        ("DUPLICATE_DOCUMENT", "intake/A/1.jpg matches intake/B/9.jpg (invoice_number+phash)"),
        ("DUPLICATE_DOCUMENT", "intake/A/2.jpg matches intake/C/3.jpg (sha256)")]
