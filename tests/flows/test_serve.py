"""``claimflow serve`` with no Prefect server configured: it starts its own (SQLite under the data folder,
127.0.0.1) and serves the deployments; nightly_batch triggered through Prefect's API completes with decisions
in the database and in object storage. The triggers start the served intake deployment: MinIO
bucket-notification payloads posted to the webhook (the local SeaweedFS sends none, so the test posts them),
once per content fingerprint, and the poller."""
import contextlib
import json
import math
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import psutil
import pytest
from sqlalchemy import select

from pipeline.flows.server import wait_healthy
from storage.database.session import session_scope
from storage.database.tables import DecisionRow
from storage.object_store import open_store
from tests.fixtures.prefect import free_port
from tests.flows.seed import ROSTER_CSV, seed_claims

pytestmark = pytest.mark.s3

RUN_TIMEOUT = 300


@dataclass(frozen=True)
class Served:
    api_url: str
    source: str
    db_url: str
    kinds: dict[str, str]


def _launch(work: Path, source: str, url: str, **env_extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """``claimflow serve`` in a session of its own (so no signal meant for pytest reaches it) with its own local
    Prefect server (no PREFECT_* from this session), state under ``work``, output in work/serve.log; the process
    and its API URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(CLAIMFLOW_DATA_DIR=str(work / "data"), CLAIMFLOW_SOURCE=source, CLAIMFLOW_DB_URL=url,
               CLAIMFLOW_ROSTER=str(work / "roster.csv"), PREFECT_HOME=str(work / "prefect-home"),
               PREFECT_SERVER_ANALYTICS_ENABLED="false", **env_extra)
    (work / "roster.csv").write_bytes(ROSTER_CSV)
    with (work / "serve.log").open("ab") as log:
        process = subprocess.Popen([str(Path(sys.executable).with_name("claimflow")), "serve", "--port", str(port)],
                                   env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    return process, f"http://127.0.0.1:{port}/api"


def _kill_all(process: subprocess.Popen[bytes], known: Iterable[psutil.Process] = ()) -> None:
    """SIGKILL ``process``, everything it started that is still running (its local Prefect server and flow runs
    have process groups of their own) and ``known`` processes, and reap it."""
    family = list(known)
    with contextlib.suppress(psutil.NoSuchProcess):
        family += [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    for leftover in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            leftover.kill()
    process.wait()


def _stop(process: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM to serve's process group; what has not stopped within ``timeout`` seconds is killed."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_all(process)


@pytest.fixture(scope="module")
def served(s3_server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``claimflow serve`` in its own process group over a fresh S3 prefix with seeded claims."""
    work = tmp_path_factory.mktemp("serve")
    source = f"s3://{s3_server.bucket}/serve-{uuid.uuid4().hex[:8]}"
    url = f"sqlite:///{work / 'claimflow.db'}"
    kinds = seed_claims(source, url, 6, seed=7)
    process, api = _launch(work, source, url)
    try:
        wait_healthy(api, 180, process)
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: api}):
            yield Served(api, source, url, kinds)
    finally:
        _stop(process, 30)
        assert (work / "data" / "prefect" / "prefect.db").exists(), (work / "serve.log").read_text()[-2000:]


def _deployment(name: str, timeout: float = 120):
    from prefect.client.orchestration import get_client

    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while True:
            try:
                return client.read_deployment_by_name(name)
            except Exception:  # not registered yet
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)


def _wait_run(run_id) -> str:
    from prefect.client.orchestration import get_client

    deadline = time.monotonic() + RUN_TIMEOUT
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            state = client.read_flow_run(run_id).state
            if state is not None and state.is_final():
                return state.type.value
            time.sleep(1)
    raise TimeoutError(f"flow run {run_id} did not finish")


def _current(url: str) -> dict[str, str]:
    with session_scope(url) as session:
        return {r.claim_id: r.decision_json for r in session.scalars(select(DecisionRow).where(DecisionRow.is_current))}


def test_serve_runs_nightly_batch_triggered_through_the_api(served: Served) -> None:
    from prefect.deployments import run_deployment

    deployment = _deployment("nightly_batch/nightly")
    schedule = deployment.schedules[0].schedule
    assert (schedule.cron, schedule.timezone) == ("0 2 * * *", "Asia/Shanghai")
    run = run_deployment("nightly_batch/nightly", parameters={"today": "2025-06-30"}, timeout=0, as_subflow=False)
    assert _wait_run(run.id) == "COMPLETED"
    current = _current(served.db_url)
    assert sorted(current) == sorted(served.kinds)
    store = open_store(served.source)
    for claim_id, decision in current.items():
        assert json.loads(store.get_bytes(f"decisions/{claim_id}.json", 1 << 20)) == json.loads(decision)
    assert store.exists("reports/2025-06-30/report.html")


def _minio_event(bucket: str, key: str, size: int, etag: str) -> dict:
    """A bucket notification as MinIO's webhook target posts it for one PUT (key URL-encoded)."""
    return {"EventName": "s3:ObjectCreated:Put", "Key": f"{bucket}/{key}", "Records": [{
        "eventVersion": "2.0", "eventSource": "minio:s3", "awsRegion": "", "eventTime": "2025-07-01T02:00:00.000Z",
        "eventName": "s3:ObjectCreated:Put", "userIdentity": {"principalId": "claimflow-upload"},
        "requestParameters": {"principalId": "claimflow-upload", "region": "", "sourceIPAddress": "10.0.0.7"},
        "responseElements": {"x-amz-request-id": "17A1B2C3D4E5F607", "x-minio-origin-endpoint": "http://10.0.0.2:9000"},
        "s3": {"s3SchemaVersion": "1.0", "configurationId": "Config",
               "bucket": {"name": bucket, "ownerIdentity": {"principalId": "claimflow-upload"},
                          "arn": f"arn:aws:s3:::{bucket}"},
               "object": {"key": quote(key, safe=""), "size": size, "eTag": etag, "contentType": "image/jpeg",
                          "userMetadata": {"content-type": "image/jpeg"}, "sequencer": "17A1B2C3D4E5F608"}},
        "source": {"host": "10.0.0.7", "port": "", "userAgent": "MinIO (linux; amd64) minio-go/v7.0.70"}}]}


def test_webhook_and_poller_start_the_served_intake(served: Served, monkeypatch) -> None:
    from fastapi.testclient import TestClient

    from pipeline.flows.triggers import poll_intake
    from pipeline.flows.webhook import make_app
    from tests.flows.seed import add_photo
    from tests.validate.factory import claim, stay_docs

    _deployment("intake_claim/intake")
    store = open_store(served.source)
    new_id = "CN20250705-0100"
    report = claim(accident="2025-07-01", reported="2025-07-05T10:00:00+08:00").model_copy(update={"claim_id": new_id})
    store.put_intake(f"intake/{new_id}/claim.json", report.model_dump_json().encode())
    for j, document in enumerate(stay_docs(admission="2025-07-01", discharge="2025-07-04", invoice_number="4799")):
        add_photo(served.source, served.db_url, f"intake/{new_id}/IMG_{j}.jpg", document)
    bucket, _, prefix = served.source.removeprefix("s3://").partition("/")
    info = store.stat(f"intake/{new_id}/IMG_3.jpg")
    event = _minio_event(bucket, f"{prefix}/intake/{new_id}/IMG_3.jpg", info.size, info.etag or "")
    monkeypatch.setenv("CLAIMFLOW_WEBHOOK_TOKEN", "s3cret")
    client = TestClient(make_app(served.source))
    assert client.post("/minio/events", json=event).status_code == 401
    auth = {"Authorization": "Bearer s3cret"}
    first = client.post("/minio/events", json=event, headers=auth).json()
    again = client.post("/minio/events", json=event, headers=auth).json()
    assert first["claims"] == [new_id] and first["started"] == again["started"]  # one run per fingerprint
    assert _wait_run(first["started"][new_id]) == "COMPLETED"
    assert new_id in _current(served.db_url)
    other = _minio_event("another-bucket", f"{prefix}/intake/{new_id}/IMG_3.jpg", 1, "x")
    assert client.post("/minio/events", json=other, headers=auth).json() == {"claims": [], "started": {}}
    assert poll_intake(source=served.source, db_url=served.db_url) == {}  # nothing left undecided


def test_a_claim_submitted_on_the_web_is_decided_by_the_served_intake_flow(served: Served, tmp_path: Path) -> None:
    """With a Prefect server configured the web app does not decide a submitted claim itself: it starts the
    served ``intake_claim`` deployment, whose run decides it. (The photos go straight into the store with
    their extraction cached, so no OCR runs here; the upload path is tested in tests/webapp/test_upload.py.)"""
    from fastapi.testclient import TestClient

    from storage.database.tables import AuditLogRow
    from tests.flows.seed import add_photo
    from tests.validate.factory import stay_docs
    from tests.webapp.conftest import PASSWORD, file_claim, sign_in
    from webapp.accounts import create_user
    from webapp.app import create_app
    from webapp.config import WebConfig

    _deployment("intake_claim/intake")
    (tmp_path / "roster.csv").write_bytes(ROSTER_CSV)
    config = WebConfig(db_url=served.db_url, store=served.source, secret_key="test-secret-not-for-production",
                       roster=tmp_path / "roster.csv", prefect_api=served.api_url).with_insecure_cookies()
    app = create_app(config)
    with session_scope(served.db_url) as session:
        create_user(session, "worker", PASSWORD, "field_staff")
    with TestClient(app) as client:
        token = sign_in(client, "worker")
        claim_id = file_claim(client, token, accident_date="2025-08-01")
        for j, document in enumerate(stay_docs(admission="2025-08-01", discharge="2025-08-05",
                                               invoice_number="4790000777")):
            add_photo(served.source, served.db_url, f"intake/{claim_id}/IMG_{j}.jpg", document)
        # the web app has not read these photos (they went straight into the store): it asks for a confirmation
        submitted = client.post(f"/claims/{claim_id}/submit", data={"csrf_token": token, "incomplete": "confirmed"})
        assert submitted.status_code == 200 and "已提交审核" in submitted.text
    with session_scope(served.db_url) as session:
        actions = {a.action: a.detail for a in session.scalars(select(AuditLogRow)
                                                               .where(AuditLogRow.claim_id == claim_id))}
    assert "decide" not in actions and actions["start_intake"]["flow_run"], actions
    assert _wait_run(actions["start_intake"]["flow_run"]) == "COMPLETED"
    decision = json.loads(_current(served.db_url)[claim_id])
    assert decision["route"] == "fast_pay", decision["reasons"]
    assert json.loads(open_store(served.source).get_bytes(f"decisions/{claim_id}.json", 1 << 20)) == decision


def test_the_prefect_ui_answers_where_serve_says(served: Served) -> None:
    """`claimflow serve` starts its local server with Prefect's UI on (loopback), at the address it prints."""
    import httpx

    ui = httpx.get(served.api_url.removesuffix("/api") + "/", timeout=30)
    assert ui.status_code == 200 and "<html" in ui.text.lower()


def test_served_runs_are_limited_by_cores_and_memory() -> None:
    from pipeline.flows.settings import ServedRuns

    per_run = ServedRuns(memory_gib_per_run=2.5, shutdown_grace_seconds=120)
    assert per_run.limit(cores=2, available_gib=20.0) == 2  # this machine: the cores bound
    assert per_run.limit(cores=8, available_gib=6.0) == 2  # memory bounds: 6 GiB hold two runs
    assert per_run.limit(cores=2, available_gib=1.0) == 1  # always one
    assert ServedRuns(memory_gib_per_run=2.5, max=3, shutdown_grace_seconds=120).limit(cores=2,
                                                                                    available_gib=1.0) == 3


# Stopping `claimflow serve` while a flow run is going: a nightly_batch over seeded claims (no OCR: their
# extraction is cached) runs a few seconds (40 claims, here about 3 s) or longer (200 claims, about 15 s).
SLOW_CLAIMS, SLOWER_CLAIMS = 40, 200
GRACE = 6  # s, the grace period of the test whose run outlasts it
STOP_TIMEOUT = 60  # s from the signal to serve's exit, for a run that finishes (or is cancelled) well inside it


@dataclass
class Stopped:
    """What stopping ``claimflow serve`` in the middle of a nightly_batch run left behind."""

    returncode: int | None
    seconds: float  # from the signal to serve's exit
    state: str  # the run's final state in Prefect's database
    ended: float  # s from the signal to the run's end there
    paused: list[str]  # deployments left paused there
    decided_at_signal: int  # claims with a decision when the signal was sent
    decided: int  # ... and after serve exited
    survivors: list[str]  # processes serve started that are still alive
    log: str


def _prefect_end(work: Path, run_id: uuid.UUID, since: datetime) -> tuple[str, float, list[str]]:
    """What the local Prefect server left in its SQLite database (it is stopped by now): the flow run's state,
    when it ended in seconds after ``since`` (UTC; NaN if it has no end), and the deployments left paused."""
    import sqlite3

    with sqlite3.connect(work / "data" / "prefect" / "prefect.db") as db:
        row = db.execute("SELECT state_type, end_time FROM flow_run WHERE id = ?", (str(run_id),)).fetchone()
        paused = [name for name, in db.execute("SELECT name FROM deployment WHERE paused")]
    if row is None:
        return "MISSING", math.nan, paused
    ended = datetime.fromisoformat(row[1]).replace(tzinfo=UTC) if row[1] else None  # stored in UTC
    return row[0], (ended - since).total_seconds() if ended else math.nan, paused


def _wait_state(run_id: uuid.UUID, wanted: str, timeout: float = 120) -> None:
    from prefect.client.orchestration import get_client

    deadline = time.monotonic() + timeout
    with get_client(sync_client=True) as client:
        while time.monotonic() < deadline:
            state = client.read_flow_run(run_id).state
            if state is not None and state.type.value == wanted:
                return
            assert state is None or not state.is_final(), f"the run ended {state.type.value} before {wanted}"
            time.sleep(0.2)
    raise TimeoutError(f"flow run {run_id} was not {wanted} within {timeout:.0f} s")


def _stop_serve_mid_run(s3_server, work: Path, claims: int, to_group: bool, sig: signal.Signals,
                        **env: str) -> Stopped:
    """Start ``claimflow serve`` (with its own local server), start a nightly_batch run over ``claims`` seeded
    claims and, while it is Running, send ``sig`` to serve (``to_group``: to its whole process group, as Ctrl-C
    in a terminal does); wait for serve to exit. Anything it left running is killed afterwards, so a failing test
    leaves nothing behind either."""
    source = f"s3://{s3_server.bucket}/stop-{uuid.uuid4().hex[:8]}"
    url = f"sqlite:///{work / 'claimflow.db'}"
    seed_claims(source, url, claims, seed=3)
    process, api = _launch(work, source, url, **env)
    family: list[psutil.Process] = []
    try:
        wait_healthy(api, 180, process)
        from prefect.deployments import run_deployment
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: api}):
            _deployment("nightly_batch/nightly")
            run = run_deployment("nightly_batch/nightly", parameters={"today": "2025-06-30"}, timeout=0,
                                 as_subflow=False)
            _wait_state(run.id, "RUNNING")
        family = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
        decided_at_signal = len(_current(url))
        (os.killpg if to_group else os.kill)(process.pid, sig)
        signalled, signalled_at = time.monotonic(), datetime.now(UTC)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_TIMEOUT)
        seconds = time.monotonic() - signalled
        _, alive = psutil.wait_procs(family, timeout=5)
        return Stopped(process.poll(), seconds, *_prefect_end(work, run.id, signalled_at), decided_at_signal,
                       len(_current(url)), [" ".join(p.cmdline()[:4]) for p in alive], (work / "serve.log").read_text())
    finally:
        _kill_all(process, family)


@pytest.mark.parametrize(("to_group", "sig"), [(False, signal.SIGTERM), (True, signal.SIGINT)],
                         ids=["SIGTERM to serve", "Ctrl-C to its process group"])
def test_stopping_serve_lets_the_running_flow_run_finish_then_stops_the_local_server(
        s3_server, tmp_path: Path, to_group: bool, sig: signal.Signals) -> None:
    """Stopped mid-run, serve takes no new runs, waits for the running one (well inside the grace period) to
    complete — its local server still answering, or the run could not have recorded Completed — then stops the
    server and exits 0, leaving no process."""
    from pipeline.flows.settings import load_orchestration

    stopped = _stop_serve_mid_run(s3_server, tmp_path, SLOW_CLAIMS, to_group, sig)
    assert stopped.state == "COMPLETED", stopped.log[-3000:]
    assert stopped.decided_at_signal < SLOW_CLAIMS == stopped.decided  # signalled mid-run; the run went on to the end
    assert stopped.ended > 0
    assert stopped.returncode == 0 and stopped.seconds < STOP_TIMEOUT, stopped.log[-3000:]
    assert stopped.survivors == [], stopped.log[-3000:]
    assert stopped.paused == []  # the nightly schedule runs again when serve is back
    grace = load_orchestration().served_runs.shutdown_grace_seconds
    assert f"waiting up to {grace:g} s" in stopped.log and "stopping the local Prefect server" in stopped.log


def test_a_run_still_going_after_the_grace_period_is_cancelled(s3_server, tmp_path: Path) -> None:
    """With a grace period shorter than the run (orchestration.yaml overridden), serve lets the run work on
    through the grace period, then cancels it — Cancelled in Prefect, not left Running — and still exits 0
    promptly, its local server stopped last and no process left."""
    import yaml

    from pipeline.flows.settings import CONFIG_ENV, load_orchestration

    settings = load_orchestration().model_dump(mode="json")
    settings["served_runs"]["shutdown_grace_seconds"] = GRACE
    (tmp_path / "orchestration.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    stopped = _stop_serve_mid_run(s3_server, tmp_path, SLOWER_CLAIMS, False, signal.SIGTERM,
                                  **{CONFIG_ENV: str(tmp_path / "orchestration.yaml")})
    assert stopped.state == "CANCELLED", stopped.log[-3000:]
    assert stopped.decided < SLOWER_CLAIMS, stopped.log[-3000:]  # it did not finish
    assert stopped.ended >= GRACE, stopped.ended  # cancelled once the grace period was over, not at once
    # Prefect allows a cancelled run's process 30 s to exit
    assert stopped.returncode == 0 and stopped.seconds < GRACE + 35, (stopped.seconds, stopped.log[-3000:])
    assert stopped.survivors == [], stopped.log[-3000:]


BURST_CLAIMS = 30


def _running_runs() -> int:
    """Flow runs Prefect has Running now (every served deployment's: they share serve's limit)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterState, FlowRunFilterStateType
    from prefect.client.schemas.objects import StateType

    running = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.RUNNING])))
    with get_client(sync_client=True) as client:
        return len(client.read_flow_runs(flow_run_filter=running))


def _family_rss(process: subprocess.Popen[bytes]) -> int:
    """Resident bytes of serve and everything it started (its local server, its flow runs' processes)."""
    total = 0
    with contextlib.suppress(psutil.NoSuchProcess):
        for p in [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += p.memory_info().rss
    return total


def test_a_burst_of_undecided_claims_queues_within_the_run_limit(s3_server, tmp_path: Path) -> None:
    """Served over a store holding 30 claims no one has decided, the poller starts an intake run for each: never
    more are Running at once than serve's limit (cores and memory), serve with its runs stays within the
    machine's memory, and every claim is decided exactly once. (Their extraction is cached: no OCR runs here.)"""
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from pipeline.flows.serve import run_limit
    from pipeline.flows.settings import load_orchestration

    source = f"s3://{s3_server.bucket}/burst-{uuid.uuid4().hex[:8]}"
    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    seed_claims(source, url, BURST_CLAIMS, seed=5)
    assert _current(url) == {}
    limit = run_limit(load_orchestration())
    process, api = _launch(tmp_path, source, url)
    most, peak = 0, 0
    try:
        wait_healthy(api, 180, process)
        with temporary_settings({PREFECT_API_URL: api}):
            _deployment("poll_intake/poll")
            run_deployment("poll_intake/poll", timeout=0, as_subflow=False)
            deadline = time.monotonic() + 20 * RUN_TIMEOUT
            while len(_current(url)) < BURST_CLAIMS and time.monotonic() < deadline:
                most, peak = max(most, _running_runs()), max(peak, _family_rss(process))
                time.sleep(0.25)
    finally:
        _stop(process, 60)
    log = (tmp_path / "serve.log").read_text()
    assert len(_current(url)) == BURST_CLAIMS, log[-3000:]
    with session_scope(url) as session:
        decided = [r.claim_id for r in session.scalars(select(DecisionRow))]
    assert sorted(decided) == sorted(set(decided)), "a claim was decided twice"
    assert 1 <= most <= limit, f"{most} runs at once, limit {limit}"
    assert peak < psutil.virtual_memory().total / 2, f"serve and its runs peaked at {peak / 2**30:.1f} GiB"
