"""Scale-out: the deployments on a process work pool, two Prefect workers (here two processes; on several
hosts the same command) sharing the Prefect server, the S3 store and PostgreSQL; intake runs started by the
trigger spread over both workers and every claim is decided once."""
import os
import signal
import subprocess
import sys
import uuid

import pytest
from sqlalchemy import func, select

from pipeline.flows.serve import deploy_to_pool
from pipeline.flows.triggers import start_intakes
from storage.database.migrate import upgrade
from storage.database.session import session_scope
from storage.database.tables import DecisionRow
from storage.object_store import open_store
from tests.flows.seed import ROSTER_CSV, seed_claims
from tests.flows.test_serve import _wait_run

pytestmark = [pytest.mark.s3, pytest.mark.postgres]

CLAIMS = 6


def test_two_workers_share_the_intake_runs(prefect_api, s3_source, pg_database_factory, tmp_path) -> None:
    url = pg_database_factory()
    upgrade(url)
    kinds = seed_claims(s3_source, url, CLAIMS, seed=13)
    (tmp_path / "roster.csv").write_bytes(ROSTER_CSV)
    pool = f"claimflow-{uuid.uuid4().hex[:6]}"
    assert "intake_claim/intake" in deploy_to_pool(pool)
    env = {**os.environ, "CLAIMFLOW_DB_URL": url, "CLAIMFLOW_ROSTER": str(tmp_path / "roster.csv"),
           "PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_API_URL": prefect_api}
    workers, logs = [], []
    for name in ("worker-a", "worker-b"):
        log = (tmp_path / f"{name}.log").open("wb")
        logs.append(log)
        workers.append(subprocess.Popen([sys.executable, "-m", "prefect", "worker", "start", "--pool", pool,
                                         "--type", "process", "--limit", "1", "--name", name],
                                        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
    try:
        runs = start_intakes(open_store(s3_source), s3_source, sorted(kinds))
        assert [_wait_run(run) for run in runs.values()] == ["COMPLETED"] * CLAIMS
    finally:
        for worker in workers:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:  # a worker still winding down its runner: stop its group outright
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=30)
        for log in logs:
            log.close()
    with session_scope(url) as session:
        per_claim = dict(session.execute(select(DecisionRow.claim_id, func.count())
                                         .group_by(DecisionRow.claim_id)).all())
    assert per_claim == dict.fromkeys(kinds, 1)
    took = {name: _submitted((tmp_path / f"{name}.log").read_text(), runs.values())
            for name in ("worker-a", "worker-b")}
    assert sum(took.values()) == CLAIMS and min(took.values()) >= 1, took


def _submitted(log: str, runs) -> int:
    """How many of the runs the worker's log says it submitted and the server did not abort (both workers may
    reach for the same run; the server lets one have it)."""
    return sum(f"submitting flow run '{run}'" in log and f"Aborted submission of flow run '{run}'" not in log
               for run in runs)
