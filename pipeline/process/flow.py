"""The batch flow: every claim under SOURCE's intake/ read, validated, routed and persisted.

Two passes, so that the outcome does not depend on the order claims are listed in: first every claim's
photos are extracted (or taken from the cache) and recorded, so duplicates are found across the whole
batch; then claims are decided in the order they were reported, so an insured's yearly caps count the
claims reported before. A claim that cannot be processed gets an error decision and the batch goes on.
"""
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from models.claim import CLAIM_ID_PATTERN, ClaimReport
from models.decision import Decision
from models.enums import Route
from models.errors import ClaimflowError, InvalidClaim, InvalidData, StorageUnavailable
from models.policy import Policy, load_policy
from models.registry import HospitalRegistry, Roster, load_hospitals, load_roster
from pipeline import PIPELINE_VERSION
from pipeline.extract.settings import load_settings
from pipeline.process.duplicates import duplicate_hits
from pipeline.process.extraction import Photo, PhotoReader
from pipeline.process.failures import safe_message, stop_on_infrastructure, where_it_failed
from pipeline.process.ledger import prior_use
from pipeline.process.settings import load_batch_settings
from pipeline.route.qa_sample import in_qa_sample
from pipeline.route.router import decide, error_decision
from pipeline.route.sla import deadlines
from pipeline.validate.claim import Context, validate_claim
from storage.database.migrate import upgrade
from storage.database.repository import (
    append_audit,
    current_decision,
    enqueue_payment,
    get_claim,
    record_decision,
    record_document,
    record_intake_problem,
    upsert_claim,
)
from storage.database.session import default_url, session_scope
from storage.database.tables import AuditLogRow
from storage.object_store import CLAIM_FILE, INTAKE, ObjectStore, open_store, printable

log = logging.getLogger(__name__)

ROSTER_ENV = "CLAIMFLOW_ROSTER"
ACTOR = "claimflow-process"
QA_ACTION = "qa_sample"
REFERENCE_MAX_BYTES = 200 * 1024 * 1024
PAYMENT_BATCH_PREFIX = "fast-pay-"

Progress = Callable[[str, int, int], None]  # (phase, claims done, claims in the phase)


@dataclass(frozen=True)
class ObjectNote:
    """An object of a claim that could not be used, and why (for the operator's summary)."""

    claim_id: str
    object: str
    problem: str


@dataclass
class BatchResult:
    """The batch's decisions (by claim id) and what it took."""

    decisions: list[Decision] = field(default_factory=list)
    qa_sampled: list[str] = field(default_factory=list)
    notes: list[ObjectNote] = field(default_factory=list)
    extracted: int = 0
    cached: int = 0
    seconds: float = 0.0


def _reference_file(store: ObjectStore, name: str, given: Path | None, tmp: Path) -> Path | None:
    """The file given on the command line, else SOURCE's top-level copy (fetched into ``tmp``), else None."""
    if given is not None:
        return given
    if store.exists(name):
        path = tmp / name
        path.write_bytes(store.get_bytes(name, REFERENCE_MAX_BYTES))
        return path
    return None


def load_reference(store: ObjectStore, roster: Path | None,
                   hospitals: Path | None) -> tuple[Roster, HospitalRegistry]:
    """Roster and hospital registry: --roster/--hospitals, else SOURCE's roster.csv/hospitals.csv, else the
    configured ones (CLAIMFLOW_ROSTER; the shipped registry)."""
    with tempfile.TemporaryDirectory() as tmp:
        roster_path = _reference_file(store, "roster.csv", roster, Path(tmp)) or os.environ.get(ROSTER_ENV)
        if not roster_path:
            raise InvalidData("roster", "(file)", f"no roster: give --roster, put roster.csv at the source's top "
                                                  f"or set {ROSTER_ENV}")
        return load_roster(roster_path), load_hospitals(_reference_file(store, "hospitals.csv", hospitals, Path(tmp)))


@dataclass(frozen=True)
class Rules:
    """What every claim is judged against: the policy, the insured roster and the hospital registry."""

    policy: Policy
    roster: Roster
    hospitals: HospitalRegistry


def load_rules(store: ObjectStore, roster: Path | None = None, hospitals: Path | None = None,
               policy: Path | None = None) -> Rules:
    """The policy (given or shipped) and the reference files found by ``load_reference``."""
    rules = load_policy(policy)
    roster_data, registry = load_reference(store, roster, hospitals)
    return Rules(rules, roster_data, registry)


def prepare_database(db_url: str | None = None) -> str:
    """The claim database's URL (given, else the configured one), migrated to head; StorageUnavailable if
    it cannot be reached."""
    url = db_url or default_url()
    try:
        upgrade(url)
    except SQLAlchemyError as e:
        raise StorageUnavailable(f"claim database {make_url(url).render_as_string()}: {e.__class__.__name__}: "
                                 f"{str(e).splitlines()[0]}") from None
    return url


@dataclass(frozen=True)
class ReadClaim:
    """A claim after pass 1: its report and its photos' Documents."""

    claim: ClaimReport
    photos: list[Photo]


def folder_problem(folder: str) -> InvalidClaim | None:
    """Why a folder under intake/ cannot be a claim (its name is no claim id), or None."""
    if re.fullmatch(CLAIM_ID_PATTERN, folder):
        return None
    return InvalidClaim(printable(folder), "(folder)", "the folder's name is not a claim id (3-64 letters, digits, "
                                                       "'-' or '_')")


def read_claim(store: ObjectStore, claim_id: str, reader: PhotoReader, db_url: str, policy: Policy) -> ReadClaim:
    """Pass 1 for one claim: parse its claim.json, extract its photos, record claim and documents."""
    problem = folder_problem(claim_id)
    if problem is not None:
        raise problem
    claim = store.read_claim(claim_id)
    if claim.claim_id != claim_id:
        raise InvalidClaim(claim_id, "claim_id", "differs from its folder's name")
    latest = policy.now() + timedelta(minutes=policy.intake.reported_at_max_ahead_minutes)
    if claim.reported_at > latest:
        raise InvalidClaim(claim_id, "reported_at", f"{claim.reported_at.isoformat()} is in the future")
    photos = reader.read(store.claim_objects(claim_id))
    with session_scope(db_url) as session:
        upsert_claim(session, claim)
        for p in photos:
            record_document(session, claim.claim_id, p.document, sha256=p.sha256,
                            pipeline_version=PIPELINE_VERSION, phash=p.phash)
    return ReadClaim(claim, photos)


def reported_order(reads: Iterable[ReadClaim]) -> list[ReadClaim]:
    """Claims in the order they were reported (ties by claim id): the order pass 2 decides them in."""
    return sorted(reads, key=lambda r: (r.claim.reported_at, r.claim.claim_id))


def decide_read_claim(db_url: str, read: ReadClaim, rules: Rules, mark: str | None = None) -> Decision:
    """Pass 2 for one claim, in one transaction: the decision, its deadlines and, for a fast-paid claim with
    something to pay, its payment record (at most one per claim, ever); with ``mark``, an audit entry of that
    action, so a run can tell which claims it has already decided."""
    with session_scope(db_url) as session:
        decision = decide_claim(session, read.claim, read.photos, rules.roster, rules.hospitals, rules.policy)
        if decision.route == Route.fast_pay and decision.payable_amount:
            enqueue_payment(session, decision.claim_id, decision.payable_amount,
                            f"{PAYMENT_BATCH_PREFIX}{decision.decided_at.date().isoformat()}")
        if mark is not None:
            append_audit(session, ACTOR, mark, claim_id=decision.claim_id, detail={"route": decision.route.value})
    return decision


def error_line(claim_id: str, error: Exception, policy: Policy) -> Decision:
    """The decision line of a claim that could not be processed (manual review in the policy's intake error
    queue, with the error, masked)."""
    return error_decision(claim_id, safe_message(error), decided_at=policy.now(), pipeline_version=PIPELINE_VERSION,
                          policy=policy)


def settle_error(store: ObjectStore, db_url: str, folder: str, error: Exception, policy: Policy) -> Decision:
    """A claim folder's failure as a case for a person: its error line, recorded as an intake problem in the
    policy's queue, and published as decisions/<claim_id>.json only where no decision of the claim stands
    (an earlier good decision is never replaced by an error)."""
    shown = printable(folder)
    line = error_line(shown, error, policy)
    where = error.field if isinstance(error, InvalidClaim) else "(claim)"
    is_claim_id = folder_problem(folder) is None
    with session_scope(db_url) as session:
        record_intake_problem(session, shown, policy.intake.error_queue.value, f"{INTAKE}{shown}/{CLAIM_FILE}",
                              where, line.error or "")
        standing = current_decision(session, folder) if is_claim_id else None
    if is_claim_id and standing is None:
        publish_decision(store, line)
    return line


def publish_decision(store: ObjectStore, decision: Decision) -> str:
    """Write decisions/<claim_id>.json (not into a read-only source) and return the decision's JSON line."""
    line = decision.to_json()
    if store.accepts_writes():  # a read-only source (e.g. ../shared/samples) gets decisions only in ``out``
        store.put_bytes(decision_key(decision.claim_id), (line + "\n").encode(), "application/json")
    return line


def decision_key(claim_id: str) -> str:
    """Where a claim's current decision is kept in the store."""
    return f"decisions/{claim_id}.json"


@dataclass
class _Batch:
    store: ObjectStore
    rules: Rules
    db_url: str
    progress: Progress
    result: BatchResult = field(default_factory=BatchResult)
    errors: dict[str, Exception] = field(default_factory=dict)

    def _claim_failed(self, folder: str, error: Exception) -> None:
        """Keep one claim's failure for its error line; a store or database failure stops the batch instead."""
        stop_on_infrastructure(error)
        if not isinstance(error, ClaimflowError):
            log.error("claim %s: internal error %s at\n%s", printable(folder), type(error).__name__,
                      where_it_failed(error))
        self.errors[folder] = error

    def read_all(self, folders: list[str], reader: PhotoReader) -> list[ReadClaim]:
        """Pass 1 over every claim folder; a claim's failures are kept for its error line."""
        read = []
        for done, folder in enumerate(folders, 1):
            try:
                item = read_claim(self.store, folder, reader, self.db_url, self.rules.policy)
            except Exception as e:  # noqa: BLE001 - sorted out by _claim_failed
                self._claim_failed(folder, e)
            else:
                read.append(item)
                self.result.notes += [ObjectNote(folder, p.document.object, p.problem) for p in item.photos
                                      if p.problem is not None]
            self.progress("reading", done, len(folders))
        return read

    def decide_all(self, read: list[ReadClaim]) -> dict[str, Decision]:
        """Pass 2: decide the claims in the order they were reported; a claim's failure becomes its error line
        and an intake problem."""
        decided: dict[str, Decision] = {}
        order = reported_order(read)
        for done, item in enumerate(order, 1):
            claim_id = item.claim.claim_id
            try:
                decided[claim_id] = decide_read_claim(self.db_url, item, self.rules)
                if decided[claim_id].route == Route.fast_pay and in_qa_sample(claim_id, self.rules.policy):
                    self.result.qa_sampled.append(claim_id)
            except Exception as e:  # noqa: BLE001 - sorted out by _claim_failed
                self._claim_failed(claim_id, e)
            self.progress("deciding", done, len(order))
        for folder, error in sorted(self.errors.items()):
            try:
                decided[printable(folder)] = settle_error(self.store, self.db_url, folder, error, self.rules.policy)
            except Exception as e:  # recording the problem needs the store and the database
                stop_on_infrastructure(e)
                raise
        return decided


def decide_claim(session: Session, claim: ClaimReport, photos: list[Photo], roster: Roster,
                 hospitals: HospitalRegistry, policy: Policy) -> Decision:
    """Look up what the rules need (roster, duplicates, earlier claims), validate, route, and record the decision
    with its SLA deadlines; a fast-paid claim drawn for the QA sample gets an audit entry (once)."""
    documents = [p.document for p in photos]
    policy_year = policy.policy_year_of(claim.accident.date)
    context = Context(roster_entry=roster.get(claim.insured.id_number), hospitals=hospitals,
                      duplicates=duplicate_hits(session, claim.claim_id, photos, policy),
                      prior=prior_use(session, claim, policy_year),
                      page_texts={p.document.object: p.text for p in photos})
    validation = validate_claim(claim, documents, context, policy)
    decision = decide(claim.claim_id, validation.reasons, validation.checklist, validation.payable.amount,
                      validation.documents,
                      decided_at=policy.now(), pipeline_version=PIPELINE_VERSION, policy=policy)
    record_decision(session, decision, allowance_days=validation.payable.allowance_days, policy_year=policy_year)
    due = deadlines(decision.route, decision.checklist.complete, decision.payable_amount, claim.reported_at, policy)
    row = get_claim(session, claim.claim_id)
    row.review_due, row.payment_due = due.review_due, due.payment_due
    if decision.route == Route.fast_pay and in_qa_sample(claim.claim_id, policy):
        flagged = select(AuditLogRow.id).where(AuditLogRow.claim_id == claim.claim_id, AuditLogRow.action == QA_ACTION)
        if session.scalars(flagged).first() is None:
            append_audit(session, ACTOR, QA_ACTION, claim_id=claim.claim_id,
                         detail={"policy_version": policy.version, "rate": policy.qa_sample.fast_pay_rate})
    return decision


def process_source(source: str, out: Path, *, roster: Path | None = None, hospitals: Path | None = None,
                   policy: Path | None = None, db_url: str | None = None, workers: int = 2,
                   progress: Progress = lambda phase, done, total: None) -> BatchResult:
    """Decide every claim under SOURCE's intake/; write one JSON line per claim (by claim id) to ``out`` and
    decisions/<claim_id>.json to the store. Photos are only read, never changed."""
    started = time.perf_counter()
    store = open_store(source)
    rules = load_rules(store, roster, hospitals, policy)
    url = prepare_database(db_url)
    if store.accepts_writes():
        store.remove_stale_temporaries(load_batch_settings().stale_temporary_minutes * 60)
    batch = _Batch(store, rules, url, progress)
    with PhotoReader(store, url, PIPELINE_VERSION, load_settings().photos.max_bytes, workers) as reader:
        read = batch.read_all(store.list_claims(), reader)
    decided = batch.decide_all(read)
    errors = {printable(folder) for folder in batch.errors}
    try:
        lines = [decided[c].to_json() if c in errors else publish_decision(store, decided[c]) for c in sorted(decided)]
    except Exception as e:  # publishing needs the store
        stop_on_infrastructure(e)
        raise
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = batch.result
    result.decisions = [decided[c] for c in sorted(decided)]
    result.extracted, result.cached = reader.extracted, reader.cached
    result.seconds = time.perf_counter() - started
    return result
