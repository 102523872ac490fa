"""TRANSPORT_MODE_MISMATCH: a transport-death claim's tickets against the declared transport mode."""
from models.claim import ClaimReport
from models.decision import Reason
from models.document import Document
from models.enums import ClaimType, ReasonCode
from models.policy import Policy
from pipeline.validate.evidence import is_usable


def transport_reasons(claim: ClaimReport, documents: list[Document], policy: Policy) -> list[Reason]:
    """TRANSPORT_MODE_MISMATCH per usable ticket of another mode than the declared one (transport death only)."""
    declared = claim.accident.transport_mode
    if claim.claim_type != ClaimType.transport_death or declared is None:
        return []
    mode_of = {t: mode for mode, types in policy.tickets_by_mode.items() for t in types}
    return [Reason(code=ReasonCode.TRANSPORT_MODE_MISMATCH,
                   detail=f"{d.doc_type.value} is {mode_of[d.doc_type].value}, declared {declared.value}")
            for d in documents
            if is_usable(d, policy) and d.doc_type in mode_of and mode_of[d.doc_type] != declared]
