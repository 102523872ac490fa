"""The web app's own SQL on PostgreSQL: claim numbers, field-staff filing and payment batches (row locks)."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storage.database.session import session_scope
from storage.database.tables import ClaimRow, PaymentRow
from tests.fixtures.db import _empty_postgres
from tests.webapp.conftest import PASSWORD, file_claim, make_config, sign_in
from tests.webapp.seed import seed_case
from webapp.accounts import create_user
from webapp.app import create_app

pytestmark = pytest.mark.postgres


def test_filing_and_payment_batches_on_postgres(pg_migrated_url: str, tmp_path: Path) -> None:
    _empty_postgres(pg_migrated_url)
    app = create_app(make_config(pg_migrated_url, tmp_path / "store"))
    with session_scope(pg_migrated_url) as session:
        create_user(session, "worker", PASSWORD, "field_staff")
        create_user(session, "boss", PASSWORD, "supervisor")
    with TestClient(app) as worker:
        token = sign_in(worker, "worker")
        first, second = file_claim(worker, token), file_claim(worker, token)
        assert first.endswith("-0001") and second.endswith("-0002")
        assert worker.get(f"/claims/{second}").status_code == 200
    for claim_id in ("CN-PG1", "CN-PG2"):
        seed_case(pg_migrated_url, claim_id)
        with session_scope(pg_migrated_url) as session:
            session.get(ClaimRow, claim_id).status = "approved"
    with TestClient(app) as boss:
        token = sign_in(boss, "boss")
        boss.post("/payments/batches", data={"csrf_token": token})
        boss.post("/payments/batches", data={"csrf_token": token})
        assert "待付款理赔：0 件" in boss.get("/payments").text
    with session_scope(pg_migrated_url) as session:
        rows = session.query(PaymentRow).all()
        assert sorted(r.claim_id for r in rows) == ["CN-PG1", "CN-PG2"] and len({r.batch_id for r in rows}) == 1
        assert session.get(ClaimRow, first).created_by == "worker"
