"""Generated phone photos for the web app tests (seeded: the same bytes every run)."""
from __future__ import annotations

import random

from models.enums import DocType
from synthetic.dataset import SyntheticPhoto, make_photo


def good_photo(doc_type: DocType, seed: int = 1) -> SyntheticPhoto:
    """An easy, clean photo of ``doc_type``."""
    return make_photo(doc_type, random.Random(f"e2e:{doc_type.value}:{seed}"), f"{doc_type.value}.jpg",
                      difficulty="easy")


def bad_photo(defect: str, doc_type: DocType = DocType.discharge_summary, seed: int = 7) -> SyntheticPhoto:
    """A deliberately bad photo (``defect`` from synthetic.DEFECTS)."""
    return make_photo(doc_type, random.Random(f"e2e:{doc_type.value}:{seed}"), f"{defect}.jpg", defect=defect)
