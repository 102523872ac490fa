"""Known terms a misread free-text field is put right with: registry hospital names and medical terms.

The recogniser sometimes wins a character by a little: 髌 read as 候 (左候骨骨折), 汕 as 油 (油头市…). Where a
window of the value is a few characters away from a known term, the line is read again with the recogniser's
probabilities kept and the term is scored against them (``best_path_gap``): when the term's own characters
kept enough probability, the term replaces the window. Nothing is invented: a window no term comes near, a
term the recogniser gave no weight to, or a window that is not on the line stays as read. The terms are data
(the hospital registry, ``data/vocabulary/``), and so are the limits (``vocabulary`` in extraction.yaml).
"""
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict, Field


class VocabularySettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    fields: dict[str, str]  # field → "hospitals" (the registry) or a list in data/vocabulary/ (its file's stem)
    min_term_length: int = Field(ge=2)     # shorter terms never correct anything
    max_changes: int = Field(ge=1)         # a window at most this many characters from a term ...
    max_change_share: float = Field(gt=0, le=0.5)  # ... and at most this share of the term's length
    min_log_ratio: float = Field(le=0)     # the term's total log probability against the best reading, at least
    min_margin: float = Field(ge=0)        # ... and this much above any other term for the same window
    factor: float = Field(gt=0, le=1)      # a corrected value keeps this share of its confidence


@lru_cache(maxsize=8)
def known_terms(name: str) -> tuple[str, ...]:
    """A shipped list of terms (data/vocabulary/<name>.txt: medical terms, places), one per line, # comments."""
    text = (files("pipeline.extract") / "data" / "vocabulary" / f"{name}.txt").read_text(encoding="utf-8")
    return tuple(dict.fromkeys(t.strip() for t in text.splitlines() if t.strip() and not t.startswith("#")))


def _candidates(value: str, terms: Iterable[str], settings: VocabularySettings) -> list[tuple[int, str, str]]:
    """(start, window, term) for every window of value that a known term differs from in a few characters, none
    of them inside a known term the value holds as printed (股骨髁骨折 is never made 股骨盆骨折)."""
    known = {t for t in terms if len(t) >= settings.min_term_length}
    covered: set[int] = set()
    for term in known:
        for m in re.finditer(re.escape(term), value):
            covered.update(range(m.start(), m.end()))
    out = []
    for term in known:
        n = len(term)
        if n > len(value):
            continue
        allowed = min(settings.max_changes, int(n * settings.max_change_share))
        for start in range(len(value) - n + 1):
            window = value[start:start + n]
            changed = [start + i for i, (a, b) in enumerate(zip(window, term)) if a != b]
            if 0 < len(changed) <= allowed and not covered.intersection(changed):
                out.append((start, window, term))
    return out


def correct(value: str, terms: Iterable[str], score: Callable[[str], float],
            settings: VocabularySettings) -> str | None:
    """value with its windows put right by known terms, or None when nothing is; ``score(text)`` is the total
    log probability of text on the line against the recogniser's best reading (0 for what it read)."""
    by_window: dict[tuple[int, str], list[tuple[float, str]]] = {}
    for start, window, term in _candidates(value, terms, settings):
        by_window.setdefault((start, window), []).append((score(term), term))
    scored = []
    for (start, window), options in by_window.items():
        options.sort(reverse=True)
        (best, term), runner_up = options[0], options[1][0] if len(options) > 1 else float("-inf")
        here = score(window)
        if here >= settings.min_log_ratio and best >= settings.min_log_ratio and best - runner_up >= \
                settings.min_margin:
            scored.append((best - here, start, term))
    taken: list[tuple[int, int]] = []
    fixed = value
    for _, start, term in sorted(scored, reverse=True):  # likeliest first; overlapping ones give way
        end = start + len(term)
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        fixed = fixed[:start] + term + fixed[end:]
    return fixed if fixed != value else None
