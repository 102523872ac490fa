"""The steps of processing one claim: read it (pass 1), decide it (pass 2), publish its decision, or settle
its failure as a case for a person. The batch driver (pipeline.process.batch) runs them over many claims."""
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.claim import CLAIM_ID_PATTERN, ClaimReport
from models.decision import Decision
from models.enums import Route
from models.errors import InvalidClaim
from models.policy import Policy
from models.registry import HospitalRegistry, Roster
from pipeline import PIPELINE_VERSION
from pipeline.process.duplicates import duplicate_hits
from pipeline.process.extraction import Photo, PhotoReader
from pipeline.process.failures import safe_message
from pipeline.process.ledger import prior_use
from pipeline.process.reference import Rules
from pipeline.route.qa_sample import in_qa_sample
from pipeline.route.router import decide, error_decision
from pipeline.route.sla import deadlines
from pipeline.validate.claim import Context, validate_claim
from storage.database.repository import (
    append_audit,
    current_decision,
    enqueue_payment,
    get_claim,
    record_decision,
    record_document,
    record_intake_problem,
    superseded_objects,
    upsert_claim,
)
from storage.database.session import session_scope
from storage.database.tables import AuditLogRow, ReprocessedRow
from storage.object_store import CLAIM_FILE, INTAKE, ObjectStore, printable

ACTOR = "claimflow-process"
QA_ACTION = "qa_sample"
PAYMENT_BATCH_PREFIX = "fast-pay-"


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
    """Pass 1 for one claim: parse its claim.json, extract its photos (not those the field staff took out of it),
    record claim and documents."""
    problem = folder_problem(claim_id)
    if problem is not None:
        raise problem
    claim = store.read_claim(claim_id)
    if claim.claim_id != claim_id:
        raise InvalidClaim(claim_id, "claim_id", "differs from its folder's name")
    latest = policy.now() + timedelta(minutes=policy.intake.reported_at_max_ahead_minutes)
    if claim.reported_at > latest:
        raise InvalidClaim(claim_id, "reported_at", f"{claim.reported_at.isoformat()} is in the future")
    with session_scope(db_url) as session:
        taken_out = superseded_objects(session, claim_id)
    photos = reader.read([o for o in store.claim_objects(claim_id) if o.key not in taken_out])
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
    something to pay, its payment record (at most one per claim, ever); with ``mark`` (a reprocess request), the
    claim recorded as done for it (and audited), so a run started again skips it."""
    with session_scope(db_url) as session:
        decision = decide_claim(session, read.claim, read.photos, rules.roster, rules.hospitals, rules.policy)
        if decision.route == Route.fast_pay and decision.payable_amount:
            enqueue_payment(session, decision.claim_id, decision.payable_amount,
                            f"{PAYMENT_BATCH_PREFIX}{decision.decided_at.date().isoformat()}")
        if mark is not None:
            session.add(ReprocessedRow(request=mark, claim_id=decision.claim_id))
            append_audit(session, ACTOR, "reprocessed", claim_id=decision.claim_id,
                         detail={"request": mark, "route": decision.route.value})
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
    row.review_due, row.documents_due, row.payment_due = due.review_due, due.documents_due, due.payment_due
    if decision.route == Route.fast_pay and in_qa_sample(claim.claim_id, policy):
        flagged = select(AuditLogRow.id).where(AuditLogRow.claim_id == claim.claim_id, AuditLogRow.action == QA_ACTION)
        if session.scalars(flagged).first() is None:
            append_audit(session, ACTOR, QA_ACTION, claim_id=claim.claim_id,
                         detail={"policy_version": policy.version, "rate": policy.qa_sample.fast_pay_rate})
    return decision


def publish_current(store: ObjectStore, db_url: str, claim_id: str) -> None:
    """Publish the claim's current decision as the database holds it (for a run killed before publishing)."""
    with session_scope(db_url) as session:
        row = current_decision(session, claim_id)
    if row is not None:
        publish_decision(store, Decision.model_validate_json(row.decision_json))
