"""Reviewers' field corrections as labelled data for training: photo, box, what the machine read, what is right."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.database.tables import ReviewerActionKind, ReviewerActionRow


def corrections(session: Session) -> Iterator[dict[str, Any]]:
    """Every field correction, oldest first, one dict per correction (a JSON Lines record)."""
    query = (select(ReviewerActionRow).where(ReviewerActionRow.action == ReviewerActionKind.correct_field.value)
             .order_by(ReviewerActionRow.id))
    for row in session.scalars(query):
        yield {"claim_id": row.claim_id, "reviewer": row.reviewer, "corrected_at": row.created_at.isoformat(),
               **row.detail}
