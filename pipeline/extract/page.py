"""Find the document in a photo, warp it flat, and keep the transform back to photo pixels."""
from dataclasses import dataclass

import cv2
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from models.ocr import OcrLine


class PageSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    work_long_side: int = Field(ge=640, le=4096)
    min_page_area: float = Field(gt=0, lt=1)
    max_aspect: float = Field(gt=1)
    min_edge_contrast: float = Field(ge=0)
    outline_tolerance: float = Field(gt=0, lt=0.2)
    min_outline_fill: float = Field(gt=0, le=1)
    max_page_area: float = Field(gt=0, le=1)


SIDES = ("top", "right", "bottom", "left")


def edge_gaps(line: OcrLine, shape: tuple[int, ...]) -> dict[str, float]:
    """The line's distance in pixels to each border (top, right, bottom, left) of an image of ``shape``."""
    h, w = shape[:2]
    return dict(zip(SIDES, (line.y0, w - 1 - line.x1, h - 1 - line.y1, line.x0)))


def lines_at_edge(lines: list[OcrLine], shape: tuple[int, ...], margin: float) -> int:
    """How many lines come within ``margin`` pixels of the border of an image of ``shape``."""
    return sum(1 for ln in lines if min(edge_gaps(ln, shape).values()) <= margin)


def sides_along_outline(quad: np.ndarray, shape: tuple[int, ...], margin: float) -> set[str]:
    """The borders of an image of ``shape`` that the outline ``quad`` runs along (two corners within
    ``margin`` pixels of it): the sheet goes on beyond the frame there."""
    h, w = shape[:2]
    xs, ys = quad[:, 0], quad[:, 1]
    near = dict(zip(SIDES, (ys <= margin, xs >= w - 1 - margin, ys >= h - 1 - margin, xs <= margin)))
    return {side for side, corners in near.items() if corners.sum() >= 2}


def text_cut_by_outline(lines: list[OcrLine], shape: tuple[int, ...], margin: int = 3, min_lines: int = 2) -> bool:
    """True when OCR lines run into the flattened page's border: the outline cut through the text."""
    return lines_at_edge(lines, shape, margin) >= min_lines


@dataclass
class Page:
    """The flattened page and the 3x3 homography mapping page pixels back to original photo pixels."""

    image: np.ndarray
    to_photo: np.ndarray
    quad: np.ndarray | None  # page corners in photo pixels, when a page outline was found
    scale: float  # work-scale / photo-scale

    def points_to_photo(self, points: np.ndarray) -> np.ndarray:
        """Map (N, 2) page points to photo pixels."""
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 1, 2)
        return cv2.perspectiveTransform(pts, self.to_photo).reshape(-1, 2)

    def rotated(self, quarter_turns: int) -> "Page":
        """The page turned clockwise by 90° × ``quarter_turns``, transform kept consistent."""
        k = quarter_turns % 4
        if k == 0:
            return self
        h, w = self.image.shape[:2]
        image = np.ascontiguousarray(np.rot90(self.image, -k))
        # map new (x, y) back to old (x, y) for a clockwise rotation
        back = {1: [[0, 1, 0], [-1, 0, h - 1], [0, 0, 1]],
                2: [[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]],
                3: [[0, -1, w - 1], [1, 0, 0], [0, 0, 1]]}[k]
        return Page(image, self.to_photo @ np.array(back, dtype=np.float64), self.quad, self.scale)


def _order(quad: np.ndarray) -> np.ndarray:
    """Corners ordered top-left, top-right, bottom-right, bottom-left."""
    pts = quad.reshape(4, 2).astype(np.float32)
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[s.argmin()], pts[d.argmin()], pts[s.argmax()], pts[d.argmax()]], dtype=np.float32)


def _edge_contrast(image: np.ndarray, quad: np.ndarray, band: int = 12) -> float:
    """Colour distance between a band just inside the outline and a band just outside it.

    A real sheet edge separates paper from background; a table's ruled frame has paper on both sides.
    """
    mask = np.zeros(image.shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, quad.astype(np.int32), 255)  # type: ignore[call-overload]  # OpenCV's stubs take a colour or border value only as a sequence
    kernel = np.ones((2 * band + 1, 2 * band + 1), np.uint8)
    inside = cv2.subtract(mask, cv2.erode(mask, kernel))
    outside = cv2.subtract(cv2.dilate(mask, kernel), mask)
    if not outside.any() or not inside.any():
        return 0.0
    a = np.array(cv2.mean(image, mask=inside)[:3])
    b = np.array(cv2.mean(image, mask=outside)[:3])
    return float(np.linalg.norm(a - b))


def _find_quad(work: np.ndarray, settings: PageSettings) -> np.ndarray | None:
    gray = cv2.cvtColor(work, cv2.COLOR_BGR2GRAY)
    gray = cv2.GaussianBlur(gray, (5, 5), 0)
    area_min = settings.min_page_area * gray.shape[0] * gray.shape[1]
    candidates = []
    _, otsu = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    edges = cv2.dilate(cv2.Canny(gray, 40, 120), np.ones((5, 5), np.uint8))
    for mask in (otsu, edges):
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for c in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
            if cv2.contourArea(c) < area_min:
                break
            hull = cv2.convexHull(c)
            approx = cv2.approxPolyDP(hull, settings.outline_tolerance * cv2.arcLength(hull, True), True)
            if len(approx) != 4:
                continue
            quad = _order(np.asarray(approx))
            if cv2.contourArea(c) < settings.min_outline_fill * cv2.contourArea(quad):
                continue  # the outline is not a clean four-sided sheet
            w = max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3]))
            h = max(np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1]))
            if min(w, h) > 0 and max(w, h) / min(w, h) <= settings.max_aspect \
                    and _edge_contrast(work, quad) >= settings.min_edge_contrast:
                candidates.append((cv2.contourArea(quad), quad))
    if not candidates:
        return None
    area, quad = max(candidates, key=lambda t: t[0])
    if area > settings.max_page_area * gray.shape[0] * gray.shape[1]:
        return None  # the whole frame: no outline to flatten
    return quad


def _work_scale(photo: np.ndarray, settings: PageSettings) -> tuple[np.ndarray, float]:
    h, w = photo.shape[:2]
    scale = min(1.0, settings.work_long_side / max(h, w))
    if scale < 1:
        size = (max(1, round(w * scale)), max(1, round(h * scale)))  # a sliver of a photo keeps a pixel
        return cv2.resize(photo, size, interpolation=cv2.INTER_AREA), scale
    return photo.copy(), scale


def whole_frame(photo: np.ndarray, settings: PageSettings) -> Page:
    """The whole photo at work size, as a page with no outline (when no sheet edge can be trusted)."""
    work, scale = _work_scale(photo, settings)
    return Page(work, np.diag([1 / scale, 1 / scale, 1.0]), None, scale)


def _sides(quad: np.ndarray) -> tuple[float, float]:
    """Width and height of the sheet an outline encloses (its longer opposite sides)."""
    width = max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3]))
    height = max(np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1]))
    return float(width), float(height)


def find_page(photo: np.ndarray, settings: PageSettings) -> Page:
    """Find the page outline on the photo scaled to work size and warp the page flat (or keep the whole frame).

    The page is cut from the photo at up to ``work_long_side`` pixels for the page itself, not for the whole
    frame: a ticket photographed from afar keeps the resolution its small print needs.
    """
    work, scale = _work_scale(photo, settings)
    to_photo_scale = np.diag([1 / scale, 1 / scale, 1.0])
    quad = _find_quad(work, settings)
    if quad is None:
        return Page(work, to_photo_scale, None, scale)
    corners = quad / scale
    page_scale = min(1.0, settings.work_long_side / max(_sides(corners)))
    if page_scale <= scale * 1.1:
        source, source_scale = work, scale  # the page fills the frame: the work image has its resolution
    else:
        source = photo if page_scale == 1.0 else cv2.resize(photo, None, fx=page_scale, fy=page_scale,
                                                            interpolation=cv2.INTER_AREA)
        source_scale = page_scale
    outline = (corners * source_scale).astype(np.float32)
    width, height = (int(side) for side in _sides(outline))
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(outline, target)
    if abs(np.linalg.det(matrix)) < 1e-12:
        return Page(work, to_photo_scale, None, scale)  # degenerate outline (corners coincide): whole frame
    flat = cv2.warpPerspective(source, matrix, (width, height), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    to_photo = np.diag([1 / source_scale, 1 / source_scale, 1.0]) @ np.linalg.inv(matrix)
    return Page(flat, to_photo, corners, scale)
