"""A first look at a page, for field staff waiting beside the family: where its text is (the detector alone, at
a small size), which way up it is (box shapes, then PP-OCR's line classifier on a few wide lines) and its most
prominent lines — the tallest and the topmost — which name the kind of document. A fraction of a full reading's
cost; the full reading follows and has the last word."""
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from models.ocr import Box


class GlanceSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    det_limit_side_len: int = Field(ge=160, le=4096)  # detection size for the first look
    min_aspect: float = Field(ge=1)  # a box this many times longer than tall holds a few characters at least
    tallest: int = Field(ge=0)  # read the tallest wide lines (titles) ...
    topmost: int = Field(ge=0)  # ... and the topmost ones
    remembered: int = Field(ge=0)  # first looks kept for the full reading that follows each


def _sides(box: Box) -> tuple[float, float]:
    """A box's length along its text and its height."""
    p = np.asarray(box, dtype=float)
    return float(np.linalg.norm(p[1] - p[0])), float(np.linalg.norm(p[3] - p[0]))


def wide_boxes(boxes: list[Box], min_aspect: float) -> list[Box]:
    """Boxes clearly longer one way than the other: lines of text, not a lone character or a seal."""
    return [b for b, sides in ((b, _sides(b)) for b in boxes) if max(sides) >= min_aspect * max(min(sides), 1.0)]


def vertical_box_share(boxes: list[Box], min_aspect: float) -> float:
    """Share of the wide boxes standing upright on the image: the page lies on its side."""
    wide = wide_boxes(boxes, min_aspect)
    if not wide:
        return 0.0
    p = [np.asarray(b, dtype=float) for b in wide]
    return sum(float(np.ptp(b[:, 1])) > float(np.ptp(b[:, 0])) for b in p) / len(wide)


def prominent(boxes: list[Box], settings: GlanceSettings) -> list[Box]:
    """The tallest wide boxes, then the topmost ones not already chosen, top to bottom."""
    wide = wide_boxes(boxes, settings.min_aspect)
    chosen = sorted(wide, key=lambda b: min(_sides(b)), reverse=True)[:settings.tallest]
    chosen += [b for b in sorted(wide, key=lambda b: min(y for _, y in b))[:settings.topmost] if b not in chosen]
    return sorted(chosen, key=lambda b: min(y for _, y in b))


def turned_half(box: Box, width: int, height: int) -> Box:
    """The same box on the image turned by 180°."""
    a, b, c, d = ((width - 1 - x, height - 1 - y) for x, y in box)
    return c, d, a, b


