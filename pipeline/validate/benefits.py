"""What policy would pay if the claim is approved as filed (policy.md benefits), in Decimal yuan to the fen."""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from models.claim import ClaimReport
from models.decision import Reason
from models.document import Document
from models.enums import ClaimType, DocType
from models.money import to_money
from models.policy import Policy
from pipeline.validate.evidence import FieldReader, is_usable, of_type

ZERO = Decimal("0")


@dataclass(frozen=True)
class PriorUse:
    """What the insured already received in the claim's policy year from other claims (the database knows)."""

    allowance_days: int = 0
    medical_paid: Decimal = ZERO


@dataclass(frozen=True)
class Payable:
    """The amount (None when it cannot be computed), the allowance days it grants, and unreadable inputs."""

    amount: Decimal | None
    allowance_days: int | None = None
    low_confidence: list[Reason] = field(default_factory=list)


def inpatient_days(admission: date, discharge: date, policy: Policy) -> int:
    """Discharge minus admission, at least the policy's minimum (1), at most its per-stay cap (90)."""
    rule = policy.benefits.hospital_allowance
    return min(max((discharge - admission).days, rule.min_days), rule.max_days_per_stay)


def _allowance(docs: list[Document], prior: PriorUse, policy: Policy, fields: FieldReader) -> Payable:
    rule = policy.benefits.hospital_allowance
    stays = {(fields.need(d, "admission_date"), fields.need(d, "discharge_date"))
             for d in of_type(docs, DocType.discharge_summary)}
    if not stays or any(a is None or b is None for a, b in stays):
        return Payable(None, low_confidence=fields.low_confidence())
    days = sum(inpatient_days(a, b, policy) for a, b in sorted(stays))
    granted = min(days, max(0, rule.max_days_per_year - prior.allowance_days))
    return Payable(to_money(rule.per_day * granted), granted, fields.low_confidence())


def _medical(docs: list[Document], prior: PriorUse, policy: Policy, fields: FieldReader) -> Payable:
    rule = policy.benefits.medical_expense
    invoices: dict[str, Decimal | None] = {}
    for doc in of_type(docs, DocType.hospital_invoice):
        total = fields.need(doc, "total_amount")
        paid = fields.need(doc, "insurance_paid") if rule.deduct_insurance_paid else ZERO
        if total is not None and paid is not None and paid > total:  # insurance never pays more than the bill
            fields.doubt(doc, "insurance_paid")
            paid = None
        key = fields.read(doc, "invoice_number") or doc.object
        invoices[key] = None if total is None or paid is None else (total - paid) * rule.reimbursed_share
    if not invoices or any(v is None for v in invoices.values()):
        return Payable(None, low_confidence=fields.low_confidence())
    room = max(ZERO, rule.max_per_year - prior.medical_paid)
    due = sum((v for v in invoices.values() if v is not None), ZERO)
    return Payable(to_money(min(due, room)), low_confidence=fields.low_confidence())


def _disability(docs: list[Document], policy: Policy, fields: FieldReader) -> Payable:
    rule = policy.benefits.disability
    grades = {fields.need(d, "disability_grade") for d in of_type(docs, DocType.disability_assessment)}
    if len(grades) != 1 or None in grades:
        return Payable(None, low_confidence=fields.low_confidence())
    return Payable(to_money(rule.base_amount * rule.grade_ratios[grades.pop()]), low_confidence=fields.low_confidence())


def _transport_death(claim: ClaimReport, policy: Policy) -> Payable:
    rule = policy.benefits.transport_death
    mode = claim.accident.transport_mode
    if mode is None:
        return Payable(None)
    amount = rule.amounts[mode]
    if rule.combine_with_base == "add":
        amount += policy.benefits.accidental_death.amount
    return Payable(to_money(amount))


def payable(claim: ClaimReport, documents: list[Document], prior: PriorUse, policy: Policy) -> Payable:
    """The benefit for the claim type from its usable documents, within the per-stay and per-year caps."""
    docs = [d for d in documents if is_usable(d, policy)]
    fields = FieldReader(policy)
    match claim.claim_type:
        case ClaimType.hospital_allowance:
            return _allowance(docs, prior, policy, fields)
        case ClaimType.medical_expense:
            return _medical(docs, prior, policy, fields)
        case ClaimType.disability:
            return _disability(docs, policy, fields)
        case ClaimType.transport_death:
            return _transport_death(claim, policy)
        case ClaimType.accidental_death:
            return Payable(to_money(policy.benefits.accidental_death.amount))
    raise ValueError(f"no benefit rule for {claim.claim_type}")
