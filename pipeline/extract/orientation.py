"""Turn a page upright: vertical text means a quarter turn, the PP-OCR line classifier catches upside-down."""
from typing import cast

import cv2
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from models.ocr import Box, OcrLine


class OrientationSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    vertical_share: float = Field(gt=0, lt=1)
    flip_vote: float = Field(gt=0, lt=1)
    sample_lines: int = Field(ge=1)
    first_look: bool  # turn every page as its text-line boxes say before reading it (else only an upload's)


def vertical_share(lines: list[OcrLine]) -> float:
    """Share of the text (by characters, lines of 3+) whose box is much taller than wide."""
    counted = [ln for ln in lines if len(ln.text) >= 3]
    total = sum(len(ln.text) for ln in counted)
    if not total:
        return 0.0
    return sum(len(ln.text) for ln in counted if ln.height > 1.5 * (ln.x1 - ln.x0)) / total


def box_width(box: Box) -> float:
    """How far a box reaches across the page."""
    return max(x for x, _ in box) - min(x for x, _ in box)


def crop_line(image: np.ndarray, box: Box, height: int = 48) -> np.ndarray:
    """A text line's quadrilateral warped to a horizontal strip ``height`` pixels tall."""
    quad = np.array(box, dtype=np.float32)
    # max() of numpy scalars and a float is typed as a bare comparable; it is one of them
    w = cast(np.floating, max(np.linalg.norm(quad[1] - quad[0]), np.linalg.norm(quad[2] - quad[3]), 1.0))
    h = cast(np.floating, max(np.linalg.norm(quad[3] - quad[0]), np.linalg.norm(quad[2] - quad[1]), 1.0))
    out_w = max(8, int(round(w * height / h)))  # noqa: RUF046 - a numpy scalar (a numpy float under numpy 1.x)
    target = np.array([[0, 0], [out_w, 0], [out_w, height], [0, height]], dtype=np.float32)
    return cv2.warpPerspective(image, cv2.getPerspectiveTransform(quad, target), (out_w, height),
                               borderMode=cv2.BORDER_REPLICATE)


class FlipClassifier:
    """PP-OCR's text-line direction classifier (0° or 180°), from the rapidocr wheel, on onnxruntime."""

    _SHAPE = (3, 48, 192)

    def __init__(self, threads: int = 1) -> None:
        from pathlib import Path

        import onnxruntime as ort
        import rapidocr

        model = Path(rapidocr.__file__).parent / "models" / "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        self._session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
        self._input = self._session.get_inputs()[0].name

    def _prepare(self, strip: np.ndarray) -> np.ndarray:
        c, h, w = self._SHAPE
        ratio = strip.shape[1] / strip.shape[0]
        width = min(w, int(np.ceil(h * ratio)))
        resized = cv2.resize(strip, (width, h)).astype(np.float32) / 255.0
        padded = np.zeros((h, w, c), dtype=np.float32)
        padded[:, :width] = (resized - 0.5) / 0.5
        return padded.transpose(2, 0, 1)

    def upside_down_share(self, image: np.ndarray, boxes: list[Box], sample: int) -> float:
        """Share of the widest ``sample`` text-line boxes that the classifier calls upside down."""
        chosen = sorted(boxes, key=box_width, reverse=True)[:sample]
        if not chosen:
            return 0.0
        batch = np.stack([self._prepare(crop_line(image, box)) for box in chosen])
        probs = self._session.run(None, {self._input: batch})[0]
        return float(np.mean(probs[:, 1] > probs[:, 0]))
