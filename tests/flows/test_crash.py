"""Crash safety: ``claimflow nightly`` SIGKILLed at random points and run again decides every claim exactly
once, writes no second payment record, publishes every decision and never changes a photo; ``claimflow
reprocess`` killed and run again decides each claim once more (SQLite and PostgreSQL)."""
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.database.session import session_scope
from storage.database.tables import DecisionRow, DocumentRow, PaymentRow
from storage.object_store import open_store
from tests.flows.seed import CLEAN, ROSTER_CSV, photo_bytes, seed_claims

pytestmark = pytest.mark.s3

WAVE = 60
KILLS = 5
MAX_ATTEMPTS = 10
RUN_TIMEOUT = 240


def _count(url: str, table: type) -> int:
    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


NIGHTLY = ("nightly", "--today", "2025-12-31")
REPROCESS = ("reprocess", "--reason", "policy 2026.1")


def _start(source: str, url: str, command: tuple[str, ...] = NIGHTLY) -> subprocess.Popen[bytes]:
    claimflow = Path(sys.executable).with_name("claimflow")
    where = [source] if command == NIGHTLY else ["--source", source]
    return subprocess.Popen([str(claimflow), *command, *where, "--db", url],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _kill_when(process: subprocess.Popen[bytes], ready, delay: float) -> bool:
    """SIGKILL the run's whole process group once ``ready()`` holds, ``delay`` s later; False if it ended first."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    time.sleep(delay)
    if process.poll() is not None:
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return True


def _photos_intact(source: str, claims: int) -> bool:
    """Every seeded photo is there with the bytes it was uploaded with (tests.flows.seed.add_photo)."""
    store = open_store(source)
    keys = [i.key for i in store.list_objects("intake/") if not i.key.endswith("/claim.json")]
    return len({k.split("/")[1] for k in keys}) == claims and all(
        store.get_bytes(k, 1 << 10) == photo_bytes(k) for k in keys)


def test_sigkill_at_random_points_then_resume(prefect_api, s3_source, db_url, tmp_path, monkeypatch) -> None:
    """Five runs killed (one while reading, four after a random number of decisions); a run that finishes
    before its kill point gets a fresh wave of claims and is tried again. Then one run to the end."""
    (tmp_path / "roster.csv").write_bytes(ROSTER_CSV)
    monkeypatch.setenv("CLAIMFLOW_ROSTER", str(tmp_path / "roster.csv"))
    url = db_url
    kinds = seed_claims(s3_source, url, WAVE, seed=5)
    rng = random.Random(int(os.environ.get("CLAIMFLOW_KILL_SEED", "20251231")))
    points: list[tuple[str, float, bool]] = []
    while sum(killed for *_, killed in points) < KILLS:
        assert len(points) < MAX_ATTEMPTS, f"could not land {KILLS} kills: {points}"
        decided, documents = _count(url, DecisionRow), _count(url, DocumentRow)
        if decided >= len(kinds) - 2:  # too little left to kill in the middle of: a new wave of claims
            kinds |= seed_claims(s3_source, url, WAVE, seed=len(points), first=len(kinds))
        if not points:  # while claims are being read
            ready, point = (lambda documents=documents: _count(url, DocumentRow) > documents), "reading"
        else:  # after a random number of this run's decisions
            target = decided + rng.randint(1, max(1, (len(kinds) - decided) // 3))
            ready, point = (lambda target=target: _count(url, DecisionRow) >= target), f"decision {target}"
        delay = rng.uniform(0, 0.05)
        points.append((point, round(delay, 3), _kill_when(_start(s3_source, url), ready, delay)))
    print("kill points:", points)
    final = _start(s3_source, url)
    _, err = final.communicate(timeout=RUN_TIMEOUT)
    assert final.returncode == 0, err.decode()[-3000:]

    with session_scope(url) as session:
        per_claim = dict(session.execute(select(DecisionRow.claim_id, func.count())
                                         .group_by(DecisionRow.claim_id)).all())
        payments = dict(session.execute(select(PaymentRow.claim_id, func.count()).group_by(PaymentRow.claim_id)).all())
        current = {r.claim_id: r.decision_json for r in session.scalars(select(DecisionRow))}
    assert per_claim == dict.fromkeys(kinds, 1)  # every claim decided, none twice
    assert payments == {c: 1 for c, k in kinds.items() if k == CLEAN}
    store = open_store(s3_source)
    for claim_id, decision in current.items():
        assert json.loads(store.get_bytes(f"decisions/{claim_id}.json", 1 << 20)) == json.loads(decision)
        assert (json.loads(decision)["route"] == "fast_pay") == (kinds[claim_id] == CLEAN)
    assert _photos_intact(s3_source, len(kinds))

    # the same for reprocess: killed after a random number of its decisions, run again, each claim once more
    decided = _count(url, DecisionRow)
    target = decided + rng.randint(1, len(kinds) // 2)
    assert _kill_when(_start(s3_source, url, REPROCESS), lambda: _count(url, DecisionRow) >= target, 0.01)
    final = _start(s3_source, url, REPROCESS)
    _, err = final.communicate(timeout=RUN_TIMEOUT)
    assert final.returncode == 0, err.decode()[-3000:]
    with session_scope(url) as session:
        per_claim = dict(session.execute(select(DecisionRow.claim_id, func.count())
                                         .group_by(DecisionRow.claim_id)).all())
        payments = session.scalar(select(func.count()).select_from(PaymentRow))
    assert per_claim == dict.fromkeys(kinds, 2) and payments == sum(k == CLEAN for k in kinds.values())
