"""``claimflow process SOURCE``: the batch driver run in this process over every claim under SOURCE's intake/,
one decision line per claim written to a file."""
import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from models.decision import Decision
from pipeline import PIPELINE_VERSION
from pipeline.extract.settings import load_settings
from pipeline.process.batch import (
    ChunkRunner,
    ClaimsRead,
    Launch,
    ObjectNote,
    Progress,
    ReadChunk,
    in_turn,
    no_progress,
    run_claims,
)
from pipeline.process.extraction import PhotoReader
from pipeline.process.reference import load_rules, prepare_database
from pipeline.process.settings import load_batch_settings
from storage.object_store import open_store


@dataclass
class BatchResult:
    """The batch's decision lines (by claim id) and what it took."""

    decisions: list[Decision] = field(default_factory=list)
    qa_sampled: list[str] = field(default_factory=list)
    notes: list[ObjectNote] = field(default_factory=list)
    extracted: int = 0
    cached: int = 0
    seconds: float = 0.0


def process_source(source: str, out: Path, *, roster: Path | None = None, hospitals: Path | None = None,
                   policy: Path | None = None, db_url: str | None = None, workers: int = 2,
                   progress: Progress = no_progress) -> BatchResult:
    """Decide every claim under SOURCE's intake/; write one JSON line per claim (by claim id) to ``out`` and
    decisions/<claim_id>.json to the store. Photos are only read, never changed. Each step is tried once."""
    started = time.perf_counter()
    store = open_store(source)
    rules = load_rules(store, roster, hospitals, policy)
    url = prepare_database(db_url)
    if store.accepts_writes():
        store.remove_stale_temporaries(load_batch_settings().stale_temporary_minutes * 60)
    claim_ids = store.list_claims()
    # with OCR processes, claims side by side; with OCR in this process (--workers 0), one after the other
    run_chunks = side_by_side(load_batch_settings().claims_read_at_once) if workers > 0 else in_turn
    launch = Launch(run_chunks=run_chunks, chunk_claims=1, progress=counted(progress, len(claim_ids)))
    with PhotoReader(store, url, PIPELINE_VERSION, load_settings().photos.max_bytes, workers) as reader:
        outcome = run_claims(store, url, rules, claim_ids, reader, launch)
    lines = outcome.lines()
    out.write_text("".join(d.to_json() + "\n" for d in lines), encoding="utf-8")
    return BatchResult(decisions=lines, qa_sampled=outcome.qa_sampled, notes=outcome.notes,
                       extracted=reader.extracted, cached=reader.cached, seconds=time.perf_counter() - started)


def side_by_side(threads: int) -> ChunkRunner:
    """Chunks read by ``threads`` threads at once, their photos through the one pool of OCR processes; after a
    failure no chunk not yet started is read."""
    def run(read: ReadChunk, chunks: list[list[str]]) -> list[ClaimsRead]:
        pool = ThreadPoolExecutor(threads)
        try:
            return list(pool.map(read, chunks))
        finally:
            pool.shutdown(cancel_futures=True)
    return run


def counted(progress: Progress, claims: int) -> Progress:
    """``progress`` told of the claims read over all chunks (each chunk counts only its own)."""
    lock, read = threading.Lock(), itertools.count(1)

    def tell(phase: str, done: int, total: int) -> None:
        if phase != "reading":
            progress(phase, done, total)
            return
        with lock:
            progress(phase, next(read), claims)
    return tell
