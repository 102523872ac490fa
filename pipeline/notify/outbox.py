"""The outbox of notices owed to claimants (policy.md's service promises): a progress notice every N working days
while the claim is open, a request naming everything missing at once, and the decision. ``queue_notices`` adds
what is owed by a day (once per claim, kind and day); ``send_due`` hands what is due to a sender and records it."""
from collections.abc import Iterator
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.decision import Decision
from models.enums import Route
from models.policy import Policy
from pipeline.notify.senders import Sender, SendFailed
from pipeline.notify.wording import Wording
from pipeline.route.notices import progress_notice_days
from storage.database import lifecycle
from storage.database.repository import current_decision, mask_ids
from storage.database.tables import (
    ClaimRow,
    ClaimStatus,
    NotificationKind,
    NotificationRow,
    ReviewerActionKind,
    ReviewerActionRow,
)

Owed = tuple[NotificationKind, date, str]  # kind, due day, text


def _actions(session: Session, claim_id: str, kind: ReviewerActionKind) -> list[ReviewerActionRow]:
    return list(session.scalars(select(ReviewerActionRow).where(ReviewerActionRow.claim_id == claim_id,
                                                               ReviewerActionRow.action == kind.value)
                                .order_by(ReviewerActionRow.id)))


def _owed(session: Session, claim: ClaimRow, today: date, policy: Policy, words: Wording) -> Iterator[Owed]:
    """Every notice the claim is owed by ``today``: the latest progress notice due, requests for documents,
    the decision."""
    row = current_decision(session, claim.claim_id)
    decision = Decision.model_validate_json(row.decision_json) if row is not None else None
    if claim.status not in lifecycle.FINISHED:
        due = progress_notice_days(policy.day_of(claim.reported_at), today,
                                   policy.sla.progress_notice_every_working_days)
        if due:
            expected = lifecycle.expected_date(claim)
            yield NotificationKind.progress, due[-1], words.progress.format(
                claim_id=claim.claim_id, status=words.statuses.get(claim.status, claim.status),
                expected=expected.isoformat() if expected else words.to_be_set)
        if decision is not None and not decision.checklist.complete:
            yield NotificationKind.documents, policy.day_of(decision.decided_at), words.documents.format(
                claim_id=claim.claim_id, missing=words.missing(decision.checklist.missing))
    for action in _actions(session, claim.claim_id, ReviewerActionKind.request_documents):
        yield NotificationKind.documents, policy.day_of(action.created_at), words.documents.format(
            claim_id=claim.claim_id, missing=str(action.detail.get("notice", "")))
    yield from _decision(session, claim, decision, policy, words)


def _decision(session: Session, claim: ClaimRow, decision: Decision | None, policy: Policy,
              words: Wording) -> Iterator[Owed]:
    payment_due = claim.payment_due.isoformat() if claim.payment_due else words.to_be_set
    if claim.status == ClaimStatus.approved:
        approved = _actions(session, claim.claim_id, ReviewerActionKind.approve)[-1:]
        for action in approved:
            yield NotificationKind.decision, policy.day_of(action.created_at), words.decision_paid.format(
                claim_id=claim.claim_id, amount=action.detail.get("payable_amount"), payment_due=payment_due)
    elif claim.status == ClaimStatus.decided and decision is not None and decision.route == Route.fast_pay:
        yield NotificationKind.decision, policy.day_of(decision.decided_at), words.decision_paid.format(
            claim_id=claim.claim_id, amount=f"{decision.payable_amount:.2f}", payment_due=payment_due)
    elif claim.status == ClaimStatus.rejected:
        for action in _actions(session, claim.claim_id, ReviewerActionKind.reject)[-1:]:
            yield NotificationKind.decision, policy.day_of(action.created_at), words.decision_rejected.format(
                claim_id=claim.claim_id, reason=action.detail.get("reason", ""))


def _queued(session: Session, claim_id: str, kind: NotificationKind, due: date) -> bool:
    return session.scalars(select(NotificationRow.id).where(NotificationRow.claim_id == claim_id,
                                                           NotificationRow.kind == kind.value,
                                                           NotificationRow.due_on == due)).first() is not None


def queue_notices(session: Session, today: date, policy: Policy, words: Wording) -> int:
    """Add every notice owed by ``today`` that is not queued yet (claims with a claimant's phone); how many."""
    added = 0
    for claim in session.scalars(select(ClaimRow).where(ClaimRow.status != ClaimStatus.paid.value)):
        phone = (claim.report.get("claimant") or {}).get("phone")
        if not phone:
            continue
        for kind, due, text in _owed(session, claim, today, policy, words):
            if due <= today and not _queued(session, claim.claim_id, kind, due):
                session.add(NotificationRow(claim_id=claim.claim_id, kind=kind.value, due_on=due, recipient=phone,
                                            message=words.sign_off + text))
                session.flush()
                added += 1
    return added


def send_due(session: Session, sender: Sender, today: date, now: datetime) -> int:
    """Hand every unsent notice due by ``today`` to ``sender``; a sent one is stamped, a failed one keeps its
    error (masked) for the next run. How many were sent."""
    sent = 0
    for row in session.scalars(select(NotificationRow).where(NotificationRow.sent_at.is_(None),
                                                            NotificationRow.due_on <= today)
                               .order_by(NotificationRow.due_on, NotificationRow.id)):
        row.attempts += 1
        try:
            sender.send(row.recipient, row.message)
        except SendFailed as e:
            row.last_error = mask_ids(str(e))
            continue
        row.sent_at, row.channel, row.last_error = now, sender.channel, None
        sent += 1
    return sent
