"""Photo quality: blur, darkness, over-exposure, glare, cut-off text, too small — each an issue code."""
import cv2
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from models.document import Quality
from models.enums import QualityIssue
from models.ocr import OcrLine


class QualitySettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sharpness_long_side: int = Field(ge=200)
    blur_min_sharpness: float = Field(ge=0)
    dark_max_mean: float = Field(ge=0, le=255)
    saturated_level: int = Field(ge=200, le=255)
    overexposed_min_share: float = Field(gt=0, le=1)
    glare_level: int = Field(ge=200, le=255)
    glare_max_paper_level: int = Field(ge=0, le=255)
    glare_min_share: float = Field(gt=0, le=1)
    cut_off_margin: int = Field(ge=0)
    cut_off_min_lines: int = Field(ge=1)
    min_mean_confidence: float = Field(ge=0, le=1)


def sharpness(gray: np.ndarray, long_side: int) -> float:
    """Variance of the Laplacian at a fixed scale (higher is sharper)."""
    scale = long_side / max(gray.shape)
    resized = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(resized, cv2.CV_64F).var())


def image_issues(photo_shape: tuple[int, ...], page: np.ndarray, settings: QualitySettings,
                 min_side: int) -> list[QualityIssue]:
    """Issues visible before OCR: size, blur, exposure, glare."""
    issues: list[QualityIssue] = []
    if min(photo_shape[:2]) < min_side:
        issues.append(QualityIssue.too_small)
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    if sharpness(gray, settings.sharpness_long_side) < settings.blur_min_sharpness:
        issues.append(QualityIssue.blur)
    if gray.mean() < settings.dark_max_mean:
        issues.append(QualityIssue.too_dark)
    if (gray >= settings.saturated_level).mean() > settings.overexposed_min_share:
        issues.append(QualityIssue.overexposed)
    return issues


def glare_share(page: np.ndarray, lines: list[OcrLine], settings: QualitySettings) -> float:
    """Share of the text block washed out by one blown-out blob brighter than the paper around it.

    Glare shows as a hole in the text: saturated pixels between the text lines, on paper that is
    otherwise darker. White paper that is evenly bright is not glare.
    """
    body = [ln for ln in lines if len(ln.text) >= 2]
    if not body:
        return 0.0
    h, w = page.shape[:2]
    x0, x1 = max(0, int(min(ln.x0 for ln in body))), min(w, int(max(ln.x1 for ln in body)))
    y0, y1 = max(0, int(min(ln.y0 for ln in body))), min(h, int(max(ln.y1 for ln in body)))
    if x1 <= x0 or y1 <= y0:
        return 0.0
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    block = gray[y0:y1, x0:x1]
    paper = float(np.median(cv2.morphologyEx(block, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))))
    if paper > settings.glare_max_paper_level:
        return 0.0
    region = np.ones_like(block, dtype=np.uint8)
    for ln in lines:
        cv2.fillConvexPoly(region, (np.array(ln.box) - (x0, y0)).astype(np.int32), 0)
    blown = (cv2.GaussianBlur(block, (7, 7), 0) >= settings.glare_level).astype(np.uint8) & region
    count, _, stats, _ = cv2.connectedComponentsWithStats(blown)
    return float(stats[1:, cv2.CC_STAT_AREA].max() / block.size) if count > 1 else 0.0


def text_issues(page: np.ndarray, lines: list[OcrLine], lines_in_photo: list[np.ndarray],
                photo_shape: tuple[int, ...], settings: QualitySettings) -> list[QualityIssue]:
    """Issues visible with the OCR result: text cut at the frame edge, glare over the text, text too poor to read."""
    confidences = [ln.confidence for ln in lines]
    h, w = photo_shape[:2]
    m = settings.cut_off_margin
    cut = sum(1 for pts in lines_in_photo
              if pts[:, 0].min() <= m or pts[:, 1].min() <= m or pts[:, 0].max() >= w - 1 - m
              or pts[:, 1].max() >= h - 1 - m)
    issues: list[QualityIssue] = []
    if cut >= settings.cut_off_min_lines:
        issues.append(QualityIssue.cut_off)
    if glare_share(page, lines, settings) >= settings.glare_min_share:
        issues.append(QualityIssue.glare)
    if len(confidences) >= 3 and float(np.median(confidences)) < settings.min_mean_confidence:
        issues.append(QualityIssue.blur)
    return issues


def verdict(issues: list[QualityIssue]) -> Quality:
    """The quality verdict: usable only with no issue at all."""
    unique = list(dict.fromkeys(issues))
    return Quality(usable=not unique, issues=unique)

