"""SLA re-evaluation: claims in review past their review deadline are escalated once (an audit entry); open
claims nearing or past the complex-case limit (settled within N working days of the report) likewise."""
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.policy import Policy
from pipeline.route import sla
from pipeline.route.sla import close_state
from storage.database import lifecycle
from storage.database.repository import append_audit
from storage.database.tables import AuditLogRow, ClaimRow

ESCALATED = "sla_overdue"
CLOSE_NEAR = "close_deadline_near"  # a few working days before the complex-case limit
CLOSE_PASSED = "close_deadline_passed"
ACTIONS = {sla.CLOSE_NEAR: CLOSE_NEAR, sla.CLOSE_PASSED: CLOSE_PASSED}  # close_state → the audit action


def overdue_claims(session: Session, today: date) -> list[ClaimRow]:
    """Open claims whose deadline has passed (the review's or, documents missing, the request's), oldest first."""
    due = lifecycle.due_by_column()
    query = (select(ClaimRow).where(ClaimRow.status.in_(lifecycle.WAITING), due.is_not(None), due < today)
             .order_by(due, ClaimRow.claim_id))
    return list(session.scalars(query))


def escalate_overdue(session: Session, today: date, actor: str) -> list[str]:
    """Escalate every overdue claim not escalated before (audit ``sla_overdue`` with its queue and deadline);
    the ids of the claims escalated now."""
    done = set(session.scalars(select(AuditLogRow.claim_id).where(AuditLogRow.action == ESCALATED)))
    escalated = []
    for row in overdue_claims(session, today):
        if row.claim_id not in done:
            due = lifecycle.due_by(row)
            assert due is not None  # an overdue claim has a due date
            what = "review_due" if row.review_due is not None else "documents_due"
            append_audit(session, actor, ESCALATED, claim_id=row.claim_id,
                         detail={"queue": row.queue, what: due.isoformat()})
            escalated.append(row.claim_id)
    return escalated


def escalate_complex(session: Session, today: date, actor: str, policy: Policy) -> list[str]:
    """Escalate every open claim (in review or waiting for documents) whose complex-case limit is near
    (``close_deadline_near``) or past (``close_deadline_passed``), each once; the ids escalated now."""
    done = {(claim_id, action) for claim_id, action in session.execute(
        select(AuditLogRow.claim_id, AuditLogRow.action).where(AuditLogRow.action.in_((CLOSE_NEAR, CLOSE_PASSED))))}
    escalated = []
    for row in session.scalars(select(ClaimRow).where(ClaimRow.status.in_(lifecycle.WAITING))
                               .order_by(ClaimRow.reported_at, ClaimRow.claim_id)):
        due, state = close_state(policy.day_of(row.reported_at), today, policy)
        action = ACTIONS[state] if state is not None else None
        if action is not None and (row.claim_id, action) not in done:
            append_audit(session, actor, action, claim_id=row.claim_id,
                         detail={"queue": row.queue, "close_due": due.isoformat()})
            escalated.append(row.claim_id)
    return escalated
