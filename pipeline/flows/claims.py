"""The claim flows — ``intake_claim``, ``nightly_batch`` and ``reprocess`` — thin over pipeline.process.

Each flow launches the one batch driver (pipeline.process.batch): a task reads a chunk of claims (their
photos go through one shared pool of OCR processes, so several chunks in flight keep every core busy while
storage I/O overlaps); decisions and publications are tried again after a transient error. Extraction is
cached in the claim database on (photo content hash, pipeline version), so a re-run skips finished OCR; a
decision, its deadlines and its payment record commit in one transaction, so a killed run resumes where it
stopped.
"""
import hashlib
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, TypeVar, cast

import urllib3
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, OperationalError

from models.errors import StorageUnavailable
from pipeline import PIPELINE_VERSION
from pipeline.extract.settings import load_settings
from pipeline.flows.selection import pending_claims
from pipeline.flows.settings import Orchestration, load_orchestration
from pipeline.process import batch as driver
from pipeline.process.batch import ClaimsRead, Launch, ReadChunk
from pipeline.process.escalation import escalate_complex, escalate_overdue
from pipeline.process.extraction import PhotoReader
from pipeline.process.reference import Rules, load_rules, prepare_database
from pipeline.process.steps import decision_key, publish_current
from pipeline.report.daily import write_daily_report
from storage.database.repository import append_audit, decided_objects
from storage.database.session import session_scope
from storage.database.tables import ReprocessedRow
from storage.object_store import ObjectStore, open_store

ACTOR = "claimflow-flows"
REPROCESSED = "reprocessed"
T = TypeVar("T")
SETTINGS = load_orchestration()


def is_transient(error: BaseException) -> bool:
    """Errors worth retrying: storage or database unreachable, dropped connections, timeouts."""
    return isinstance(error, (StorageUnavailable, OperationalError, urllib3.exceptions.HTTPError, ConnectionError,
                              TimeoutError)) or (isinstance(error, DBAPIError) and error.connection_invalidated)


def _retry_transient(task: object, task_run: object, state: object) -> bool:
    """Prefect retry condition: retry a task only when it failed on a transient error."""
    try:
        state.result()  # type: ignore[attr-defined]
    except Exception as e:  # noqa: BLE001 - the state's own exception
        return is_transient(e)
    return False


def with_retries(step: Callable[[], T], settings: Orchestration) -> T:
    """Run ``step``, trying again after a transient error with the configured backoff."""
    attempt = 1
    while True:
        try:
            return step()
        except Exception as e:
            if attempt >= settings.retries.attempts or not is_transient(e):
                raise
            time.sleep(settings.retries.delay(attempt))
            attempt += 1


def retrying(step: Callable[[], T]) -> T:
    """Run ``step``, again after a transient error (the flows' ``Launch.attempt``)."""
    return with_retries(step, SETTINGS)


@task(cache_policy=NO_CACHE, retry_condition_fn=_retry_transient, retries=SETTINGS.retries.attempts - 1,
      retry_delay_seconds=list(SETTINGS.retries.delays_seconds))
def read_chunk(read: ReadChunk, claim_ids: list[str]) -> ClaimsRead:
    """Pass 1 for a chunk of claims (idempotent, so tried again whole after a transient error)."""
    return read(claim_ids)


def on_task_runner(read: ReadChunk, chunks: list[list[str]]) -> list[ClaimsRead]:
    """Every chunk a ``read_chunk`` task, in flight together on the flow's task runner (their photos go
    through one shared pool of OCR processes)."""
    futures = [read_chunk.submit(read, chunk) for chunk in chunks]
    return [f.result() for f in futures]


@dataclass
class RunSummary:
    """What a flow run did (returned by every flow, printed by the CLI)."""

    claims: int = 0
    decided: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    extracted: int = 0
    cached: int = 0
    republished: int = 0
    escalated: list[str] = field(default_factory=list)  # past their review deadline
    close_escalated: list[str] = field(default_factory=list)  # near or past the complex-case limit
    report: str | None = None


def run_claims(store: ObjectStore, db_url: str, rules: Rules, claim_ids: list[str],
               mark: str | None = None) -> RunSummary:
    """The batch driver launched on the flow's task runner: chunks read concurrently, decisions and
    publications tried again after a transient error."""
    launch = Launch(run_chunks=on_task_runner, chunk_claims=SETTINGS.chunk_claims, attempt=retrying,
                    publish_threads=SETTINGS.publish_concurrency)
    with PhotoReader(store, db_url, PIPELINE_VERSION, load_settings().photos.max_bytes,
                     SETTINGS.ocr_workers) as reader:
        outcome = driver.run_claims(store, db_url, rules, claim_ids, reader, launch, mark)
    summary = RunSummary(claims=len(claim_ids), decided=list(outcome.decisions), extracted=reader.extracted,
                         cached=reader.cached)
    logger = get_run_logger()
    for claim_id, line in outcome.error_lines.items():
        summary.errors[claim_id] = line.error or ""
        logger.warning("claim %s: %s", claim_id, summary.errors[claim_id])
    return summary


EXTRACT_DEPLOYMENT = "extract_claims/extract"  # where a nightly batch sends its reads out to the work pool


def fan_out_reads(claim_ids: list[str], chunk_claims: int) -> None:
    """Pass 1 sent out to the work pool: one ``extract_claims`` run per chunk of ``chunk_claims`` claims, all
    started at once for whichever workers are free (on any host), and waited for, ``fan_out_wait_seconds`` at
    most (runs not ended by then are cancelled). Their photos land in the shared extraction cache, so the decide
    pass that follows reads them back instead of doing OCR; the claims of a chunk whose run did not complete
    are read by the decide pass itself (nothing is lost, only time)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import FlowRun
    from prefect.deployments import run_deployment
    from prefect.states import Cancelled, Cancelling

    chunks = driver.chunks(claim_ids, chunk_claims)
    # timeout=0: each run is created and left to the pool; from sync code run_deployment returns the run
    started = [cast(FlowRun, run_deployment(EXTRACT_DEPLOYMENT, parameters={"claim_ids": chunk}, timeout=0))
               for chunk in chunks]
    ended: dict[int, FlowRun] = {}
    deadline = time.monotonic() + SETTINGS.fan_out_wait_seconds
    logger = get_run_logger()
    with get_client(sync_client=True) as client:
        while True:
            for i, run in enumerate(started):
                if i not in ended:
                    now = client.read_flow_run(run.id)
                    if now.state is not None and now.state.is_final():
                        ended[i] = now
            if len(ended) == len(started) or time.monotonic() > deadline:
                break
            time.sleep(SETTINGS.fan_out_poll_seconds)
        for i, run in enumerate(started):
            if i not in ended:  # no worker took it in time, or it is still going: the decide pass reads it
                now = client.read_flow_run(run.id)
                waiting = now.state is None or now.state.is_scheduled() or now.state.is_pending()
                client.set_flow_run_state(run.id, Cancelled() if waiting else Cancelling(), force=True)
                logger.warning("extraction run %s of %d claim(s) not ended after %g s: cancelled, read here",
                               run.name, len(chunks[i]), SETTINGS.fan_out_wait_seconds)
    for i, run in ended.items():
        state = run.state
        if state is None or not state.is_completed():
            logger.warning("extraction run %s of %d claim(s) ended %s: read here instead", run.name,
                           len(chunks[i]), state.name if state else "without a state")
    logger.info("%d extraction run(s) on the work pool for %d claim(s)", len(chunks), len(claim_ids))


def _open(source: str | None, db_url: str | None) -> tuple[ObjectStore, str, Rules]:
    store = open_store(SETTINGS.claims_source(source))
    return store, prepare_database(db_url), load_rules(store)


def _unpublished(store: ObjectStore, db_url: str) -> list[str]:
    """Claims whose current decision has no decisions/<claim_id>.json yet (a run killed before publishing)."""
    with session_scope(db_url) as session:
        decided = set(decided_objects(session))
    published = {info.key for info in store.list_objects("decisions/")}
    return sorted(c for c in decided if decision_key(c) not in published)


# TaskRunner[Any]: the flow decorator wants a TaskRunner[PrefectFuture], which Prefect's own ThreadPoolTaskRunner
# is not, type-wise
RUNNER: TaskRunner[Any] = ThreadPoolTaskRunner(max_workers=SETTINGS.read_concurrency)


@flow(name="intake_claim", task_runner=RUNNER, validate_parameters=False)
def intake_claim(claim_id: str, source: str | None = None, db_url: str | None = None) -> RunSummary:
    """One claim end to end, right after upload; nothing is done when its current decision already saw
    every photo it has."""
    store, url, rules = _open(source, db_url)
    return run_claims(store, url, rules, pending_claims(store, url, claim_id))


@flow(name="extract_claims", task_runner=RUNNER, validate_parameters=False)
def extract_claims(claim_ids: list[str]) -> dict[str, int]:
    """Pass 1 for a chunk of claims a nightly batch sent out: their photos extracted into the shared cache and
    their documents recorded, on whichever worker took the run, with that host's store and database settings
    (CLAIMFLOW_SOURCE, CLAIMFLOW_DB_URL). Deciding stays with the nightly batch, in report order."""
    store, url, rules = _open(None, None)
    with PhotoReader(store, url, PIPELINE_VERSION, load_settings().photos.max_bytes,
                     SETTINGS.ocr_workers) as reader:
        read = driver.read_claims(store, claim_ids, reader, url, rules.policy)
    done = {"claims": len(claim_ids), "read": len(read.reads), "failed": len(read.errors),
            "extracted": reader.extracted, "cached": reader.cached}
    get_run_logger().info("extract_claims: %s", done)
    return done


@flow(name="nightly_batch", task_runner=RUNNER, validate_parameters=False)
def nightly_batch(source: str | None = None, db_url: str | None = None, today: str | None = None,
                  fan_out: bool = False, chunk_claims: int | None = None) -> RunSummary:
    """Claims that are new or have new photos (documents that arrived for a waiting claim), decided once;
    decisions a killed run did not publish are published; claims past their review deadline, and open claims near
    or past the complex-case limit, escalated; the daily report
    written for ``today`` (ISO date, default: today in the report's time zone). With ``fan_out`` (the work-pool
    deployment) the reads go out as ``extract_claims`` runs of ``chunk_claims`` claims (default: the
    orchestration's ``chunk_claims``) to every worker of the pool first; the decisions are made here, after every
    read is in."""
    store, url, rules = _open(source, db_url)
    pending = pending_claims(store, url)
    if fan_out:
        fan_out_reads(pending, chunk_claims or SETTINGS.chunk_claims)
    summary = run_claims(store, url, rules, pending)
    missing = _unpublished(store, url)
    with ThreadPoolExecutor(SETTINGS.publish_concurrency) as pool:
        list(pool.map(lambda c: retrying(partial(publish_current, store, url, c)), missing))
    summary.republished = len(missing)
    day = datetime.fromisoformat(today).date() if today else rules.policy.now().date()
    with session_scope(url) as session:
        summary.escalated = escalate_overdue(session, day, ACTOR)
        summary.close_escalated = escalate_complex(session, day, ACTOR, rules.policy)
    if store.accepts_writes():  # a read-only source gets no report
        summary.report = write_daily_report(store, url, day, SETTINGS.report, rules.policy.timezone)
    get_run_logger().info("nightly_batch: %d claim(s), %d decided, %d error(s), %d extracted, %d cached, "
                          "%d republished, %d escalated, %d near or past the close deadline, report %s",
                          summary.claims, len(summary.decided),
                          len(summary.errors), summary.extracted, summary.cached, summary.republished,
                          len(summary.escalated), len(summary.close_escalated), summary.report)
    return summary


@flow(name="reprocess", task_runner=RUNNER, validate_parameters=False)
def reprocess(claim_ids: list[str] | None = None, reason: str = "rule or model change", source: str | None = None,
              db_url: str | None = None) -> RunSummary:
    """Decide the chosen claims again (default: every claim under intake/) after a rule or model change; the
    earlier decisions stay in the claim's history and the reason is audited. The same request (reason,
    claims, pipeline and policy version) decides each claim once: run again after a crash, it does only the
    claims it had not finished; a new reason decides them all again."""
    store, url, rules = _open(source, db_url)
    chosen = sorted(claim_ids if claim_ids is not None else store.list_claims())
    request = hashlib.sha256(json.dumps([reason, chosen, PIPELINE_VERSION, rules.policy.version]).encode())
    mark = f"{REPROCESSED}:{request.hexdigest()[:16]}"
    with session_scope(url) as session:
        done = set(session.scalars(select(ReprocessedRow.claim_id).where(ReprocessedRow.request == mark)))
        append_audit(session, ACTOR, "reprocess", detail={"claims": len(chosen), "done_before": len(done),
                                                           "reason": reason, "request": mark,
                                                           "pipeline_version": PIPELINE_VERSION})
    return run_claims(store, url, rules, [c for c in chosen if c not in done], mark)
