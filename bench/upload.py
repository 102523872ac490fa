"""Seconds from upload to feedback for one photo, through the web app over HTTP (real OCR, real database).

    .venv/bin/python -m bench.upload --n 20 --seed 5
    .venv/bin/python -m bench.upload --n 20 --seed 5 --beside-batch     # while claimflow process runs

Serves the app with uvicorn on a free local port (SQLite and a local folder store in a temporary directory),
signs in as a field worker, files a claim and uploads generated phone photos one at a time, timing each
request from the first byte sent to each answer line received: the first look (quality verdict and a
provisional document type; target 1.5 s at p95) and the final answer (the full reading and the checklist;
target 3 s at p95). The first upload also loads the OCR models; it is reported on its own and left out of
p50/p95. It also counts how often the first look's type and verdict are the final answer's. With
--beside-batch, `claimflow process` runs on the example claims, over and over, for the whole timing.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from storage.database.session import session_scope
from synthetic.dataset import generate
from tests.webapp.conftest import REPORT, make_config
from tests.webapp.live import serve
from webapp.accounts import create_user
from webapp.app import create_app

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "timing passphrase 7"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _csrf(page: str) -> str:
    """The CSRF token of a page's form."""
    found = CSRF.search(page)
    assert found is not None, "no CSRF token on the page"
    return found.group(1)


class BatchBeside:
    """``claimflow process`` on the example claims, started again (fresh database) each time it ends, until
    stopped: the load of a nightly batch on the same machine."""

    def __init__(self, work: Path) -> None:
        self.work, self.runs, self._stop = work, 0, threading.Event()
        claimflow = Path(sys.executable).with_name("claimflow")
        subprocess.run([str(claimflow), "examples", str(work / "examples")], check=True, capture_output=True)
        self._command = [str(claimflow), "process", str(work / "examples"), "--out", str(work / "out.jsonl")]
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while not self._stop.is_set():
            db = self.work / f"batch-{self.runs}.db"
            process = subprocess.Popen([*self._command, "--db", f"sqlite:///{db}"], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            while process.poll() is None:
                if self._stop.wait(0.5):
                    process.terminate()
                    process.wait()
                    return
            self.runs += 1

    def __enter__(self) -> BatchBeside:
        self._thread.start()
        time.sleep(5)  # the batch's OCR processes are loading and reading by the time the timing starts
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@dataclass(frozen=True)
class Upload:
    """One upload's timings (seconds to the first look and to the final answer) and whether they agreed."""

    look: float
    final: float
    same_type: bool
    same_verdict: bool


def _upload(client: httpx.Client, claim_id: str, token: str, name: str, jpeg: bytes) -> Upload:
    """Send one photo and time each answer line as it arrives."""
    started, at, answers = time.perf_counter(), {}, {}
    with client.stream("POST", f"/api/claims/{claim_id}/photos", data={"csrf_token": token},
                       files={"photo": (name, jpeg, "image/jpeg")}) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if line.strip():
                answer = json.loads(line)
                at[answer["stage"]], answers[answer["stage"]] = time.perf_counter() - started, answer
    final = answers["final"]
    look = answers.get("glance", final)  # a photo sent before has its final answer only
    return Upload(at.get("glance", at["final"]), at["final"], look["doc_type"] == final["doc_type"],
                  look["usable"] == final["usable"])


def run(n: int, seed: int, defect_rate: float, beside_batch: bool = False) -> dict[str, float | int]:
    """Upload ``n`` generated photos plus a warm-up one (while a batch runs beside, if asked); returns the
    timing figures."""
    photos = list(generate(n + 1, seed, defect_rate=defect_rate))
    with tempfile.TemporaryDirectory() as tmp, \
            (BatchBeside(Path(tmp)) if beside_batch else contextlib.nullcontext()) as batch:
        config = make_config(f"sqlite:///{Path(tmp) / 'bench.db'}", Path(tmp) / "store")
        app = create_app(config)
        with session_scope(config.db_url) as session:
            create_user(session, "bench", PASSWORD, "field_staff")
        with serve(app) as base, httpx.Client(base_url=base, timeout=120) as client:
            token = _csrf(client.get("/login").text)
            client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
            token = _csrf(client.get("/claims/new").text)
            filed = client.post("/claims/new", data={**REPORT, "csrf_token": token})
            claim_id = filed.headers["location"].rsplit("/", 1)[-1]
            uploads = [_upload(client, claim_id, token, photo.name, photo.jpeg) for photo in photos]
    measured = uploads[1:]
    looks = [u.look for u in measured]
    finals = [u.final for u in measured]
    figures: dict[str, float | int] = {
        "photos": len(measured), "first (model load)": uploads[0].final,
        "first look p50": statistics.median(looks), "first look p95": _percentile(looks, 0.95),
        "final p50": statistics.median(finals), "final p95": _percentile(finals, 0.95), "final max": max(finals),
        "same type": sum(u.same_type for u in measured), "same verdict": sum(u.same_verdict for u in measured)}
    if batch is not None:
        figures["batch runs finished"] = batch.runs
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="photos to time (after one warm-up upload)")
    parser.add_argument("--seed", type=int, default=5, help="seed of the generated photos")
    parser.add_argument("--defect-rate", type=float, default=0.2, help="share of deliberately bad photos")
    parser.add_argument("--look-target", type=float, default=1.5, help="first-look p95 target in seconds")
    parser.add_argument("--target", type=float, default=3.0, help="final-answer p95 target in seconds")
    parser.add_argument("--beside-batch", action="store_true", help="time while claimflow process runs")
    args = parser.parse_args(argv)
    figures = run(args.n, args.seed, args.defect_rate, args.beside_batch)
    print("beside a running claimflow process" if args.beside_batch else "alone")
    print(f"{'measure':<20} {'seconds':>8}")
    for name, value in figures.items():
        print(f"{name:<20} {value:>8.2f}" if isinstance(value, float) else f"{name:<20} {int(value):>8d}")
    for what, key, target in (("first look", "first look p95", args.look_target),
                              ("final answer", "final p95", args.target)):
        ok = figures[key] <= target
        print(f"{what}: p95 {'within' if ok else 'over'} the {target:.1f} s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
