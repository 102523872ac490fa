"""The claim report filed by field staff (contract §1) and its parsing at the edge."""
import json
from datetime import date

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


def parse_claim_json(raw: bytes | str, source: str) -> ClaimReport:
    """Parse a claim.json; any problem raises InvalidClaim naming the claim (id or source) and the field."""
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
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise InvalidClaim(source, "(file)", f"not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    if not isinstance(data, dict):
        raise InvalidClaim(source, "(file)", "claim.json must hold a JSON object")
    claim = str(data.get("claim_id") or source)
    try:
        return ClaimReport.model_validate(data)
    except ValidationError as e:
        field, msg = first_problem(e, "(claim)")
        raise InvalidClaim(claim, field, msg) from None
