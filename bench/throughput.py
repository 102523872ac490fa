"""Throughput of the whole pipeline against OCR alone, on the same photos, cold, one command each:

1. ``claimflow process`` end to end (model load, page, quality, OCR, second readings, fields, decisions) on a
   fresh data folder and database, its OCR processes as configured;
2. the OCR engine alone with claimflow's settings (extraction.yaml ``ocr``: detection size, recogniser width),
   each photo decoded and read whole, run two ways: as ``claimflow process`` runs its OCR (``--workers``
   processes of one thread each) and as one process on the configured threads; the faster is the one compared;
3. paddleocr as it comes on the same PP-OCRv6 models (its default detection and recogniser settings, the raw
   photo, OCR only), one process with the same threads.

Prints seconds and photos/min for each, the ratios asked of the pipeline (end to end / OCR alone, target
≥ 0.95; end to end / plain paddleocr, target ≥ 2.5) and the peak memory of each OCR process (target ≤ 1.5 GiB).

    .venv/bin/python -m bench.throughput --photos 60 --seed 3
"""
from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from bench.batch import make_claims

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic")


class PeakPerProcess:
    """Samples the RSS of every process under ``root`` (a pid); ``peaks`` maps each pid seen to its largest."""

    def __init__(self, root: int, every: float = 0.2) -> None:
        self.root, self.every, self.peaks = root, every, dict[int, int]()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with contextlib.suppress(psutil.Error):
            top = psutil.Process(self.root)
            while not self._stop.is_set():
                for p in [top, *top.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        self.peaks[p.pid] = max(self.peaks.get(p.pid, 0), p.memory_info().rss)
                self._stop.wait(self.every)

    def __enter__(self) -> PeakPerProcess:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds of a command and the largest peak RSS among its processes (bytes)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    with PeakPerProcess(process.pid) as memory:
        if process.wait() != 0:
            raise SystemExit(f"{' '.join(command)} failed with {process.returncode}")
    return time.perf_counter() - started, max(memory.peaks.values(), default=0)


def read_all(folder: Path, plain: bool, processes: int) -> None:
    """Read every photo under ``folder`` with the engine alone (claimflow's OCR settings, in ``processes``
    processes) or paddleocr as it comes; the worker side of runs 2 and 3."""
    import cv2
    import numpy as np

    from pipeline.extract.settings import load_settings

    settings = load_settings().ocr
    photos = sorted(p for p in folder.rglob("*") if p.suffix.lower() in PHOTO_SUFFIXES)
    if plain:
        from paddleocr import PaddleOCR

        from pipeline.extract.ocr_models import DET_NAME, REC_NAME, ensure_model_dirs

        dirs = ensure_model_dirs()  # the stock configs: paddleocr's own defaults
        ocr = PaddleOCR(text_detection_model_name=DET_NAME, text_detection_model_dir=str(dirs.det),
                        text_recognition_model_name=REC_NAME, text_recognition_model_dir=str(dirs.rec),
                        use_doc_orientation_classify=False, use_doc_unwarping=False, use_textline_orientation=False,
                        device="cpu", engine="onnxruntime", engine_config={"intra_op_num_threads": settings.threads})
        for photo in photos:
            ocr.predict(cv2.imdecode(np.fromfile(photo, np.uint8), cv2.IMREAD_COLOR))
        return
    if processes <= 1:
        _engine_reads(photos, settings.threads)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(processes) as pool:  # every process its share, one thread each, as claimflow's workers
        list(pool.map(_engine_reads, [photos[i::processes] for i in range(processes)], [1] * processes))


def _engine_reads(photos: list[Path], threads: int) -> None:
    """Decode and read each photo whole with the configured engine on ``threads`` threads."""
    from pipeline.extract.loading import load_photo
    from pipeline.extract.ocr import create_engine
    from pipeline.extract.settings import load_settings

    settings = load_settings()
    engine = create_engine(settings.ocr.model_copy(update={"threads": threads}))
    for photo in photos:
        engine.recognize(load_photo(photo.read_bytes(), photo.name, settings.photos))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--photos", type=int, default=60, help="at least this many photos (whole claims)")
    parser.add_argument("--seed", type=int, default=3, help="claim-set seed")
    parser.add_argument("--read-only", choices=("engine", "plain"), help=argparse.SUPPRESS)  # a run's worker
    parser.add_argument("--workers", type=int, default=2, help="claimflow process --workers (its OCR processes)")
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.read_only:
        read_all(args.folder, args.read_only == "plain", args.workers)
        return 0

    python, claimflow = sys.executable, str(Path(sys.executable).with_name("claimflow"))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        claims, n_claims, photos = make_claims(work, args.photos, args.seed)
        print(f"{n_claims} claims, {photos} photos (seed {args.seed}); each run cold, one command")
        env = {**os.environ, "CLAIMFLOW_DATA_DIR": str(work / "data")}
        runs = {
            "claimflow process, end to end": [claimflow, "process", str(claims), "--out", str(work / "out.jsonl"),
                                              "--db", f"sqlite:///{work / 'claimflow.db'}",
                                              "--workers", str(args.workers)],
            f"OCR alone, {args.workers} processes x 1 thread": [python, "-m", "bench.throughput", "--read-only",
                                                                "engine", "--workers", str(args.workers),
                                                                "--folder", str(claims / "intake")],
            "OCR alone, 1 process, configured threads": [python, "-m", "bench.throughput", "--read-only", "engine",
                                                         "--workers", "1", "--folder", str(claims / "intake")],
            "paddleocr as it comes, OCR only": [python, "-m", "bench.throughput", "--read-only", "plain",
                                                "--folder", str(claims / "intake")],
        }
        results = {name: timed(command, env) for name, command in runs.items()}
    print(f"{'run':<42} {'seconds':>8} {'photos/min':>11} {'peak RSS of a process':>22}")
    for name, (seconds, peak) in results.items():
        print(f"{name:<42} {seconds:>8.1f} {photos / seconds * 60:>11.1f} {peak / 2**30:>18.2f} GiB")
    end_to_end, spread, single, plain = (results[name][0] for name in runs)
    print(f"end to end / OCR alone (its faster way): {min(spread, single) / end_to_end:.2f} x (target >= 0.95)")
    print(f"end to end / plain paddleocr: {plain / end_to_end:.2f} x (target >= 2.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
