"""Clean page images of every contract doc type, with the truth of their key fields."""
import random
from dataclasses import dataclass
from datetime import date

from PIL import Image

from models.enums import DocType
from synthetic.pages import billing, civil, clinical, identity, legal, other, rail_air, road_sea
from synthetic.pages.base import DocSpec, Values

SPECS: dict[DocType, DocSpec] = {
    **identity.SPECS, **billing.SPECS, **clinical.SPECS, **civil.SPECS, **legal.SPECS,
    **rail_air.SPECS, **road_sea.SPECS, **other.SPECS,
}
LAYOUTS: dict[DocType, tuple[str, ...]] = {t: tuple(SPECS[t].layouts) for t in DocType}
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


def render_page(doc_type: DocType, rng: random.Random, values: Values | None = None,
                layout: str | None = None) -> RenderedPage:
    """Render one page of doc_type; values overrides sampled fields (truth keys and extras such as 'sex')."""
    spec = SPECS[DocType(doc_type)]
    ctx = spec.sample(rng, dict(values or {}))
    name = layout or rng.choice(LAYOUTS[doc_type])
    image = spec.layouts[name](rng, ctx)
    keys = spec.keys + tuple(k for k in spec.extras if k in ctx)
    truth = {k: _plain(ctx[k]) for k in keys}
    return RenderedPage(image, truth, DocType(doc_type), name, bool(ctx.get("full_frame")),
                        float(ctx.get("corner_radius", 0.0)), image.info.get("qr"))


def _plain(value: object) -> str | float | int:
    """A truth value as the contract writes it: ISO dates, money with 2 decimals."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 2)
    return value
