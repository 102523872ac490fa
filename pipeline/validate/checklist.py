"""The claim type's checklist (contract §3, policy data): which usable document satisfies which line."""
from models.claim import ClaimReport
from models.decision import ChecklistResult, Reason
from models.document import Document
from models.enums import DocType, ReasonCode
from models.policy import ChecklistLine, Policy
from pipeline.validate.evidence import is_usable


def line_doc_types(line: ChecklistLine, claim: ClaimReport, policy: Policy) -> tuple[DocType, ...]:
    """The doc types that satisfy a line: its alternatives, or the declared transport mode's tickets."""
    if line.ticket_for_declared_mode:
        mode = claim.accident.transport_mode
        return policy.tickets_by_mode[mode] if mode is not None else ()
    return line.any_of


def evaluate_checklist(claim: ClaimReport, documents: list[Document], policy: Policy) -> ChecklistResult:
    """Complete when every line has a usable document; ``missing`` names each unmet line ('a|b' for alternatives)."""
    present = {d.doc_type for d in documents if is_usable(d, policy)}
    missing = []
    for line in policy.checklists[claim.claim_type]:
        types = line_doc_types(line, claim, policy)
        if not present.intersection(types):
            missing.append("|".join(t.value for t in types))
    return ChecklistResult(complete=not missing, missing=missing)


def missing_document_reasons(checklist: ChecklistResult) -> list[Reason]:
    """MISSING_DOCUMENT per unmet line, detail the line's doc type(s)."""
    return [Reason(code=ReasonCode.MISSING_DOCUMENT, detail=line) for line in checklist.missing]
