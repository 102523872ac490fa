"""A claim's life in statuses, and the groups of statuses the batch, the web app and the report ask about:
one place, so that "open", "closed" and "counted" mean the same everywhere.

received → processing → decided (fast-pay) | in_review (a manual queue) | awaiting_documents
         → approved | rejected (a reviewer) → paid (a payment batch)
"""
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func

from storage.database.tables import ClaimRow, ClaimStatus

# Waiting for a person: a reviewer in a queue, or the family's missing documents (SLA escalation, the report).
WAITING: tuple[str, ...] = (ClaimStatus.in_review.value, ClaimStatus.awaiting_documents.value)
# In a reviewer's queue: the statuses a reviewer can act on.
IN_REVIEW: str = ClaimStatus.in_review.value
# Field staff may (re)submit it for processing.
SUBMITTABLE: tuple[str, ...] = (ClaimStatus.received.value, ClaimStatus.awaiting_documents.value)
# Finished: field staff can no longer change it.
CLOSED: tuple[str, ...] = (ClaimStatus.approved.value, ClaimStatus.rejected.value, ClaimStatus.paid.value)
# Nothing more will happen to the claim (the family is told it is closed, with no date to expect).
FINISHED: tuple[str, ...] = (ClaimStatus.rejected.value, ClaimStatus.paid.value)
# A new decision moves a claim's status and queue only while the claim is still open.
REDECIDABLE = frozenset({ClaimStatus.received, ClaimStatus.processing, ClaimStatus.decided, ClaimStatus.in_review,
                         ClaimStatus.awaiting_documents})
# Claims whose allowance days and amounts count against the insured's yearly caps: granted ones, and ones still
# waiting for a person, which may yet be approved. Those are held against the cap until a reviewer decides them,
# so no later claim is fast-paid past it (a later claim held short by an earlier one that is then rejected is
# decided again by `claimflow reprocess`; an amount paid past the cap cannot be taken back).
COUNTED: tuple[str, ...] = (ClaimStatus.decided.value, ClaimStatus.approved.value, ClaimStatus.paid.value,
                            ClaimStatus.in_review.value, ClaimStatus.awaiting_documents.value)
# Waiting for a payment batch.
PAYABLE: tuple[str, ...] = (ClaimStatus.decided.value, ClaimStatus.approved.value)


def expected_date(claim: ClaimRow) -> date | None:
    """When the family may expect the next step: the payment once the claim is granted, else the review."""
    return claim.payment_due if claim.status in PAYABLE else claim.review_due


def due_by(claim: ClaimRow) -> date | None:
    """The day a person must have acted on a claim waiting for one: its review deadline or, while it sits in a
    queue with documents missing, the day the family must be told everything that is missing."""
    if claim.status == IN_REVIEW and claim.review_due is None:
        return claim.documents_due
    return claim.review_due


def due_by_column() -> ColumnElement[Any]:
    """``due_by`` in SQL, to sort and filter by."""
    return case((ClaimRow.status == IN_REVIEW, func.coalesce(ClaimRow.review_due, ClaimRow.documents_due)),
                else_=ClaimRow.review_due)
