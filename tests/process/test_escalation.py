"""Complex cases against the policy's 30-working-day limit, on the holiday calendar: an open claim is escalated
five working days before it and again once past it, each once; a settled claim never is."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from models.policy import load_policy
from pipeline.process.escalation import CLOSE_NEAR, CLOSE_PASSED, ESCALATED, escalate_complex, escalate_overdue
from storage.database.migrate import upgrade
from storage.database.repository import upsert_claim
from storage.database.session import session_scope
from storage.database.tables import AuditLogRow, ClaimRow
from tests.validate.factory import claim


def test_open_claims_are_escalated_before_and_after_the_close_limit(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    upgrade(url)
    policy = load_policy()
    with session_scope(url) as session:
        for claim_id, status in (("CN-OPEN", "in_review"), ("CN-DONE", "approved")):
            report = claim(accident="2025-09-20", reported="2025-09-24T10:00:00+08:00")
            upsert_claim(session, report.model_copy(update={"claim_id": claim_id}))
            session.get(ClaimRow, claim_id).status = status
    first_seen: dict[tuple[str | None, str], date] = {}
    day = date(2025, 9, 24)
    while day <= date(2025, 11, 30):
        with session_scope(url) as session:
            escalate_complex(session, day, "test", policy)
            for entry in session.scalars(select(AuditLogRow)):
                first_seen.setdefault((entry.claim_id, entry.action), day)
        day += timedelta(days=1)
    # 30 working days from Wednesday 24 September 2025, National Day (1-8 October) off and Sunday 28 September
    # and Saturday 11 October worked: Tuesday 11 November; five working days before: Tuesday 4 November
    assert first_seen == {("CN-OPEN", CLOSE_NEAR): date(2025, 11, 4), ("CN-OPEN", CLOSE_PASSED): date(2025, 11, 12)}
    with session_scope(url) as session:
        details = [e.detail for e in session.scalars(select(AuditLogRow))]
    assert len(details) == 2 and {d["close_due"] for d in details} == {"2025-11-11"}


def test_a_claim_whose_family_was_not_told_what_is_missing_in_time_is_escalated_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    upgrade(url)
    with session_scope(url) as session:
        for claim_id, status in (("CN-UNTOLD", "in_review"), ("CN-ASKED", "awaiting_documents")):
            upsert_claim(session, claim(reported="2025-09-24T10:00:00+08:00").model_copy(update={"claim_id": claim_id}))
            row = session.get(ClaimRow, claim_id)
            row.status, row.documents_due = status, date(2025, 9, 25)
    with session_scope(url) as session:
        assert escalate_overdue(session, date(2025, 9, 25), "test") == []  # due today: not late yet
        assert escalate_overdue(session, date(2025, 9, 26), "test") == ["CN-UNTOLD"]  # asked already: not late
        assert escalate_overdue(session, date(2025, 9, 29), "test") == []  # once
    with session_scope(url) as session:
        entry = session.scalars(select(AuditLogRow).where(AuditLogRow.action == ESCALATED)).one()
    assert entry.detail["documents_due"] == "2025-09-25"
