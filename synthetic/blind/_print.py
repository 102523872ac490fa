"""Print effects shared by the blind layouts: dot-matrix characters and misregistered overprint."""
import random

import numpy as np
from PIL import Image, ImageDraw

from synthetic.canvas import INK, Canvas
from synthetic.fonts import font


def dot_matrix(c: Canvas, x: float, y: float, s: str, size: int, rng: random.Random,
               fill: tuple[int, int, int] = INK, pitch: float = 0.075) -> float:
    """Draw s as a worn dot-matrix printer would (glyphs broken into round dots); returns the end x.

    y is the baseline, as in Canvas.text. pitch is the dot spacing as a share of size.
    """
    f = font("mono" if any(ord(ch) > 0x2E7F for ch in s) else "latin_mono", size)
    width = int(f.getlength(s)) + 4
    height = int(size * 1.4)
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).text((2, int(size * 1.1)), s, font=f, fill=255, anchor="ls")
    glyph = np.asarray(mask) > 100
    step = max(2, int(size * pitch))
    dot = max(2, round(step * 0.85))
    ribbon = rng.uniform(0.55, 0.95)  # a tired ribbon prints pale
    color = tuple(int(255 - (255 - ch) * ribbon) for ch in fill)
    top = y - size * 1.1
    for gy in range(0, height, step):
        for gx in range(0, width, step):
            if glyph[gy:gy + step, gx:gx + step].any() and rng.random() > 0.04:
                cx, cy = x + gx + step / 2, top + gy + step / 2
                c.draw.ellipse((cx - dot / 2, cy - dot / 2, cx + dot / 2, cy + dot / 2), fill=color)
    return x + width


def misregistered(rng: random.Random, max_shift: float) -> tuple[float, float]:
    """An offset for text overprinted on a preprinted form by a badly fed printer."""
    return rng.uniform(-max_shift, max_shift), rng.uniform(-max_shift * 0.6, max_shift * 0.6)
