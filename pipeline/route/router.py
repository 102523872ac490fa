"""Reasons to route and queues (contract §4), and the decision object (contract §5)."""
from datetime import datetime
from decimal import Decimal

from models.decision import ChecklistResult, Decision, Reason
from models.document import Document
from models.enums import Queue, ReasonCode, Route
from models.policy import Policy

_CODE_ORDER = {code: i for i, code in enumerate(ReasonCode)}
_QUEUE_ORDER = {queue: i for i, queue in enumerate(Queue)}


def unique_reasons(reasons: list[Reason]) -> list[Reason]:
    """Reasons without repeats (same code and detail), in contract order of codes, stable within a code."""
    seen: dict[tuple[ReasonCode, str | None], Reason] = {}
    for r in reasons:
        seen.setdefault((r.code, r.detail), r)
    return sorted(seen.values(), key=lambda r: _CODE_ORDER[r.code])


def queues_for(reasons: list[Reason], policy: Policy) -> list[Queue]:
    """The queues the reasons map to (policy.reason_queues), each once, in the contract's queue order."""
    return sorted({policy.reason_queues[r.code] for r in reasons}, key=_QUEUE_ORDER.__getitem__)


def decide(claim_id: str, reasons: list[Reason], checklist: ChecklistResult, payable_amount: Decimal | None,
           documents: list[Document], *, decided_at: datetime, pipeline_version: str, policy: Policy) -> Decision:
    """fast_pay only when there is no reason at all; otherwise manual_review with every reason and its queues."""
    reasons = unique_reasons(reasons)
    return Decision(
        claim_id=claim_id,
        route=Route.manual_review if reasons else Route.fast_pay,
        queues=queues_for(reasons, policy),
        reasons=reasons,
        payable_amount=payable_amount,
        documents=documents,
        checklist=checklist,
        decided_at=decided_at,
        pipeline_version=pipeline_version,
        policy_version=policy.version,
    )


def error_decision(claim_id: str, error: str, *, decided_at: datetime, pipeline_version: str,
                   policy: Policy) -> Decision:
    """The decision for a claim that could not be processed (e.g. a malformed claim.json): manual review, in
    the queue the policy keeps for claims that cannot be taken in."""
    return Decision(
        claim_id=claim_id,
        route=Route.manual_review,
        queues=[policy.intake.error_queue],
        payable_amount=None,
        checklist=ChecklistResult(complete=False),
        decided_at=decided_at,
        pipeline_version=pipeline_version,
        policy_version=policy.version,
        error=error,
    )
