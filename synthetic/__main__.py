"""Command line: write synthetic claim-document photos and a truth.jsonl to a folder."""
import argparse
import json
import time
from pathlib import Path

from models.enums import DocType
from synthetic.dataset import generate
from synthetic.photo import DIFFICULTIES


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m synthetic", description=__doc__)
    parser.add_argument("--n", type=int, required=True, help="number of photos")
    parser.add_argument("--seed", type=int, default=0, help="random seed (same seed, same bytes)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--defect-rate", type=float, default=0.0, help="share of deliberately bad photos (0-1)")
    parser.add_argument("--types", default="", help="comma-separated doc types (default: all 15)")
    parser.add_argument("--difficulty", choices=sorted(DIFFICULTIES), help="fixed difficulty (default: a mix)")
    args = parser.parse_args(argv)
    types = [DocType(t.strip()) for t in args.types.split(",") if t.strip()] or None
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with open(args.out / "truth.jsonl", "w", encoding="utf-8") as truth:
        for photo in generate(args.n, args.seed, args.defect_rate, types, args.difficulty):
            (args.out / photo.name).write_bytes(photo.jpeg)
            truth.write(json.dumps(photo.record(), ensure_ascii=False) + "\n")
    elapsed = time.perf_counter() - start
    print(f"wrote {args.n} photos to {args.out} in {elapsed:.1f} s ({elapsed / max(1, args.n):.2f} s/photo)")


if __name__ == "__main__":
    main()
