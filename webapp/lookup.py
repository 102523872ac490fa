"""Family status lookup: claim number plus the insured's ID number give status, next step and expected date only."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.database import lifecycle
from storage.database.tables import ClaimRow, ClaimStatus, NotificationRow, ReviewerActionKind, ReviewerActionRow
from webapp.labels import label


@dataclass(frozen=True)
class ClaimStatusView:
    """Everything a family is shown: nothing about documents, money or people."""

    claim_id: str
    status: str
    next_step: str
    expected_date: date | None
    closed: bool  # rejected or paid: no date to expect
    notices: list[tuple[date, str]]  # the notices sent to the claimant (day, text), newest first


def typed(text: str) -> str:
    """What a person typed, as the records hold it: spaces (any width) dropped, letters upper case."""
    return "".join(text.split()).upper()


def _claim(session: Session, claim_id: str) -> ClaimRow | None:
    wanted = typed(claim_id)
    return session.get(ClaimRow, wanted) or session.scalars(
        select(ClaimRow).where(func.upper(ClaimRow.claim_id) == wanted).order_by(ClaimRow.claim_id)).first()


def lookup_status(session: Session, claim_id: str, id_number: str) -> ClaimStatusView | None:
    """The claim's status when the ID number is the insured's, else None (the same answer for both misses).
    Both are taken as typed: lower case and spaces are fine."""
    claim = _claim(session, claim_id)
    if claim is None or typed(claim.insured_id_number) != typed(id_number):
        return None
    next_step = label("next_steps", claim.status)
    if claim.status == ClaimStatus.awaiting_documents.value:
        notice = latest_notice(session, claim.claim_id)
        next_step = notice or next_step
    closed = claim.status in lifecycle.FINISHED
    expected = None if closed else lifecycle.expected_date(claim)
    return ClaimStatusView(claim.claim_id, label("statuses", claim.status), next_step, expected,
                           closed, sent_notices(session, claim.claim_id))


def sent_notices(session: Session, claim_id: str, most: int = 10) -> list[tuple[date, str]]:
    """The latest notices sent to the claimant about the claim (day due, text), newest first."""
    rows = session.scalars(select(NotificationRow).where(NotificationRow.claim_id == claim_id,
                                                         NotificationRow.sent_at.is_not(None))
                           .order_by(NotificationRow.due_on.desc(), NotificationRow.id.desc()).limit(most))
    return [(r.due_on, r.message) for r in rows]


def latest_notice(session: Session, claim_id: str) -> str | None:
    """The notice of the reviewer's latest request for documents, if any."""
    row = session.scalars(
        select(ReviewerActionRow)
        .where(ReviewerActionRow.claim_id == claim_id,
               ReviewerActionRow.action == ReviewerActionKind.request_documents.value)
        .order_by(ReviewerActionRow.id.desc())
    ).first()
    return str(row.detail.get("notice")) if row is not None and row.detail.get("notice") else None
