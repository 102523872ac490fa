"""The OcrEngine protocol, the engines by name (ENGINES: paddleocr and RapidOCR on onnxruntime) and a scripted
engine that reads nothing, for fast tests of the stages around OCR.

An engine answers everything the extraction stage asks of OCR: the text lines of an image, which way up they
are, and (where it keeps them) its recogniser's per-character probabilities, for other readings, seals and
known terms. Both PP-OCR engines run the same PP-OCRv6 small models and PP-OCR's line direction classifier
from the installed rapidocr wheel, fully offline. An engine loads its models once; create one per process.
"""
import hashlib
import logging
import os
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from models.ocr import Box, OcrLine
from pipeline.extract.ocr_models import DET_NAME, REC_NAME, ensure_model_dirs, wheel_model_file
from pipeline.extract.orientation import FlipClassifier
from pipeline.extract.readings import LineReader, ReadingSettings
from pipeline.extract.settings import OcrSettings

# paddlex otherwise probes model hosters at import time; we never download anything.
os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")


class OcrEngine(Protocol):
    """Image in (BGR uint8), text lines with boxes and confidences out; which way up they are; the recogniser's
    own output where the engine has it."""

    name: str

    def recognize(self, image: np.ndarray, det_limit: int | None = None) -> list[OcrLine]:
        """Text lines of a BGR image; ``det_limit`` overrides the detection size cap for this call."""
        ...

    def detect(self, image: np.ndarray, det_limit: int) -> list[Box]:
        """Where the text lines of a BGR image are, not read (detection at ``det_limit`` pixels at most)."""
        ...

    def upside_down_share(self, image: np.ndarray, boxes: list[Box], sample: int) -> float:
        """Share of the widest ``sample`` of the text-line ``boxes`` (on ``image``) that are upside down."""
        ...

    def line_reader(self, settings: ReadingSettings) -> LineReader | None:
        """The recogniser read line by line with its per-character probabilities, or None for an engine
        without one (the stage then skips other readings, seal rings and known-term repairs)."""
        ...


class _PpOcrSideModels:
    """What both PP-OCR engines add beside their own pipeline: the PP-OCRv6 detector on its own (a first look
    at a page), PP-OCR's line direction classifier (pipeline.extract.orientation) and the PP-OCRv6 recogniser
    read directly (pipeline.extract.readings)."""

    _flip: FlipClassifier
    _reader: LineReader | None = None
    _detector: Any = None  # paddleocr's TextDetection, loaded on the first look

    def _load_side_models(self) -> None:
        self._flip = FlipClassifier(threads=1)

    def detect(self, image: np.ndarray, det_limit: int) -> list[Box]:
        """The PP-OCRv6 detector alone, on onnxruntime."""
        if self._detector is None:
            from paddleocr import TextDetection

            self._detector = TextDetection(
                model_name=DET_NAME, model_dir=str(ensure_model_dirs().det), device="cpu", engine="onnxruntime",
                engine_config={"intra_op_num_threads": 1}, limit_type="max")
        polys = self._detector.predict(image, limit_side_len=det_limit)[0]["dt_polys"]
        return [_line(p, "", 1.0).box for p in polys]

    def upside_down_share(self, image: np.ndarray, boxes: list[Box], sample: int) -> float:
        """PP-OCR's line classifier over the widest lines."""
        return self._flip.upside_down_share(image, boxes, sample)

    def line_reader(self, settings: ReadingSettings) -> LineReader:
        """The PP-OCRv6 recogniser on onnxruntime, loaded once."""
        if self._reader is None or self._reader.settings != settings:
            self._reader = LineReader(settings)
        return self._reader


def _line(box: object, text: str, score: float) -> OcrLine:
    pts = [(float(x), float(y)) for x, y in np.asarray(box, dtype=float).reshape(-1, 2)[:4]]
    return OcrLine(text=str(text), confidence=min(1.0, max(0.0, float(score))), box=tuple(pts))


class PaddleOcrEngine(_PpOcrSideModels):
    """PaddleOCR 3.x with ``engine="onnxruntime"`` (no paddlepaddle)."""

    name = "paddleocr"

    def __init__(self, settings: OcrSettings) -> None:
        from paddleocr import PaddleOCR

        for name in ("paddlex", "paddleocr"):  # their INFO lines would drown the CLI's own output
            logging.getLogger(name).setLevel(logging.WARNING)
        dirs = ensure_model_dirs(rec_min_width=settings.rec_min_width)
        self._ocr = PaddleOCR(
            text_detection_model_name=DET_NAME, text_detection_model_dir=str(dirs.det),
            text_recognition_model_name=REC_NAME, text_recognition_model_dir=str(dirs.rec),
            use_doc_orientation_classify=False, use_doc_unwarping=False, use_textline_orientation=False,
            text_det_limit_side_len=settings.det_limit_side_len, text_det_limit_type="max",
            text_recognition_batch_size=settings.rec_batch_size,
            device="cpu", engine="onnxruntime", engine_config={"intra_op_num_threads": settings.threads},
        )
        self._load_side_models()

    def recognize(self, image: np.ndarray, det_limit: int | None = None) -> list[OcrLine]:
        result = self._ocr.predict(image, text_det_limit_side_len=det_limit)[0]
        return [_line(b, t, s) for b, t, s in zip(result["rec_polys"], result["rec_texts"], result["rec_scores"])
                if t.strip()]


class RapidOcrEngine(_PpOcrSideModels):
    """RapidOCR 3.x on onnxruntime with the same PP-OCRv6 small models."""

    name = "rapidocr"

    def __init__(self, settings: OcrSettings) -> None:
        self._settings = settings
        self._by_limit = {settings.det_limit_side_len: self._load(settings.det_limit_side_len)}
        self._load_side_models()

    def _load(self, det_limit: int) -> Any:  # a RapidOCR, whose call is typed as any one stage's output
        from rapidocr import RapidOCR

        settings = self._settings
        return RapidOCR(params={
            "Global.use_cls": False,
            "Global.log_level": "warning",
            "Global.max_side_len": 4096,
            "Det.model_path": str(wheel_model_file(DET_NAME)),
            "Rec.model_path": str(wheel_model_file(REC_NAME)),
            "Det.limit_side_len": det_limit,
            "Det.limit_type": "max",
            "Rec.rec_batch_num": settings.rec_batch_size,
            "Rec.rec_img_shape": [3, 48, settings.rec_min_width],
            "EngineConfig.onnxruntime.intra_op_num_threads": settings.threads,
            "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
        })

    def recognize(self, image: np.ndarray, det_limit: int | None = None) -> list[OcrLine]:
        limit = det_limit or self._settings.det_limit_side_len
        if limit not in self._by_limit:  # RapidOCR fixes the cap when built: one instance per cap
            self._by_limit[limit] = self._load(limit)
        result = self._by_limit[limit](image)
        if result.boxes is None:
            return []
        return [_line(b, t, s) for b, t, s in zip(result.boxes, result.txts, result.scores) if t.strip()]


class ScriptedEngine:
    """An engine that reads nothing: every image is answered with the same lines, placed by fractions of the
    image's width and height (``(text, confidence, (x0, y0, x1, y1))``), so a test of the stages around OCR
    runs in milliseconds on any page. A page is as upside down as ``upside_down`` says, and a page it was asked
    about turned by half a turn is the other way up; it has no recogniser to read again, and loads no model."""

    name = "scripted"

    def __init__(self, lines: list[tuple[str, float, tuple[float, float, float, float]]],
                 upside_down: float = 0.0) -> None:
        self._lines = lines
        self._upside_down = upside_down
        self._pages: set[bytes] = set()  # digests of the pages asked about

    def recognize(self, image: np.ndarray, det_limit: int | None = None) -> list[OcrLine]:
        h, w = image.shape[:2]
        return [_line([(x0 * w, y0 * h), (x1 * w, y0 * h), (x1 * w, y1 * h), (x0 * w, y1 * h)], text, score)
                for text, score, (x0, y0, x1, y1) in self._lines]

    def detect(self, image: np.ndarray, det_limit: int) -> list[Box]:
        """Where its lines are."""
        return [line.box for line in self.recognize(image)]

    def upside_down_share(self, image: np.ndarray, boxes: list[Box], sample: int) -> float:
        """The share it was given; the rest of the votes for a page asked about before, turned half a turn."""
        def digest(pixels: np.ndarray) -> bytes:
            return hashlib.blake2b(np.ascontiguousarray(pixels).tobytes(), digest_size=16).digest()

        if digest(np.rot90(image, 2)) in self._pages:
            return 1.0 - self._upside_down
        self._pages.add(digest(image))
        return self._upside_down

    def line_reader(self, settings: ReadingSettings) -> None:
        """None: nothing to read again."""
        return None


# The engines an OcrSettings.engine may name.
ENGINES: dict[str, Callable[[OcrSettings], OcrEngine]] = {
    PaddleOcrEngine.name: PaddleOcrEngine,
    RapidOcrEngine.name: RapidOcrEngine,
}


def create_engine(settings: OcrSettings) -> OcrEngine:
    """The engine named in the settings (one of ENGINES)."""
    return ENGINES[settings.engine](settings)
