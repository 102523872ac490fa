"""DATE_INCONSISTENT: the documents' dates against the accident, each other, the cover and claim.reported_at."""
from datetime import date

from models.claim import ClaimReport
from models.decision import Reason
from models.document import DateValue, Document
from models.enums import ClaimType, DocType, ReasonCode
from models.policy import Policy
from models.registry import RosterEntry
from pipeline.validate.evidence import FieldReader, is_usable, of_type


def _reason(detail: str) -> Reason:
    return Reason(code=ReasonCode.DATE_INCONSISTENT, detail=detail)


def _date_fields(doc: Document) -> list[str]:
    return [name for name, info in type(doc.fields).model_fields.items()
            if info.annotation == DateValue | None]


def _window_reasons(label: str, day: date | None, accident: date, window: int) -> list[Reason]:
    if day is None:
        return []
    if day < accident:
        return [_reason(f"{label} before the accident")]
    if (day - accident).days > window:
        return [_reason(f"{label} {(day - accident).days} days after the accident (limit {window})")]
    return []


def date_reasons(claim: ClaimReport, documents: list[Document], entry: RosterEntry | None,
                 policy: Policy) -> list[Reason]:
    """DATE_INCONSISTENT for: admission or visit before the accident, discharge before admission, death or
    disability outside the event window, a ticket (transport death) or accident proof dated otherwise than
    the accident, cancellation before death, accident or admission outside cover, any date after reported_at.
    Dates the rule needs but cannot read confidently give LOW_CONFIDENCE.
    """
    fields = FieldReader(policy)
    accident, as_of, window = claim.accident.date, claim.reported_at.date(), policy.event_window_days
    usable = [d for d in documents if is_usable(d, policy)]
    reasons: list[Reason] = []
    starts: list[tuple[str, date]] = [("accident", accident)]

    for doc in of_type(usable, DocType.discharge_summary):
        admission, discharge = fields.need(doc, "admission_date"), fields.need(doc, "discharge_date")
        if admission is not None:
            starts.append(("admission_date", admission))
            if admission < accident:
                reasons.append(_reason("admission_date before the accident"))
            if discharge is not None and discharge < admission:
                reasons.append(_reason("discharge_date before admission_date"))
    for doc in of_type(usable, DocType.medical_record):
        visit = fields.read(doc, "visit_date")
        if visit is not None and visit < accident:
            reasons.append(_reason("visit_date before the accident"))
    for doc in of_type(usable, DocType.hospital_invoice):
        issued = fields.read(doc, "invoice_date")
        if issued is not None and issued < accident:
            reasons.append(_reason("invoice_date before the accident"))
    deaths = [fields.need(doc, "death_date") for doc in of_type(usable, DocType.death_certificate)]
    for death in deaths:
        reasons += _window_reasons("death_date", death, accident, window)
    if claim.claim_type == ClaimType.disability:
        for doc in of_type(usable, DocType.disability_assessment):
            reasons += _window_reasons("assessment_date", fields.need(doc, "assessment_date"), accident, window)
    for doc in of_type(usable, DocType.household_cancellation):
        cancelled = fields.read(doc, "cancellation_date")
        if cancelled is not None and any(d is not None and cancelled < d for d in deaths):
            reasons.append(_reason("cancellation_date before death_date"))
    for doc in of_type(usable, DocType.accident_proof):
        proved = fields.read(doc, "accident_date")
        if proved is not None and proved != accident:
            reasons.append(_reason("accident_proof.accident_date differs from the accident date"))
    if claim.claim_type == ClaimType.transport_death and claim.accident.transport_mode is not None:
        declared = policy.tickets_by_mode[claim.accident.transport_mode]
        tickets = {t for types in policy.tickets_by_mode.values() for t in types}
        for doc in of_type(usable, *tickets):
            travel = (fields.need if doc.doc_type in declared else fields.read)(doc, "travel_date")
            if travel is not None and travel != accident:
                reasons.append(_reason(f"{doc.doc_type.value}.travel_date differs from the accident date"))

    if entry is not None:
        for label, day in starts:
            if not entry.covers(day):
                reasons.append(_reason(f"{label} outside cover"))
    for doc in usable:
        for name in _date_fields(doc):
            value = fields.read(doc, name)
            if value is not None and value > as_of:
                reasons.append(_reason(f"{doc.doc_type.value}.{name} after reported_at"))
    return reasons + fields.low_confidence()
