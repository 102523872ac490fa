"""PIPELINE_VERSION keys the extraction cache: it must change with the code, its data and the settings used."""
from pathlib import Path

import pytest

from pipeline import _code_fingerprint


def test_the_fingerprint_follows_the_effective_extraction_settings(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = Path(__file__).resolve().parents[2] / "pipeline" / "extract" / "data" / "extraction.yaml"
    default = _code_fingerprint()
    copy = tmp_path / "extraction.yaml"
    copy.write_text(shipped.read_text(encoding="utf-8") + "\n# a comment changes nothing\n", encoding="utf-8")
    monkeypatch.setenv("CLAIMFLOW_EXTRACTION_CONFIG", str(copy))
    same = _code_fingerprint()
    copy.write_text(shipped.read_text(encoding="utf-8") + "\n# another comment\n", encoding="utf-8")
    assert _code_fingerprint() == same  # parsed settings: comments do not count
    copy.write_text(shipped.read_text(encoding="utf-8").replace("repaired_date: 0.6", "repaired_date: 0.85"),
                    encoding="utf-8")
    changed = _code_fingerprint()
    assert same != changed and len({default, changed}) == 2
    assert _code_fingerprint() == changed  # stable for the same settings
