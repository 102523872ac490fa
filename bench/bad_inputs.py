"""A batch over an operator's worst night: at least 1,000 bad inputs in claim folders beside valid claims.

Plants seeded bad claim folders and bad photos (synthetic.bad_inputs) in a fresh local source, optionally
beside ../shared/samples' claims, runs ``claimflow process`` on it as a subprocess, and counts every planted
input: handled with a clear per-claim error (an error line naming the folder, in a queue, and an intake
problem recorded), handled per object (the claim decided, the object an unreadable document with its reason
in the batch's summary), or anything else. Also checks that the valid claims are decided as they are alone,
that nothing outside the source was read and that nothing under intake/ changed.

    .venv/bin/python bench/bad_inputs.py --folders 420 --seed 7 [--samples ../shared/samples]
"""
import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from storage.object_store import printable  # noqa: E402
from synthetic.bad_inputs import FOLDER, BadInput, intake_snapshot, outside_photo, plant_bad_claims  # noqa: E402


def run_batch(source: Path, out: Path, db: Path, workers: int) -> tuple[int, float, str]:
    """``claimflow process`` as an operator runs it: exit code, seconds and what it printed."""
    started = time.perf_counter()
    done = subprocess.run([str(REPO / ".venv/bin/claimflow"), "process", str(source), "--out", str(out),
                           "--db", f"sqlite:///{db}", "--workers", str(workers)],
                          capture_output=True, text=True, timeout=7200)
    return done.returncode, time.perf_counter() - started, done.stdout + done.stderr


def classify(planted: list[BadInput], lines: dict[str, dict], problems: set[str], printed: str) -> Counter:
    """How each planted input was handled."""
    counts: Counter = Counter()
    for bad in planted:
        line = lines.get(printable(bad.folder))
        if line is None:
            counts["no line for its folder"] += 1
        elif bad.level == FOLDER:
            clear = (line.get("error") and line["queues"] and printable(bad.folder) in problems
                     and line["route"] == "manual_review")
            counts["per-claim error (line, queue, intake problem)" if clear else "folder problem not reported"] += 1
        else:
            shown = printable(bad.object or "")
            doc = next((d for d in line["documents"] if d["object"] == shown), None)
            reasons = {(r["code"], r["detail"]) for r in line["reasons"]}
            if line.get("error"):
                counts["photo failed its whole claim"] += 1
            elif doc is None:
                counts["photo missing from its claim's decision"] += 1
            elif not doc["quality"]["usable"] and ("UNREADABLE_DOCUMENT", shown) in reasons:
                counts["per-object: unreadable document, claim decided"] += 1
            elif doc["doc_type"] == "other" and ("UNKNOWN_DOCUMENT", shown) in reasons:
                counts["per-object: unknown document, claim decided"] += 1
            else:
                counts["photo passed as a document"] += 1
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folders", type=int, default=420, help="bad claim folders to plant")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--samples", type=Path, default=None, help="valid claims to mix in (a source folder)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bad-inputs-") as tmp:
        work = Path(tmp)
        source = work / "source"
        outside = work / "outside.jpg"
        outside_sha = outside_photo(outside)
        alone: dict[str, str] = {}
        if args.samples:
            shutil.copytree(args.samples / "intake", source / "intake")
            shutil.copy(args.samples / "roster.csv", source / "roster.csv")
            code, seconds, _ = run_batch(source, work / "alone.jsonl", work / "alone.db", args.workers)
            print(f"valid claims alone: exit {code}, {seconds:.1f} s")
            alone = {json.loads(ln)["claim_id"]: _timeless(ln)
                     for ln in (work / "alone.jsonl").read_text().splitlines()}
            shutil.copy(work / "alone.db", work / "mixed.db")  # its OCR cache, so only bad inputs cost time
            shutil.rmtree(source / "decisions", ignore_errors=True)
        else:
            source.mkdir()
            (source / "roster.csv").write_text("id_number,name,birth_date,town,covered_from,covered_to\n")
        planted = plant_bad_claims(source, args.folders, args.seed, outside)
        before = intake_snapshot(source)
        code, seconds, printed = run_batch(source, work / "mixed.jsonl", work / "mixed.db", args.workers)
        lines = {}
        if (work / "mixed.jsonl").exists():
            lines = {json.loads(ln)["claim_id"]: json.loads(ln)
                     for ln in (work / "mixed.jsonl").read_text().splitlines()}
        with sqlite3.connect(work / "mixed.db") as db:
            problems = {row[0] for row in db.execute("SELECT folder FROM intake_problems")}
            outside_read = db.execute("SELECT count(*) FROM documents WHERE sha256 = ?", (outside_sha,)).fetchone()[0]
        folders = len({b.folder for b in planted}) + len(alone)
        counts = classify(planted, lines, problems, printed)
        same = sum(_timeless(json.dumps(lines[c])) == alone[c] for c in alone if c in lines)
        derived_outside = list(source.glob(f"derived/**/{outside_sha}*"))
        print(f"claimflow process: exit {code} in {seconds:.1f} s; {len(lines)} lines for {folders} claim folders")
        print(f"bad inputs tried: {len(planted)} ({sum(b.level == FOLDER for b in planted)} folder or claim.json, "
              f"{sum(b.level != FOLDER for b in planted)} photos) of {len({b.kind for b in planted})} kinds")
        for what, n in counts.most_common():
            print(f"  {n:5d}  {what}")
        print(f"valid claims decided as alone: {same}/{len(alone)}")
        print(f"outside photo read: {outside_read} times; pages of it in derived/: {len(derived_outside)}")
        print(f"intake/ unchanged: {intake_snapshot(source) == before}")
        if code != 0:
            print(printed[-3000:])
    return 0


def _timeless(line: str) -> str:
    data = json.loads(line)
    data.pop("decided_at", None)
    return json.dumps(data, sort_keys=True, ensure_ascii=False)


if __name__ == "__main__":
    raise SystemExit(main())
