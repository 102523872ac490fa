"""The batch flow: every claim under SOURCE's intake/ read, validated, routed and persisted.

Two passes, so that the outcome does not depend on the order claims are listed in: first every claim's
photos are extracted (or taken from the cache) and recorded, so duplicates are found across the whole
batch; then claims are decided in the order they were reported, so an insured's yearly caps count the
claims reported before. A claim that cannot be processed gets an error decision and the batch goes on.
"""
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from models.claim import ClaimReport
from models.decision import Decision
from models.enums import Route
from models.errors import ClaimflowError, InvalidClaim, InvalidData, StorageUnavailable
from models.policy import Policy, load_policy
from models.registry import HospitalRegistry, Roster, load_hospitals, load_roster
from pipeline import PIPELINE_VERSION
from pipeline.extract.settings import load_settings
from pipeline.process.duplicates import duplicate_hits
from pipeline.process.extraction import Photo, PhotoReader
from pipeline.process.ledger import prior_use
from pipeline.route.qa_sample import in_qa_sample
from pipeline.route.router import decide, error_decision
from pipeline.route.sla import deadlines
from pipeline.validate.claim import Context, validate_claim
from storage.database.migrate import upgrade
from storage.database.repository import append_audit, get_claim, record_decision, record_document, upsert_claim
from storage.database.session import default_url, session_scope
from storage.database.tables import AuditLogRow
from storage.object_store import ObjectStore, open_store

ROSTER_ENV = "CLAIMFLOW_ROSTER"
ACTOR = "claimflow-process"
QA_ACTION = "qa_sample"
REFERENCE_MAX_BYTES = 200 * 1024 * 1024

Progress = Callable[[str, int, int], None]  # (phase, claims done, claims in the phase)


@dataclass
class BatchResult:
    """The batch's decisions (by claim id) and what it took."""

    decisions: list[Decision] = field(default_factory=list)
    qa_sampled: list[str] = field(default_factory=list)
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


def _now(tz: tzinfo | None = None) -> datetime:
    """The current time to the second, in ``tz`` (default: this machine's zone)."""
    return datetime.now(tz).astimezone(tz).replace(microsecond=0)


@dataclass
class _Batch:
    store: ObjectStore
    policy: Policy
    roster: Roster
    hospitals: HospitalRegistry
    db_url: str
    progress: Progress
    result: BatchResult = field(default_factory=BatchResult)
    errors: dict[str, str] = field(default_factory=dict)

    def read_all(self, claim_ids: list[str], reader: PhotoReader) -> dict[str, tuple[ClaimReport, list[Photo]]]:
        """Pass 1: parse each claim.json, extract its photos and record claim and documents."""
        read: dict[str, tuple[ClaimReport, list[Photo]]] = {}
        for done, claim_id in enumerate(claim_ids, 1):
            try:
                claim = self.store.read_claim(claim_id)
                if claim.claim_id != claim_id:
                    raise InvalidClaim(claim_id, "claim_id", f"{claim.claim_id!r} differs from its folder's name")
                photos = reader.read(self.store.claim_photos(claim_id))
                with session_scope(self.db_url) as session:
                    upsert_claim(session, claim)
                    for p in photos:
                        record_document(session, claim.claim_id, p.document, sha256=p.sha256,
                                        pipeline_version=PIPELINE_VERSION, phash=p.phash)
                read[claim_id] = (claim, photos)
            except Exception as e:  # noqa: BLE001 - one bad claim must not stop the batch
                self.errors[claim_id] = _message(e)
            self.progress("reading", done, len(claim_ids))
        return read

    def decide_one(self, claim: ClaimReport, photos: list[Photo]) -> Decision:
        """Pass 2 for one claim, in its own transaction."""
        with session_scope(self.db_url) as session:
            decision = decide_claim(session, claim, photos, self.roster, self.hospitals, self.policy)
        if decision.route == Route.fast_pay and in_qa_sample(claim.claim_id, self.policy):
            self.result.qa_sampled.append(claim.claim_id)
        return decision

    def decide_all(self, read: dict[str, tuple[ClaimReport, list[Photo]]]) -> dict[str, Decision]:
        """Pass 2: decide the claims in the order they were reported; failures become error decisions."""
        decided: dict[str, Decision] = {}
        order = sorted(read.items(), key=lambda kv: (kv[1][0].reported_at, kv[0]))
        for done, (claim_id, (claim, photos)) in enumerate(order, 1):
            try:
                decided[claim_id] = self.decide_one(claim, photos)
            except Exception as e:  # noqa: BLE001 - one bad claim must not stop the batch
                self.errors[claim_id] = _message(e)
            self.progress("deciding", done, len(order))
        for claim_id, message in self.errors.items():
            decided[claim_id] = error_decision(claim_id, message, decided_at=_now(), pipeline_version=PIPELINE_VERSION,
                                               policy=self.policy)
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
    decision = decide(claim.claim_id, validation.reasons, validation.checklist, validation.payable.amount, documents,
                      decided_at=_now(claim.reported_at.tzinfo), pipeline_version=PIPELINE_VERSION, policy=policy)
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


def _message(error: Exception) -> str:
    return str(error) if isinstance(error, ClaimflowError) else f"{type(error).__name__}: {error}"


def process_source(source: str, out: Path, *, roster: Path | None = None, hospitals: Path | None = None,
                   policy: Path | None = None, db_url: str | None = None, workers: int = 2,
                   progress: Progress = lambda phase, done, total: None) -> BatchResult:
    """Decide every claim under SOURCE's intake/; write one JSON line per claim (by claim id) to ``out`` and
    decisions/<claim_id>.json to the store. Photos are only read, never changed."""
    started = time.perf_counter()
    store = open_store(source)
    rules = load_policy(policy)
    roster_data, registry = load_reference(store, roster, hospitals)
    url = db_url or default_url()
    try:
        upgrade(url)
    except SQLAlchemyError as e:
        raise StorageUnavailable(f"claim database {make_url(url).render_as_string()}: {e.__class__.__name__}: "
                                 f"{str(e).splitlines()[0]}") from None
    batch = _Batch(store, rules, roster_data, registry, url, progress)
    with PhotoReader(store, url, PIPELINE_VERSION, load_settings().photos.max_bytes, workers) as reader:
        read = batch.read_all(store.list_claims(), reader)
    decided = batch.decide_all(read)
    lines = []
    for claim_id in sorted(decided):
        line = decided[claim_id].to_json()
        if store.accepts_writes():  # a read-only source (e.g. ../shared/samples) gets decisions only in ``out``
            store.put_bytes(f"decisions/{claim_id}.json", (line + "\n").encode(), "application/json")
        lines.append(line)
    out.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    result = batch.result
    result.decisions = [decided[c] for c in sorted(decided)]
    result.extracted, result.cached = reader.extracted, reader.cached
    result.seconds = time.perf_counter() - started
    return result
