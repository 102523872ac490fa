"""The claim flows on a real Prefect server, real S3 (SeaweedFS) and both databases, photos from the
extraction cache (no OCR): nightly_batch decides each claim once, sees photos that arrive later, publishes
and reports; reprocess keeps the history; intake_claim decides one claim."""
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pipeline.flows.claims import intake_claim, nightly_batch, reprocess
from storage.database.session import session_scope
from storage.database.tables import AuditLogRow, ClaimRow, DecisionRow, PaymentRow
from storage.object_store import open_store
from tests.flows.seed import CLEAN, MISSING, ROSTER_CSV, add_photo, seed_claims
from tests.validate.factory import doc

pytestmark = pytest.mark.s3


@pytest.fixture
def roster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "roster.csv"
    path.write_bytes(ROSTER_CSV)
    monkeypatch.setenv("CLAIMFLOW_ROSTER", str(path))
    return path


def _decisions(url: str) -> dict[str, list[str]]:
    """claim id → routes of its decisions, oldest first."""
    out: dict[str, list[str]] = {}
    with session_scope(url) as session:
        query = select(DecisionRow.claim_id, DecisionRow.route).order_by(DecisionRow.id)
        for claim_id, route in session.execute(query):
            out.setdefault(claim_id, []).append(route)
    return out


def test_nightly_decides_once_then_only_what_changed(prefect_api, s3_source, db_url, roster) -> None:
    kinds = seed_claims(s3_source, db_url, 10, seed=1)
    first = nightly_batch(source=s3_source, db_url=db_url, today="2025-06-30")
    assert sorted(first.decided) == sorted(kinds) and first.errors == {} and first.cached == 38
    routes = _decisions(db_url)
    assert {c: r[0] == "fast_pay" for c, r in routes.items()} == {c: k == CLEAN for c, k in kinds.items()}
    store = open_store(s3_source)
    with session_scope(db_url) as session:
        rows = {r.claim_id: r for r in session.scalars(select(DecisionRow))}
        payments = session.scalar(select(func.count()).select_from(PaymentRow))
        overdue = session.scalars(select(AuditLogRow.claim_id).where(AuditLogRow.action == "sla_overdue")).all()
    for claim_id, row in rows.items():
        assert json.loads(store.get_bytes(f"decisions/{claim_id}.json", 1 << 20)) == json.loads(row.decision_json)
    assert payments == sum(k == CLEAN for k in kinds.values())
    # every claim in review was due long before 2025-06-30: the complete ones' review, the others' request for
    # what is missing
    in_review = sorted(c for c, k in kinds.items() if k != CLEAN)
    assert any(k == MISSING for k in kinds.values())
    assert sorted(str(c) for c in overdue) == sorted(first.escalated) == in_review
    report = json.loads(store.get_bytes("reports/2025-06-30/report.json", 1 << 20))
    assert report["reasons"]["MISSING_DOCUMENT"] == sum(k == MISSING for k in kinds.values())
    assert report["sla_status"]["overdue"] == len(first.escalated)
    # reported in January, still open on 30 June: every claim in review or waiting is past the 30 working days
    assert sorted(first.close_escalated) == sorted(c for c, k in kinds.items() if k != CLEAN)

    again = nightly_batch(source=s3_source, db_url=db_url, today="2025-06-30")
    assert again.decided == [] and again.escalated == [] and again.close_escalated == []
    assert _decisions(db_url) == routes

    waiting = next(c for c, k in kinds.items() if k == MISSING)  # its discharge summary arrives
    add_photo(s3_source, db_url, f"intake/{waiting}/IMG_9.jpg",
              doc("discharge_summary", name="陈秀英", hospital="汕头市中心医院", admission_date=f"2025-0{1}-05",
                  discharge_date="2025-01-07", diagnosis="右股骨颈骨折"))
    later = nightly_batch(source=s3_source, db_url=db_url, today="2025-06-30")
    assert later.decided == [waiting] and later.extracted == 0
    assert _decisions(db_url)[waiting][0] == "manual_review" and len(_decisions(db_url)[waiting]) == 2


def test_reprocess_keeps_history_pays_once_and_does_a_request_once(prefect_api, s3_source, db_url, roster) -> None:
    kinds = seed_claims(s3_source, db_url, 4, seed=2)
    nightly_batch(source=s3_source, db_url=db_url, today="2025-02-01")
    chosen = sorted(kinds)[:2]
    done = reprocess(claim_ids=chosen, reason="policy 2025.2", source=s3_source, db_url=db_url)
    assert sorted(done.decided) == chosen
    assert reprocess(claim_ids=chosen[::-1], reason="policy 2025.2", source=s3_source, db_url=db_url).decided == []
    history = _decisions(db_url)
    assert [len(history[c]) for c in sorted(kinds)] == [2, 2, 1, 1]
    again = reprocess(claim_ids=chosen[:1], reason="hospital registry 2025-03", source=s3_source, db_url=db_url)
    assert again.decided == chosen[:1] and len(_decisions(db_url)[chosen[0]]) == 3
    with session_scope(db_url) as session:
        current = session.scalar(select(func.count()).select_from(DecisionRow).where(DecisionRow.is_current.is_(True)))
        payments = session.scalars(select(PaymentRow.claim_id)).all()
        audit = session.scalars(select(AuditLogRow.detail).where(AuditLogRow.action == "reprocess")
                                .order_by(AuditLogRow.id)).all()
    assert current == 4 and sorted(payments) == sorted(c for c, k in kinds.items() if k == CLEAN)
    assert [(a["reason"], a["claims"], a["done_before"]) for a in audit] == [
        ("policy 2025.2", 2, 0), ("policy 2025.2", 2, 2), ("hospital registry 2025-03", 1, 0)]


def test_intake_claim_decides_one_claim_once(prefect_api, s3_source, tmp_path, roster) -> None:
    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    one = sorted(seed_claims(s3_source, url, 3, seed=3))[1]
    assert intake_claim(one, source=s3_source, db_url=url).decided == [one]
    assert intake_claim(one, source=s3_source, db_url=url).decided == []
    assert list(_decisions(url)) == [one]
    with session_scope(url) as session:
        assert session.get(ClaimRow, one).status == "decided"
