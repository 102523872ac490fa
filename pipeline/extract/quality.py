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
    glare_min_share: float = Field(gt=0, le=1)
    cut_off_margin: int = Field(ge=0)
    cut_off_min_lines: int = Field(ge=1)
    min_mean_confidence: float = Field(ge=0, le=1)


def sharpness(gray: np.ndarray, long_side: int) -> float:
    """Variance of the Laplacian at a fixed scale (higher is sharper)."""
    scale = long_side / max(gray.shape)
    resized = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(resized, cv2.CV_64F).var())


def largest_saturated_blob(gray: np.ndarray, level: int) -> float:
    """Share of the image covered by the largest connected blown-out region."""
    mask = cv2.morphologyEx((gray >= level).astype(np.uint8), cv2.MORPH_OPEN, np.ones((5, 5), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask)
    return float(stats[1:, cv2.CC_STAT_AREA].max() / gray.size) if count > 1 else 0.0


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
    elif largest_saturated_blob(gray, settings.saturated_level) > settings.glare_min_share:
        issues.append(QualityIssue.glare)
    return issues


def text_issues(lines_in_photo: list[OcrLine], photo_shape: tuple[int, ...],
                settings: QualitySettings) -> list[QualityIssue]:
    """Issues visible in the OCR result (lines in photo pixels): text cut at the frame edge, text too poor to read."""
    h, w = photo_shape[:2]
    m = settings.cut_off_margin
    cut = sum(1 for ln in lines_in_photo if ln.x0 <= m or ln.y0 <= m or ln.x1 >= w - 1 - m or ln.y1 >= h - 1 - m)
    issues: list[QualityIssue] = []
    if cut >= settings.cut_off_min_lines:
        issues.append(QualityIssue.cut_off)
    words = [ln for ln in lines_in_photo if len(ln.text) >= 4]
    if len(words) >= 3:
        weighted = sum(ln.confidence * len(ln.text) for ln in words) / sum(len(ln.text) for ln in words)
        if weighted < settings.min_mean_confidence:
            issues.append(QualityIssue.blur)
    return issues


def verdict(issues: list[QualityIssue]) -> Quality:
    """The quality verdict: usable only with no issue at all."""
    unique = list(dict.fromkeys(issues))
    return Quality(usable=not unique, issues=unique)
