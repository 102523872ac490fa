"""The policy configuration (benefits, checklists, routing, thresholds) and its loader."""
from datetime import date, datetime
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from models.document import FIELDS_BY_DOC_TYPE, AmountCheck
from models.enums import ClaimType, DocType, Queue, ReasonCode, TransportMode
from models.errors import InvalidData, first_problem
from models.money import Money

DEFAULT_POLICY_PATH = Path(str(files("models") / "data" / "policy.yaml"))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DeathBenefit(_Strict):
    amount: Money


class DisabilityBenefit(_Strict):
    base_amount: Money
    grade_ratios: dict[int, Decimal]

    @field_validator("grade_ratios")
    @classmethod
    def _all_grades(cls, v: dict[int, Decimal]) -> dict[int, Decimal]:
        if sorted(v) != list(range(1, 11)):
            raise ValueError("needs a ratio for each grade 1 to 10")
        if any(not (0 < r <= 1) for r in v.values()):
            raise ValueError("ratios must be in (0, 1]")
        return v


class AllowanceBenefit(_Strict):
    per_day: Money
    min_hospital_level: str
    max_days_per_stay: int = Field(gt=0)
    max_days_per_year: int = Field(gt=0)
    min_days: int = Field(ge=0)


class MedicalExpenseBenefit(_Strict):
    reimbursed_share: Decimal = Field(gt=0, le=1)
    deduct_insurance_paid: bool
    max_per_year: Money
    min_hospital_level: str


class TransportDeathBenefit(_Strict):
    combine_with_base: Literal["replace", "add"]
    amounts: dict[TransportMode, Money]

    @field_validator("amounts")
    @classmethod
    def _all_modes(cls, v: dict[TransportMode, Money]) -> dict[TransportMode, Money]:
        missing = set(TransportMode) - set(v)
        if missing:
            raise ValueError(f"no amount for mode(s) {sorted(m.value for m in missing)}")
        return v


class Benefits(_Strict):
    accidental_death: DeathBenefit
    disability: DisabilityBenefit
    hospital_allowance: AllowanceBenefit
    medical_expense: MedicalExpenseBenefit
    transport_death: TransportDeathBenefit


class ChecklistLine(_Strict):
    """One checklist line: satisfied by any one of ``any_of``, or by the declared mode's ticket."""

    any_of: tuple[DocType, ...] = ()
    ticket_for_declared_mode: bool = False

    @model_validator(mode="before")
    @classmethod
    def _from_yaml(cls, data: Any) -> Any:
        if isinstance(data, list):
            return {"any_of": data}
        return data

    @model_validator(mode="after")
    def _not_empty(self) -> "ChecklistLine":
        if not self.any_of and not self.ticket_for_declared_mode:
            raise ValueError("a checklist line needs doc types or ticket_for_declared_mode")
        return self

    def label(self, tickets: tuple[DocType, ...] = ()) -> str:
        """The line as the contract writes it: alternatives joined with '|'."""
        return "|".join(t.value for t in (self.any_of or tickets))


class Thresholds(_Strict):
    field_confidence: float = Field(ge=0, le=1)
    doc_type_confidence: float = Field(ge=0, le=1)
    high_value: Money
    hospital_name_match: int = Field(ge=50, le=100)
    duplicate_phash_distance: int = Field(ge=0, le=64)
    duplicate_phash_agreeing_fields: int = Field(default=2, ge=0)


class Exclusions(_Strict):
    all_benefits: tuple[str, ...]
    hospital_benefits: tuple[str, ...]


class Sla(_Strict):
    review_working_days: int = Field(gt=0)
    payment_working_days_below_threshold: int = Field(gt=0)
    payment_working_days_at_or_above: int = Field(gt=0)
    payment_threshold: Money
    complex_case_max_working_days: int = Field(gt=0)
    complex_case_warn_working_days: int = Field(ge=0)  # escalated this many working days before that limit
    progress_notice_every_working_days: int = Field(gt=0)
    documents_request_working_days: int = Field(gt=0)  # the family told everything missing by then


class Intake(_Strict):
    error_queue: Queue
    reported_at_max_ahead_minutes: int = Field(ge=0)


class QaSample(_Strict):
    fast_pay_rate: float = Field(ge=0, le=1)
    seed: str


class Policy(_Strict):
    """Everything policy.md and contract §3–§4 say, as validated data."""

    version: str
    timezone: str = "Asia/Shanghai"  # the programme's clock: decisions, deadlines, claim numbers, the daily report
    insured_min_age: int = Field(gt=0)
    event_window_days: int = Field(gt=0)
    policy_year_start: str = Field(pattern=r"^\d{2}-\d{2}$")
    benefits: Benefits
    checklists: dict[ClaimType, tuple[ChecklistLine, ...]]
    tickets_by_mode: dict[TransportMode, tuple[DocType, ...]]
    reason_queues: dict[ReasonCode, Queue]
    amounts_paid_from: dict[ClaimType, dict[DocType, tuple[str, ...]]]
    confirming_checks: tuple[AmountCheck, ...]
    intake: Intake
    thresholds: Thresholds
    never_fast_pay: tuple[ClaimType, ...]
    exclusions: Exclusions
    hospital_benefit_claim_types: tuple[ClaimType, ...]
    sla: Sla
    qa_sample: QaSample
    beneficiary_documents: dict[ClaimType, tuple[DocType, ...]] = Field(default_factory=dict)
    duplicate_exempt_doc_types: tuple[DocType, ...] = ()
    # A document whose insured name cannot be read still speaks about the insured when each linking field agrees
    # with the same field read confidently on a document of the listed types whose name matched (an expense
    # list itemising the invoice: the invoice's total to the fen, the stay's hospital).
    identity_links: dict[DocType, dict[str, tuple[DocType, ...]]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> "Policy":
        for name, have, want in (
            ("checklists", self.checklists, ClaimType),
            ("reason_queues", self.reason_queues, ReasonCode),
            ("tickets_by_mode", self.tickets_by_mode, TransportMode),
        ):
            missing = set(want) - set(have)
            if missing:
                raise ValueError(f"{name}: missing {sorted(m.value for m in missing)}")
        return self

    @field_validator("amounts_paid_from")
    @classmethod
    def _amount_fields_exist(cls, value: dict[ClaimType, dict[DocType, tuple[str, ...]]]) -> dict:
        for claim_type, by_doc in value.items():
            for doc_type, names in by_doc.items():
                unknown = [n for n in names if n not in FIELDS_BY_DOC_TYPE[doc_type].model_fields]
                if unknown:
                    raise ValueError(f"amounts_paid_from.{claim_type.value}.{doc_type.value}: {unknown[0]!r} is not "
                                     "a field of that doc type")
        return value

    @field_validator("identity_links")
    @classmethod
    def _linking_fields_exist(cls, v: dict[DocType, dict[str, tuple[DocType, ...]]]
                              ) -> dict[DocType, dict[str, tuple[DocType, ...]]]:
        for doc_type, link in v.items():
            if not link:
                raise ValueError(f"{doc_type.value}: no linking field")
            for field, named_by in link.items():
                lacking = [t.value for t in (doc_type, *named_by) if field not in FIELDS_BY_DOC_TYPE[t].model_fields]
                if lacking:
                    raise ValueError(f"{doc_type.value}.{field}: not a field of {lacking}")
                if not named_by:
                    raise ValueError(f"{doc_type.value}.{field}: no doc type to agree with")
        return v

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"unknown time zone {v!r}") from e
        return v

    @property
    def zone(self) -> ZoneInfo:
        """The programme's time zone."""
        return ZoneInfo(self.timezone)

    def now(self) -> datetime:
        """The current time on the programme's clock, to the second."""
        return datetime.now(self.zone).replace(microsecond=0)

    def day_of(self, at: datetime) -> date:
        """The day ``at`` falls on, on the programme's clock."""
        return at.astimezone(self.zone).date()

    def policy_year_of(self, day: date) -> int:
        """The policy year (named by the calendar year it starts in) that contains ``day``."""
        month, dom = (int(p) for p in self.policy_year_start.split("-"))
        return day.year if (day.month, day.day) >= (month, dom) else day.year - 1


def load_policy(path: Path | str | None = None) -> Policy:
    """Load and validate a policy YAML; errors raise InvalidData naming the file and the key."""
    source = Path(path) if path else DEFAULT_POLICY_PATH
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidData(str(source), "(file)", "policy file not found") from None
    except yaml.YAMLError as e:
        raise InvalidData(str(source), "(file)", f"not valid YAML: {e}") from None
    if not isinstance(data, dict):
        raise InvalidData(str(source), "(file)", "policy file must hold a mapping")
    try:
        return Policy.model_validate(data)
    except ValidationError as e:
        where, msg = first_problem(e, "(top level)")
        raise InvalidData(str(source), where, msg) from None
