"""Seconds from upload to feedback for one photo, through the web app over HTTP (real OCR, real database).

    .venv/bin/python -m bench.upload --n 20 --seed 5
    .venv/bin/python -m bench.upload --n 20 --seed 5 --beside-batch     # while claimflow process runs

Serves the app with uvicorn on a free local port (SQLite and a local folder store in a temporary directory),
signs in as a field worker, files a claim and uploads generated phone photos one at a time, timing each
request from the first byte sent to the feedback received. The first upload also loads the OCR models; it is
reported on its own and left out of p50/p95. The answer carries the quality verdict, the document type and the
checklist together, so one time serves both targets (verdict and type within 1.5 s, the whole answer within
3 s). With --beside-batch, `claimflow process` runs on the example claims, over and over, for the whole timing.
"""
from __future__ import annotations

import argparse
import contextlib
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
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
            times = []
            for photo in photos:
                started = time.perf_counter()
                response = client.post(f"/api/claims/{claim_id}/photos", data={"csrf_token": token},
                                       files={"photo": (photo.name, photo.jpeg, "image/jpeg")})
                times.append(time.perf_counter() - started)
                response.raise_for_status()
    measured = times[1:]
    figures = {"photos": len(measured), "first (model load)": times[0], "p50": statistics.median(measured),
               "p95": _percentile(measured, 0.95), "max": max(measured)}
    if batch is not None:
        figures["batch runs finished"] = batch.runs
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="photos to time (after one warm-up upload)")
    parser.add_argument("--seed", type=int, default=5, help="seed of the generated photos")
    parser.add_argument("--defect-rate", type=float, default=0.2, help="share of deliberately bad photos")
    parser.add_argument("--target", type=float, default=3.0, help="p95 target in seconds")
    parser.add_argument("--beside-batch", action="store_true", help="time while claimflow process runs")
    args = parser.parse_args(argv)
    figures = run(args.n, args.seed, args.defect_rate, args.beside_batch)
    print("beside a running claimflow process" if args.beside_batch else "alone")
    print(f"{'measure':<20} {'seconds':>8}")
    for name, value in figures.items():
        print(f"{name:<20} {value:>8.2f}" if isinstance(value, float) else f"{name:<20} {int(value):>8d}")
    ok = figures["p95"] <= args.target
    print(f"p95 {'within' if ok else 'over'} the {args.target:.1f} s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
