"""Triage benchmark: decisions against truth on ../shared/samples and on a generated claim set.

For each set it runs ``claimflow process`` (or reads a decisions.jsonl given with --decisions) and
compares with the set's truth.jsonl: unsafe fast-pays (truth manual_review, decided fast_pay), route
accuracy, fast-pay recall (clean claims fast-paid), truth reason codes found (optional_reasons may
appear; other extra codes are listed), and the payable amount on every claim the truth fast-pays.
Targets: 0 unsafe, route accuracy >= 97 %, fast-pay recall >= 95 %, every truth reason found, every
fast-pay amount exact. A generated set mixes in photos of the blind layout families (--blind-share);
claims holding any are also scored apart.

    .venv/bin/python bench/triage.py                       # the shared samples
    .venv/bin/python bench/triage.py --generated 150 --seed 1 --no-samples --blind-share 0.5
"""
import argparse
import json
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console
from rich.table import Table

console = Console(width=160)
SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
ROUTE_TARGET = 0.97
RECALL_TARGET = 0.95


@dataclass
class Row:
    """One claim compared with its truth."""

    claim_id: str
    scenario: str
    truth_route: str
    route: str
    missing: list[str]
    extra: list[str]
    truth_amount: Decimal | None
    amount: Decimal | None
    error: str | None = None
    misread: list[str] = field(default_factory=list)  # where extraction differs from the truth documents
    blind: bool = False  # the claim holds a photo of a blind layout family

    @property
    def unsafe(self) -> bool:
        return self.truth_route == "manual_review" and self.route == "fast_pay"

    @property
    def amount_ok(self) -> bool:
        return self.truth_route != "fast_pay" or self.amount == self.truth_amount


@dataclass
class Score:
    name: str
    rows: list[Row] = field(default_factory=list)
    recall: Counter = field(default_factory=Counter)
    planted: Counter = field(default_factory=Counter)

    def targets(self) -> list[tuple[str, str, bool]]:
        n = len(self.rows)
        route_ok = sum(r.route == r.truth_route for r in self.rows)
        unsafe = sum(r.unsafe for r in self.rows)
        found = sum(not r.missing for r in self.rows)
        fast = [r for r in self.rows if r.truth_route == "fast_pay"]
        exact = sum(r.amount_ok for r in fast)
        paid = sum(r.route == "fast_pay" for r in fast)
        fast_paid = [r for r in self.rows if r.route == "fast_pay"]
        wrong = sum(r.amount != r.truth_amount for r in fast_paid)
        recall = paid / len(fast) if fast else 1.0
        clean = [r for r in self.rows if not r.misread]
        clean_ok = sum(r.route == r.truth_route and not r.missing and r.amount_ok for r in clean)
        return [
            ("unsafe fast-pays", f"{unsafe}", unsafe == 0),
            ("fast-pays paying a wrong amount", f"{wrong} of {len(fast_paid)}", wrong == 0),
            ("route accuracy", f"{route_ok}/{n} = {route_ok / n:.1%}", route_ok / n >= ROUTE_TARGET),
            ("fast-pay recall (clean claims fast-paid)", f"{paid}/{len(fast)} = {recall:.1%}",
             recall >= RECALL_TARGET),
            ("claims with every truth reason", f"{found}/{n}", found == n),
            ("amount exact where the truth fast-pays (none if sent to review)", f"{exact}/{len(fast)}",
             exact == len(fast)),
            ("all right where extraction read every photo right", f"{clean_ok}/{len(clean)}",
             clean_ok == len(clean)),
        ]


def _money(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def score(name: str, truth_path: Path, decisions_path: Path) -> Score:
    """Compare a decisions.jsonl with a truth.jsonl, claim by claim."""
    truth = {t["claim_id"]: t for t in map(json.loads, truth_path.read_text(encoding="utf-8").splitlines())}
    decided = {d["claim_id"]: d for d in map(json.loads, decisions_path.read_text(encoding="utf-8").splitlines())}
    result = Score(name)
    for claim_id, t in sorted(truth.items()):
        d = decided.get(claim_id, {"route": "(none)", "reasons": [], "payable_amount": None, "error": "no decision"})
        codes = {r["code"] for r in d["reasons"]}
        for code in t["reasons"]:
            result.planted[code] += 1
            result.recall[code] += code in codes
        result.rows.append(Row(
            claim_id, t.get("scenario", ""), t["route"], d["route"], sorted(set(t["reasons"]) - codes),
            sorted(codes - set(t["reasons"]) - set(t.get("optional_reasons", []))),
            _money(t.get("payable_amount")), _money(d.get("payable_amount")), d.get("error"),
            misreads(t["documents"], d.get("documents", [])),
            any(doc.get("family") == "blind" for doc in t["documents"])))
    return result


def misreads(truth_docs: list[dict], documents: list[dict]) -> list[str]:
    """Where extraction differs from the truth: a photo's type, its usability, or a key field it shows."""
    from bench.scoring import field_matches
    from models.document import FIELDS_BY_DOC_TYPE
    from models.enums import DocType

    found = {d["object"]: d for d in documents}
    out = []
    for t in truth_docs:
        d = found.get(t["object"])
        name = t["object"].rsplit("/", 1)[-1]
        if d is None:
            out.append(f"{name}: no document")
        elif d["doc_type"] != t["doc_type"]:
            out.append(f"{name}: {t['doc_type']} read as {d['doc_type']}")
        elif d["quality"]["usable"] != (t.get("quality", "ok") == "ok"):
            out.append(f"{name}: {'usable' if d['quality']['usable'] else 'unusable'}")
        else:
            accept = t.get("accept", {})
            readable = FIELDS_BY_DOC_TYPE[DocType(t["doc_type"])].model_fields
            shown = {**t["fields"], **{f: v for f, v in t.get("info", {}).items() if f in readable}}  # insurance_paid
            out += [f"{t['doc_type']}.{f}" for f, v in shown.items()
                    if not field_matches(d["fields"].get(f, {}).get("value"), v, accept.get(f, []))]
    return out


def run_process(source: Path, out: Path, db_url: str | None, workers: int) -> None:
    """``claimflow process SOURCE --out OUT`` in this process, on a fresh SQLite database unless --db is given."""
    from pipeline.process.source_run import process_source

    with tempfile.TemporaryDirectory() as tmp:
        url = db_url or f"sqlite:///{Path(tmp) / 'claimflow.db'}"
        with console.status(f"processing {source} …"):
            result = process_source(str(source), out, db_url=url, workers=workers)
    console.print(f"{source}: {len(result.decisions)} claims in {result.seconds:.0f} s "
                  f"({result.extracted} photos extracted, {result.cached} from the cache)")


def _short(items: list[str], keep: int = 2) -> str:
    if not items:
        return "-"
    return "; ".join(items[:keep]) + (f" (+{len(items) - keep})" if len(items) > keep else "")


def print_score(s: Score, all_rows: bool) -> None:
    rows = Table("claim", "scenario", "truth", "decided", "missing reasons", "extra reasons", "payable truth/ours",
                 "extraction misreads",
                 title=f"{s.name}: per claim" + ("" if all_rows else " (claims not fully right)"))
    for r in s.rows:
        wrong = r.route != r.truth_route or r.missing or not r.amount_ok
        if not (all_rows or wrong):
            continue
        style = "red" if r.unsafe else ("yellow" if wrong else "")
        rows.add_row(r.claim_id, r.scenario[:48], r.truth_route, r.route, ",".join(r.missing) or "-",
                     ",".join(r.extra) or "-", f"{r.truth_amount}/{r.amount}" + ("" if r.amount_ok else " ✗"),
                     _short(r.misread), style=style)
    console.print(rows)
    codes = Table("reason code", "planted", "found", title=f"{s.name}: truth reasons found")
    for code, n in sorted(s.planted.items()):
        codes.add_row(code, str(n), str(s.recall[code]))
    console.print(codes)
    blind = Score(f"{s.name}, claims with blind-family photos", [r for r in s.rows if r.blind])
    for part in (s, blind) if blind.rows and len(blind.rows) < len(s.rows) else (s,):
        targets = Table("target", "value", "met", title=f"{part.name}: targets ({len(part.rows)} claims)")
        for label, value, ok in part.targets():
            targets.add_row(label, value, "[green]yes[/]" if ok else "[red]NO[/]")
        console.print(targets)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=Path, default=SAMPLES, help="the example set (default ../shared/samples)")
    ap.add_argument("--no-samples", action="store_true", help="skip the example set")
    ap.add_argument("--decisions", type=Path, help="score this decisions.jsonl for the samples instead of running")
    ap.add_argument("--generated", type=int, metavar="N", help="also generate N claims (synthetic.claims) and score")
    ap.add_argument("--seed", type=int, default=1, help="seed of the generated set (default 1)")
    ap.add_argument("--difficulty", default="easy", choices=("easy", "normal", "hard"),
                    help="photo difficulty of the generated set (default easy)")
    ap.add_argument("--blind-share", type=float, default=0.5,
                    help="share of generated photos from the blind layout families (default 0.5)")
    ap.add_argument("--generated-decisions", type=Path, help="score this decisions.jsonl for the generated set")
    ap.add_argument("--keep", type=Path, help="write the generated set and decisions here (default: a temp dir)")
    ap.add_argument("--db", help="claim database URL to use (default: a fresh SQLite per set)")
    ap.add_argument("--workers", type=int, default=2, help="extraction processes (default 2)")
    ap.add_argument("--all", action="store_true", help="list every claim, not only those not fully right")
    args = ap.parse_args(argv)

    scores: list[Score] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if not args.no_samples:
            decisions = args.decisions or work / "samples.decisions.jsonl"
            if args.decisions is None:  # on a copy: process writes decisions/ and derived/ into its source
                copy = work / "samples"
                if not copy.exists():
                    shutil.copytree(args.samples, copy, ignore=shutil.ignore_patterns("decisions", "derived"))
                run_process(copy, decisions, args.db, args.workers)
            scores.append(score("samples", args.samples / "truth.jsonl", decisions))
        if args.generated:
            from synthetic.claims import write_set

            folder = work / f"generated-{args.generated}-{args.seed}-blind{args.blind_share:g}"
            if not (folder / "truth.jsonl").exists():
                with console.status(f"generating {args.generated} claims (seed {args.seed}) …"):
                    write_set(folder, args.generated, args.seed, args.difficulty, blind_share=args.blind_share)
            decisions = args.generated_decisions or folder.with_name(folder.name + ".decisions.jsonl")
            if args.generated_decisions is None:
                run_process(folder, decisions, args.db, args.workers)
            scores.append(score(f"generated ({args.generated}, seed {args.seed}, {args.difficulty}, "
                                f"blind share {args.blind_share:g})",
                                folder / "truth.jsonl", decisions))
    for s in scores:
        print_score(s, args.all)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
