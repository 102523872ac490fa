"""Batch benchmark: the same generated photos through ``nightly_batch`` (Prefect) and through the stages
called directly with the same parallelism and no Prefect.

Generates a claim set (synthetic.claims, 150 claims), takes whole claims in report order until at least
--photos photos, and copies them into two fresh local stores, each with its own SQLite database (cold
extraction cache for both). "stages" runs pipeline.process's per-claim functions with the orchestration
settings' chunking and thread counts and one PhotoReader of ``ocr_workers`` processes; "nightly_batch" runs
the flow on a local Prefect server started beforehand (its start-up is not timed). Prints photos/min, the
overhead ratio (flow throughput / stage throughput) and the peak memory of each run's process tree.

    .venv/bin/python bench/batch.py --photos 200 --seed 3
"""
import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

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
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def make_sources(work: Path, photos: int, seed: int) -> tuple[list[Path], int, int]:
    """Two identical stores holding whole generated claims with at least ``photos`` photos in all."""
    from synthetic.claims import write_set

    generated = work / "generated"
    write_set(generated, seed=seed)
    chosen, count = [], 0
    for folder in sorted((generated / "intake").iterdir()):  # CN<reported date>-<seq>: report order
        if count >= photos:
            break
        chosen.append(folder)
        count += sum(1 for p in folder.iterdir() if p.name != "claim.json")
    stores = []
    for name in ("stages", "flow"):
        store = work / name
        for folder in chosen:
            shutil.copytree(folder, store / "intake" / folder.name)
        for ref in ("roster.csv", "hospitals.csv"):
            shutil.copy(generated / ref, store / ref)
        stores.append(store)
    return stores, len(chosen), count


def run_stages(source: str, db_url: str) -> int:
    """The stages with the flow's parallelism, no Prefect: chunks of claims read by concurrent threads over one
    OCR pool, decided in reported order, decisions published concurrently. Returns the claims decided."""
    from pipeline import PIPELINE_VERSION
    from pipeline.extract.settings import load_settings
    from pipeline.flows.settings import load_orchestration
    from pipeline.process.extraction import PhotoReader
    from pipeline.process.flow import (decide_read_claim, load_rules, prepare_database, publish_decision,
                                       read_claim, reported_order)
    from storage.object_store import open_store

    settings = load_orchestration()
    store = open_store(source)
    url, rules = prepare_database(db_url), load_rules(store)
    ids = store.list_claims()
    chunks = [ids[i:i + settings.chunk_claims] for i in range(0, len(ids), settings.chunk_claims)]
    with PhotoReader(store, url, PIPELINE_VERSION, load_settings().photos.max_bytes, settings.ocr_workers) as reader:
        def read(chunk: list[str]) -> list:
            return [read_claim(store, c, reader, url) for c in chunk]

        with ThreadPoolExecutor(settings.read_concurrency) as pool:
            reads = [r for part in pool.map(read, chunks) for r in part]
    decisions = [decide_read_claim(url, r, rules) for r in reported_order(reads)]
    with ThreadPoolExecutor(settings.publish_concurrency) as pool:
        list(pool.map(lambda d: publish_decision(store, d), decisions))
    return len(decisions)


def run_flow(source: str, db_url: str) -> int:
    """nightly_batch through Prefect (the server already running). Returns the claims decided."""
    from pipeline.flows.claims import nightly_batch

    summary = nightly_batch(source=source, db_url=db_url)
    return len(summary.decided)


def timed(run: Callable[[str, str], int], source: Path, db: Path, server_pid: int) -> tuple[float, int, int]:
    """Seconds, claims decided and peak RSS of one run (the Prefect server's processes not counted)."""
    with PeakMemory(exclude=server_pid) as memory:
        started = time.perf_counter()
        decided = run(str(source), f"sqlite:///{db}")
        seconds = time.perf_counter() - started
    return seconds, decided, memory.peak


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200, help="at least this many photos (whole claims)")
    parser.add_argument("--seed", type=int, default=3, help="claim-set seed")
    args = parser.parse_args(argv)

    from pipeline.flows.server import QUIET, local_server
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        console.print("generating the claim set …")
        (stages_src, flow_src), claims, photos = make_sources(work, args.photos, args.seed)
        console.print(f"{claims} claims, {photos} photos; starting a local Prefect server …")
        os.environ.update(QUIET)
        with local_server(work / "prefect", "127.0.0.1", PREFECT_PORT, 180) as server, \
                temporary_settings({PREFECT_API_URL: server.api_url}):
            pid = server.process.pid
            results = {"stages (no Prefect)": timed(run_stages, stages_src, work / "stages.db", pid),
                       "nightly_batch (Prefect)": timed(run_flow, flow_src, work / "flow.db", pid)}
    table = Table("run", "claims", "photos", "seconds", "photos/min", "peak RSS (run + OCR workers)",
                  title=f"bench/batch.py --photos {args.photos} --seed {args.seed}")
    rate = {}
    for name, (seconds, decided, peak) in results.items():
        rate[name] = photos / seconds * 60
        table.add_row(name, str(decided), str(photos), f"{seconds:.1f}", f"{rate[name]:.1f}", f"{peak / 2**30:.2f} GiB")
    console.print(table)
    ratio = rate["nightly_batch (Prefect)"] / rate["stages (no Prefect)"]
    console.print(f"overhead ratio (flow / stages throughput): {ratio:.3f}  (target >= 0.9)")


if __name__ == "__main__":
    main()
