"""The extraction stage: photo bytes in, a classified Document with typed fields and confidences out."""
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial

import numpy as np

from models.document import FIELDS_BY_DOC_TYPE, KEY_FIELDS, Document, Quality
from models.enums import DocType, QualityIssue
from models.errors import UnreadablePhoto
from models.ocr import Box, OcrLine
from models.registry import load_hospitals
from pipeline.extract.classify import Classification, classify
from pipeline.extract.fields.extracted import Extracted
from pipeline.extract.fields.extractor import extract_fields
from pipeline.extract.fields.labels import load_field_labels
from pipeline.extract.fields.seal_hospital import seal_hospital
from pipeline.extract.glance import prominent, turned_half, vertical_box_share, wide_boxes
from pipeline.extract.loading import load_photo
from pipeline.extract.ocr import OcrEngine, create_engine
from pipeline.extract.orientation import vertical_share
from pipeline.extract.page import Page, find_page, text_cut_by_outline, whole_frame
from pipeline.extract.qr import apply_qr, decode_qr, qr_fields
from pipeline.extract.quality import glare_spots, image_issues, reads_clearly, text_issues, verdict
from pipeline.extract.readings import LineReader, best_path_gap, line_crop
from pipeline.extract.seal import read_seals, read_under_seals
from pipeline.extract.settings import ExtractionSettings, load_settings
from pipeline.extract.vocabulary import correct, known_terms


@dataclass
class ExtractionResult:
    """The document plus what a reviewer or a benchmark needs: OCR lines (photo pixels) and stage timings; the
    decoded photo and the page found on it, so that nothing after the stage decodes or finds it again."""

    document: Document
    lines: list[OcrLine] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    qr: dict[str, object] = field(default_factory=dict)  # the fields a QR code on the document carries
    qr_payloads: list[str] = field(default_factory=list)  # every QR code read, as decoded
    photo: np.ndarray | None = None  # BGR, as decoded
    page: Page | None = None  # as found on the photo, before it was turned upright


@dataclass(frozen=True)
class Glance:
    """A first look at a photo: the quality visible without reading it, and the doc type its most prominent
    lines suggest (provisional: the full reading has the last word)."""

    quality: Quality
    classification: Classification
    timings: dict[str, float]


@dataclass
class _Reading:
    """One OCR reading of a page: the upright page, its lines, the doc type and the fields found."""

    page: Page
    lines: list[OcrLine]
    classification: Classification
    found: dict[str, Extracted]

    def score(self) -> tuple[bool, int]:
        """Better readings know the doc type and find more fields."""
        return self.classification.doc_type != DocType.other, len(self.found)

    def good_enough(self) -> bool:
        """A doc type, and at least half of its key fields."""
        wanted = len(KEY_FIELDS[self.classification.doc_type])
        return self.classification.doc_type != DocType.other and 2 * len(self.found) >= wanted


class Extractor:
    """Holds the OCR engine and classifier, loaded once per process; ``extract`` is the stage."""

    def __init__(self, settings: ExtractionSettings | None = None, engine: OcrEngine | None = None) -> None:
        self.settings = settings or load_settings()
        self.engine = engine or create_engine(self.settings.ocr)
        self.reader = self.engine.line_reader(self.settings.readings)  # None: the engine has no recogniser to reread
        self.hospitals = {name: h.name for name, h in load_hospitals().names().items()}  # alias → name
        self.labels = load_field_labels().model_copy(  # with this extractor's own field numbers
            update={"geometry": self.settings.fields, "confidence": self.settings.confidence})
        self._glanced: OrderedDict[bytes, int] = OrderedDict()  # photo digest → the turns its first look found
        self._glanced_lock = threading.Lock()  # an upload's first look and its reading run on different threads

    def _first_look(self, page: Page) -> tuple[int, list[Box]]:
        """How many quarter turns bring the page upright, as its text-line boxes say (detector alone, at the
        first-look size: lines standing mean a quarter turn, then the line classifier on the widest), and on the
        page so turned, the boxes worth reading first."""
        g, o = self.settings.glance, self.settings.orientation
        turns, boxes = 0, self.engine.detect(page.image, g.det_limit_side_len)
        if vertical_box_share(boxes, g.min_aspect) > o.vertical_share:
            turns, page = 1, page.rotated(1)
            boxes = self.engine.detect(page.image, g.det_limit_side_len)
        chosen = prominent(boxes, g)
        if self.engine.upside_down_share(page.image, wide_boxes(boxes, g.min_aspect), o.sample_lines) >= o.flip_vote:
            h, w = page.image.shape[:2]
            turns, chosen = turns + 2, [turned_half(b, w, h) for b in chosen]
        return turns, chosen

    def _upright(self, page: Page, timings: dict[str, float], det_limit: int | None = None,
                 turns: int = 0) -> tuple[Page, list[OcrLine]]:
        """Read the page turned by ``turns`` quarter turns (what a first look found, else none) and turn it
        again while the reading says so: text standing means a quarter turn, the line classifier calls it
        upside down."""
        o = self.settings.orientation
        page = page.rotated(turns)
        t = time.perf_counter()
        lines = self.engine.recognize(page.image, det_limit)
        if vertical_share(lines) > o.vertical_share:
            page = page.rotated(1)
            lines = self.engine.recognize(page.image, det_limit)
        timings["ocr"] = timings.get("ocr", 0.0) + time.perf_counter() - t
        t = time.perf_counter()
        boxes = [ln.box for ln in lines if len(ln.text) >= 2]
        flipped = self.engine.upside_down_share(page.image, boxes, o.sample_lines) >= o.flip_vote
        timings["orientation"] = timings.get("orientation", 0.0) + time.perf_counter() - t
        if flipped:
            t = time.perf_counter()
            page = page.rotated(2)
            lines = self.engine.recognize(page.image, det_limit)
            timings["ocr"] += time.perf_counter() - t
        return page, lines

    def _read(self, page: Page, photo: np.ndarray, timings: dict[str, float], det_limit: int | None = None,
              turns: int = 0) -> "_Reading":
        """OCR the page upright (the whole frame when the outline cut through the text), classify, find fields."""
        flat, lines = self._upright(page, timings, det_limit, turns)
        if flat.quad is not None and text_cut_by_outline(lines, flat.image.shape):
            frame = whole_frame(photo, self.settings.page)  # the outline was wrong
            flat, lines = self._upright(frame, timings, det_limit, turns)
        t = time.perf_counter()
        classification = classify(lines)
        timings["classify"] = timings.get("classify", 0.0) + time.perf_counter() - t
        t = time.perf_counter()
        found = extract_fields(classification.doc_type, lines, self.labels)
        timings["fields"] = timings.get("fields", 0.0) + time.perf_counter() - t
        return _Reading(flat, lines, classification, found)

    def _read_well(self, page: Page, photo: np.ndarray, timings: dict[str, float], turns: int = 0) -> "_Reading":
        """Read the page; when that finds no doc type or under half its fields and detection had shrunk the
        page, read it again with a larger detection size and keep the better reading (small print from afar)."""
        reading = self._read(page, photo, timings, turns=turns)
        retry = self.settings.ocr.retry_det_limit_side_len
        if reading.good_enough() or max(reading.page.image.shape[:2]) <= self.settings.ocr.det_limit_side_len:
            return reading
        second = self._read(page, photo, timings, retry, turns)
        return second if second.score() > reading.score() else reading

    def _other_readings(self, page: Page, name: str, found: Extracted) -> list[str] | list[Decimal]:
        """Other likely spellings of a name or amounts of a total (see pipeline.extract.readings); none for
        other fields."""
        if name not in self.settings.readings.fields or self.reader is None:
            return []
        if isinstance(found.value, Decimal):
            return self.reader.other_amounts(page.image, found.line, found.value)
        if isinstance(found.value, str):
            return self.reader.other_readings(page.image, found.line, found.value)
        return []

    def glance(self, data: bytes, object_name: str) -> Glance:
        """Load → page → quality before OCR → the page's prominent lines, upright, read → classify."""
        timings: dict[str, float] = {}
        t = time.perf_counter()
        try:
            photo = load_photo(data, object_name, self.settings.photos)
        except UnreadablePhoto:
            return Glance(Quality(usable=False, issues=[QualityIssue.unreadable_file]), classify([]), timings)
        page = find_page(photo, self.settings.page)
        issues = image_issues(photo.shape, page.image, self.settings.quality, self.settings.photos.min_side)
        timings["quality"] = time.perf_counter() - t
        t = time.perf_counter()
        turns, chosen = self._first_look(page)
        with self._glanced_lock:
            self._glanced[hashlib.sha256(data).digest()] = turns
            while len(self._glanced) > self.settings.glance.remembered:
                self._glanced.popitem(last=False)
        page = page.rotated(turns)
        lines = self._read_boxes(page.image, chosen)
        if reads_clearly(lines, self.settings.quality):
            issues = [issue for issue in issues if issue != QualityIssue.blur]
        classification = classify(lines)
        timings["glance"] = time.perf_counter() - t
        return Glance(verdict(issues), classification, timings)

    def _read_boxes(self, image: np.ndarray, boxes: list[Box]) -> list[OcrLine]:
        """The lines in ``boxes``, read by the recogniser (an engine without one reads the image and keeps
        those lines)."""
        if self.reader is None:
            return [line for line in self.engine.recognize(image) if line.box in boxes]
        return [line for line in (self.reader.read(image, box) for box in boxes) if line.text.strip()]

    def extract(self, data: bytes, object_name: str) -> ExtractionResult:
        """Run load → quality → page → OCR → classify → fields on one photo; never raises for bad photos."""
        timings: dict[str, float] = {}
        t = time.perf_counter()
        try:
            photo = load_photo(data, object_name, self.settings.photos)
        except UnreadablePhoto as e:
            doc = Document(object=object_name, doc_type=DocType.other, confidence=0.0,
                           quality=Quality(usable=False, issues=[QualityIssue.unreadable_file]))
            return ExtractionResult(doc, timings={"load": time.perf_counter() - t}, error=e.reason)
        timings["load"] = time.perf_counter() - t

        t = time.perf_counter()
        page = as_found = find_page(photo, self.settings.page)
        timings["page"] = time.perf_counter() - t
        t = time.perf_counter()
        issues = image_issues(photo.shape, page.image, self.settings.quality, self.settings.photos.min_side)
        timings["quality"] = time.perf_counter() - t

        with self._glanced_lock:  # a photo glanced at is read upright at once (a batch glances at none)
            turns = self._glanced.pop(hashlib.sha256(data).digest(), None) if self._glanced else None
        if turns is None:
            t = time.perf_counter()
            turns = self._first_look(page)[0] if self.settings.orientation.first_look else 0
            timings["orientation"] = time.perf_counter() - t
        reading = self._read_well(page, photo, timings, turns)
        page, lines, classification, found = reading.page, reading.lines, reading.classification, reading.found
        lines, found = self._read_under_seals(classification.doc_type, page, lines, found, timings)
        photo_lines = [_to_photo(ln, page) for ln in lines]
        if reads_clearly(lines, self.settings.quality):
            issues = [issue for issue in issues if issue != QualityIssue.blur]
        issues += text_issues(photo_lines, photo.shape, self.settings.quality,
                              is_document=classification.doc_type != DocType.other, quad=page.quad)
        if glare_spots(page.image, lines, self.settings.quality):
            issues.append(QualityIssue.glare)
        seal = self._seal_hospital(classification.doc_type, page, photo, found, timings)
        if seal is not None:
            found["hospital"] = seal
        found = self._known_terms(page, found, timings)
        in_photo = {id(ln): photo_ln for ln, photo_ln in zip(lines, photo_lines)}
        in_photo.update({id(seal.line): _to_photo(seal.line, page)} if seal is not None else {})
        fields = {name: {"value": f.value, "confidence": f.confidence, "box": list(in_photo[id(f.line)].box),
                         "other_readings": self._other_readings(page, name, f), "confirmed_by": list(f.confirmed_by)}
                  for name, f in found.items()}
        payloads, carried = self._qr(classification.doc_type, page, photo, timings)
        doc = Document(object=object_name, doc_type=classification.doc_type, confidence=classification.confidence,
                       quality=verdict(issues),
                       fields=FIELDS_BY_DOC_TYPE[classification.doc_type].model_validate(
                           apply_qr(fields, carried, self.settings.qr)))
        return ExtractionResult(doc, photo_lines, timings, qr=carried, qr_payloads=payloads, photo=photo,
                                page=as_found)

    def _read_under_seals(self, doc_type: DocType, page: Page, lines: list[OcrLine], found: dict[str, Extracted],
                          timings: dict[str, float]) -> tuple[list[OcrLine], dict[str, Extracted]]:
        """Where an invoice's amounts did not add up as read (a seal stamped over 统筹支付), the lines across its
        red seals are read again with the seal's ink taken out; the new reading is kept when its amounts are
        confirmed by more checks."""
        insurance = found.get("insurance_paid")
        if doc_type not in self.settings.seal.doc_types or insurance is None or insurance.confirmed_by:
            return lines, found
        t = time.perf_counter()
        regions = read_under_seals(self.engine.recognize, page.image, self.settings.seal)
        timings["under_seal"] = time.perf_counter() - t
        if not regions:
            return lines, found
        inside = [ln for ln in lines if not any(y0 <= ln.cy <= y1 for (_, y0, _, y1), _ in regions)]
        merged = inside + [ln for _, read in regions for ln in read]
        again = extract_fields(doc_type, merged, self.labels)
        better = again.get("insurance_paid")
        if better is not None and len(better.confirmed_by) > len(insurance.confirmed_by):
            return merged, again
        return lines, found

    def _seal_hospital(self, doc_type: DocType, page: Page, photo: np.ndarray, found: dict[str, Extracted],
                       timings: dict[str, float]) -> Extracted | None:
        """The hospital named in the ring of the page's red seal, where OCR found none on a doc type that
        carries it there (Guangdong invoices)."""
        reader = self.reader
        if doc_type not in self.settings.seal.doc_types or "hospital" in found or reader is None:
            return None
        t = time.perf_counter()
        readings = read_seals(reader, page.image, self.settings.seal, photo, page.to_photo)
        hospital = seal_hospital(readings, self.hospitals, reader, self.labels, self.settings.seal)
        timings["seal"] = time.perf_counter() - t
        return hospital

    def _known_terms(self, page: Page, found: dict[str, Extracted],
                     timings: dict[str, float]) -> dict[str, Extracted]:
        """Free-text fields with a window a few characters from a known term (registry hospital, medical term,
        place) put right where the recogniser's probabilities allow it (pipeline.extract.vocabulary)."""
        reader = self.reader
        if reader is None:
            return found
        t = time.perf_counter()
        out = dict(found)
        for name, vocabulary in self.settings.vocabulary.fields.items():
            f = found.get(name)
            if f is None or not isinstance(f.value, str):
                continue
            terms = self.hospitals if vocabulary == "hospitals" else known_terms(vocabulary)
            if f.value in terms:
                continue
            probs = reader.probabilities(line_crop(page.image, f.line.box))
            fixed = correct(f.value, terms, partial(_log_ratio, reader, probs), self.settings.vocabulary)
            if fixed is not None:
                out[name] = replace(f, value=fixed, confidence=f.confidence * self.settings.vocabulary.factor)
        timings["vocabulary"] = time.perf_counter() - t
        return out

    def _qr(self, doc_type: DocType, page: Page, photo: np.ndarray,
            timings: dict[str, float]) -> tuple[list[str], dict[str, object]]:
        """The QR codes read (looked for on the page, then the whole photo) and the fields of the doc type they
        carry, on doc types that print them."""
        if doc_type not in self.settings.qr.doc_types:
            return [], {}
        t = time.perf_counter()
        payloads = decode_qr(page.image, photo)
        carried = qr_fields(payloads, doc_type, set(FIELDS_BY_DOC_TYPE[doc_type].model_fields))
        timings["qr"] = time.perf_counter() - t
        return payloads, carried


def _log_ratio(reader: LineReader, probs: np.ndarray, text: str) -> float:
    """Total log probability of text somewhere on the line against the recogniser's best reading."""
    labels = reader.labels(text)
    return best_path_gap(probs, labels) * len(labels) if labels else float("-inf")


def _to_photo(line: OcrLine, page: Page) -> OcrLine:
    pts = page.points_to_photo(np.array(line.box))
    return OcrLine(text=line.text, confidence=line.confidence, box=tuple((float(x), float(y)) for x, y in pts))
