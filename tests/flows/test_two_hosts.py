"""The nightly batch across hosts: two Prefect workers, each in a network namespace of its own (a host with its
own network stack, reaching the S3 server, PostgreSQL and the Prefect server over a veth link), take the
nightly batch's extraction runs between them, each chunk once; the decisions, made after every read is in,
are those of a run on one host."""
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from pipeline.flows.claims import EXTRACT_DEPLOYMENT, nightly_batch
from pipeline.flows.serve import deploy_to_pool
from pipeline.upload import upload_folder
from storage.database.migrate import upgrade
from storage.database.session import session_scope
from storage.database.tables import DecisionRow
from storage.object_store import open_store
from synthetic.claims import write_examples
from tests.flows.hosts import Forwarder, hosts
from tests.flows.seed import ROSTER_CSV, seed_claims

pytestmark = [pytest.mark.s3, pytest.mark.postgres]

CHUNK = 2  # claims per extraction run: the eight example claims make four runs for two hosts


def _decisions(url: str) -> dict[str, dict[str, object]]:
    """Each claim's current decision as the contract line, without the time it was made."""
    with session_scope(url) as session:
        rows = session.scalars(select(DecisionRow).where(DecisionRow.is_current))
        return {r.claim_id: {k: v for k, v in json.loads(r.decision_json).items() if k != "decided_at"} for r in rows}


def _extraction_runs(pool: str) -> list[tuple[str, str]]:
    """(worker name, final state) of every extraction run on ``pool``."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

    with get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name(EXTRACT_DEPLOYMENT)
        runs = client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])))
    return [(str(run.labels.get("prefect.worker.name")), run.state.type.value if run.state else "")
            for run in runs if run.work_pool_name == pool]


@pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces (ip netns) need root")
def test_nightly_reads_spread_over_two_hosts_and_decide_as_one_host_does(prefect_api, s3_server, s3_source,
                                                                       pg_database_factory, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    examples = tmp_path / "examples"
    write_examples(examples)  # real photographed documents: the hosts do real OCR
    upload_folder(open_store(s3_source), examples / "intake")
    monkeypatch.setenv("CLAIMFLOW_ROSTER", str(examples / "roster.csv"))  # the hosts inherit it
    claims = sorted(open_store(s3_source).list_claims())
    alone, spread = pg_database_factory(), pg_database_factory()
    upgrade(spread)
    one_host = nightly_batch(source=s3_source, db_url=alone, today="2025-06-30")
    assert sorted(one_host.decided) == claims and one_host.extracted > 0

    pool = f"claimflow-{uuid.uuid4().hex[:6]}"
    assert EXTRACT_DEPLOYMENT in deploy_to_pool(pool)
    api, pg = make_url(prefect_api.replace("http://", "postgresql://")), make_url(spread)
    s3_port = int(s3_server.endpoint.rsplit(":", 1)[1])
    workers, logs, forwarders = [], [], []
    with hosts(2) as machines:
        try:
            for i, host in enumerate(machines):
                to_api, to_s3, to_pg = (Forwarder(host.gateway, port) for port in
                                         (api.port or 80, s3_port, pg.port or 5432))
                forwarders += [to_api, to_s3, to_pg]
                env = {**os.environ, "PREFECT_API_URL": f"http://{host.gateway}:{to_api.port}/api",
                       "CLAIMFLOW_S3_ENDPOINT": f"{host.gateway}:{to_s3.port}", "CLAIMFLOW_SOURCE": s3_source,
                       "CLAIMFLOW_DB_URL": pg.set(host=host.gateway, port=to_pg.port)
                       .render_as_string(hide_password=False),
                       "PREFECT_WORKER_QUERY_SECONDS": "1"}
                log = (tmp_path / f"host-{i}.log").open("wb")
                logs.append(log)
                workers.append(subprocess.Popen(host.command([
                    sys.executable, "-m", "prefect", "worker", "start", "--pool", pool, "--type", "process",
                    "--limit", "1", "--name", f"host-{i}"]), env=env, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True))
            two_hosts = nightly_batch(source=s3_source, db_url=spread, today="2025-06-30", fan_out=True,
                                      chunk_claims=CHUNK)
        finally:
            for worker in workers:
                os.killpg(worker.pid, signal.SIGTERM)
                try:
                    worker.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(worker.pid, signal.SIGKILL)
                    worker.wait(timeout=30)
            for log in logs:
                log.close()
            for forwarder in forwarders:
                forwarder.close()

    runs = _extraction_runs(pool)
    assert sorted(state for _, state in runs) == ["COMPLETED"] * -(-len(claims) // CHUNK), runs  # each chunk once
    took = Counter(worker for worker, _ in runs)
    assert set(took) == {"host-0", "host-1"}, took  # both hosts read
    # the decide pass did no OCR of its own: every photo came from the hosts' readings
    assert two_hosts.extracted == 0 and two_hosts.cached == one_host.extracted
    assert sorted(two_hosts.decided) == claims
    assert _decisions(spread) == _decisions(alone)


def test_a_nightly_batch_whose_pool_has_no_worker_reads_everything_itself_after_its_wait(
        prefect_api, s3_source, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No worker takes the extraction runs: after ``fan_out_wait_seconds`` they are cancelled and the nightly run
    reads and decides every claim itself; nothing waits for ever, nothing is lost."""
    from pipeline.flows import claims as flows

    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    kinds = seed_claims(s3_source, url, 4, seed=5)
    roster = tmp_path / "roster.csv"
    roster.write_bytes(ROSTER_CSV)
    monkeypatch.setenv("CLAIMFLOW_ROSTER", str(roster))
    monkeypatch.setattr(flows, "SETTINGS", flows.SETTINGS.model_copy(update={"fan_out_wait_seconds": 3}))
    pool = f"claimflow-{uuid.uuid4().hex[:6]}"
    deploy_to_pool(pool)  # and no worker started on it
    started = time.monotonic()
    summary = nightly_batch(source=s3_source, db_url=url, today="2025-06-30", fan_out=True, chunk_claims=2)
    assert time.monotonic() - started < 60
    assert sorted(summary.decided) == sorted(kinds) and summary.errors == {}
    assert sorted(state for _, state in _extraction_runs(pool)) == ["CANCELLED", "CANCELLED"]
