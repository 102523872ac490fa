"""SLA re-evaluation: claims in review past their review deadline are escalated once (an audit entry)."""
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.database import lifecycle
from storage.database.repository import append_audit
from storage.database.tables import AuditLogRow, ClaimRow

ESCALATED = "sla_overdue"


def overdue_claims(session: Session, today: date) -> list[ClaimRow]:
    """Open claims whose review deadline has passed, oldest deadline first."""
    query = (select(ClaimRow).where(ClaimRow.status.in_(lifecycle.WAITING), ClaimRow.review_due.is_not(None),
                                    ClaimRow.review_due < today)
             .order_by(ClaimRow.review_due, ClaimRow.claim_id))
    return list(session.scalars(query))


def escalate_overdue(session: Session, today: date, actor: str) -> list[str]:
    """Escalate every overdue claim not escalated before (audit ``sla_overdue`` with its queue and deadline);
    the ids of the claims escalated now."""
    done = set(session.scalars(select(AuditLogRow.claim_id).where(AuditLogRow.action == ESCALATED)))
    escalated = []
    for row in overdue_claims(session, today):
        if row.claim_id not in done:
            assert row.review_due is not None  # an overdue claim has a due date
            append_audit(session, actor, ESCALATED, claim_id=row.claim_id,
                         detail={"queue": row.queue, "review_due": row.review_due.isoformat()})
            escalated.append(row.claim_id)
    return escalated
