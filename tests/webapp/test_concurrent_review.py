"""Reviewers pulling from one queue at the same time on PostgreSQL never get the same case."""
from __future__ import annotations

import re
import threading
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models.enums import Queue, ReasonCode
from storage.database.session import make_engine, session_scope
from storage.database.tables import ClaimRow, ReviewerActionRow, UserRole
from tests.fixtures.db import _empty_postgres
from tests.webapp.conftest import PASSWORD, make_config
from tests.webapp.live import serve
from tests.webapp.seed import seed_case
from webapp.accounts import User, create_user
from webapp.app import create_app
from webapp.cases import take_next

pytestmark = pytest.mark.postgres
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
N_CLAIMS, N_REVIEWERS = 20, 4


@pytest.fixture
def pg_url(pg_migrated_url: str) -> str:
    _empty_postgres(pg_migrated_url)
    return pg_migrated_url


def _reviewer_loop(base: str, name: str, handled: list[str], errors: list[str]) -> None:
    with httpx.Client(base_url=base, timeout=30) as client:
        token = CSRF_RE.search(client.get("/login").text).group(1)
        client.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token})
        token = CSRF_RE.search(client.get("/review").text).group(1)
        while True:
            claim_id = client.post("/review/verification/next", data={"csrf_token": token},
                                   headers={"Accept": "application/json"}).json()["claim_id"]
            if claim_id is None:
                return
            if client.get(f"/review/claims/{claim_id}").status_code != 200:
                errors.append(f"{name} could not open {claim_id}")
            response = client.post(f"/review/claims/{claim_id}/approve", data={"csrf_token": token})
            if response.status_code != 303:
                errors.append(f"{name} could not approve {claim_id}: {response.status_code}")
            handled.append(claim_id)


def test_twenty_claims_four_reviewers_each_claim_handled_once(pg_url: str, tmp_path: Path) -> None:
    app = create_app(make_config(pg_url, tmp_path / "store"))
    names = [f"reviewer{i}" for i in range(N_REVIEWERS)]
    with session_scope(pg_url) as session:
        for name in names:
            create_user(session, name, PASSWORD, "reviewer")
    for i in range(N_CLAIMS):
        seed_case(pg_url, f"CN-P{i:02d}", reason=ReasonCode.LOW_CONFIDENCE)
    handled: dict[str, list[str]] = {name: [] for name in names}
    errors: list[str] = []
    with serve(app) as base:
        threads = [threading.Thread(target=_reviewer_loop, args=(base, n, handled[n], errors)) for n in names]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    assert not errors, errors
    every = [c for claims in handled.values() for c in claims]
    assert sorted(every) == [f"CN-P{i:02d}" for i in range(N_CLAIMS)], Counter(every).most_common(3)
    with session_scope(pg_url) as session:
        actions = session.execute(select(ReviewerActionRow.claim_id, ReviewerActionRow.action)).all()
        statuses = set(session.scalars(select(ClaimRow.status)))
    assert Counter(a for _, a in actions) == {"claim": N_CLAIMS, "approve": N_CLAIMS}
    assert len({c for c, a in actions if a == "approve"}) == N_CLAIMS and statuses == {"approved"}
    print("claims per reviewer:", {n: len(c) for n, c in handled.items()})


def test_skip_locked_gives_open_transactions_different_cases(pg_url: str) -> None:
    """Four transactions each take a case and keep it locked (uncommitted): each gets its own; a fifth finds none
    instead of waiting."""
    for i in range(N_REVIEWERS):
        seed_case(pg_url, f"CN-L{i}", reason=ReasonCode.LOW_CONFIDENCE)
    engine = make_engine(pg_url)
    sessions = [Session(engine) for _ in range(N_REVIEWERS + 1)]
    try:
        for s in sessions:
            s.connection().exec_driver_sql("SET lock_timeout = '2s'")
        taken = [take_next(s, Queue.verification, User(i, f"r{i}", UserRole.reviewer)) for i, s in enumerate(sessions)]
    finally:
        for s in sessions:
            s.rollback()
            s.close()
        engine.dispose()
    assert sorted(str(t) for t in taken[:N_REVIEWERS]) == [f"CN-L{i}" for i in range(N_REVIEWERS)]
    assert taken[N_REVIEWERS] is None
