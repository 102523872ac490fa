"""Photo quality: blur, darkness, over-exposure, glare, cut-off text, too small — each an issue code."""
import cv2
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from models.document import Quality
from models.enums import QualityIssue
from models.ocr import OcrLine
from pipeline.extract.page import edge_gaps, lines_at_edge, sides_along_outline


class QualitySettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sharpness_long_side: int = Field(ge=100)
    edge_percentile: float = Field(gt=90, lt=100)
    contrast_floor: float = Field(gt=0)
    noise_px: int = Field(ge=1)
    glare_bridge_share: float = Field(gt=0, lt=0.1)
    blur_min_sharpness: float = Field(ge=0)
    shake_min_balance: float = Field(ge=0, lt=1)
    paper_percentile: float = Field(gt=50, lt=100)
    dark_max_paper: float = Field(ge=0, le=255)
    ink_percentile: float = Field(gt=0, lt=50)
    overexposed_min_ink: float = Field(ge=0, le=255)
    glare_level: int = Field(ge=200, le=255)
    glare_min_area: float = Field(gt=0, le=1)
    glare_min_in_text: float = Field(gt=0, le=1)
    glare_min_ink: float = Field(ge=0, le=255)
    glare_min_core: float = Field(ge=0, le=255)
    glare_spot_level: float = Field(ge=200, le=255)
    glare_spot_area: tuple[float, float]
    glare_spot_text_margin: float = Field(ge=0, lt=0.5)
    glare_spot_max_ring: float = Field(ge=0, le=255)
    glare_fade_level: float = Field(gt=0, lt=1)
    glare_fade_share: float = Field(gt=0, le=1)
    glare_fade_min_cells: int = Field(ge=1)
    glare_fade_max_saturation: float = Field(gt=0, le=1)
    glare_fade_lit_paper: float = Field(ge=0, le=255)
    cut_off_margin: float = Field(ge=0, lt=0.1)
    cut_off_min_lines: int = Field(ge=1)
    cut_off_min_lines_unrecognised: int = Field(ge=1)
    cut_off_outline_text: float = Field(ge=0, lt=0.5)
    min_mean_confidence: float = Field(ge=0, le=1)
    clear_min_words: int = Field(ge=1)
    clear_min_confidence: float = Field(ge=0, le=1)


def at_long_side(gray: np.ndarray, long_side: int) -> np.ndarray:
    """The grey page scaled to ``long_side`` pixels, as float32: the fixed scale the sharpness measures use."""
    scale = long_side / max(gray.shape)
    return cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA).astype(np.float32)


def sharpness(small: np.ndarray, settings: QualitySettings) -> float:
    """Strongest edges (the ``edge_percentile`` of the Laplacian) over the contrast (no less than
    ``contrast_floor``), on a page from ``at_long_side``.

    Measured at a few hundred pixels, text strokes and sheet edges of a sharp photo stay crisp whatever the
    camera resolution, while defocus or shake of unreadable strength spreads them out; dividing by the
    contrast (1st to 99th percentile) keeps dim and bright photos comparable. Higher is sharper.
    """
    edges = float(np.percentile(np.abs(cv2.Laplacian(small, cv2.CV_32F)), settings.edge_percentile))
    low, high = np.percentile(small, (1, 99))
    return edges / max(settings.contrast_floor, float(high - low))


def shake_balance(small: np.ndarray, settings: QualitySettings) -> float:
    """Weaker over stronger of the horizontal and vertical edge strengths, in [0, 1] (page from ``at_long_side``).

    Camera shake smears edges along one direction only, so one of the two collapses while the Laplacian
    can stay high on the edges parallel to the motion; printed text has edges both ways (above 0.3).
    """
    across = float(np.percentile(np.abs(cv2.Sobel(small, cv2.CV_32F, 2, 0, ksize=3)), settings.edge_percentile))
    down = float(np.percentile(np.abs(cv2.Sobel(small, cv2.CV_32F, 0, 2, ksize=3)), settings.edge_percentile))
    return min(across, down) / max(across, down, 1e-6)


def _text_area(lines: list[OcrLine], shape: tuple[int, ...], margin: int = 0) -> np.ndarray | None:
    """The convex hull of the OCR lines as a 0/1 mask, grown by ``margin`` pixels; None with no lines."""
    points = np.array([p for ln in lines for p in ln.box], np.int32)
    if len(points) < 3:
        return None
    area = np.zeros(shape[:2], np.uint8)
    cv2.fillConvexPoly(area, cv2.convexHull(points), 1)  # type: ignore[call-overload]  # OpenCV's stubs take a colour or border value only as a sequence
    return cv2.dilate(area, np.ones((margin, margin), np.uint8)) if margin > 1 else area


def _wiped_patch(gray: np.ndarray, text_area: np.ndarray, settings: QualitySettings) -> bool:
    """A blown-out patch inside the text area that holds no ink and is clipped white at its middle."""
    h, w = gray.shape
    noise = np.ones((settings.noise_px, settings.noise_px), np.uint8)
    bright = cv2.morphologyEx((gray >= settings.glare_level).astype(np.uint8), cv2.MORPH_OPEN, noise)
    gap = max(3, round(max(h, w) * settings.glare_bridge_share))  # bridge the strokes of partly wiped text
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((gap, gap), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(bright)
    for i in range(1, count):
        if stats[i, cv2.CC_STAT_AREA] < settings.glare_min_area * h * w:
            continue
        patch = labels == i
        if text_area[patch].mean() >= settings.glare_min_in_text \
                and np.percentile(gray[patch], 1) >= settings.glare_min_ink \
                and np.median(gray[patch]) >= settings.glare_min_core:
            return True
    return False


def _bright_spot(gray: np.ndarray, text_area: np.ndarray, settings: QualitySettings) -> bool:
    """A clipped, inkless spot among the text that is brighter than the paper around it.

    Where the reflection wiped the text out, its partly wiped rim keeps ink, so the clipped core alone is
    taken (grey smoothed over ``noise_px``, to see through sensor noise), and nothing within its outline is ink.
    Bright paper is clipped as widely as the light falls; a reflection is a hump: the paper in a ring around
    the core (as wide as half the core) stays darker. The spot must lie mostly where the text is, grown by a
    margin: the wiped lines are missing.
    """
    h, w = gray.shape
    noise = settings.noise_px
    smooth = cv2.blur(gray, (noise, noise))
    core = cv2.morphologyEx((smooth >= settings.glare_spot_level).astype(np.uint8), cv2.MORPH_OPEN,
                            np.ones((noise, noise), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(core)
    low, high = settings.glare_spot_area
    for i in range(1, count):
        area = stats[i, cv2.CC_STAT_AREA]
        if not low * h * w <= area <= high * h * w:
            continue
        reach = max(3, int(np.sqrt(area) / 2))
        window = _around(stats[i], reach, gray.shape)  # the spot and its ring: all the pixels looked at
        spot = (labels[window] == i).astype(np.uint8)
        hull = np.zeros_like(spot)
        cv2.fillConvexPoly(hull, cv2.convexHull(cv2.findNonZero(spot)), 1)  # type: ignore[call-overload]  # OpenCV's stubs take a colour or border value only as a sequence
        inside = hull > 0  # the clipped gaps between rows of still dark text do not make a spot
        grey_near = gray[window]
        if (text_area[window][inside].mean() < settings.glare_min_in_text
                or np.percentile(grey_near[inside], 1) < settings.glare_min_ink):
            continue
        ring = cv2.dilate(spot, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * reach + 1, 2 * reach + 1))) - spot
        if np.percentile(grey_near[ring > 0], 75) <= settings.glare_spot_max_ring:
            return True
    return False


def _around(stats: np.ndarray, reach: int, shape: tuple[int, ...]) -> tuple[slice, slice]:
    """The rows and columns of a component's bounding box (a row of connectedComponentsWithStats) grown by
    ``reach`` pixels on every side, within an image of ``shape``."""
    x, y = int(stats[cv2.CC_STAT_LEFT]), int(stats[cv2.CC_STAT_TOP])
    w, h = int(stats[cv2.CC_STAT_WIDTH]), int(stats[cv2.CC_STAT_HEIGHT])
    return (slice(max(0, y - reach), min(shape[0], y + h + reach)),
            slice(max(0, x - reach), min(shape[1], x + w + reach)))


def _darkest_channel(page: np.ndarray) -> np.ndarray:
    """Each pixel's darkest colour channel (``page.min(axis=2)``, an order of magnitude faster)."""
    blue, green, red = cv2.split(page)
    return cv2.min(cv2.min(blue, green), red)


def _line_cells(page: np.ndarray, ink_image: np.ndarray, lines: list[OcrLine]) -> np.ndarray:
    """Character-sized cells (line height square) along each horizontal OCR line, one row each: the line's
    index, the cell's darkest value in ``ink_image`` and that pixel's colour saturation on ``page``."""
    h, w = ink_image.shape
    rows: list[tuple[float, float, float]] = []
    for i, ln in enumerate(lines):
        x0, x1 = max(0, int(ln.x0)), min(w, int(max(p[0] for p in ln.box)))
        y0, y1 = max(0, int(min(p[1] for p in ln.box))), min(h, int(max(p[1] for p in ln.box)))
        height = y1 - y0
        if height < 4 or x1 - x0 < height:  # a vertical or degenerate box holds no row of characters
            continue
        for x in range(x0, x1 - height // 2, height):
            cell = ink_image[y0:y1, x:x + height]
            dy, dx = np.unravel_index(int(cell.argmin()), cell.shape)
            pixel = page[y0 + dy, x + dx].astype(np.float32)
            rows.append((i, float(cell[dy, dx]), float((pixel.max() - pixel.min()) / max(1.0, pixel.max()))))
    return np.array(rows, np.float32).reshape(-1, 3)


def _line_paper(ink_image: np.ndarray, line: OcrLine) -> float:
    """How light the paper is around a line: the 90th percentile of ``ink_image`` in its box."""
    xs, ys = [int(p[0]) for p in line.box], [int(p[1]) for p in line.box]
    region = ink_image[max(0, min(ys)):max(ys), max(0, min(xs)):max(xs)]
    return float(np.percentile(region, 90)) if region.size else 0.0


def _faded_text(page: np.ndarray, lines: list[OcrLine], text_area: np.ndarray, settings: QualitySettings) -> bool:
    """Characters the OCR found whose ink is faded towards the paper: the rim of a reflection over the text.

    Each character cell's darkest pixel is taken in the darkest colour channel (a reflection lightens every
    channel), against the page's typical cell (the median) and the paper: faded past ``glare_fade_level`` of
    the way from the typical ink to the paper. Coloured ink is print, not a reflection (a red seal's small
    text is light but saturated), and so is a line printed pale from end to end (a watermark, a light
    header) unless its paper is lit near white. Glare when enough cells, and a large enough share of them,
    are faded: evenly soft or dim photos move ink and median together.
    """
    ink_image = _darkest_channel(page)
    cells = _line_cells(page, ink_image, lines)
    if len(cells) == 0:
        return False
    line_of, darkest, saturation = cells[:, 0].astype(int), cells[:, 1], cells[:, 2]
    ink = float(np.median(darkest))
    paper = float(np.percentile(ink_image[text_area > 0], 90))
    faded = ((darkest > ink + settings.glare_fade_level * (paper - ink))
             & (saturation < settings.glare_fade_max_saturation))
    for i in np.unique(line_of[faded]):
        on_line = line_of == i
        if faded[on_line].all() and _line_paper(ink_image, lines[i]) < settings.glare_fade_lit_paper:
            faded[on_line] = False
    return int(faded.sum()) >= settings.glare_fade_min_cells and float(faded.mean()) >= settings.glare_fade_share


def glare_spots(page: np.ndarray, lines: list[OcrLine], settings: QualitySettings) -> bool:
    """True when a reflection wiped part of the text out: a blown-out inkless patch in the text area, a
    clipped inkless spot among the text that stands out from the paper around it, or text the OCR still
    found but whose ink is faded towards the paper (paper already lit to white shows no spot of its own).

    Bright white paper keeps its dark ink under strong light; a specular reflection replaces both with
    white, clipped as the sensor clips it (a blank stretch of bright but unclipped paper between paragraphs
    is not glare). ``lines`` are OCR lines in the same pixels as ``page`` (the flattened page, BGR).
    """
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    text_area = _text_area(lines, gray.shape)
    if text_area is None:
        return False
    if _wiped_patch(gray, text_area, settings):
        return True
    margin = round(settings.glare_spot_text_margin * max(gray.shape))
    spot_area = _text_area(lines, gray.shape, margin)
    assert spot_area is not None  # the same lines as text_area
    return _bright_spot(gray, spot_area, settings) or _faded_text(page, lines, text_area, settings)


def image_issues(photo_shape: tuple[int, ...], page: np.ndarray, settings: QualitySettings,
                 min_side: int) -> list[QualityIssue]:
    """Issues visible before OCR: size, blur, exposure."""
    issues: list[QualityIssue] = []
    if min(photo_shape[:2]) < min_side:
        issues.append(QualityIssue.too_small)
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    small = at_long_side(gray, settings.sharpness_long_side)
    if sharpness(small, settings) < settings.blur_min_sharpness \
            or shake_balance(small, settings) < settings.shake_min_balance:
        issues.append(QualityIssue.blur)
    paper, ink = np.percentile(gray, (settings.paper_percentile, settings.ink_percentile))  # one partition
    if paper < settings.dark_max_paper:  # even the paper is dark
        issues.append(QualityIssue.too_dark)
    if ink >= settings.overexposed_min_ink:
        issues.append(QualityIssue.overexposed)  # even the ink is washed out
    return issues


def sheet_cut_by_frame(quad: np.ndarray | None, lines_in_photo: list[OcrLine], photo_shape: tuple[int, ...],
                       settings: QualitySettings) -> bool:
    """True when the sheet's outline (``quad``, photo pixels) runs along a frame edge and writing comes close
    to that edge, or there is no writing at all: the frame cut through the text or left all of it out.

    A cut falling between two rows leaves no line touching the frame, but the next row sits just inside it.
    """
    if quad is None:
        return False
    long_side = max(photo_shape[:2])
    sides = sides_along_outline(quad, photo_shape, settings.cut_off_margin * long_side)
    if not sides:
        return False
    if not lines_in_photo:
        return True
    near = settings.cut_off_outline_text * long_side
    return any(edge_gaps(ln, photo_shape)[side] <= near for ln in lines_in_photo for side in sides)


def text_issues(lines_in_photo: list[OcrLine], photo_shape: tuple[int, ...], settings: QualitySettings,
                is_document: bool = True, quad: np.ndarray | None = None) -> list[QualityIssue]:
    """Issues visible in the OCR result (lines in photo pixels): text cut at the frame edge, text too poor to read.

    Text running off the frame means a cut page: one cut line on a recognised document, more on anything
    else (a scene may have a sign at its edge, but a document too cut to recognise loses several lines).
    A sheet's outline (``quad``) running along the frame with text close by is a cut page whatever it is.
    """
    cut = lines_at_edge(lines_in_photo, photo_shape, settings.cut_off_margin * max(photo_shape[:2]))
    issues: list[QualityIssue] = []
    needed = settings.cut_off_min_lines if is_document else settings.cut_off_min_lines_unrecognised
    if cut >= needed or sheet_cut_by_frame(quad, lines_in_photo, photo_shape, settings):
        issues.append(QualityIssue.cut_off)
    words, confidence = _word_confidence(lines_in_photo)
    if words >= 3 and confidence < settings.min_mean_confidence:
        issues.append(QualityIssue.blur)
    return issues


def _word_confidence(lines: list[OcrLine]) -> tuple[int, float]:
    """How many lines of 4+ characters the OCR read, and their confidence weighted by length."""
    words = [ln for ln in lines if len(ln.text) >= 4]
    if not words:
        return 0, 0.0
    return len(words), sum(ln.confidence * len(ln.text) for ln in words) / sum(len(ln.text) for ln in words)


def reads_clearly(lines: list[OcrLine], settings: QualitySettings) -> bool:
    """True when the OCR read plenty of text with high confidence: a soft-looking photo is then not ``blur``
    (the sharpness measure is a proxy for readability; this is readability itself)."""
    words, confidence = _word_confidence(lines)
    return words >= settings.clear_min_words and confidence >= settings.clear_min_confidence


def verdict(issues: list[QualityIssue]) -> Quality:
    """The quality verdict: usable only with no issue at all."""
    unique = list(dict.fromkeys(issues))
    return Quality(usable=not unique, issues=unique)
