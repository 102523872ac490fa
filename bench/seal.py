"""Seal benchmark: the invoice hospital read from the red seal's ring alone.

Every invoice photo is read as the extraction stage reads it, then its seal ring is read whether or not the
hospital is printed elsewhere, and the result compared with the truth. Generated invoices come from the tuned
and the blind layout families (reported apart); ../shared/samples invoices are scored as well. Every
invoice counts, legible seal or not.

    .venv/bin/python bench/seal.py --n 60 --seed 3
"""
import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.console import Console

if TYPE_CHECKING:
    from pipeline.extract.stage import Extractor

console = Console(width=150)


def _reader() -> "Extractor":  # the stage's own objects, loaded once
    from pipeline.extract.settings import load_settings
    from pipeline.extract.stage import Extractor

    settings = load_settings()
    return Extractor(settings.model_copy(update={"ocr": settings.ocr.model_copy(update={"threads": 2})}))


def seal_hospital_of(extractor: "Extractor", data: bytes, name: str) -> str | None:
    """The hospital the stage's seal reader finds on one photo (its private steps, called in order)."""
    import cv2
    import numpy as np

    from pipeline.extract.page import find_page

    photo = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    timings: dict[str, float] = {}
    reading = extractor._read_well(find_page(photo, extractor.settings.page), photo, timings)
    found = extractor._seal_hospital(reading.classification.doc_type, reading.page, photo, {}, timings)
    return str(found.value) if found else None  # a hospital name


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=60, help="generated invoices per family (default 60)")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--samples", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "samples")
    ap.add_argument("--verbose", action="store_true", help="print every invoice")
    ap.add_argument("--sets", default="tuned,blind,samples", help="which sets to score (default all three)")
    args = ap.parse_args()
    from models.enums import DocType
    from synthetic.dataset import generate

    extractor = _reader()
    sets: dict[str, list[tuple[str, bytes, str]]] = {}
    wanted = args.sets.split(",")
    for family in {"tuned", "blind"} & set(wanted):
        sets[family] = [(p.name, p.jpeg, str(p.truth["hospital"]))
                        for p in generate(args.n, args.seed, types=[DocType.hospital_invoice], family=family)]
    if "samples" in wanted and args.samples.is_dir():
        sets["samples"] = []
        for line in (args.samples / "truth.jsonl").read_text(encoding="utf-8").splitlines():
            for doc in json.loads(line)["documents"]:
                if doc["doc_type"] == "hospital_invoice":
                    sets["samples"].append((doc["object"], (args.samples / doc["object"]).read_bytes(),
                                            doc["fields"]["hospital"]))
    for label, items in sets.items():
        right = wrong = 0
        for name, data, truth in items:
            got = seal_hospital_of(extractor, data, name)
            right += got == truth
            wrong += got is not None and got != truth
            if args.verbose:
                console.print(f"  {label} {name}: {truth} -> {got}")
        console.print(f"{label}: hospital read from the seal {right}/{len(items)} = {right / max(1, len(items)):.1%}, "
                      f"wrong hospital {wrong}, none {len(items) - right - wrong}")


if __name__ == "__main__":
    main()
