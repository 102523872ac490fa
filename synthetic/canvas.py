"""A page being drawn: text with tracking and fitting, wrapped paragraphs, rules and ruled tables."""
import re
from collections.abc import Iterable, Sequence

from PIL import Image, ImageDraw

from synthetic.fonts import font

INK = (28, 28, 32)
RED_INK = (200, 30, 38)
BLUE_INK = (25, 60, 150)
FORM_BLUE = (40, 90, 170)
FORM_GREEN = (20, 120, 90)
FORM_BROWN = (140, 70, 40)
PAPER = (250, 250, 246)

Cell = str | tuple[str | None, int] | None  # text, (text or blank, columns spanned), or blank
_TOKEN = re.compile(r"[A-Za-z0-9.\-:*/×()%·#]+|\s+|.")
_NO_LINE_START = set("，。；、：）”’！？,.;:)%")
_CJK_FALLBACK = {"latin": "sans", "latin_mono": "mono", "latin_serif": "serif"}
_SHIFT = {"l": 0.0, "m": 0.5, "r": 1.0}


def rgb(channels: Iterable[int]) -> tuple[int, int, int]:
    """A colour from its three channel values, e.g. another colour's channels each shifted."""
    r, g, b = channels
    return r, g, b


def _face_for(face: str, s: str) -> str:
    """A Latin-only face is swapped for its CJK counterpart when s holds Chinese characters."""
    if face in _CJK_FALLBACK and any(ord(ch) > 0x2E7F for ch in s):
        return _CJK_FALLBACK[face]
    return face


class Canvas:
    """An RGB page plus drawing helpers; y of text is the baseline unless the anchor says otherwise."""

    def __init__(self, width: int, height: int, paper: tuple[int, int, int] = PAPER) -> None:
        self.img = Image.new("RGB", (width, height), paper)
        self.draw = ImageDraw.Draw(self.img)

    @property
    def w(self) -> int:
        return self.img.width

    @property
    def h(self) -> int:
        return self.img.height

    def width_of(self, s: str, size: int, face: str = "sans", bold: bool = False, tracking: float = 0) -> float:
        """Printed width of s, tracking added between characters."""
        return font(_face_for(face, s), size, bold).getlength(s) + tracking * max(0, len(s) - 1)

    def fit(self, s: str, size: int, max_w: float, face: str = "sans", bold: bool = False) -> int:
        """The largest size <= size at which s fits in max_w."""
        while size > 8 and self.width_of(s, size, face, bold) > max_w:
            size -= 1
        return size

    def text(self, x: float, y: float, s: str, size: int, face: str = "sans", bold: bool = False,
             fill: tuple[int, int, int] = INK, anchor: str = "ls", tracking: float = 0) -> float:
        """Draw s (anchor as in PIL, e.g. 'ls', 'ms', 'rm'); returns the x where the text ends."""
        face = _face_for(face, s)
        f = font(face, size, bold)
        width = self.width_of(s, size, face, bold, tracking)
        left = x - _SHIFT[anchor[0]] * width
        if not tracking:
            self.draw.text((left, y), s, font=f, fill=fill, anchor="l" + anchor[1])
            return left + width
        cx = left
        for ch in s:
            self.draw.text((cx, y), ch, font=f, fill=fill, anchor="l" + anchor[1])
            cx += f.getlength(ch) + tracking
        return left + width

    def kv(self, x: float, y: float, label: str, value: str, size: int, sep: str = "：", face: str = "sans",
           value_face: str | None = None, label_fill: tuple[int, int, int] = INK,
           value_fill: tuple[int, int, int] = INK, bold_label: bool = False, gap: float = 0.3) -> float:
        """Draw 'label：value' on one baseline; returns the x where the value ends."""
        end = self.text(x, y, label + sep, size, face, bold_label, label_fill)
        return self.text(end + gap * size, y, value, size, value_face or face, False, value_fill)

    def wrap(self, s: str, size: int, width: float, face: str = "sans", first_indent: float = 0) -> list[str]:
        """Split s into lines that fit width, keeping digit/latin runs whole."""
        f = font(face, size)
        lines, line, room = [], "", width - first_indent
        for token in _TOKEN.findall(s):
            if line and token not in _NO_LINE_START and f.getlength(line + token) > room:
                lines.append(line)
                line, room = token.lstrip(), width
            else:
                line += token
        if line:
            lines.append(line)
        return lines

    def para(self, x: float, y: float, width: float, s: str, size: int, face: str = "sans",
             fill: tuple[int, int, int] = INK, leading: float = 1.7, indent: int = 0) -> float:
        """Draw a wrapped paragraph with its first baseline at y; returns the next free baseline."""
        first = indent * size
        for i, line in enumerate(self.wrap(s, size, width, face, first)):
            self.text(x + (first if i == 0 else 0), y, line, size, face, fill=fill)
            y += size * leading
        return y

    def vtext(self, x: float, y: float, s: str, size: int, fill: tuple[int, int, int] = INK) -> None:
        """Vertical text, one character under the other, starting at (x, y) top centre."""
        for i, ch in enumerate(s):
            self.text(x, y + i * size * 1.2, ch, size, fill=fill, anchor="mt")

    def crop_to(self, bottom: float) -> Image.Image:
        """The page cut just below bottom (content drawn past it is dropped)."""
        return self.img.crop((0, 0, self.w, min(self.h, int(bottom))))

    def line(self, x1: float, y1: float, x2: float, y2: float, width: int = 2,
             fill: tuple[int, int, int] = INK) -> None:
        self.draw.line((x1, y1, x2, y2), fill=fill, width=width)

    def dashed(self, x1: float, y1: float, x2: float, y2: float, width: int = 2,
               fill: tuple[int, int, int] = INK, dash: int = 12) -> None:
        """A dashed straight line."""
        length = max(abs(x2 - x1), abs(y2 - y1))
        steps = int(length // (2 * dash))
        for i in range(steps + 1):
            t0, t1 = 2 * i * dash / length, min(1.0, (2 * i + 1) * dash / length)
            self.line(x1 + (x2 - x1) * t0, y1 + (y2 - y1) * t0, x1 + (x2 - x1) * t1, y1 + (y2 - y1) * t1, width, fill)

    def rect(self, x1: float, y1: float, x2: float, y2: float, width: int = 2,
             outline: tuple[int, int, int] | None = INK, fill: tuple[int, int, int] | None = None) -> None:
        self.draw.rectangle((x1, y1, x2, y2), outline=outline, fill=fill, width=width)

    def table(self, x: float, y: float, widths: list[float], row_h: float | list[float], rows: Sequence[Sequence[Cell]],
              size: int, face: str = "sans", align: str = "c", line: tuple[int, int, int] = INK,
              lw: int = 2, fill: tuple[int, int, int] = INK, bold_rows: tuple[int, ...] = (),
              pad: float = 10, outer: int | None = None) -> float:
        """A ruled grid; a cell is text, (text, colspan) or None. align: one of l/c/r, or one per column."""
        heights = row_h if isinstance(row_h, list) else [row_h] * len(rows)
        aligns = align if len(align) == len(widths) else align[0] * len(widths)
        top = y
        for r, row in enumerate(rows):
            h = heights[r]
            cx, col = x, 0
            for cell in row:
                text, span = (cell, 1) if not isinstance(cell, tuple) else cell
                cw = sum(widths[col:col + span])
                self.line(cx, y, cx, y + h, lw, line)
                if text:
                    a = aligns[col] if span == 1 else "c"
                    s = self.fit(text, size, cw - 2 * pad, face, r in bold_rows)
                    tx = {"l": cx + pad, "c": cx + cw / 2, "r": cx + cw - pad}[a]
                    self.text(tx, y + h / 2, text, s, face, r in bold_rows, fill, anchor=a.replace("c", "m") + "m")
                cx += cw
                col += span
            self.line(cx, y, cx, y + h, lw, line)
            self.line(x, y, cx, y, lw, line)
            y += h
        self.line(x, y, x + sum(widths), y, lw, line)
        if outer:
            self.rect(x, top, x + sum(widths), y, outer, line)
        return y
