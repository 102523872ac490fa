"""Shared pieces for page renderers: the spec of a doc type, value handling and style picks."""
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from PIL import Image

from synthetic.canvas import Canvas
from synthetic.textfmt import fmt_date, fullwidth

Values = dict[str, Any]  # a document's values by key: dates, amounts, names, nested lists, of many kinds
Layout = Callable[[random.Random, Values], Image.Image]
T = TypeVar("T")


@dataclass(frozen=True)
class DocSpec:
    """How to render one doc type: its truth keys, how to sample its values, and its layouts.

    A layout draws from the values dict and may add keys to it (e.g. a ticket records the masked
    `id_number` it printed); `extras` lists such keys, which enter the truth only when present.
    """

    keys: tuple[str, ...]
    sample: Callable[[random.Random, Values], Values]
    layouts: dict[str, Layout]
    extras: tuple[str, ...] = ()


def given(values: Values, key: str, make: Callable[[], T]) -> T:
    """The caller's value for key, else a fresh one from make()."""
    return values[key] if key in values else make()


def given_date(values: Values, key: str, make: Callable[[], date]) -> date:
    """Like given() for dates; the caller may pass a date or an ISO string."""
    value = values.get(key)
    if value is None:
        return make()
    return date.fromisoformat(value) if isinstance(value, str) else value


def a4(rng: random.Random, landscape: bool = False) -> Canvas:
    """An A4 sheet (about 1240-1480 px wide when portrait) in slightly varying paper white."""
    w = rng.randint(1240, 1480)
    h = int(w * 1.414)
    tone = rng.randint(244, 254)
    paper = (tone, tone, max(232, tone - rng.randint(0, 8)))
    return Canvas(h, w, paper) if landscape else Canvas(w, h, paper)


def date_text(rng: random.Random, d: date, styles: tuple[str, ...], fw: float = 0.0) -> str:
    """d in one of the given styles, in full-width digits with probability fw."""
    s = fmt_date(d, rng.choice(styles))
    return fullwidth(s) if rng.random() < fw else s


def maybe_fullwidth(rng: random.Random, s: str, p: float) -> str:
    """s with full-width digits with probability p."""
    return fullwidth(s) if rng.random() < p else s
