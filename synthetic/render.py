"""Render one clean page of a doc type, from the tuned or the blind layout family, with its truth."""
import random
from dataclasses import dataclass
from datetime import date

from PIL import Image

from models.enums import DocType
from synthetic.blind import BLIND_LAYOUTS
from synthetic.pages import SPECS
from synthetic.pages.base import Values

FAMILIES = ("tuned", "blind")
LAYOUTS: dict[DocType, tuple[str, ...]] = {t: tuple(SPECS[t].layouts) for t in DocType}
BLIND: dict[DocType, tuple[str, ...]] = {t: tuple(BLIND_LAYOUTS[t]) for t in DocType}
Truth = dict[str, str | float | int]


@dataclass
class RenderedPage:
    """A rendered document page and what is printed in its key fields."""

    image: Image.Image
    truth: Truth
    doc_type: DocType
    layout: str
    full_frame: bool = False
    corner_radius: float = 0.0
    qr: str | None = None  # the payload of the QR code printed on it, if any
    family: str = "tuned"


def family_of(doc_type: DocType, layout: str) -> str:
    """'blind' when layout is one of doc_type's blind layouts, else 'tuned'."""
    return "blind" if layout in BLIND_LAYOUTS[DocType(doc_type)] else "tuned"


def render_page(doc_type: DocType, rng: random.Random, values: Values | None = None,
                layout: str | None = None, family: str = "tuned") -> RenderedPage:
    """Render one page of doc_type; values overrides sampled fields (truth keys and extras such as 'sex').

    layout names one layout of either family; otherwise one is drawn from ``family`` ('tuned' or 'blind').
    """
    doc_type = DocType(doc_type)
    if family not in FAMILIES:
        raise ValueError(f"unknown layout family {family!r}")
    spec = SPECS[doc_type]
    ctx = spec.sample(rng, dict(values or {}))
    renderers = {**spec.layouts, **BLIND_LAYOUTS[doc_type]}
    name = layout or rng.choice(BLIND[doc_type] if family == "blind" and BLIND[doc_type] else LAYOUTS[doc_type])
    image = renderers[name](rng, ctx)
    keys = spec.keys + tuple(k for k in spec.extras if k in ctx)
    truth = {k: _plain(ctx[k]) for k in keys}
    return RenderedPage(image, truth, doc_type, name, bool(ctx.get("full_frame")),
                        float(ctx.get("corner_radius", 0.0)), image.info.get("qr"), family_of(doc_type, name))


def _plain(value: str | float | int | date) -> str | float | int:
    """A truth value as the contract writes it: ISO dates, money with 2 decimals."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 2)
    return value
