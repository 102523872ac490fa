"""Every rule of contract §4 applied to one claim: its reasons, checklist result and payable amount."""
from dataclasses import dataclass, field

from models.claim import ClaimReport
from models.decision import ChecklistResult, Reason
from models.document import Document
from models.policy import Policy
from models.registry import HospitalRegistry, RosterEntry
from pipeline.validate.amounts import unconfirmed_amount_reasons, with_confirmations
from pipeline.validate.benefits import Payable, PriorUse, payable
from pipeline.validate.checklist import evaluate_checklist, missing_document_reasons
from pipeline.validate.claim_type import high_value_reasons, review_required_reasons
from pipeline.validate.dates import date_reasons
from pipeline.validate.duplicates import DuplicateHit, duplicate_reasons
from pipeline.validate.eligibility import eligibility_reasons
from pipeline.validate.exclusions import exclusion_reasons
from pipeline.validate.hospitals import hospital_reasons
from pipeline.validate.identity import identity_reasons
from pipeline.validate.photos import unknown_reasons, unreadable_reasons
from pipeline.validate.transport import transport_reasons


@dataclass(frozen=True)
class Context:
    """What the rules need beyond the claim and its documents, looked up by the composing code."""

    roster_entry: RosterEntry | None
    hospitals: HospitalRegistry
    duplicates: list[DuplicateHit] = field(default_factory=list)
    prior: PriorUse = field(default_factory=PriorUse)
    page_texts: dict[str, str] = field(default_factory=dict)  # the OCR text of each photo, by object


@dataclass(frozen=True)
class Validation:
    """The outcome of every rule: reasons (in rule order, possibly repeated), checklist, payable amount, and the
    documents with every check that confirmed each of their amounts (for the decision to record)."""

    reasons: list[Reason]
    checklist: ChecklistResult
    payable: Payable
    documents: list[Document]


def validate_claim(claim: ClaimReport, documents: list[Document], context: Context, policy: Policy) -> Validation:
    """Apply every rule to the claim; the router turns the reasons into a route and queues."""
    documents = with_confirmations(documents, policy)
    checklist = evaluate_checklist(claim, documents, policy)
    pay = payable(claim, documents, context.prior, policy)
    reasons = [
        *missing_document_reasons(checklist),
        *unreadable_reasons(documents),
        *unknown_reasons(documents, policy),
        *identity_reasons(claim, documents, policy),
        *eligibility_reasons(claim, context.roster_entry, policy),
        *date_reasons(claim, documents, context.roster_entry, policy),
        *hospital_reasons(claim, documents, context.hospitals, policy),
        *exclusion_reasons(claim, documents, policy, context.page_texts),
        *transport_reasons(claim, documents, policy),
        *review_required_reasons(claim, policy),
        *high_value_reasons(pay.amount, policy),
        *duplicate_reasons(context.duplicates),
        *pay.low_confidence,
        *unconfirmed_amount_reasons(claim, documents, policy),
    ]
    return Validation(reasons, checklist, pay, documents)
