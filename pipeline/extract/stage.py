"""The extraction stage: photo bytes in, a classified Document with typed fields and confidences out."""
import time
from dataclasses import dataclass, field

import numpy as np

from models.document import FIELDS_BY_DOC_TYPE, Document, Quality
from models.enums import DocType, QualityIssue
from models.errors import UnreadablePhoto
from models.ocr import OcrLine
from pipeline.extract.classify import classify
from pipeline.extract.fields.extractor import extract_fields
from pipeline.extract.loading import load_photo
from pipeline.extract.ocr import OcrEngine, create_engine
from pipeline.extract.orientation import FlipClassifier, vertical_share
from pipeline.extract.page import Page, find_page, text_cut_by_outline, whole_frame
from pipeline.extract.quality import glare_spots, image_issues, text_issues, verdict
from pipeline.extract.settings import ExtractionSettings, load_settings


@dataclass
class ExtractionResult:
    """The document plus what a reviewer or a benchmark needs: OCR lines (photo pixels) and stage timings."""

    document: Document
    lines: list[OcrLine] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    error: str | None = None


class Extractor:
    """Holds the OCR engine and classifier, loaded once per process; ``extract`` is the stage."""

    def __init__(self, settings: ExtractionSettings | None = None, engine: OcrEngine | None = None) -> None:
        self.settings = settings or load_settings()
        self.engine = engine or create_engine(self.settings.ocr)
        self.flip = FlipClassifier(threads=1)

    def _upright(self, page: Page, timings: dict[str, float]) -> tuple[Page, list[OcrLine]]:
        o = self.settings.orientation
        t = time.perf_counter()
        lines = self.engine.recognize(page.image)
        if vertical_share(lines) > o.vertical_share:
            page = page.rotated(1)
            lines = self.engine.recognize(page.image)
        timings["ocr"] = time.perf_counter() - t
        t = time.perf_counter()
        flipped = self.flip.upside_down_share(page.image, lines, o.sample_lines) >= o.flip_vote
        timings["orientation"] = time.perf_counter() - t
        if flipped:
            t = time.perf_counter()
            page = page.rotated(2)
            lines = self.engine.recognize(page.image)
            timings["ocr"] += time.perf_counter() - t
        return page, lines

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
        page = find_page(photo, self.settings.page)
        timings["page"] = time.perf_counter() - t
        t = time.perf_counter()
        issues = image_issues(photo.shape, page.image, self.settings.quality, self.settings.photos.min_side)
        timings["quality"] = time.perf_counter() - t

        page, lines = self._upright(page, timings)
        if page.quad is not None and text_cut_by_outline(lines, page.image.shape):
            page, lines = self._upright(whole_frame(photo, self.settings.page), timings)  # wrong outline
        photo_lines = [_to_photo(ln, page) for ln in lines]
        t = time.perf_counter()
        classification = classify(lines)
        timings["classify"] = time.perf_counter() - t
        issues += text_issues(photo_lines, photo.shape, self.settings.quality,
                              is_document=classification.doc_type != DocType.other, quad=page.quad)
        if glare_spots(page.image, lines, self.settings.quality):
            issues.append(QualityIssue.glare)

        t = time.perf_counter()
        found = extract_fields(classification.doc_type, lines)
        in_photo = {id(ln): photo_ln for ln, photo_ln in zip(lines, photo_lines)}
        fields = {name: {"value": f.value, "confidence": f.confidence, "box": list(in_photo[id(f.line)].box)}
                  for name, f in found.items()}
        timings["fields"] = time.perf_counter() - t
        doc = Document(object=object_name, doc_type=classification.doc_type, confidence=classification.confidence,
                       quality=verdict(issues),
                       fields=FIELDS_BY_DOC_TYPE[classification.doc_type].model_validate(fields))
        return ExtractionResult(doc, photo_lines, timings)


def _to_photo(line: OcrLine, page: Page) -> OcrLine:
    pts = page.points_to_photo(np.array(line.box))
    return OcrLine(text=line.text, confidence=line.confidence, box=tuple((float(x), float(y)) for x, y in pts))
