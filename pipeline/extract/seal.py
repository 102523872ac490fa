"""The text in the ring of a red seal (收费专用章 / 财务专用章): where a Guangdong invoice names its hospital.

Red seals are found by colour (a red mask, closed, its outer contours fitted with ellipses); each is cut from
the photo with room around it and its outline found again from the ring itself (the radius at which the ink
gathers most sharply round a centre, then an ellipse through that ink), since faded or overprinted ink makes
the first outline too small or off centre; each ring is unwrapped (the ellipse made a circle, then
``cv2.warpPolar``) into a strip with the angle running along it and the outer edge on top, so that the
characters stand upright; the arc that holds ink is cut out and read by
the same PP-OCR engine, in both directions. Only the seal's own ink is kept (redness, not darkness), so the
black print a seal is stamped over does not get in the way. Numbers live in extraction.yaml (``seal``).
"""
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from models.enums import DocType
from models.ocr import OcrLine
from pipeline.extract.readings import LineReader


class SealSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    doc_types: tuple[DocType, ...]               # read where OCR found no hospital on these doc types
    registry_min_gap: float = Field(le=0)         # a registry name this nearly as likely as the best reading (log
                                                  # probability per character) is read in the ring ...
    registry_margin: float = Field(ge=0)          # ... when no other hospital's name comes this close to it
    unmatched_factor: float = Field(ge=0, le=1)   # a hospital's name read in the ring but in no registry: this sure
    unmatched_min_confidence: float = Field(ge=0, le=1)  # ... and only when the ring was read at least this surely
    min_redness: int = Field(ge=0, le=255)        # red minus the larger of green and blue, for seal ink ...
    red_hues: tuple[int, int]                     # ... of a hue from the first to the second (OpenCV's 0-180, wrapping)
    min_area: float = Field(gt=0, lt=1)           # share of the page a seal covers at least ...
    max_area: float = Field(gt=0, lt=1)           # ... and at most
    max_axis_ratio: float = Field(ge=1)           # an oval seal is at most this much wider than tall
    text_band: tuple[float, float]                # the ring text lies between these shares of the radius ...
    arc_band: tuple[float, float]                 # ... and where it runs is told from this outer part of it
    ink_share: float = Field(gt=0, lt=1)          # a character's ink is at least this share of the seal's strongest
    max_seals: int = Field(ge=1)                  # the largest seals read on one page
    strip_height: int = Field(ge=16)              # the unwrapped text band is scaled to this height
    view_radius: int = Field(ge=32)               # each seal is cut from the photo at this radius in pixels
    search_shift: float = Field(ge=0, lt=1)       # the ring's centre is looked for this far (share of the radius)
    search_radius: tuple[float, float]            # ... and its radius between these shares of the first outline's
    ring_band: float = Field(gt=0, lt=0.5)        # ink within this share of the radius of the ring outlines it
    min_ring_cover: float = Field(ge=0, le=1)     # a seal's ring has ink round at least this share of its turn ...
    outside_gap: float = Field(gt=0, lt=1)        # ... while a circle this much wider (share of the radius) ...
    max_outside_cover: float = Field(ge=0, le=1)  # ... has ink round at most this share (red cloth is no seal)
    black_percentile: float = Field(gt=50, le=100)  # the unwrapped ring's ink this strong and more reads black
    paper_window: float = Field(gt=0, lt=1)       # the ring is read as green darker than the paper within this
                                                  # share of the view ...
    ring_ink_blur: float = Field(gt=0, lt=1)      # ... where seal red blurred over this share of the view ...
    ring_ink_gate: float = Field(ge=0, le=255)    # ... is at least this strong


@dataclass(frozen=True)
class Seal:
    """An ellipse of red ink: centre, semi-axes and rotation (degrees), in page pixels."""

    cx: float
    cy: float
    a: float
    b: float
    angle: float


def seal_ink(image: np.ndarray, settings: SealSettings) -> np.ndarray:
    """How much seal ink each pixel holds (red minus the larger of green and blue, 0-255) where its hue is seal
    red; black print and brown or orange form lines score 0."""
    b, g, r = (image[:, :, i].astype(np.int16) for i in range(3))
    red = np.clip(r - np.maximum(g, b), 0, 255).astype(np.uint8)
    hue = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)[:, :, 0]
    low, high = settings.red_hues
    return np.where((hue >= low) | (hue <= high), red, 0).astype(np.uint8)


def ring_ink(image: np.ndarray, settings: SealSettings) -> np.ndarray:
    """Seal ink at the photo's full sharpness, for reading: how much darker than the paper around it the green
    channel is (a JPEG keeps brightness sharp but colour blurred in blocks at half resolution, so a faint seal's
    characters show only in brightness), where the neighbourhood is seal red (``seal_ink`` blurred over
    ``ring_ink_blur`` of the view at least ``ring_ink_gate``); print away from the seal stays out."""
    g = image[:, :, 1]
    side = max(3, int(settings.paper_window * max(image.shape[:2])) | 1)
    paper = cv2.morphologyEx(g, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side)))
    darker = cv2.subtract(paper, g)
    blur = max(3, int(settings.ring_ink_blur * max(image.shape[:2])) | 1)
    red = cv2.GaussianBlur(seal_ink(image, settings).astype(np.float32), (blur, blur), 0)
    return np.where(red >= settings.ring_ink_gate, darker, 0).astype(np.uint8)


def find_seals(image: np.ndarray, settings: SealSettings) -> list[Seal]:
    """The red seals on a page, largest first."""
    if image.ndim != 3:
        return []
    mask: np.ndarray = (seal_ink(image, settings) >= settings.min_redness).astype(np.uint8) * 255
    mask &= ~_ruled_lines(mask, max(image.shape[:2]))  # a red or brown form's rules are no seal
    side = max(3, int(0.01 * max(image.shape[:2])) | 1)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (side, side)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    page = image.shape[0] * image.shape[1]
    seals = []
    for contour in contours:
        if len(contour) < 5:
            continue
        (cx, cy), (w, h), angle = cv2.fitEllipse(contour)
        a, b = max(w, h) / 2, min(w, h) / 2
        area = np.pi * a * b / page
        if b <= 0 or not settings.min_area <= area <= settings.max_area or a / b > settings.max_axis_ratio:
            continue
        seals.append(Seal(cx, cy, w / 2, h / 2, angle))
    return sorted(seals, key=lambda s: s.a * s.b, reverse=True)[:settings.max_seals]


def _ruled_lines(mask: np.ndarray, long_side: int) -> np.ndarray:
    """The long straight horizontal and vertical runs of a mask (a form's rules), as a mask."""
    length = max(15, long_side // 12)
    across = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    down = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, length)))
    lines = cv2.bitwise_or(across, down)
    return cv2.dilate(lines, np.ones((3, 3), np.uint8))


def _unwrapped(ink: np.ndarray, seal: Seal) -> np.ndarray:
    """The seal's ink in polar form: one row per degree-ish step of angle (clockwise from +x), one column per
    pixel of radius; an oval is first stretched into a circle."""
    radius = max(seal.a, seal.b)
    rotate = cv2.getRotationMatrix2D((seal.cx, seal.cy), seal.angle, 1.0)  # the ellipse's axes to x and y
    stretch = np.diag([radius / seal.a, radius / seal.b, 1.0])
    back = cv2.getRotationMatrix2D((seal.cx, seal.cy), -seal.angle, 1.0)
    to_circle = np.vstack([back, [0, 0, 1]]) @ _about(stretch, seal.cx, seal.cy) @ np.vstack([rotate, [0, 0, 1]])
    size = (ink.shape[1], ink.shape[0])
    circle = cv2.warpAffine(ink, to_circle[:2], size, flags=cv2.INTER_LINEAR, borderValue=0)  # type: ignore[call-overload]  # OpenCV's stubs take a colour or border value only as a sequence
    angles = max(360, int(2 * np.pi * radius))
    return cv2.warpPolar(circle, (int(radius * 1.05), angles), (seal.cx, seal.cy), radius * 1.05,
                         cv2.WARP_POLAR_LINEAR)


def _about(matrix: np.ndarray, cx: float, cy: float) -> np.ndarray:
    """``matrix`` applied about (cx, cy) instead of the origin."""
    to, back = np.eye(3), np.eye(3)
    to[:2, 2], back[:2, 2] = (-cx, -cy), (cx, cy)
    return back @ matrix @ to


def seal_view(photo: np.ndarray, to_photo: np.ndarray, seal: Seal, radius: int,
              room: float = 1.1) -> tuple[np.ndarray, Seal, np.ndarray]:
    """The seal cut from the original photo (not the downscaled page it was found on) at ``radius`` pixels,
    through the page's homography, ``room`` radii each side of its centre; the seal in that view's pixels; and
    the view's pixels to the page's (3x3)."""
    scale = radius / max(seal.a, seal.b)
    side = int(2 * room * radius)
    view_to_page = np.array([[1 / scale, 0, seal.cx - side / 2 / scale], [0, 1 / scale, seal.cy - side / 2 / scale],
                             [0, 0, 1]])
    view = cv2.warpPerspective(photo, to_photo @ view_to_page, (side, side),
                               flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP, borderValue=(255, 255, 255))
    return view, Seal(side / 2, side / 2, seal.a * scale, seal.b * scale, seal.angle), view_to_page


def refine_seal(image: np.ndarray, seal: Seal, settings: SealSettings) -> Seal | None:
    """The seal's outline found again from its ring: the centre and radius at which the ink gathers most
    sharply (looked for both as a circle, since most seals are round and print beside them skews a first
    outline into an oval, and in the first outline's own oval frame), then an ellipse fitted through the ink
    there. None when no ring runs round most of it (red or brown print, not a seal) or ink lies all round it
    just outside as well (a red pattern behind the page)."""
    ink = seal_ink(image, settings)
    level = float(np.percentile(ink, 99.5))
    ys, xs = np.nonzero(ink >= max(settings.min_redness / 2, settings.ink_share * level))
    if len(xs) < 50:
        return None
    pts = np.stack([xs, ys], axis=1).astype(np.float32)
    sample = pts[np.random.default_rng(0).permutation(len(pts))[:4000]]
    size = max(seal.a, seal.b)
    for _ in range(2):  # a second pass from the first one's outline: a far-off first guess comes home
        found = _ring_fit(pts, sample, seal, settings)
        if found is None:
            return None
        seal = found
    low, high = settings.search_radius
    if not low <= max(seal.a, seal.b) / size <= high * 1.1 or max(seal.a, seal.b) / min(seal.a, seal.b) > \
            settings.max_axis_ratio:
        return None
    unit = _to_unit(pts, seal)
    ring = _ring_cover(unit, settings.ring_band)
    outside = _ring_cover(unit, settings.ring_band, 1 + settings.outside_gap)
    return seal if ring >= settings.min_ring_cover and outside <= settings.max_outside_cover else None


def _ring_fit(pts: np.ndarray, sample: np.ndarray, seal: Seal, settings: SealSettings) -> Seal | None:
    """One pass of refine_seal: the sharpest ring near ``seal`` (as a circle or in its own frame) and the
    ellipse through the ink on it."""
    r = max(seal.a, seal.b)
    frames = [Seal(seal.cx, seal.cy, r, r, 0.0), seal]
    found = [(_sharpest_circle(_to_unit(sample, frame), settings), frame) for frame in frames]
    (_, centre, radius), frame = max(found, key=lambda f: f[0][0])
    near = np.abs(np.hypot(*(_to_unit(pts, frame) - centre).T) - radius) <= settings.ring_band * radius
    if near.sum() < 20:
        return None
    (cx, cy), (w, h), angle = cv2.fitEllipse(pts[near])
    return Seal(cx, cy, w / 2, h / 2, angle) if min(w, h) > 0 else None


def _ring_cover(unit: np.ndarray, band: float, radius: float = 1.0) -> float:
    """The share of 5-degree sectors in which ink lies on the circle of ``radius`` (within band)."""
    on = np.abs(np.hypot(*unit.T) - radius) <= band
    sectors = (np.degrees(np.arctan2(unit[on, 1], unit[on, 0])) // 5).astype(int) % 72
    return len(np.unique(sectors)) / 72


def _to_unit(pts: np.ndarray, seal: Seal) -> np.ndarray:
    """Points in the seal's own frame: centred, its axes along x and y, each axis scaled to 1."""
    t = np.radians(seal.angle)
    d = pts - (seal.cx, seal.cy)
    u = d[:, 0] * np.cos(t) + d[:, 1] * np.sin(t)
    v = -d[:, 0] * np.sin(t) + d[:, 1] * np.cos(t)
    return np.stack([u / seal.a, v / seal.b], axis=1)


def _sharpest_circle(unit: np.ndarray, settings: SealSettings) -> tuple[float, np.ndarray, float]:
    """(ink count, centre, radius) in unit coordinates where the most ink lies at one distance: a coarse then
    a fine search over centres, the distances binned at 1 % of the radius."""
    low, high = settings.search_radius
    bins = np.arange(low, high + 0.01, 0.01)
    best = (-1.0, np.zeros(2), 1.0)
    centre, reach = np.zeros(2), settings.search_shift
    for step in (reach / 6, reach / 30):
        offsets = np.arange(-reach, reach + step / 2, step)
        for dx in offsets:
            for dy in offsets:
                c = centre + np.array((dx, dy))
                counts = np.histogram(np.hypot(*(unit - c).T), bins)[0]
                peak = np.convolve(counts, (1, 1, 1), "same")  # a ring a few bins wide
                k = int(np.argmax(peak))
                if peak[k] > best[0]:
                    best = (float(peak[k]), c, float(bins[k] + 0.005))
        centre, reach = best[1], step
    return best


def ring_strips(image: np.ndarray, seal: Seal, settings: SealSettings) -> list[np.ndarray]:
    """The inked arc of the seal's text band as upright strips (dark ink on white): read clockwise with the
    outer edge on top (text along the top of the seal), and the same turned over (text along the bottom)."""
    polar = _unwrapped(ring_ink(image, settings), seal)
    radius = polar.shape[1] / 1.05
    band = polar[:, int(settings.text_band[0] * radius):int(settings.text_band[1] * radius)]
    outer = polar[:, int(settings.arc_band[0] * radius):int(settings.arc_band[1] * radius)]
    if band.size == 0 or outer.size == 0:
        return []
    level = float(np.percentile(polar, 99))  # the seal's own ink: faded on a photo, strong on a scan
    threshold = max(settings.min_redness / 2, settings.ink_share * level)
    inked = np.asarray((outer >= threshold).any(axis=1))  # text lower in the seal (专用章) stays inside this band
    start, length = _longest_circular_run(inked)
    if length < len(inked) * 0.1:
        return []
    margin = len(inked) // 72
    rows = np.arange(start - margin, start + length + margin) % len(inked)
    arc = _text_rows(band[rows], threshold)  # angle down the rows, radius across
    strip = cv2.rotate(arc, cv2.ROTATE_90_COUNTERCLOCKWISE)  # angle across, outer radius on top
    height = settings.strip_height  # rows were one pixel of arc at the rim: at the text's radius they are less
    width = strip.shape[1] * sum(settings.text_band) / 2 * height / strip.shape[0]
    strip = cv2.resize(strip, (max(height, int(width)), height), interpolation=cv2.INTER_AREA)
    strong = max(1.0, float(np.percentile(strip, settings.black_percentile)))  # the characters' ink as black
    upright = (255 - np.clip(strip.astype(np.float32) * 255 / strong, 0, 255)).astype(np.uint8)
    return [cv2.cvtColor(s, cv2.COLOR_GRAY2BGR) for s in (upright, cv2.rotate(upright, cv2.ROTATE_180))]


def _text_rows(arc: np.ndarray, threshold: float) -> np.ndarray:
    """The arc cut to the radii its characters take up (where the ink is), with a small margin."""
    profile = (arc >= threshold).mean(axis=0)
    inked = np.flatnonzero(profile >= 0.3 * profile.max()) if profile.max() > 0 else np.array([], int)
    if len(inked) < 4:
        return arc
    margin = max(2, (inked[-1] - inked[0]) // 8)
    return arc[:, max(0, inked[0] - margin):inked[-1] + margin + 1]


def _longest_circular_run(flags: np.ndarray) -> tuple[int, int]:
    """(start, length) of the longest run of True in a circular array (gaps of a few rows between characters
    closed first)."""
    n = len(flags)
    if n == 0 or not flags.any():
        return 0, 0
    gap = max(1, n // 14)  # 25 degrees: the spaces between characters, never the gap below the text
    tiled = np.tile(flags.astype(np.uint8), 3)[:, None]  # three turns: the middle one closes across the wrap
    closed = cv2.morphologyEx(tiled, cv2.MORPH_CLOSE, np.ones((gap, 1), np.uint8))[n:2 * n, 0].astype(bool)
    if closed.all():
        return 0, n
    shift = int(np.argmin(closed))  # start the scan in a gap, so no run wraps around
    rolled = np.roll(closed, -shift)
    best, run_start, best_start = 0, 0, 0
    for i, on in enumerate(np.append(rolled, False)):
        if not on:
            if i - run_start > best:
                best, best_start = i - run_start, run_start
            run_start = i + 1
    return (best_start + shift) % n, best


@dataclass(frozen=True)
class SealReading:
    """One unwrapped ring as the recogniser saw it: its best reading (text, confidence, the seal's box in page
    pixels) and its per-frame class probabilities, against which known names can be scored."""

    line: OcrLine
    probs: np.ndarray


def read_seals(reader: LineReader, image: np.ndarray, settings: SealSettings, photo: np.ndarray | None = None,
               to_photo: np.ndarray | None = None) -> list[SealReading]:
    """The ring of each red seal on the page, read in both directions. Given the original ``photo`` and the
    page's homography into it, each seal is read from the photo at ``view_radius`` pixels."""
    out: list[SealReading] = []
    read: list[Seal] = []
    view = (photo, to_photo) if photo is not None and to_photo is not None else None
    for first in find_seals(image, settings):
        if view is not None:
            wide, in_wide, wide_to_page = seal_view(*view, first, settings.view_radius, 1 + settings.search_radius[1])
            seal = refine_seal(wide, in_wide, settings)
            seal = _on_page(seal, wide_to_page) if seal is not None else None
        else:
            seal = refine_seal(image, first, settings)
        if seal is None or any(_same_seal(seal, other) for other in read):
            continue  # no ring, or a piece of a seal already read (a faded ring's contour breaks apart)
        read.append(seal)
        source, in_source = seal_view(*view, seal, settings.view_radius)[:2] if view is not None else (image, seal)
        for strip in ring_strips(source, in_source, settings):
            probs = reader.probabilities(strip)
            text, confidence = reader.text_of(probs)
            out.append(SealReading(OcrLine(text=text, confidence=confidence, box=_box(seal)), probs))
    return out


def _same_seal(one: Seal, other: Seal) -> bool:
    """True when two outlines are of one seal: centres within a quarter of the radius."""
    return bool(np.hypot(one.cx - other.cx, one.cy - other.cy) < 0.25 * max(one.a, one.b, other.a, other.b))


def _on_page(seal: Seal, view_to_page: np.ndarray) -> Seal:
    """A seal found in a view (scaled and shifted from the page) in page pixels."""
    scale = view_to_page[0, 0]
    return Seal(seal.cx * scale + view_to_page[0, 2], seal.cy * scale + view_to_page[1, 2], seal.a * scale,
                seal.b * scale, seal.angle)


def _box(seal: Seal) -> tuple[tuple[float, float], ...]:
    r = max(seal.a, seal.b)
    return ((seal.cx - r, seal.cy - r), (seal.cx + r, seal.cy - r), (seal.cx + r, seal.cy + r),
            (seal.cx - r, seal.cy + r))


def without_seal_ink(image: np.ndarray) -> np.ndarray:
    """The page as grey with red ink taken out: each pixel's brightest channel (red ink is bright in red, black
    print dark in every channel), so the print a seal was stamped over can be read."""
    grey = image.max(axis=2)
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


def seal_regions(image: np.ndarray, settings: SealSettings) -> list[tuple[int, int, int, int]]:
    """(x0, y0, x1, y1) page bands across each seal: the seal's height, the page's full width (the line a seal
    covers runs on beyond it)."""
    h, w = image.shape[:2]
    out = []
    for seal in find_seals(image, settings):
        r = max(seal.a, seal.b)
        out.append((0, max(0, int(seal.cy - r)), w, min(h, int(seal.cy + r))))
    return out


def read_under_seals(recognize: Callable[[np.ndarray], list[OcrLine]], image: np.ndarray,
                     settings: SealSettings) -> list[tuple[tuple[int, int, int, int], list[OcrLine]]]:
    """Each band across a seal read again with the seal's ink taken out, its lines in page pixels."""
    clean = without_seal_ink(image)
    out = []
    for x0, y0, x1, y1 in seal_regions(image, settings):
        lines = recognize(np.ascontiguousarray(clean[y0:y1, x0:x1]))
        moved = [ln.model_copy(update={"box": tuple((x + x0, y + y0) for x, y in ln.box)}) for ln in lines]
        out.append(((x0, y0, x1, y1), moved))
    return out
