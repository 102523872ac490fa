"""Reviewer work on the database: queues sorted by SLA due date, claiming a case so two reviewers never get the
same one, and the actions (approve, reject, request documents, reassign, correct a field), each recorded as a
reviewer action and in the audit log.

Claiming: on PostgreSQL the next case is picked with ``SELECT … FOR UPDATE SKIP LOCKED``; on SQLite every
transaction starts with ``BEGIN IMMEDIATE`` (storage.database.session), so the pick-and-assign runs under the
database's single writer lock — the same guarantee. Opening a named case is one conditional UPDATE.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, func, select, update
from sqlalchemy.orm import QueryableAttribute, Session

from models.decision import Decision
from models.enums import Queue, Route
from models.policy import Policy
from pipeline.route.sla import close_state, deadlines
from storage.database import lifecycle
from storage.database.repository import append_audit, current_decision, get_claim
from storage.database.tables import (
    ClaimRow,
    ClaimStatus,
    DecisionRow,
    FieldRow,
    ReviewerActionKind,
    ReviewerActionRow,
    UserRole,
    utcnow,
)
from webapp.accounts import User
from webapp.labels import checklist_line
from webapp.security import Forbidden


class CaseHeld(Exception):
    """The case is being handled by another reviewer."""

    def __init__(self, holder: str) -> None:
        super().__init__(holder)
        self.holder = holder


@dataclass(frozen=True)
class QueueEntry:
    """One line of a queue."""

    claim_id: str
    insured_name: str
    claim_type: str
    review_due: date | None  # the review's deadline or, documents missing, the request's (lifecycle.due_by)
    documents_request: bool  # review_due is the day the family must be told what is missing
    assigned_reviewer: str | None
    overdue: bool
    reasons: list[str]  # the current decision's reason codes, each once
    payable: Decimal | None  # the current decision's payable amount
    reported_at: datetime  # when it was submitted
    close_due: date  # settled by then at the latest (the complex-case limit)
    close_state: str | None  # sla.CLOSE_NEAR (escalated) or sla.CLOSE_PASSED, else None


def _by_due() -> tuple[ColumnElement[Any] | QueryableAttribute[Any], ...]:
    due = lifecycle.due_by_column()
    return due.is_(None), due, ClaimRow.reported_at, ClaimRow.claim_id


def queue_entries(session: Session, queue: Queue, limit: int, today: date, policy: Policy) -> list[QueueEntry]:
    """The queue's open claims, earliest review deadline first (no deadline last); overdue ones marked (past
    ``today``, on the programme's clock), and each one's complex-case limit."""
    rows = session.scalars(select(ClaimRow).where(ClaimRow.status == lifecycle.IN_REVIEW, ClaimRow.queue == queue.value)
                           .order_by(*_by_due()).limit(limit))
    return [_entry(session, r, today, policy) for r in rows]


def _entry(session: Session, row: ClaimRow, today: date, policy: Policy) -> QueueEntry:
    decision = current_decision(session, row.claim_id)
    codes = list(dict.fromkeys(r["code"] for r in decision.reasons)) if decision is not None else []
    due, state = close_state(policy.day_of(row.reported_at), today, policy)
    act_by = lifecycle.due_by(row)
    asking, late = row.review_due is None and act_by is not None, act_by is not None and act_by < today
    payable = decision.payable_amount if decision is not None else None
    return QueueEntry(row.claim_id, row.insured_name, row.claim_type, act_by, asking, row.assigned_reviewer, late,
                      codes, payable, row.reported_at, due, state)


def queue_sizes(session: Session) -> dict[Queue, int]:
    """How many open claims wait in each queue."""
    rows = session.execute(select(ClaimRow.queue, func.count()).where(ClaimRow.status == lifecycle.IN_REVIEW)
                           .group_by(ClaimRow.queue))
    counts = {queue: n for queue, n in rows}  # noqa: C416 - dict(rows) would take the Result for a mapping (it has keys())
    return {q: counts.get(q.value, 0) for q in Queue}


def _record(session: Session, claim_id: str, user: User, kind: ReviewerActionKind, detail: dict[str, Any]) -> None:
    session.add(ReviewerActionRow(claim_id=claim_id, reviewer=user.username, action=kind.value, detail=detail))
    append_audit(session, user.username, kind.value, claim_id=claim_id, detail=detail)


def take_next(session: Session, queue: Queue, user: User) -> str | None:
    """Claim the most urgent unclaimed case of ``queue`` for ``user``; None when there is none."""
    query = (select(ClaimRow).where(ClaimRow.status == lifecycle.IN_REVIEW, ClaimRow.queue == queue.value,
                                    ClaimRow.assigned_reviewer.is_(None))
             .order_by(*_by_due()).limit(1))
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    row = session.scalars(query).first()
    if row is None:
        return None
    row.assigned_reviewer = user.username
    _record(session, row.claim_id, user, ReviewerActionKind.claim, {"queue": queue.value})
    session.flush()
    return row.claim_id


def view_case(session: Session, claim_id: str, user: User) -> ClaimRow:
    """The claim, to look at (viewing never claims it); CaseHeld if another reviewer holds it.

    A supervisor may look at a case another reviewer holds.
    """
    claim = get_claim(session, claim_id)
    if claim.status == lifecycle.IN_REVIEW and claim.assigned_reviewer not in (None, user.username) \
            and user.role != UserRole.supervisor:
        raise CaseHeld(claim.assigned_reviewer or "")
    append_audit(session, user.username, "view_claim", claim_id=claim_id)
    return claim


def take_case(session: Session, claim_id: str, user: User) -> None:
    """Claim the open case for ``user`` if nobody holds it; CaseHeld if someone else does, Forbidden if closed."""
    claimed = cast(CursorResult[Any], session.execute(  # an UPDATE's result is a CursorResult
        update(ClaimRow)
        .where(ClaimRow.claim_id == claim_id, ClaimRow.status == lifecycle.IN_REVIEW,
               ClaimRow.assigned_reviewer.is_(None))
        .values(assigned_reviewer=user.username, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )).rowcount
    claim = get_claim(session, claim_id)
    session.refresh(claim)
    if claimed:
        _record(session, claim_id, user, ReviewerActionKind.claim, {"queue": claim.queue})
    elif claim.status != lifecycle.IN_REVIEW:
        raise Forbidden()
    elif claim.assigned_reviewer != user.username:
        raise CaseHeld(claim.assigned_reviewer or "")


def _held_by(session: Session, claim_id: str, user: User) -> ClaimRow:
    """The open claim, if ``user`` holds it (or is a supervisor); Forbidden otherwise."""
    claim = get_claim(session, claim_id)
    if claim.status != lifecycle.IN_REVIEW:
        raise Forbidden()
    if claim.assigned_reviewer != user.username and user.role != UserRole.supervisor:
        raise Forbidden()
    return claim


def approval_blockers(row: DecisionRow | None) -> list[str]:
    """Why the claim cannot be approved as its current decision stands (none when it can): no decision yet, a
    required document missing, or no amount to pay."""
    if row is None:
        return ["系统尚未处理这件理赔"]
    decision = Decision.model_validate_json(row.decision_json)
    blockers = []
    if not decision.checklist.complete:
        blockers.append("缺少资料：" + "、".join(checklist_line(line) for line in decision.checklist.missing))
    if decision.payable_amount is None:
        blockers.append("应付金额无法计算")
    return blockers


def approve(session: Session, claim_id: str, user: User, policy: Policy) -> None:
    """Approve at the current decision's payable amount: payment falls due 3 or 7 working days from today by
    amount (policy SLA). ValueError, saying why, while a required document or the amount is missing."""
    claim = _held_by(session, claim_id, user)
    decision = current_decision(session, claim_id)
    blockers = approval_blockers(decision)
    if blockers or decision is None:
        raise ValueError("不能批准：" + "；".join(blockers) + "。请先补齐资料或退回处理。")
    payable = decision.payable_amount
    claim.status = ClaimStatus.approved.value
    claim.payment_due = deadlines(Route.fast_pay, True, payable, policy.now(), policy).payment_due
    _record(session, claim_id, user, ReviewerActionKind.approve,
            {"payable_amount": f"{payable:.2f}" if payable is not None else None})


def reject(session: Session, claim_id: str, user: User, reason: str) -> None:
    """Reject with the reason given (required)."""
    if not reason.strip():
        raise ValueError("请填写拒赔理由")
    claim = _held_by(session, claim_id, user)
    claim.status = ClaimStatus.rejected.value
    _record(session, claim_id, user, ReviewerActionKind.reject, {"reason": reason.strip()})


def request_documents(session: Session, claim_id: str, user: User, notice: str) -> None:
    """Ask the family for documents; the notice is what the status lookup shows them. The case is released."""
    if not notice.strip():
        raise ValueError("请填写给家属的补充资料通知")
    claim = _held_by(session, claim_id, user)
    claim.status, claim.assigned_reviewer = ClaimStatus.awaiting_documents.value, None
    _record(session, claim_id, user, ReviewerActionKind.request_documents, {"notice": notice.strip()})


def reassign(session: Session, claim_id: str, user: User, to: str, allowed: list[str]) -> None:
    """Hand the case to another reviewer or supervisor."""
    claim = _held_by(session, claim_id, user)
    if to not in allowed:
        raise ValueError("只能转给审核员或主管")
    previous, claim.assigned_reviewer = claim.assigned_reviewer, to
    _record(session, claim_id, user, ReviewerActionKind.reassign, {"from": previous, "to": to})


def correct_field(session: Session, claim_id: str, field_id: int, user: User, value: str) -> None:
    """Store a reviewer's value beside the machine's; the pair (photo, box, machine value, right value) is
    recorded as labelled data for later training."""
    _held_by(session, claim_id, user)
    field = session.get(FieldRow, field_id)
    if field is None or field.document.claim_id != claim_id:
        raise Forbidden()
    field.corrected_value, field.corrected_by, field.corrected_at = value.strip(), user.username, utcnow()
    doc = field.document
    _record(session, claim_id, user, ReviewerActionKind.correct_field, {
        "document_id": doc.id, "object": doc.object_key, "sha256": doc.sha256, "doc_type": doc.doc_type,
        "field": field.name, "machine_value": field.value, "machine_confidence": field.confidence,
        "box": field.box, "corrected_value": field.corrected_value,
    })
