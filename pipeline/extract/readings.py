"""Other readings of a field: what else the recogniser found nearly as likely, character by character.

A blurred 秀 can come out as 香 with 57 % against 41 %. The OCR engines return only the best string, so for a
few fields (names, totals) the line is read again here with the same PP-OCRv6 recogniser, its CTC output kept, and
every spelling whose differing characters each had at least ``min_char_prob`` is returned. A rule comparing
the field with a known value (the insured's name in claim.json, another document's total) can then tell
"reads differently" from "reads ambiguously, one reading agrees".
"""
import re
from decimal import Decimal
from itertools import product

import cv2
import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from models.ocr import Box, OcrLine
from pipeline.extract.ocr_models import REC_NAME, wheel_model_file

REC_HEIGHT = 48  # the recogniser's input height


class ReadingSettings(BaseModel):
    """Which fields get other readings and how likely a character must be to count."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    fields: tuple[str, ...]
    below_confidence: float = Field(ge=0.0, le=1.0)  # only lines read with less confidence than this
    min_char_prob: float = Field(gt=0.0, le=1.0)
    max_readings: int = Field(ge=1, le=64)


def line_crop(image: np.ndarray, box: tuple[tuple[float, float], ...]) -> np.ndarray:
    """The line's quadrilateral warped to an upright rectangle, as the OCR pipeline crops it."""
    pts = np.array(box, dtype=np.float32)
    width = int(round(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3]))))  # noqa: RUF046 - a numpy scalar (a numpy float under numpy 1.x)
    height = int(round(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2]))))  # noqa: RUF046
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(pts, target)
    return cv2.warpPerspective(image, matrix, (max(width, 1), max(height, 1)),
                               borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)


def ctc_characters(probs: np.ndarray, alphabet: list[str], min_prob: float) -> list[tuple[str, list[str]]]:
    """Greedy CTC decoding of a (frames × classes) probability matrix, class 0 the blank.

    Returns each emitted character with the characters (itself first) whose mean probability over the
    frames that emitted it is at least ``min_prob``; a blank or space is never an alternative.
    """
    best = probs.argmax(axis=1)
    out: list[tuple[str, list[str]]] = []
    start = 0
    for end in range(1, len(best) + 1):
        if end < len(best) and best[end] == best[start]:
            continue
        if best[start] != 0:
            mean = probs[start:end].mean(axis=0)
            likely = [int(i) for i in np.argsort(-mean)[:5] if mean[i] >= min_prob]
            others = [alphabet[i] for i in likely if i not in (0, best[start]) and alphabet[i].strip()]
            out.append((alphabet[best[start]], [alphabet[best[start]], *others]))
        start = end
    return out


def best_path_gap(probs: np.ndarray, labels: list[int]) -> float:
    """How much less likely than the recogniser's own best reading it is that the line says ``labels`` (class
    indices), somewhere in it: the best CTC alignment of the labels, with the frames before and after them read
    freely, against the unconstrained best path; log-probability per label, 0 when the reading is the same.

    Lets a known name (a registry hospital) be recognised in a line the recogniser spells wrong: the right
    characters usually keep some probability where the wrong ones won.
    """
    if not labels:
        return float("-inf")
    logp = np.log(np.clip(probs, 1e-12, 1.0))
    free = logp.max(axis=1)
    states = [0]
    for label in labels:
        states += [label, 0]  # blank, c1, blank, c2, …, blank
    ext = np.array(states)
    n = len(ext)
    can_skip = np.zeros(n, bool)
    can_skip[2:] = (ext[2:] != 0) & (ext[2:] != ext[:-2])
    neg = float("-inf")
    score = np.full(n, neg)
    before = free[0]
    score[0], score[1] = logp[0, ext[0]], logp[0, ext[1]]
    after = neg
    for t in range(1, len(logp)):
        stay = score
        step = np.concatenate(([neg], score[:-1]))
        skip = np.where(can_skip, np.concatenate(([neg, neg], score[:-2])), neg)
        best = np.maximum(np.maximum(stay, step), skip)
        best[0], best[1] = max(best[0], before), max(best[1], before)
        after = max(after, score[-1], score[-2]) + free[t]
        score = best + logp[t, ext]
        before += free[t]
    total = max(after, score[-1], score[-2])
    return float((total - free.sum()) / len(labels))


def spellings(chars: list[tuple[str, list[str]]], value: str, limit: int) -> list[str]:
    """Other spellings of ``value``: the first run of read characters that can spell it (each of its characters
    among that position's likely ones) gives, in every position, its likely characters; the value itself is
    left out. Empty when no run of the line can spell the value."""
    n = len(value)
    for at in range(len(chars) - n + 1 if n else 0):
        options = [alts for _, alts in chars[at:at + n]]
        if all(c in alts for c, alts in zip(value, options)):
            out = ["".join(combo) for combo in product(*options)]
            return [s for s in out if s != value][:limit]
    return []


class LineReader:
    """The PP-OCRv6 recogniser on onnxruntime, read directly to keep its per-character probabilities."""

    def __init__(self, settings: ReadingSettings, threads: int = 1) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        model = str(wheel_model_file(REC_NAME))
        self._session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        characters = self._session.get_modelmeta().custom_metadata_map["character"].split("\n")
        self._alphabet = ["", *characters, " "]
        self._index = {ch: i for i, ch in enumerate(self._alphabet) if i and ch}
        self.settings = settings

    def probabilities(self, crop: np.ndarray) -> np.ndarray:
        """The recogniser's (frames × classes) probabilities for an image holding one line of text (BGR)."""
        h, w = crop.shape[:2]
        width = max(REC_HEIGHT, int(np.ceil(REC_HEIGHT * w / max(h, 1))))
        x = cv2.resize(crop, (width, REC_HEIGHT)).astype(np.float32) / 255.0
        x = ((x - 0.5) / 0.5).transpose(2, 0, 1)[None]
        return self._session.run(None, {self._session.get_inputs()[0].name: x})[0][0]

    def characters(self, image: np.ndarray, line: OcrLine) -> list[tuple[str, list[str]]]:
        """Each character of the line as read, with its likely alternatives."""
        return ctc_characters(self.probabilities(line_crop(image, line.box)), self._alphabet,
                              self.settings.min_char_prob)

    def labels(self, text: str) -> list[int] | None:
        """``text`` as the recogniser's class indices, or None when it holds a character the model lacks."""
        index = self._index
        found = [index.get(ch) for ch in text]
        return None if None in found else found  # type: ignore[return-value]

    def read(self, image: np.ndarray, box: Box) -> OcrLine:
        """The text line in ``box`` of ``image`` (BGR), read."""
        text, confidence = self.text_of(self.probabilities(line_crop(image, box)))
        return OcrLine(text=text, confidence=min(1.0, confidence), box=box)

    def text_of(self, probs: np.ndarray) -> tuple[str, float]:
        """The best reading of a probability matrix, with the mean probability of its characters."""
        best = probs.argmax(axis=1)
        emitted = [i for i in range(len(best)) if best[i] != 0 and (i == 0 or best[i] != best[i - 1])]
        text = "".join(self._alphabet[best[i]] for i in emitted)
        return text, float(np.mean([probs[i, best[i]] for i in emitted])) if emitted else 0.0


    def other_readings(self, image: np.ndarray, line: OcrLine, value: str) -> list[str]:
        """Other likely spellings of ``value`` as printed on ``line`` (of ``image``, BGR page pixels)."""
        if line.confidence >= self.settings.below_confidence:
            return []
        return spellings(self.characters(image, line), value, self.settings.max_readings)

    def other_amounts(self, image: np.ndarray, line: OcrLine, value: Decimal) -> list[Decimal]:
        """Other likely amounts where ``value`` is printed as ``1234.56`` on ``line`` (a blurred 1 read as 2)."""
        spelled = self.other_readings(image, line, f"{value:.2f}")
        return [Decimal(s) for s in spelled if re.fullmatch(r"\d+\.\d\d", s)]
