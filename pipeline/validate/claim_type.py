"""REVIEW_REQUIRED_CLAIM_TYPE and HIGH_VALUE: what policy never lets through without a reviewer."""
from decimal import Decimal

from models.claim import ClaimReport
from models.decision import Reason
from models.enums import ReasonCode
from models.policy import Policy


def review_required_reasons(claim: ClaimReport, policy: Policy) -> list[Reason]:
    """REVIEW_REQUIRED_CLAIM_TYPE for claim types that policy never fast-pays (detail: the type)."""
    if claim.claim_type in policy.never_fast_pay:
        return [Reason(code=ReasonCode.REVIEW_REQUIRED_CLAIM_TYPE, detail=claim.claim_type.value)]
    return []


def high_value_reasons(payable: Decimal | None, policy: Policy) -> list[Reason]:
    """HIGH_VALUE when the payable amount is at or above the threshold (detail: the amount)."""
    if payable is not None and payable >= policy.thresholds.high_value:
        return [Reason(code=ReasonCode.HIGH_VALUE, detail=f"{payable:.2f}")]
    return []
