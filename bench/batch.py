"""Batch benchmark: the same generated photos through ``nightly_batch`` (Prefect) and through the stages
called directly with the same parallelism and no Prefect.

Generates a claim set (synthetic.claims, 150 claims) and takes whole claims in report order until at least
--photos photos; every run gets a fresh copy of them in a local store and its own SQLite database (cold
extraction cache). "stages" runs pipeline.process's per-claim functions with the orchestration
settings' chunking and thread counts and one PhotoReader of ``ocr_workers`` processes; "nightly_batch" runs
the flow on a local Prefect server started beforehand (its start-up is not timed). Prints photos/min, the
overhead ratio (flow throughput / stage throughput) and the peak memory of each run's process tree.

    .venv/bin/python bench/batch.py --photos 200 --seed 3
"""
import argparse
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil
from rich.console import Console
from rich.table import Table

console = Console(width=140)
PREFECT_PORT = 4399


class PeakMemory:
    """Samples the RSS of this process and all its children but ``exclude`` (a pid, with its own children);
    ``peak`` is the largest total seen (bytes)."""

    def __init__(self, exclude: int | None = None, every: float = 0.2) -> None:
        self.exclude, self.every, self.peak = exclude, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            skip = set()
            if self.exclude is not None and psutil.pid_exists(self.exclude):
                server = psutil.Process(self.exclude)
                skip = {server.pid, *(c.pid for c in server.children(recursive=True))}
            for p in [me, *me.children(recursive=True)]:
                if p.pid in skip:
                    continue
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def make_claims(work: Path, photos: int, seed: int) -> tuple[Path, int, int]:
    """A folder of whole generated claims (in report order) with at least ``photos`` photos in all."""
    from synthetic.claims import write_set

    generated = work / "generated"
    write_set(generated, seed=seed)
    chosen, count = work / "chosen", 0
    for folder in sorted((generated / "intake").iterdir()):  # CN<reported date>-<seq>: report order
        if count >= photos:
            break
        shutil.copytree(folder, chosen / "intake" / folder.name)
        count += sum(1 for p in folder.iterdir() if p.name != "claim.json")
    for ref in ("roster.csv", "hospitals.csv"):
        shutil.copy(generated / ref, chosen / ref)
    return chosen, len(list((chosen / "intake").iterdir())), count


def run_stages(source: str, db_url: str) -> int:
    """The batch driver with the flow's parallelism, no Prefect: chunks of claims read by concurrent threads over
    one OCR pool, decided in reported order, decisions published concurrently. Returns the claims decided."""
    from pipeline import PIPELINE_VERSION
    from pipeline.extract.settings import load_settings
    from pipeline.flows.settings import load_orchestration
    from pipeline.process.batch import ClaimsRead, Launch, ReadChunk, run_claims
    from pipeline.process.extraction import PhotoReader
    from pipeline.process.reference import load_rules, prepare_database
    from storage.object_store import open_store

    settings = load_orchestration()
    store = open_store(source)
    url, rules = prepare_database(db_url), load_rules(store)

    def on_threads(read: ReadChunk, chunks: list[list[str]]) -> list[ClaimsRead]:
        with ThreadPoolExecutor(settings.read_concurrency) as pool:
            return list(pool.map(read, chunks))

    launch = Launch(run_chunks=on_threads, chunk_claims=settings.chunk_claims,
                    publish_threads=settings.publish_concurrency)
    with PhotoReader(store, url, PIPELINE_VERSION, load_settings().photos.max_bytes, settings.ocr_workers) as reader:
        outcome = run_claims(store, url, rules, store.list_claims(), reader, launch)
    return len(outcome.decisions)


def run_flow(source: str, db_url: str) -> int:
    """nightly_batch through Prefect (the server already running). Returns the claims decided."""
    from pipeline.flows.claims import nightly_batch

    summary = nightly_batch(source=source, db_url=db_url)
    return len(summary.decided)


def timed(run: Callable[[str, str], int], claims: Path, work: Path, server_pid: int) -> tuple[float, int, int]:
    """Seconds, claims decided and peak RSS of one run on a fresh copy of the claims and a fresh database
    (cold extraction cache); the Prefect server's processes are not counted."""
    shutil.copytree(claims, work / "store")
    with PeakMemory(exclude=server_pid) as memory:
        started = time.perf_counter()
        decided = run(str(work / "store"), f"sqlite:///{work / 'claimflow.db'}")
        seconds = time.perf_counter() - started
    return seconds, decided, memory.peak


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200, help="at least this many photos (whole claims)")
    parser.add_argument("--seed", type=int, default=3, help="claim-set seed")
    parser.add_argument("--rounds", type=int, default=1,
                        help="runs of each kind, alternating which goes first (the median is compared)")
    args = parser.parse_args(argv)

    from prefect.settings import PREFECT_API_URL, temporary_settings

    from pipeline.flows.server import QUIET, local_server

    runs = {"stages (no Prefect)": run_stages, "nightly_batch (Prefect)": run_flow}
    results: dict[str, list[tuple[float, int, int]]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        console.print("generating the claim set …")
        claims, n_claims, photos = make_claims(work, args.photos, args.seed)
        console.print(f"{n_claims} claims, {photos} photos; starting a local Prefect server …")
        os.environ.update(QUIET)
        with local_server(work / "prefect", "127.0.0.1", PREFECT_PORT, 180) as server, \
                temporary_settings({PREFECT_API_URL: server.api_url}):
            for i in range(args.rounds):
                for name in (list(runs) if i % 2 == 0 else list(runs)[::-1]):
                    results[name].append(timed(runs[name], claims, work / f"{i}-{name[:6]}", server.process.pid))
                    console.print(f"round {i + 1}: {name} {results[name][-1][0]:.1f} s")
    table = Table("run", "claims", "photos", "seconds (each run)", "photos/min (median)",
                  "peak RSS (run + OCR workers)",
                  title=f"bench/batch.py --photos {args.photos} --seed {args.seed} --rounds {args.rounds}")
    rate = {}
    for name, done in results.items():
        rate[name] = photos / statistics.median(seconds for seconds, _, _ in done) * 60
        table.add_row(name, ", ".join(str(d) for _, d, _ in done), str(photos),
                      ", ".join(f"{seconds:.1f}" for seconds, _, _ in done), f"{rate[name]:.1f}",
                      f"{max(peak for *_, peak in done) / 2**30:.2f} GiB")
    console.print(table)
    ratio = rate["nightly_batch (Prefect)"] / rate["stages (no Prefect)"]
    console.print(f"overhead ratio (flow / stages throughput): {ratio:.3f}  (target >= 0.9)")


if __name__ == "__main__":
    main()
