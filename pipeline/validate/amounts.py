"""No fast-pay on an amount nobody checked (LOW_CONFIDENCE naming the field).

A recogniser can be sure of a misread digit (医保统筹 3360.91 read 3368.91 at 0.94), so confidence alone
never lets an amount into a payment. Each amount a claim type's payable is computed from
(``amounts_paid_from`` in the policy) must be confirmed by an independent check: one found on its own page
at extraction (大写 = 小写, the invoice's sum, its QR code) or, here, across the claim's documents (the expense
list shows the same total; another document the same amount). The documents leave with every check that
confirmed each of their amounts, for the decision to record.
"""
from models.claim import ClaimReport
from models.decision import Reason
from models.document import AmountCheck, Document, FieldValue
from models.enums import DocType, ReasonCode
from models.policy import Policy
from pipeline.validate.evidence import is_usable


def _amounts(doc: Document) -> dict[str, FieldValue]:
    return {name: fv for name, fv in doc.fields.present().items() if name in ("total_amount", "insurance_paid")}


def _cross_checks(doc: Document, name: str, fv: FieldValue, documents: list[Document],
                  policy: Policy) -> list[AmountCheck]:
    """The checks other documents of the claim give one amount: the same field with the same value to the fen."""
    found: list[AmountCheck] = []
    for other in documents:
        if other is doc or not is_usable(other, policy):
            continue
        theirs = _amounts(other).get(name)
        if theirs is not None and theirs.value == fv.value:
            found.append(AmountCheck.expense_list if other.doc_type == DocType.expense_list
                         else AmountCheck.other_document)
    return found


def with_confirmations(documents: list[Document], policy: Policy) -> list[Document]:
    """The documents, each amount's ``confirmed_by`` completed with the checks the claim's other documents give."""
    out = []
    for doc in documents:
        amounts = _amounts(doc)
        changed = {}
        for name, fv in amounts.items():
            checks = list(dict.fromkeys([*fv.confirmed_by, *_cross_checks(doc, name, fv, documents, policy)]))
            if checks != fv.confirmed_by:
                changed[name] = fv.model_copy(update={"confirmed_by": checks})
        out.append(doc.model_copy(update={"fields": doc.fields.model_copy(update=changed)}) if changed else doc)
    return out


def paid_from(claim: ClaimReport, policy: Policy) -> dict[DocType, tuple[str, ...]]:
    """The amounts, by doc type, the claim type's payable is computed from (insurance_paid only where deducted)."""
    deducted = policy.benefits.medical_expense.deduct_insurance_paid
    return {doc_type: tuple(n for n in names if n != "insurance_paid" or deducted)
            for doc_type, names in policy.amounts_paid_from.get(claim.claim_type, {}).items()}


def unconfirmed_amount_reasons(claim: ClaimReport, documents: list[Document], policy: Policy) -> list[Reason]:
    """LOW_CONFIDENCE for every amount the payable is computed from that no accepted check confirmed (amounts
    that are missing or unsure are the benefit rule's to report)."""
    bar = policy.thresholds.field_confidence
    accepted = set(policy.confirming_checks)
    reasons = []
    for doc_type, names in paid_from(claim, policy).items():
        for doc in documents:
            if doc.doc_type != doc_type or not is_usable(doc, policy):
                continue
            for name in names:
                fv = getattr(doc.fields, name, None)
                if fv is not None and fv.confidence >= bar and not accepted.intersection(fv.confirmed_by):
                    reasons.append(Reason(code=ReasonCode.LOW_CONFIDENCE, detail=f"{doc_type.value}.{name}"))
    return reasons
