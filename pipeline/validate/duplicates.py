"""DUPLICATE_DOCUMENT: a photo or invoice of this claim that already appears in another claim."""
from dataclasses import dataclass
from typing import Literal

from models.decision import Reason
from models.enums import ReasonCode


@dataclass(frozen=True, order=True)
class DuplicateHit:
    """One of this claim's photos found again in another claim (the composing code looks these up)."""

    object: str
    other_claim_id: str
    other_object: str
    matched_on: Literal["sha256", "phash", "invoice_number"]


def duplicate_reasons(hits: list[DuplicateHit]) -> list[Reason]:
    """DUPLICATE_DOCUMENT per (photo, other claim), naming the other photo and how it matched."""
    seen: dict[tuple[str, str], list[str]] = {}
    others: dict[tuple[str, str], str] = {}
    for hit in sorted(hits):
        key = (hit.object, hit.other_claim_id)
        others.setdefault(key, hit.other_object)
        if hit.matched_on not in seen.setdefault(key, []):
            seen[key].append(hit.matched_on)
    return [Reason(code=ReasonCode.DUPLICATE_DOCUMENT,
                   detail=f"{obj} matches {others[(obj, claim)]} ({'+'.join(how)})")
            for (obj, claim), how in seen.items()]
