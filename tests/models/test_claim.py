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
    assert err.claim == "intake/X/claim.json" and err.field == "insured.name" and "missing" in err.message


def test_bad_date_names_field(good: dict) -> None:
    good["accident"]["date"] = "2025-02-30"
    err = _error(json.dumps(good))
    assert (err.claim, err.field) == ("intake/X/claim.json", "accident.date")


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


def test_messages_name_the_folder_not_the_id_written_inside(good: dict) -> None:
    good["claim_id"] = "../../etc/passwd"
    err = _error(json.dumps(good))
    assert err.claim == "intake/X/claim.json" and err.field == "claim_id"
    assert "etc/passwd" not in str(err).split(":")[0]


@pytest.mark.parametrize("raw, says", [
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"claim_id": ' + "9" * 5000 + "}", "5000 digits"),
])
def test_absurd_json_is_refused_naming_claim_json(raw: str, says: str) -> None:
    err = _error(raw)
    assert (err.claim, err.field) == ("intake/X/claim.json", "(file)") and says in err.message


def test_repeated_keys_are_refused(good: dict) -> None:
    text = json.dumps(good)
    err = _error(text[:-1] + ', "claim_type": "disability"}')
    assert err.field == "(file)" and "'claim_type' appears more than once" in err.message


def test_a_number_is_not_a_time(good: dict) -> None:
    good["reported_at"] = 1_700_000_000
    assert _error(json.dumps(good)).field == "reported_at"
    good["reported_at"] = "2026-03-20T09:30:00+08:00"
    good["accident"]["date"] = 20_000
    assert _error(json.dumps(good)).field == "accident.date"


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
