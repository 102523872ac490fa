"""The claim report filed by field staff (contract §1) and its parsing at the edge."""
import json
from datetime import date
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from models.enums import Channel, ClaimType, Relationship, TransportMode
from models.errors import InvalidClaim, first_problem
from models.ids import IdNumber

CLAIM_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Insured(_Strict):
    name: str = Field(min_length=1, max_length=40)
    id_number: IdNumber


class Accident(_Strict):
    date: date
    description: str = Field(min_length=1)
    transport_mode: TransportMode | None = None


class Claimant(_Strict):
    name: str = Field(min_length=1, max_length=40)
    relationship: Relationship
    phone: str = Field(pattern=r"^\+?[0-9-]{5,20}$")


class Payee(_Strict):
    name: str = Field(min_length=1, max_length=40)
    bank: str = Field(min_length=1)
    account: str = Field(pattern=r"^[0-9]{8,30}$")


class ClaimReport(_Strict):
    """What field staff filed (报案信息). ``reported_at`` is the as-of time for every date rule."""

    claim_id: str = Field(pattern=CLAIM_ID_PATTERN)
    claim_type: ClaimType
    insured: Insured
    accident: Accident
    claimant: Claimant
    payee: Payee
    reported_at: AwareDatetime
    channel: Channel

    @model_validator(mode="after")
    def _transport_mode_only_for_transport_death(self) -> "ClaimReport":
        mode = self.accident.transport_mode
        if self.claim_type == ClaimType.transport_death and mode is None:
            raise ValueError("accident.transport_mode: required for transport_death")
        if self.claim_type != ClaimType.transport_death and mode is not None:
            raise ValueError("accident.transport_mode: only allowed for transport_death")
        if self.accident.date > self.reported_at.date():
            raise ValueError("accident.date: after reported_at")
        return self


MAX_NUMBER_DIGITS = 30  # no claim.json number is longer; a 5,000-digit one is refused before int() sees it


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise _Malformed(f"key {repeated[0]!r} appears more than once")
    return dict(pairs)


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _Malformed(f"a number of {len(text)} digits")
    return int(text)


class _Malformed(ValueError):
    """A claim.json that is JSON but not one a person could have meant (repeated keys, absurd numbers)."""


def parse_claim_json(raw: bytes | str, source: str) -> ClaimReport:
    """Parse a claim.json strictly (dates and times only as ISO text, no repeated keys); any problem raises
    InvalidClaim naming ``source`` (the claim's folder, never an id written inside the file) and the field."""
    if isinstance(raw, bytes):
        if not raw.strip():
            raise InvalidClaim(source, "(file)", "claim.json is empty (0 bytes)")
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise InvalidClaim(source, "(file)", f"not UTF-8 text: {e.reason} at byte {e.start}") from None
    if not raw.strip():
        raise InvalidClaim(source, "(file)", "claim.json is empty")
    try:
        data = json.loads(raw, object_pairs_hook=_no_duplicate_keys, parse_int=_bounded_int)
    except json.JSONDecodeError as e:
        raise InvalidClaim(source, "(file)", f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    except _Malformed as e:
        raise InvalidClaim(source, "(file)", f"claim.json is not a claim report: {e}") from None
    except RecursionError:
        raise InvalidClaim(source, "(file)", "claim.json is nested too deeply to be a claim report") from None
    if not isinstance(data, dict):
        raise InvalidClaim(source, "(file)", "claim.json must hold a JSON object")
    try:
        return ClaimReport.model_validate_json(raw.lstrip("\ufeff"), strict=True)
    except ValidationError as e:
        field, msg = first_problem(e, "(claim)")
        raise InvalidClaim(source, field, msg) from None
