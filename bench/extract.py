"""Extraction benchmark: accuracy per doc type and field, quality flags, throughput, stage times, memory.

Runs on a generated set of photographed documents (seeded) in the tuned layout families, on a second
generated set in the blind families (synthetic/blind: never tuned against, reported apart), on every
photo in ../shared/samples, and, side by side in the same run, a plain baseline: paddleocr with its
default detection and recognition settings on the raw photo (no size cap, no page finding), same
models, same parallelism. Key fields are every contract section 2 field of a doc type (hospital,
diagnosis, stations and causes included); "names/IDs/dates/amounts" is the narrower subset.

    .venv/bin/python bench/extract.py --n 300 --blind 150 --seed 7
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console
from rich.table import Table

from bench.scoring import Tally, contract_fields, field_matches, is_key_field
from models.enums import DocType

console = Console(width=150)


@dataclass
class Item:
    name: str
    data: bytes
    doc_type: str
    truth: dict
    accept: dict = field(default_factory=dict)
    bad: bool = False
    source: str = "generated"  # generated (tuned families), blind, samples or real
    defect: str | None = None
    qr: str | None = None  # the payload of the QR code the generator printed on it


@dataclass
class Outcome:
    name: str
    doc_type: str
    fields: dict
    usable: bool
    issues: list[str]
    timings: dict
    seconds: float
    pid: int
    max_rss_kb: int
    qr: dict = field(default_factory=dict)  # the fields the document's QR code carried, as decoded
    qr_payloads: list = field(default_factory=list)  # every QR code read on it, as decoded


_worker: Any = None  # an Extractor, or a _Baseline (see _init_worker)


def _init_worker(mode: str, engine: str) -> None:
    global _worker
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if mode == "claimflow":
        from pipeline.extract.settings import load_settings
        from pipeline.extract.stage import Extractor

        settings = load_settings()
        ocr = settings.ocr.model_copy(update={"threads": 1, "engine": engine})
        _worker = Extractor(settings.model_copy(update={"ocr": ocr}))
    else:
        _worker = _Baseline()


class _Baseline:
    """paddleocr as it comes: default det/rec settings, raw photo, our classifier and field rules after."""

    def __init__(self) -> None:
        import logging

        from paddleocr import PaddleOCR

        from pipeline.extract.ocr_models import DET_NAME, REC_NAME, ensure_model_dirs

        logging.getLogger("paddlex").setLevel(logging.WARNING)
        dirs = ensure_model_dirs()
        self.ocr = PaddleOCR(text_detection_model_name=DET_NAME, text_detection_model_dir=str(dirs.det),
                             text_recognition_model_name=REC_NAME, text_recognition_model_dir=str(dirs.rec),
                             use_doc_orientation_classify=False, use_doc_unwarping=False,
                             use_textline_orientation=False, device="cpu", engine="onnxruntime",
                             engine_config={"intra_op_num_threads": 1})

    def run(self, data: bytes, name: str) -> tuple[str, dict, bool, dict]:
        import cv2
        import numpy as np

        from pipeline.extract.classify import classify
        from pipeline.extract.fields.extractor import extract_fields
        from pipeline.extract.ocr import _line

        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        t = time.perf_counter()
        result = self.ocr.predict(image)[0]
        ocr_s = time.perf_counter() - t
        lines = [_line(b, x, s) for b, x, s in zip(result["rec_polys"], result["rec_texts"], result["rec_scores"])
                 if x.strip()]
        kind = classify(lines)
        found = extract_fields(kind.doc_type, lines)
        return kind.doc_type.value, {k: v.value for k, v in found.items()}, True, {"ocr": ocr_s}


def _run(item: tuple[str, bytes, str]) -> Outcome:
    name, data, mode = item
    t = time.perf_counter()
    qr: dict = {}
    payloads: list[str] = []
    if mode == "claimflow":
        r = _worker.extract(data, name)
        doc_type, fields = r.document.doc_type.value, {k: v.value for k, v in r.document.fields.present().items()}
        usable, timings = r.document.quality.usable, r.timings
        issues = [i.value for i in r.document.quality.issues]
        qr = {k: str(v) for k, v in r.qr.items()}
        payloads = list(r.qr_payloads)
    else:
        doc_type, fields, usable, timings = _worker.run(data, name)
        issues = []
    return Outcome(name, doc_type, fields, usable, issues, timings, time.perf_counter() - t, os.getpid(),
                   resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, qr, payloads)


def run_all(items: list[Item], mode: str, workers: int, engine: str = "paddleocr") -> tuple[dict[str, Outcome], float]:
    """Extract every item in a pool of ``workers`` processes; returns outcomes and wall seconds (after warm-up)."""
    if not items:
        return {}, 0.0
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(mode, engine)) as pool:
        list(pool.map(_run, [(items[0].name, items[0].data, mode)] * workers))  # load models in every worker
        t = time.perf_counter()
        outcomes = list(pool.map(_run, [(it.name, it.data, mode) for it in items], chunksize=1))
        wall = time.perf_counter() - t
    return {o.name: o for o in outcomes}, wall


def generated_items(n: int, bad: int, seed: int) -> list[Item]:
    """n good photos of the tuned layout families and bad (deliberately defective) ones."""
    from synthetic.dataset import generate

    good = [Item(p.name, p.jpeg, p.doc_type.value, dict(p.truth), qr=p.qr) for p in generate(n, seed)]
    defects = [Item("bad-" + p.name, p.jpeg, p.doc_type.value, {}, bad=True, defect=p.defect)
               for p in generate(bad, seed + 1, defect_rate=1.0)]
    return good + defects


def blind_items(n: int, seed: int) -> list[Item]:
    """n good photos of the blind layout families (a seed of their own, names prefixed blind-)."""
    from synthetic.dataset import generate

    return [Item("blind-" + p.name, p.jpeg, p.doc_type.value, dict(p.truth), source="blind", qr=p.qr)
            for p in generate(n, seed + 2, family="blind")]


def real_items(root: Path) -> list[Item]:
    """Every photo of a hand-labelled real set (labels.csv: file, doc_type, fields as JSON)."""
    import csv

    with (root / "labels.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [Item(row["file"], (root / row["file"]).read_bytes(), row["doc_type"], json.loads(row["fields"] or "{}"),
                 source="real") for row in rows]


def _real_value(name: str, value: object) -> object:
    """A value as the real set's labels compare it: stations without a trailing 站."""
    text = str(value).strip() if value is not None else None
    return text.removesuffix("站") if text and name in ("from_station", "to_station") else value


def print_real(items: list[Item], outcomes: dict[str, Outcome]) -> None:
    """Doc type and every labelled field of the real set, per doc type and overall."""
    s = Score()
    for it in items:
        o = outcomes[it.name]
        s.types.add(it.doc_type, o.doc_type == it.doc_type)
        for name, expected in it.truth.items():
            s.fields.add(f"{it.doc_type}.{name}",
                         field_matches(_real_value(name, o.fields.get(name)), _real_value(name, expected), []))
    table = Table("doc type", "n", "type acc", "fields", title="real photos and scans (hand-labelled)")
    for t in sorted(s.types.total):
        fields = [k for k in s.fields.total if k.startswith(t + ".")]
        detail = ", ".join(f"{k.split('.', 1)[1]} {_pct(s.fields.rate(k))}" for k in fields)
        table.add_row(t, str(s.types.total[t]), _pct(s.types.rate(t)), detail)
    console.print(table)
    n_fields = sum(s.fields.total.values())
    console.print(f"  doc_type {_pct(s.types.overall())} ({sum(s.types.right.values())}/{sum(s.types.total.values())});"
                  f" labelled fields {_pct(s.fields.overall())} ({sum(s.fields.right.values())}/{n_fields})")


def sample_items(root: Path) -> list[Item]:
    items = []
    for line in (root / "truth.jsonl").read_text(encoding="utf-8").splitlines():
        claim = json.loads(line)
        for doc in claim["documents"]:
            items.append(Item(doc["object"], (root / doc["object"]).read_bytes(), doc["doc_type"], doc["fields"],
                              doc.get("accept", {}), bad=doc.get("quality") != "ok", source="samples"))
    return items


@dataclass
class Score:
    types: Tally = field(default_factory=Tally)
    fields: Tally = field(default_factory=Tally)
    key_fields: Tally = field(default_factory=Tally)  # every contract section 2 field
    core_fields: Tally = field(default_factory=Tally)  # names, ID numbers, dates, amounts
    bad_flagged: Tally = field(default_factory=Tally)


def score(items: list[Item], outcomes: dict[str, Outcome]) -> Score:
    s = Score()
    for it in items:
        o = outcomes[it.name]
        s.bad_flagged.add("bad" if it.bad else "good", not o.usable)
        if it.bad:
            continue
        s.types.add(it.doc_type, o.doc_type == it.doc_type)
        for name, expected in it.truth.items():
            if name not in contract_fields(it.doc_type):
                continue
            ok = field_matches(o.fields.get(name), expected, it.accept.get(name, []))
            s.fields.add(f"{it.doc_type}.{name}", ok)
            s.key_fields.add(name, ok)
            if is_key_field(name):
                s.core_fields.add(name, ok)
    return s


def print_qr(items: list[Item], outcomes: dict[str, Outcome]) -> None:
    """How often a printed QR code was read (its payload exactly as printed), how often the fields of its doc
    type were understood from it, and how those fields compare with the truth."""
    carrying = [it for it in items if it.qr and not it.bad]
    read = [it for it in carrying if it.qr in outcomes[it.name].qr_payloads]
    decoded = [it for it in carrying if outcomes[it.name].qr]
    agree = total = 0
    for it in decoded:
        for name, value in outcomes[it.name].qr.items():
            if name in it.truth:
                total += 1
                agree += field_matches(value, it.truth[name], [])
    def share(k: int) -> str:
        return _pct(k / len(carrying) if carrying else float("nan"))

    console.print(f"  QR codes read on {len(read)}/{len(carrying)} generated documents that carry one "
                  f"({share(len(read))}), their fields understood on {len(decoded)}/{len(carrying)} "
                  f"({share(len(decoded))}); decoded fields equal to the truth {agree}/{total}")


def write_misses(path: Path, items: list[Item], outcomes: dict[str, Outcome]) -> None:
    """One JSON line per photo that went wrong: verdict, doc type and each wrong field with its truth."""
    with path.open("w", encoding="utf-8") as out:
        for it in items:
            o = outcomes[it.name]
            wrong = {} if it.bad else {
                name: {"truth": expected, "got": o.fields.get(name)} for name, expected in it.truth.items()
                if name in contract_fields(it.doc_type)
                and not field_matches(o.fields.get(name), expected, it.accept.get(name, []))}
            type_wrong = not it.bad and o.doc_type != it.doc_type
            if wrong or type_wrong or it.bad == o.usable:
                record = {"name": it.name, "source": it.source, "doc_type": it.doc_type, "got_type": o.doc_type,
                          "bad": it.bad, "defect": it.defect, "issues": o.issues, "fields": wrong}
                out.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


def _pct(x: float) -> str:
    return "-" if x != x else f"{100 * x:.1f} %"


def print_report(title: str, s: Score, baseline: Score | None) -> None:
    table = Table("doc type", "n", "type acc", "fields", title=title)
    for t in DocType:
        if s.types.total[t.value]:
            fields = [k for k in s.fields.total if k.startswith(t.value + ".")]
            detail = ", ".join(f"{k.split('.', 1)[1]} {_pct(s.fields.rate(k))}" for k in fields)
            table.add_row(t.value, str(s.types.total[t.value]), _pct(s.types.rate(t.value)), detail)
    console.print(table)
    console.print(f"  doc_type accuracy {_pct(s.types.overall())} (worst type "
                  f"{_pct(min(s.types.rate(k) for k in s.types.total))}); key fields (every contract field) "
                  f"{_pct(s.key_fields.overall())} ({sum(s.key_fields.right.values())}/"
                  f"{sum(s.key_fields.total.values())}); names/IDs/dates/amounts {_pct(s.core_fields.overall())}")
    console.print(f"  bad photos flagged unusable {_pct(s.bad_flagged.rate('bad'))} "
                  f"(n={s.bad_flagged.total['bad']}); good photos flagged {_pct(s.bad_flagged.rate('good'))}")
    if baseline:
        console.print(f"  baseline: doc_type {_pct(baseline.types.overall())}, key fields "
                      f"{_pct(baseline.key_fields.overall())}")


def print_speed(label: str, outcomes: dict[str, Outcome], wall: float) -> float:
    if not outcomes:
        return 0.0  # no photos of this set were asked for (--n 0)
    per_min = 60 * len(outcomes) / wall
    stages: dict[str, list[float]] = defaultdict(list)
    for o in outcomes.values():
        for k, v in o.timings.items():
            stages[k].append(v)
        stages["total"].append(o.seconds)
    rss: dict[int, int] = defaultdict(int)
    for o in outcomes.values():
        rss[o.pid] = max(rss[o.pid], o.max_rss_kb)
    table = Table("stage", "p50 ms", "p95 ms", title=f"{label}: {per_min:.1f} photos/min "
                  f"({len(outcomes)} photos in {wall:.1f} s), peak RSS per worker "
                  + ", ".join(f"{v / 1024:.0f} MiB" for v in rss.values()))
    for k, v in stages.items():
        q = statistics.quantiles(v, n=20) if len(v) > 1 else v * 19
        table.add_row(k, f"{statistics.median(v) * 1000:.0f}", f"{q[18] * 1000:.0f}")
    console.print(table)
    return per_min


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="generated good photos (default 300)")
    ap.add_argument("--blind", type=int, default=150, help="generated photos of the blind families (default 150)")
    ap.add_argument("--bad", type=int, default=100, help="generated deliberately bad photos (default 100)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--samples", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "samples")
    ap.add_argument("--engine", choices=["paddleocr", "rapidocr"], default=None,
                    help="OCR engine for claimflow (default: the configured one)")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--misses", type=Path, help="write every wrong doc type, field and quality verdict here (JSONL)")
    ap.add_argument("--real", type=Path, help="score only this hand-labelled real set (a folder with labels.csv)")
    args = ap.parse_args()
    if args.real:
        from pipeline.extract.settings import load_settings

        items = real_items(args.real)
        outcomes, _ = run_all(items, "claimflow", args.workers, args.engine or load_settings().ocr.engine)
        print_real(items, outcomes)
        if args.misses:
            write_misses(args.misses, items, outcomes)
        return

    generated = generated_items(args.n, args.bad, args.seed)
    good = [it for it in generated if not it.bad]
    blind = blind_items(args.blind, args.seed)
    samples = sample_items(args.samples) if args.samples.is_dir() else []
    from pipeline.extract.settings import load_settings

    engine = args.engine or load_settings().ocr.engine
    ours, wall = run_all(good, "claimflow", args.workers, engine)
    ours_speed = print_speed(f"claimflow on {engine} (generated, good photos)", ours, wall)
    ours.update(run_all([it for it in generated if it.bad], "claimflow", args.workers, engine)[0])
    ours_blind, _ = run_all(blind, "claimflow", args.workers, engine)
    ours_samples, _ = run_all(samples, "claimflow", args.workers, engine) if samples else ({}, 0)
    base = base_samples = None
    base_speed = None
    if not args.no_baseline:
        base_out, base_wall = run_all(good, "baseline", args.workers)
        base_speed = print_speed("plain paddleocr baseline (generated, good photos)", base_out, base_wall)
        base = score(good, base_out)
        if samples:
            base_samples = score(samples, run_all(samples, "baseline", args.workers)[0])
    if generated:
        print_report(f"generated set, tuned families (seed {args.seed})", score(generated, ours), base)
        print_qr(generated, ours)
    if blind:
        print_report(f"generated set, blind families (seed {args.seed + 2}; never tuned against)",
                     score(blind, ours_blind), None)
        print_qr(blind, ours_blind)
    if samples:
        print_report("../shared/samples", score(samples, ours_samples), base_samples)
    if args.misses:
        write_misses(args.misses, generated + blind + samples, {**ours, **ours_blind, **ours_samples})
    if base_speed:
        console.print(f"throughput ratio claimflow / baseline: {ours_speed / base_speed:.2f}x "
                      f"({ours_speed:.1f} vs {base_speed:.1f} photos/min)")


if __name__ == "__main__":
    main()
