"""The one batch driver: claims read (pass 1), decided in the order they were reported (pass 2) and published,
and an error line for each claim that failed.

Two passes, so that the outcome does not depend on the order claims are listed in: first every claim's
photos are extracted (or taken from the cache) and recorded, so duplicates are found across the whole
batch; then claims are decided in the order they were reported, so an insured's yearly caps count the
claims reported before.

Its launchers — ``claimflow process`` (pipeline.process.source_run), the Prefect flows (pipeline.flows.claims)
and the web app's in-process intake (webapp.processing) — differ only in their ``Launch``: how pass 1's
chunks are run and whether a step is tried again after a transient error. What a failure means is the same
for all: a claim's own failure becomes its error line and an intake problem for a person; a failure of the
store, the database or the OCR processes stops the run (StorageUnavailable, exit 6).
"""
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol, TypeVar

from models.decision import Decision
from models.enums import Route
from models.errors import ClaimflowError
from models.policy import Policy
from pipeline.process.extraction import PhotoReader
from pipeline.process.failures import is_infrastructure, stop_on_infrastructure, where_it_failed
from pipeline.process.reference import Rules
from pipeline.process.steps import (
    ReadClaim,
    decide_read_claim,
    publish_decision,
    read_claim,
    reported_order,
    settle_error,
)
from pipeline.route.qa_sample import in_qa_sample
from storage.object_store import ObjectStore, printable

log = logging.getLogger(__name__)
T = TypeVar("T")

Progress = Callable[[str, int, int], None]  # (phase, claims done, claims in the phase)


def no_progress(phase: str, done: int, total: int) -> None:
    """A progress callback that shows nothing."""


@dataclass(frozen=True)
class ObjectNote:
    """An object of a claim that could not be used, and why (for the operator's summary)."""

    claim_id: str
    object: str
    problem: str


@dataclass
class ClaimsRead:
    """Pass 1 over some claims: the claims read, the claims that failed (folder → error), the unusable objects."""

    reads: list[ReadClaim] = field(default_factory=list)
    errors: dict[str, Exception] = field(default_factory=dict)
    notes: list[ObjectNote] = field(default_factory=list)

    def merge(self, other: "ClaimsRead") -> None:
        """Add ``other``'s claims to these."""
        self.reads += other.reads
        self.errors |= other.errors
        self.notes += other.notes


def _claim_failed(folder: str, error: Exception) -> None:
    """Log an unexpected failure of one claim (where it happened, never its text: that may hold personal data)."""
    if not isinstance(error, ClaimflowError):
        log.error("claim %s: internal error %s at\n%s", printable(folder), type(error).__name__,
                  where_it_failed(error))


def read_claims(store: ObjectStore, folders: list[str], reader: PhotoReader, db_url: str, policy: Policy,
                progress: Progress = no_progress) -> ClaimsRead:
    """Pass 1 over claim folders (idempotent): each claim's failure is kept for its error line; a failure of the
    store, the database or the OCR processes is raised as it came (a launcher may try the chunk again)."""
    out = ClaimsRead()
    for done, folder in enumerate(folders, 1):
        try:
            item = read_claim(store, folder, reader, db_url, policy)
        except Exception as e:
            if is_infrastructure(e):
                raise
            _claim_failed(folder, e)
            out.errors[folder] = e
        else:
            out.reads.append(item)
            out.notes += [ObjectNote(folder, p.document.object, p.problem) for p in item.photos
                          if p.problem is not None]
        progress("reading", done, len(folders))
    return out


class Attempt(Protocol):
    """How a launcher runs one step: once, or again after a transient error."""

    def __call__(self, step: Callable[[], T]) -> T: ...


def once(step: Callable[[], T]) -> T:
    """Run the step once."""
    return step()


ReadChunk = Callable[[list[str]], ClaimsRead]
ChunkRunner = Callable[[ReadChunk, list[list[str]]], list[ClaimsRead]]


def in_turn(read: ReadChunk, chunks: list[list[str]]) -> list[ClaimsRead]:
    """Read the chunks one after the other, in this thread."""
    return [read(chunk) for chunk in chunks]


@dataclass(frozen=True)
class Launch:
    """What sets one launcher apart: how pass 1's chunks run (``run_chunks``, over chunks of ``chunk_claims``
    claims, 0 for one chunk), how a decision or a publication is attempted, how many decisions are published
    at once, and who is told of progress."""

    run_chunks: ChunkRunner = in_turn
    chunk_claims: int = 0
    attempt: Attempt = once
    publish_threads: int = 1
    progress: Progress = no_progress


@dataclass
class BatchOutcome:
    """What a run decided: decisions by claim id, the error lines of claims that failed, the objects that could
    not be used, and the fast-paid claims drawn for the QA sample."""

    decisions: dict[str, Decision] = field(default_factory=dict)
    error_lines: dict[str, Decision] = field(default_factory=dict)
    notes: list[ObjectNote] = field(default_factory=list)
    qa_sampled: list[str] = field(default_factory=list)

    def lines(self) -> list[Decision]:
        """Every claim's decision or error line, by claim id."""
        every = self.decisions | self.error_lines
        return [every[c] for c in sorted(every)]


def chunks(items: list[str], size: int) -> list[list[str]]:
    """``items`` in runs of ``size`` (0: one run of all)."""
    size = size or max(1, len(items))
    return [items[i:i + size] for i in range(0, len(items), size)]


def run_claims(store: ObjectStore, db_url: str, rules: Rules, claim_ids: list[str], reader: PhotoReader,
               launch: Launch = Launch(), mark: str | None = None) -> BatchOutcome:
    """Read ``claim_ids``, decide them in reported order, publish the decisions, and settle each failed claim as
    its error line and intake problem (published only where no decision of the claim stands). ``mark``: an audit
    action recorded with each decision (see ``decide_read_claim``). StorageUnavailable when the store, the
    database or the OCR processes fail: nothing more is decided or published."""
    try:
        return _run(store, db_url, rules, claim_ids, reader, launch, mark)
    except Exception as e:
        stop_on_infrastructure(e)
        raise


def _run(store: ObjectStore, db_url: str, rules: Rules, claim_ids: list[str], reader: PhotoReader,
         launch: Launch, mark: str | None) -> BatchOutcome:
    read = ClaimsRead()
    chunk_reader = partial(read_claims, store, reader=reader, db_url=db_url, policy=rules.policy,
                           progress=launch.progress)
    for part in launch.run_chunks(chunk_reader, chunks(claim_ids, launch.chunk_claims)):
        read.merge(part)
    outcome = BatchOutcome(notes=read.notes)
    errors = dict(read.errors)
    order = reported_order(read.reads)
    for done, item in enumerate(order, 1):
        claim_id = item.claim.claim_id
        try:
            decision = launch.attempt(partial(decide_read_claim, db_url, item, rules, mark))
        except Exception as e:  # noqa: BLE001 - one claim's failure becomes its error line
            stop_on_infrastructure(e)
            _claim_failed(claim_id, e)
            errors[claim_id] = e
        else:
            outcome.decisions[claim_id] = decision
            if decision.route == Route.fast_pay and in_qa_sample(claim_id, rules.policy):
                outcome.qa_sampled.append(claim_id)
        launch.progress("deciding", done, len(order))
    with ThreadPoolExecutor(launch.publish_threads) as pool:
        list(pool.map(lambda d: launch.attempt(partial(publish_decision, store, d)), outcome.decisions.values()))
    for folder, error in sorted(errors.items()):
        outcome.error_lines[printable(folder)] = settle_error(store, db_url, folder, error, rules.policy)
    return outcome
