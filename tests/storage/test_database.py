"""The claim database: migrations (up, down, up; schema equals the models) and the repository, on
SQLite and PostgreSQL."""
from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Integer, MetaData, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.claim import ClaimReport
from models.decision import Decision
from models.document import Document, HospitalInvoiceFields
from models.ids import check_char
from storage.database import repository as repo
from storage.database.migrate import current_revision, downgrade, head_revision, upgrade
from storage.database.session import default_url, make_engine, normalize_url, session_scope
from storage.database.tables import (
    AuditLogRow,
    ClaimRow,
    DecisionRow,
    DocumentRow,
    FieldRow,
    PaymentRow,
    UserRow,
    metadata,
)

CST = timezone(timedelta(hours=8))
TABLES = {
    "claims", "documents", "fields", "decisions", "reviewer_actions", "audit_log", "users", "payments",
    "processed_photos", "intake_problems", "web_sessions", "rate_events", "notifications", "reprocessed",
}


def _id(first17: str) -> str:
    return first17 + check_char(first17)


ID_A = _id("44052419480101123")
ID_B = _id("44058219500707456")


def make_report(claim_id: str, *, id_number: str = ID_A, reported_at: datetime | None = None,
                claim_type: str = "hospital_allowance") -> ClaimReport:
    reported = reported_at or datetime(2026, 3, 20, 9, 30, tzinfo=CST)
    return ClaimReport.model_validate({
        "claim_id": claim_id,
        "claim_type": claim_type,
        "insured": {"name": "陈秀英", "id_number": id_number},
        "accident": {"date": (reported - timedelta(days=10)).date().isoformat(),
                     "description": "在家中浴室滑倒致右股骨骨折", "transport_mode": None},
        "claimant": {"name": "林志强", "relationship": "child", "phone": "13800138000"},
        "payee": {"name": "陈秀英", "bank": "中国农业银行", "account": "6228480000000000000"},
        "reported_at": reported.isoformat(),
        "channel": "service_point",
    })


def make_invoice(obj: str, *, invoice_number: str = "No. 4400 1234", total: str = "1234.56") -> Document:
    return Document.model_validate({
        "object": obj,
        "doc_type": "hospital_invoice",
        "confidence": 0.97,
        "quality": {"usable": True, "issues": []},
        "fields": {
            "name": {"value": "陈秀英", "confidence": 0.99},
            "invoice_number": {"value": invoice_number, "confidence": 0.95,
                               "box": [[1.0, 2.0], [30.5, 2.0], [30.5, 9.0], [1.0, 9.0]]},
            "invoice_date": {"value": "2026-03-18", "confidence": 0.98},
            "total_amount": {"value": total, "confidence": 0.99},
        },
    })


def make_decision(claim_id: str, *, route: str = "manual_review", queues: list[str] | None = None,
                  payable: str | None = "240.00", minute: int = 0) -> Decision:
    queues = ["documents"] if queues is None and route == "manual_review" else (queues or [])
    reasons = [{"code": "MISSING_DOCUMENT", "detail": "discharge_summary"}] if route == "manual_review" else []
    return Decision.model_validate({
        "claim_id": claim_id,
        "route": route,
        "queues": queues,
        "reasons": reasons,
        "payable_amount": payable,
        "checklist": {"complete": route == "fast_pay", "missing": [] if route == "fast_pay" else ["discharge_summary"]},
        "decided_at": datetime(2026, 3, 20, 9, 31, 5 + minute, tzinfo=CST).isoformat(),
        "pipeline_version": "0.1.0",
        "policy_version": "2026.1",
    })


# --- migrations -----------------------------------------------------------------------------------------


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _diff(url: str, target: MetaData) -> list[Any]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
            return compare_metadata(ctx, target)
    finally:
        engine.dispose()


def test_migrations_run_up_down_up(fresh_db_url: str) -> None:
    assert current_revision(fresh_db_url) is None
    upgrade(fresh_db_url)
    assert current_revision(fresh_db_url) == head_revision() is not None
    assert _tables(fresh_db_url) == TABLES | {"alembic_version"}
    assert set(metadata.tables) == TABLES

    downgrade(fresh_db_url)
    assert current_revision(fresh_db_url) is None
    assert _tables(fresh_db_url) <= {"alembic_version"}

    upgrade(fresh_db_url, "head")
    assert current_revision(fresh_db_url) == head_revision()
    assert _tables(fresh_db_url) == TABLES | {"alembic_version"}


def test_migrated_schema_equals_models(db_url: str) -> None:
    assert _diff(db_url, metadata) == []


def test_schema_comparison_notices_drift(db_url: str) -> None:
    drifted = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.tables.values():
        table.to_metadata(drifted)
    drifted.tables["claims"].append_column(Column("extra", Integer, nullable=True))
    drifted.remove(drifted.tables["payments"])
    ops = {op[0] for op in _diff(db_url, drifted)}
    assert {"add_column", "remove_table"} <= ops


def test_partial_unique_index_allows_one_current_decision(db_session: Session) -> None:
    repo.upsert_claim(db_session, make_report("C-1"))
    repo.record_decision(db_session, make_decision("C-1"))
    db_session.commit()
    row = DecisionRow(claim_id="C-1", route="fast_pay", queues=[], reasons=[], payable_amount=None,
                      decision_json="{}", decided_at=datetime.now(UTC), pipeline_version="x",
                      is_current=True)
    db_session.add(row)
    with pytest.raises(IntegrityError):
        db_session.flush()
    db_session.rollback()
    row = DecisionRow(claim_id="C-1", route="fast_pay", queues=[], reasons=[], payable_amount=None,
                      decision_json="{}", decided_at=datetime.now(UTC), pipeline_version="x",
                      is_current=False)
    db_session.add(row)
    db_session.commit()
    assert len(repo.decision_history(db_session, "C-1")) == 2


def test_check_unique_and_foreign_key_constraints_hold(db_engine: Engine) -> None:
    with Session(db_engine) as s:
        repo.upsert_claim(s, make_report("C-1"))
        s.add(UserRow(username="wang", password_hash="x", role="reviewer"))
        s.add(PaymentRow(claim_id="C-1", batch_id="B-1", amount=Decimal("240.00")))
        s.commit()

    bad_rows = [
        lambda s: s.get(ClaimRow, "C-1").__setattr__("status", "lost"),
        lambda s: s.add(UserRow(username="li", password_hash="x", role="boss")),
        lambda s: s.add(UserRow(username="wang", password_hash="y", role="admin")),
        lambda s: s.add(PaymentRow(claim_id="C-1", batch_id="B-2", amount=Decimal("240.00"))),
        lambda s: s.add(PaymentRow(claim_id="C-404", batch_id="B-2", amount=Decimal("1.00"))),
        lambda s: s.add(DecisionRow(claim_id="C-1", route="maybe", queues=[], reasons=[], decision_json="{}",
                                    decided_at=datetime.now(UTC), pipeline_version="x",
                                    is_current=False)),
    ]
    for make_bad in bad_rows:
        with Session(db_engine) as s:
            make_bad(s)
            with pytest.raises(IntegrityError):
                s.flush()
    with Session(db_engine) as s:
        assert s.scalar(select(PaymentRow.amount)) == Decimal("240.00")
        assert s.get(ClaimRow, "C-1").status == "received"


# --- repository -----------------------------------------------------------------------------------------


def test_upsert_claim_inserts_then_refreshes_report_keeping_status(db_session: Session) -> None:
    row: ClaimRow | None = repo.upsert_claim(db_session, make_report("CN20260310-0001"))
    db_session.commit()
    assert row.status == "received"
    row.status, row.queue = "in_review", "documents"
    db_session.commit()

    later = datetime(2026, 3, 21, 8, 0, tzinfo=CST)
    repo.upsert_claim(db_session, make_report("CN20260310-0001", id_number=ID_B, reported_at=later))
    db_session.commit()
    db_session.expire_all()
    row = db_session.get(ClaimRow, "CN20260310-0001")
    assert (row.status, row.queue) == ("in_review", "documents")
    assert row.insured_id_number == ID_B
    assert row.reported_at == later and row.reported_at.utcoffset() == timedelta(0)
    assert row.accident_date.isoformat() == "2026-03-11"
    assert row.report["insured"]["name"] == "陈秀英"
    assert row.report["reported_at"] == "2026-03-21T08:00:00+08:00"
    assert ClaimReport.model_validate(row.report) == make_report("CN20260310-0001", id_number=ID_B,
                                                                reported_at=later)
    assert row.created_at.tzinfo is not None and row.updated_at >= row.created_at


def test_naive_datetimes_are_refused(db_session: Session) -> None:
    repo.upsert_claim(db_session, make_report("C-1"))
    db_session.get(ClaimRow, "C-1").reported_at = datetime(2026, 3, 20, 9, 30)
    with pytest.raises(Exception, match="naive datetime"):
        db_session.flush()


def test_record_document_stores_fields_and_keeps_corrections(db_session: Session) -> None:
    repo.upsert_claim(db_session, make_report("C-1"))
    doc = repo.record_document(db_session, "C-1", make_invoice("intake/C-1/a.jpg"), sha256="AB" * 32,
                               phash="F0F0F0F0F0F0F0F0", pipeline_version="0.1.0")
    db_session.commit()
    assert (doc.sha256, doc.phash, doc.invoice_number) == ("ab" * 32, "f0f0f0f0f0f0f0f0", "NO.44001234")
    assert (doc.doc_type, doc.quality_usable, doc.quality_issues) == ("hospital_invoice", True, [])
    fields = {f.name: f for f in doc.fields}
    assert set(fields) == {"name", "invoice_number", "invoice_date", "total_amount"}
    assert fields["total_amount"].value == "1234.56"
    assert fields["invoice_date"].value == "2026-03-18"
    assert fields["invoice_number"].box == [[1.0, 2.0], [30.5, 2.0], [30.5, 9.0], [1.0, 9.0]]
    assert fields["name"].box is None

    fields["total_amount"].corrected_value = "1243.56"
    fields["total_amount"].corrected_by = "wang"
    fields["total_amount"].corrected_at = datetime(2026, 3, 22, 10, 0, tzinfo=CST)
    db_session.commit()

    rerun = make_invoice("intake/C-1/a.jpg", total="1234.50")
    repo.record_document(db_session, "C-1", rerun, sha256="ab" * 32, pipeline_version="0.2.0")
    db_session.commit()
    db_session.expire_all()
    rows = db_session.scalars(select(DocumentRow)).all()
    assert len(rows) == 1 and rows[0].pipeline_version == "0.2.0" and rows[0].phash is None
    total = db_session.scalars(select(FieldRow).where(FieldRow.name == "total_amount")).one()
    assert (total.value, total.corrected_value, total.corrected_by) == ("1234.50", "1243.56", "wang")
    assert db_session.scalar(select(text("count(*)")).select_from(FieldRow)) == 4

    repo.upsert_claim(db_session, make_report("C-2"))
    with pytest.raises(ValueError, match="belongs to claim C-1"):
        repo.record_document(db_session, "C-2", make_invoice("intake/C-1/a.jpg"), sha256="cd" * 32,
                             pipeline_version="0.1.0")
    with pytest.raises(repo.ClaimNotFound):
        repo.record_document(db_session, "C-404", make_invoice("intake/C-404/a.jpg"), sha256="cd" * 32,
                             pipeline_version="0.1.0")


def test_record_decision_keeps_history_and_moves_the_claim(db_session: Session) -> None:
    repo.upsert_claim(db_session, make_report("C-1"))
    first = make_decision("C-1", queues=["verification", "fraud"])
    repo.record_decision(db_session, first)
    db_session.commit()
    claim = db_session.get(ClaimRow, "C-1")
    assert (claim.status, claim.queue) == ("in_review", "verification")

    second = make_decision("C-1", route="fast_pay", payable="5400", minute=1)
    repo.record_decision(db_session, second, allowance_days=180, policy_year=2026)
    db_session.commit()
    db_session.expire_all()

    history = repo.decision_history(db_session, "C-1")
    assert [d.is_current for d in history] == [False, True]
    assert history[0].queues == ["verification", "fraud"]
    assert history[0].reasons == [{"code": "MISSING_DOCUMENT", "detail": "discharge_summary"}]
    assert history[0].payable_amount == Decimal("240.00")
    current = repo.current_decision(db_session, "C-1")
    assert current is not None and current.id == history[1].id
    assert (current.route, current.payable_amount, current.allowance_days, current.policy_year) == (
        "fast_pay", Decimal("5400.00"), 180, 2026)
    assert current.decision_json == second.to_json()
    assert Decision.from_json(current.decision_json).payable_amount == Decimal("5400.00")
    assert current.decided_at == second.decided_at
    assert (current.pipeline_version, current.policy_version) == ("0.1.0", "2026.1")
    claim = db_session.get(ClaimRow, "C-1")
    assert (claim.status, claim.queue) == ("decided", None)

    claim.status = "paid"
    db_session.commit()
    repo.record_decision(db_session, make_decision("C-1", minute=2))
    db_session.commit()
    assert db_session.get(ClaimRow, "C-1").status == "paid"
    assert len(repo.decision_history(db_session, "C-1")) == 3
    assert repo.current_decision(db_session, "C-2") is None
    with pytest.raises(repo.ClaimNotFound):
        repo.record_decision(db_session, make_decision("C-404"))


def test_find_duplicates_looks_only_at_other_claims(db_session: Session) -> None:
    for cid in ("C-1", "C-2", "C-3"):
        repo.upsert_claim(db_session, make_report(cid))
    repo.record_document(db_session, "C-1", make_invoice("intake/C-1/a.jpg", invoice_number="NO.44001234"),
                         sha256="11" * 32, phash="ffff0000ffff0000", pipeline_version="0.1.0")
    repo.record_document(db_session, "C-2", make_invoice("intake/C-2/b.jpg", invoice_number="no. 4400１２３４"),
                         sha256="22" * 32, phash="ffff0000ffff0003", pipeline_version="0.1.0")
    repo.record_document(db_session, "C-3", make_invoice("intake/C-3/c.jpg", invoice_number="999"),
                         sha256="11" * 32, phash=None, pipeline_version="0.1.0")
    db_session.commit()

    hits = repo.find_duplicates(db_session, exclude_claim_id="C-1", sha256="11" * 32,
                                invoice_number="No. 4400 1234", phash="FFFF0000FFFF0000")
    assert [(h.claim_id, h.object_key, h.matched_on) for h in hits] == [
        ("C-2", "intake/C-2/b.jpg", "invoice_number"),
        ("C-3", "intake/C-3/c.jpg", "sha256"),
    ]
    near = repo.find_duplicates(db_session, exclude_claim_id="C-1", phash="ffff0000ffff0000",
                                phash_max_distance=2)
    assert [(h.claim_id, h.matched_on, h.value) for h in near] == [("C-2", "phash", "ffff0000ffff0003")]
    assert repo.find_duplicates(db_session, exclude_claim_id="C-1", phash="ffff0000ffff0000",
                                phash_max_distance=1) == []
    assert repo.find_duplicates(db_session, exclude_claim_id="C-2", phash="ffff0000ffff0003") == []
    assert repo.find_duplicates(db_session, exclude_claim_id="C-9") == []


def test_earlier_allowance_days_sums_current_decisions_of_earlier_claims(db_session: Session) -> None:
    base = datetime(2026, 3, 1, 9, 0, tzinfo=CST)
    plan = [  # claim, insured, reported, days, year, status
        ("C-1", ID_A, base, 30, 2026, "approved"),
        ("C-2", ID_A, base + timedelta(days=1), 40, 2026, "paid"),
        ("C-3", ID_A, base + timedelta(days=2), 50, 2026, "rejected"),
        ("C-4", ID_A, base + timedelta(days=3), 60, 2025, "approved"),
        ("C-5", ID_B, base + timedelta(days=4), 70, 2026, "approved"),
        ("C-6", ID_A, base + timedelta(days=5), 5, 2026, None),  # fast_pay → decided
        ("C-6r", ID_A, base + timedelta(days=6), 7, 2026, "in_review"),  # may yet be approved: held against the cap
        ("C-6d", ID_A, base + timedelta(days=7), 3, 2026, "awaiting_documents"),
        ("C-7", ID_A, base + timedelta(days=20), 80, 2026, "approved"),  # reported later than C-8
        ("C-8", ID_A, base + timedelta(days=10), 0, 2026, None),  # the claim being judged
    ]
    for cid, id_number, reported, days, year, status in plan:
        repo.upsert_claim(db_session, make_report(cid, id_number=id_number, reported_at=reported))
        repo.record_decision(db_session, make_decision(cid, route="fast_pay"), allowance_days=days,
                             policy_year=year)
        if status:
            db_session.get(ClaimRow, cid).status = status
    # An older, superseded decision of C-1 must not count.
    repo.record_decision(db_session, make_decision("C-1", route="fast_pay", minute=1), allowance_days=30,
                         policy_year=2026)
    db_session.get(ClaimRow, "C-1").status = "approved"
    db_session.commit()

    judged = db_session.get(ClaimRow, "C-8")
    kwargs: dict[str, Any] = {"claim_id": "C-8", "reported_at": judged.reported_at}
    assert repo.earlier_allowance_days(db_session, ID_A, 2026, **kwargs) == 30 + 40 + 5 + 7 + 3
    assert repo.earlier_allowance_days(db_session, ID_A, 2026, claim_id="C-8") == 30 + 40 + 5 + 7 + 3 + 80
    assert repo.earlier_allowance_days(db_session, ID_A, 2025, **kwargs) == 60
    assert repo.earlier_allowance_days(db_session, ID_B, 2026, **kwargs) == 70
    assert repo.earlier_allowance_days(db_session, ID_A, 2026, statuses=["rejected"], **kwargs) == 50
    assert repo.earlier_allowance_days(db_session, ID_A, 2024, **kwargs) == 0
    # Same reported_at: the tie is broken by claim_id.
    assert repo.earlier_allowance_days(db_session, ID_A, 2026, claim_id="C-0", reported_at=base) == 0
    assert repo.earlier_allowance_days(db_session, ID_A, 2026, claim_id="C-9", reported_at=base) == 30


def test_append_audit_masks_id_numbers(db_session: Session) -> None:
    repo.upsert_claim(db_session, make_report("C-1"))
    entry = repo.append_audit(
        db_session, "pipeline", "claim.received", claim_id="C-1",
        detail={"insured": {"id_number": ID_A, "name": "陈秀英"},
                "note": f"ID {ID_B} does not match {ID_A.lower()}", "ids": [ID_B], "id_number": "12345",
                "amount": Decimal("12.50"), "count": 3},
    )
    db_session.commit()
    db_session.expire_all()
    stored = db_session.get(AuditLogRow, entry.id)
    flat = str(stored.detail)
    assert ID_A not in flat and ID_B not in flat
    assert stored.detail["insured"] == {"id_number": "440524********1235", "name": "陈秀英"}
    assert stored.detail["note"] == "ID 440582********4560 does not match 440524********1235"
    assert stored.detail["ids"] == ["440582********4560"]
    assert stored.detail["id_number"] == "*****"
    assert (stored.detail["amount"], stored.detail["count"]) == ("12.50", 3)
    assert (stored.actor, stored.action, stored.claim_id) == ("pipeline", "claim.received", "C-1")
    assert repo.append_audit(db_session, "admin", "login").detail == {}


def test_processed_photo_cache_round_trip(db_session: Session) -> None:
    assert repo.get_cached_document(db_session, "ab" * 32, "0.1.0") is None
    doc = make_invoice("intake/C-1/a.jpg")
    repo.cache_document(db_session, "AB" * 32, "0.1.0", doc)
    db_session.commit()
    assert repo.get_cached_document(db_session, "ab" * 32, "0.1.0") == doc
    assert repo.get_cached_document(db_session, "ab" * 32, "0.2.0") is None
    newer = make_invoice("intake/C-1/a.jpg", total="99.00")
    repo.cache_document(db_session, "ab" * 32, "0.1.0", newer)
    db_session.commit()
    got = repo.get_cached_document(db_session, "ab" * 32, "0.1.0")
    assert got == newer and isinstance(got.fields, HospitalInvoiceFields)
    assert got.fields.total_amount.value == Decimal("99.00")


# --- engines and sessions -------------------------------------------------------------------------------


def test_default_url_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("CLAIMFLOW_DB_URL", raising=False)
    monkeypatch.setenv("CLAIMFLOW_DATA_DIR", str(tmp_path / "data"))
    assert default_url() == f"sqlite:///{tmp_path / 'data' / 'claimflow.db'}"
    monkeypatch.delenv("CLAIMFLOW_DATA_DIR")
    monkeypatch.chdir(tmp_path)
    assert default_url() == f"sqlite:///{tmp_path.resolve() / 'var' / 'claimflow.db'}"
    monkeypatch.setenv("CLAIMFLOW_DB_URL", "postgresql://u@h/db")
    assert default_url() == "postgresql://u@h/db"
    assert normalize_url().drivername == "postgresql+psycopg"
    assert normalize_url("sqlite://").drivername == "sqlite"


def test_sqlite_engine_uses_wal_foreign_keys_and_busy_timeout(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'sub' / 'x.db'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert (tmp_path / "sub" / "x.db").exists()
    finally:
        engine.dispose()


def test_session_scope_commits_or_rolls_back(db_engine: Engine) -> None:
    with session_scope(db_engine) as s:
        repo.upsert_claim(s, make_report("C-1"))
    with pytest.raises(RuntimeError), session_scope(db_engine) as s:
        repo.upsert_claim(s, make_report("C-2"))
        raise RuntimeError("boom")
    with session_scope(db_engine) as s:
        assert s.scalars(select(ClaimRow.claim_id)).all() == ["C-1"]


def test_sqlite_concurrent_writers_wait_instead_of_failing(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as s:
        repo.upsert_claim(s, make_report("C-1"))
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                with session_scope(engine) as s:
                    # read first, then write: the pattern that fails with deferred transactions
                    s.scalars(select(AuditLogRow.id)).all()
                    repo.append_audit(s, f"w{n}", "tick", claim_id="C-1", detail={"i": i})
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        with session_scope(engine) as s:
            assert len(s.scalars(select(AuditLogRow.id)).all()) == 60
    finally:
        engine.dispose()


def test_rotating_the_key_re_encrypts_every_value_and_keeps_them_readable(tmp_path, monkeypatch) -> None:
    """After a rotation every sealed value carries the new key's id, the old key stays to read old backups,
    and the lookups by ID number (a keyed hash that does not change) still find the claim."""
    from sqlalchemy import text

    from storage import crypto
    from storage.database.rekey import rekey_database
    from storage.database.repository import id_number_hash

    monkeypatch.delenv(crypto.KEY_ENV, raising=False)
    monkeypatch.setenv(crypto.KEYRING_ENV, str(tmp_path / "keyring.json"))
    crypto.reset_keyring()
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    report = ClaimReport.model_validate({
        "claim_id": "CN20250401-0001", "claim_type": "hospital_allowance",
        "insured": {"name": "陈秀英", "id_number": _id("44052419520315122")},
        "accident": {"date": "2025-03-10", "description": "滑倒", "transport_mode": None},
        "claimant": {"name": "林志强", "relationship": "child", "phone": "13800138000"},
        "payee": {"name": "陈秀英", "bank": "中国农业银行", "account": "6228480000000000000"},
        "reported_at": "2025-04-01T10:00:00+08:00", "channel": "service_point"})
    with session_scope(url) as session:
        repo.upsert_claim(session, report)
    first = crypto.keyring().current
    new = crypto.rotate_keyring(tmp_path / "keyring.json")
    assert new != first and rekey_database(url) >= 3
    engine = make_engine(url)
    with engine.connect() as conn:
        name, id_number, report_text, hashed = conn.execute(text(
            "SELECT insured_name, insured_id_number, report, insured_id_hash FROM claims")).one()
    engine.dispose()
    assert all(crypto.keyring().sealed_with(v) == new for v in (name, id_number, report_text))
    assert "陈秀英" not in report_text and hashed == id_number_hash(report.insured.id_number)
    with session_scope(url) as session:
        row = session.get(ClaimRow, "CN20250401-0001")
        assert (row.insured_name, row.report["payee"]["account"]) == ("陈秀英", "6228480000000000000")
    assert set(crypto.read_keyring(tmp_path / "keyring.json").keys) == {first, new}
    crypto.reset_keyring()


def test_the_migration_encrypts_rows_written_before_it_and_the_downgrade_opens_them(fresh_db_url: str) -> None:
    """Rows in plain text from before 0006 are sealed by it (and get their ID-number hash); the downgrade gives
    the plain values back."""
    from storage.crypto import keyring
    from storage.database.repository import id_number_hash

    upgrade(fresh_db_url, "0005")
    id_number = _id("44052419520315122")
    engine = make_engine(fresh_db_url)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO claims (claim_id, claim_type, insured_name, insured_id_number, accident_date, reported_at, "
            "channel, report, status) VALUES ('CN-OLD', 'hospital_allowance', '陈秀英', :id, '2025-03-10', "
            "'2025-04-01 02:00:00+00:00', 'service_point', :report, 'received')"),
            {"id": id_number, "report": '{"payee": {"account": "6228480000000000000"}}'})
    upgrade(fresh_db_url)
    with engine.connect() as conn:
        name, sealed_id, report, hashed = conn.execute(text(
            "SELECT insured_name, insured_id_number, report, insured_id_hash FROM claims")).one()
    assert all(keyring().sealed_with(v) for v in (name, sealed_id, report))
    assert "6228480000000000000" not in report and hashed == id_number_hash(id_number)
    with session_scope(fresh_db_url) as session:
        row = session.get(ClaimRow, "CN-OLD")
        assert (row.insured_name, row.insured_id_number) == ("陈秀英", id_number)
    downgrade(fresh_db_url, "0005")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT insured_name FROM claims")).scalar() == "陈秀英"
    engine.dispose()


def test_reprocess_progress_recorded_in_the_audit_log_moves_to_its_table(tmp_path) -> None:
    """Migration 0010: a reprocess request's finished claims, kept in the audit log before, are in ``reprocessed``
    after, so a request killed before the upgrade still resumes where it stopped."""
    from storage.database.tables import ReprocessedRow

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0009")
    with session_scope(url) as session:  # the schema of 0009, so plain SQL rather than today's tables
        session.execute(text("INSERT INTO claims (claim_id, claim_type, insured_name, insured_id_number, "
                             "insured_id_hash, accident_date, reported_at, channel, report, status, updated_at, "
                             "created_at) VALUES ('CN-R1', 'hospital_allowance', 'x', 'x', 'x', '2026-01-01', "
                             "'2026-01-01', 'service_point', '{}', 'decided', '2026-01-01', '2026-01-01')"))
        session.execute(text("INSERT INTO audit_log (actor, action, claim_id, detail, created_at) VALUES "
                             "('claimflow-process', 'reprocessed:0123456789abcdef', 'CN-R1', '', '2026-01-01')"))
    upgrade(url)
    with session_scope(url) as session:
        rows = [(r.request, r.claim_id) for r in session.scalars(select(ReprocessedRow))]
    assert rows == [("reprocessed:0123456789abcdef", "CN-R1")]
