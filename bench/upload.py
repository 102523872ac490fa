"""Seconds from upload to feedback for one photo, through the web app over HTTP (real OCR, real database).

    .venv/bin/python -m bench.upload --n 20 --seed 5

Serves the app with uvicorn on a free local port (SQLite and a local folder store in a temporary directory),
signs in as a field worker, files a claim and uploads generated phone photos one at a time, timing each
request from the first byte sent to the feedback received. The first upload also loads the OCR models; it is
reported on its own and left out of p50/p95.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
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
PASSWORD = "bench-password-1"


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _csrf(page: str) -> str:
    """The CSRF token of a page's form."""
    found = CSRF.search(page)
    assert found is not None, "no CSRF token on the page"
    return found.group(1)


def run(n: int, seed: int, defect_rate: float) -> dict[str, float]:
    """Upload ``n`` generated photos plus a warm-up one; returns the timing figures."""
    photos = list(generate(n + 1, seed, defect_rate=defect_rate))
    with tempfile.TemporaryDirectory() as tmp:
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
    return {"photos": len(measured), "first (model load)": times[0], "p50": statistics.median(measured),
            "p95": _percentile(measured, 0.95), "max": max(measured)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="photos to time (after one warm-up upload)")
    parser.add_argument("--seed", type=int, default=5, help="seed of the generated photos")
    parser.add_argument("--defect-rate", type=float, default=0.2, help="share of deliberately bad photos")
    parser.add_argument("--target", type=float, default=3.0, help="p95 target in seconds")
    args = parser.parse_args(argv)
    figures = run(args.n, args.seed, args.defect_rate)
    print(f"{'measure':<20} {'seconds':>8}")
    for name, value in figures.items():
        print(f"{name:<20} {value:>8.2f}" if name != "photos" else f"{name:<20} {int(value):>8d}")
    ok = figures["p95"] <= args.target
    print(f"p95 {'within' if ok else 'over'} the {args.target:.1f} s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
