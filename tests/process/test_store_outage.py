"""The S3 server dies in the middle of a batch and comes back on the same data 8 s later (longer than the
store's retry budget): the batch stops with exit 6 within 10 s of the outage and publishes nothing, so every
published decision is as it was; the next run decides every claim exactly once (one current decision, at
most one payment each).

Runs its own SeaweedFS server (storage.s3_server) in a state folder of its own, so it can be killed.
"""
import io
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from minio import Minio
from sqlalchemy import Integer, func, select

from storage import s3_server as server
from storage.database.session import session_scope
from storage.database.tables import DecisionRow, PaymentRow
from tests.flows.seed import CLEAN, ROSTER_CSV, seed_claims

REPO = Path(__file__).resolve().parents[2]
CLAIMS = 60
OUTAGE_EXIT_WITHIN_S = 10.0
OUTAGE_S = 8.0


def _decisions(client: Minio, bucket: str) -> dict[str, bytes]:
    objects = client.list_objects(bucket, prefix="outage/decisions/", recursive=True)
    return {o.object_name: client.get_object(bucket, o.object_name).read() for o in objects}


def _written(db_file: Path) -> int:
    """When the database (or its write-ahead log) was last written."""
    return max(p.stat().st_mtime_ns for p in db_file.parent.glob(db_file.name + "*"))


def _run(env: dict[str, str], db: str, out: Path) -> subprocess.Popen:
    return subprocess.Popen([str(REPO / ".venv/bin/claimflow"), "process", f"s3://{env['CLAIMFLOW_S3_BUCKET']}/outage",
                             "--out", str(out), "--db", db, "--workers", "0"],
                            env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.s3
def test_s3_outage_mid_batch_stops_it_and_the_next_run_resumes(tmp_path: Path, monkeypatch) -> None:
    state_dir = tmp_path / "s3"
    state = server.start(state_dir, bucket="claims")
    try:
        for name, value in state.env.items():
            monkeypatch.setenv(name, value)
        db_file = tmp_path / "claimflow.db"
        db = f"sqlite:///{db_file}"
        kinds = seed_claims("s3://claims/outage", db, CLAIMS)
        client = Minio(state.env["CLAIMFLOW_S3_ENDPOINT"], state.env["CLAIMFLOW_S3_ACCESS_KEY"],
                       state.env["CLAIMFLOW_S3_SECRET_KEY"], secure=False)
        client.put_object("claims", "outage/roster.csv", io.BytesIO(ROSTER_CSV), len(ROSTER_CSV))

        client_env = dict(state.env)
        first = _run(state.env, db, tmp_path / "first.jsonl")
        assert first.wait(300) == 0, first.stdout.read()
        published = _decisions(client, "claims")
        assert len(published) == CLAIMS

        seen = _written(db_file)
        second = _run(state.env, db, tmp_path / "second.jsonl")
        while _written(db_file) == seen:  # the batch has recorded its first claim: it is reading
            assert second.poll() is None, second.stdout.read()
            time.sleep(0.02)
        os.kill(server.read_state(state_dir).pid, signal.SIGKILL)
        killed = time.monotonic()
        back: list[server.ServerState] = []

        def restart_later() -> None:
            time.sleep(OUTAGE_S)
            back.append(server.start(state_dir))

        restart = threading.Thread(target=restart_later)
        restart.start()
        code = second.wait(120)
        took = time.monotonic() - killed
        said = second.stdout.read()
        restart.join()
        assert code == 6, said
        assert took <= OUTAGE_EXIT_WITHIN_S, f"exit {took:.1f} s after the outage"
        assert "s3://claims/outage" in said and not (tmp_path / "second.jsonl").exists()

        state = back[0]
        assert state.env == client_env  # the same data, credentials and ports
        assert _decisions(client, "claims") == published

        third = _run(state.env, db, tmp_path / "third.jsonl")
        assert third.wait(300) == 0, third.stdout.read()
        lines = (tmp_path / "third.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(lines) == CLAIMS
        with session_scope(db) as session:
            per_claim = session.execute(select(DecisionRow.claim_id, func.count(), func.sum(
                DecisionRow.is_current.cast(Integer))).group_by(DecisionRow.claim_id)).all()
            payments = session.scalar(select(func.count()).select_from(PaymentRow))
        assert {(c, n, current) for c, n, current in per_claim} == {(c, 2, 1) for c in kinds}  # runs 1 and 3
        assert payments == sum(k == CLEAN for k in kinds.values())
    finally:
        server.stop(state_dir)
