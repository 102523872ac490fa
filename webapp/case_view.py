"""What the reviewer's claim page shows: photos with field boxes, fields (low confidence marked), checklist,
reasons and history."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.decision import ChecklistResult
from storage.database.repository import current_decision, decision_history
from storage.database.tables import AuditLogRow, ClaimRow, ReviewerActionRow
from webapp.cases import approval_blockers
from webapp.context import AppContext
from webapp.intake import claim_checklist
from webapp.labels import label


@dataclass(frozen=True)
class FieldView:
    id: int
    name: str
    value: str | None
    corrected_value: str | None
    confidence: float
    box: list[list[float]] | None
    low: bool


@dataclass
class DocumentView:
    id: int
    object_key: str
    doc_type: str
    confidence: float
    usable: bool
    issues: list[str]
    fields: list[FieldView] = field(default_factory=list)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    what: str
    detail: dict[str, Any]


@dataclass
class CaseView:
    claim: ClaimRow
    report: dict[str, Any]
    documents: list[DocumentView]
    checklist: ChecklistResult
    reasons: list[dict[str, Any]]
    payable_amount: Any
    history: list[HistoryEntry]
    blockers: list[str]  # why it cannot be approved as it stands (empty when it can)
    anchors: dict[str, int]  # object key → the document's id, to link a reason to its photo

    def anchor_for(self, detail: str | None) -> int | None:
        """The id of this claim's document a reason's detail names first (its photo), or None."""
        if not detail:
            return None
        named = [(detail.index(key), doc_id) for key, doc_id in self.anchors.items() if key in detail]
        return min(named)[1] if named else None


# audit entries the case history shows (reviewer actions come from reviewer_actions)
_SHOWN_AUDIT = ("file_claim", "upload_photo", "submit_claim", "decide", "start_intake", "decide_failed")


def case_view(session: Session, claim: ClaimRow, ctx: AppContext) -> CaseView:
    """Everything the claim page needs, read in one session."""
    threshold = ctx.policy.thresholds.field_confidence
    documents = [
        DocumentView(d.id, d.object_key, d.doc_type, d.confidence, d.quality_usable, list(d.quality_issues),
                     [FieldView(f.id, f.name, f.value, f.corrected_value, f.confidence, f.box,
                                f.confidence < threshold and f.corrected_value is None) for f in d.fields])
        for d in claim.documents
    ]
    decision = current_decision(session, claim.claim_id)
    history = [HistoryEntry(d.decided_at, "系统", f"{label('history', 'decision')}：{label('routes', d.route)}",
                            {"queues": d.queues}) for d in decision_history(session, claim.claim_id)]
    history += [HistoryEntry(a.created_at, a.reviewer, label("history", a.action), a.detail) for a in session.scalars(
        select(ReviewerActionRow).where(ReviewerActionRow.claim_id == claim.claim_id))]
    history += [HistoryEntry(a.created_at, a.actor, label("history", a.action), a.detail) for a in session.scalars(
        select(AuditLogRow).where(AuditLogRow.claim_id == claim.claim_id, AuditLogRow.action.in_(_SHOWN_AUDIT)))]
    return CaseView(claim, claim.report, documents, claim_checklist(session, claim.claim_id, ctx),
                    decision.reasons if decision else [], decision.payable_amount if decision else None,
                    sorted(history, key=lambda h: h.at), approval_blockers(decision),
                    {d.object_key: d.id for d in documents})
