import json
from pathlib import Path

import pytest

from models.claim import parse_claim_json
from models.errors import InvalidClaim
from models.ids import check_char, is_valid_id, mask_id, masked_matches


def _sample_claims(samples_dir: Path) -> list[Path]:
    return sorted(samples_dir.glob("intake/*/claim.json"))


def test_every_sample_claim_parses(samples_dir: Path) -> None:
    paths = _sample_claims(samples_dir)
    assert len(paths) == 16
    for p in paths:
        claim = parse_claim_json(p.read_bytes(), str(p))
        assert claim.claim_id == p.parent.name


@pytest.fixture
def good(samples_dir: Path) -> dict:
    return json.loads(_sample_claims(samples_dir)[0].read_text(encoding="utf-8"))


def _error(data: bytes | str) -> InvalidClaim:
    with pytest.raises(InvalidClaim) as info:
        parse_claim_json(data, "intake/X/claim.json")
    return info.value


def test_missing_field_names_claim_and_field(good: dict) -> None:
    del good["insured"]["name"]
    err = _error(json.dumps(good))
    assert err.claim == good["claim_id"] and err.field == "insured.name" and "missing" in err.message


def test_bad_date_names_field(good: dict) -> None:
    good["accident"]["date"] = "2025-02-30"
    err = _error(json.dumps(good))
    assert (err.claim, err.field) == (good["claim_id"], "accident.date")


def test_bad_id_checksum_names_field(good: dict) -> None:
    wrong = "0" if good["insured"]["id_number"][-1] != "0" else "1"
    good["insured"]["id_number"] = good["insured"]["id_number"][:17] + wrong
    err = _error(json.dumps(good))
    assert err.field == "insured.id_number" and "checksum" in err.message


def test_unknown_claim_type(good: dict) -> None:
    good["claim_type"] = "pet_insurance"
    err = _error(json.dumps(good))
    assert err.field == "claim_type"


def test_not_json_and_empty_name_the_source() -> None:
    assert "not valid JSON" in _error(b"{claim").message
    err = _error(b"")
    assert err.claim == "intake/X/claim.json" and "0 bytes" in err.message
    assert _error(b"[1, 2]").field == "(file)"


def test_transport_mode_required_for_transport_death(good: dict) -> None:
    good["claim_type"] = "transport_death"
    err = _error(json.dumps(good))
    assert err.field == "accident.transport_mode"


def test_gb11643_checksum_and_masking() -> None:
    assert check_char("44052419520315122") == "4"
    assert is_valid_id("440524195203151224")
    assert not is_valid_id("440524195203151226")
    assert not is_valid_id("440524195202301224")  # 30 Feb
    assert mask_id("440524195203151224") == "440524********1224"
    assert masked_matches("4405241952****1224", "440524195203151224")
    assert not masked_matches("4405241953****1224", "440524195203151224")
