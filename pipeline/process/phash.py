"""A 64-bit perceptual hash (DCT pHash) of a photographed page, so that a re-photographed copy is recognised.

The page is first brought to a common frame: flattened when its outline is found (the extraction stage's
page finder), turned so that its text lines run left to right (their direction comes from the OCR boxes)
and cropped to the text. That takes away the background, the camera's tilt, keystone and quarter turns.
The crop's ink (grey level against the local paper brightness, which takes away uneven light) is shrunk
to 32×32, and the signs of its 8×8 lowest DCT frequencies against their median give the 64 bits.

Pages printed from one template (two invoices of the same hospital form) can hash close together, so a
near hash is a candidate that the caller confirms on the documents' fields.
"""
import math

import cv2
import numpy as np

from models.ocr import OcrLine
from pipeline.extract.page import Page, PageSettings, find_page

HASH_SIDE = 8
DCT_SIDE = 32
MIN_LINES_ON_PAGE = 0.8  # share of the text lines that must fall on the found page to trust its outline

Box = np.ndarray


def _text_angle(boxes: list[Box]) -> float:
    """The direction of the text in degrees (length-weighted mean of the line baselines)."""
    dx = sum(float(b[1][0] - b[0][0]) for b in boxes)
    dy = sum(float(b[1][1] - b[0][1]) for b in boxes)
    return math.degrees(math.atan2(dy, dx))


def text_crop(grey: np.ndarray, boxes: list[Box]) -> np.ndarray:
    """``grey`` turned so the text runs left to right and cropped to the text boxes (unchanged without boxes)."""
    if not boxes:
        return grey
    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), _text_angle(boxes), 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    out_w, out_h = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += out_w / 2 - w / 2
    matrix[1, 2] += out_h / 2 - h / 2
    turned = cv2.warpAffine(grey, matrix, (out_w, out_h), borderMode=cv2.BORDER_REPLICATE)
    corners = np.vstack(boxes)
    corners = np.hstack([corners, np.ones((len(corners), 1))]) @ matrix.T
    x0, y0 = np.maximum(corners.min(axis=0), 0).astype(int)
    x1, y1 = corners.max(axis=0).astype(int)
    crop = turned[y0:y1, x0:x1]
    return crop if min(crop.shape) >= HASH_SIDE else grey


def page_view(photo_bgr: np.ndarray, lines: list[OcrLine], settings: PageSettings,
              page: Page | None = None) -> tuple[np.ndarray, list[Box]]:
    """The flattened page with the line boxes mapped onto it, or the (work-scaled) photo when no outline fits;
    ``page`` is the page already found on the photo (found again when not given)."""
    page = page or find_page(photo_bgr, settings)
    boxes = [np.asarray(line.box, dtype=np.float64) for line in lines]
    if page.quad is not None and boxes:
        to_page = np.linalg.inv(page.to_photo)
        h, w = page.image.shape[:2]
        mapped = [cv2.perspectiveTransform(b.reshape(-1, 1, 2), to_page).reshape(-1, 2) for b in boxes]
        inside = [b for b in mapped if b.min() >= -1 and b[:, 0].max() <= w + 1 and b[:, 1].max() <= h + 1]
        if len(inside) >= MIN_LINES_ON_PAGE * len(boxes):
            return cv2.cvtColor(page.image, cv2.COLOR_BGR2GRAY), inside
    work = cv2.resize(photo_bgr, None, fx=page.scale, fy=page.scale, interpolation=cv2.INTER_AREA)
    return cv2.cvtColor(work, cv2.COLOR_BGR2GRAY), [b * page.scale for b in boxes]


def _ink(grey: np.ndarray) -> np.ndarray:
    """Darkness against the local paper brightness (0 paper … 1 ink), shrunk to DCT_SIDE × DCT_SIDE."""
    g = grey.astype(np.float32)
    kernel = max(3, (min(g.shape) // 10) | 1)
    paper = cv2.GaussianBlur(cv2.dilate(g, np.ones((9, 9), np.uint8)), (kernel, kernel), 0)
    ink = np.clip(1.0 - g / np.maximum(paper, 1.0), 0.0, 1.0)
    return cv2.resize(ink, (DCT_SIDE, DCT_SIDE), interpolation=cv2.INTER_AREA)


def dct_hash(grey: np.ndarray) -> str:
    """The 64-bit pHash of a grey image, as 16 hex digits."""
    low = cv2.dct(_ink(grey))[:HASH_SIDE, :HASH_SIDE].flatten()
    bits = low > np.median(low[1:])
    return f"{int(''.join('1' if b else '0' for b in bits), 2):016x}"


def view_hash(grey: np.ndarray, boxes: list[Box]) -> str:
    """The hash of a page view's text block."""
    return dct_hash(text_crop(grey, boxes))


def page_hash(photo_bgr: np.ndarray, lines: list[OcrLine], settings: PageSettings) -> str:
    """The page's hash (``view_hash`` of ``page_view``)."""
    return view_hash(*page_view(photo_bgr, lines, settings))


def hamming(a: str, b: str) -> int:
    """Bits that differ between two hex hashes of the same length."""
    return (int(a, 16) ^ int(b, 16)).bit_count()
