"""The first look at an upload: which lines it reads (tall and top lines of text, not a seal's lone characters),
which way up it takes the page, and what it answers, driven by the scripted engine (no model). The real OCR's
first look is checked in tests/webapp/test_upload.py and timed by bench/upload.py."""
import numpy as np

from models.enums import DocType, QualityIssue
from models.ocr import Box, OcrLine
from pipeline.extract.glance import GlanceSettings, prominent, turned_half, vertical_box_share
from pipeline.extract.ocr import ScriptedEngine
from pipeline.extract.stage import Extractor
from tests.extract.test_stage import INVOICE, _paper

SETTINGS = GlanceSettings(det_limit_side_len=640, min_aspect=2.5, tallest=2, topmost=1, remembered=4)


def _box(x0: float, y0: float, x1: float, y1: float) -> Box:
    return (x0, y0), (x1, y0), (x1, y1), (x0, y1)


def test_the_tallest_and_topmost_lines_of_text_are_chosen_never_a_lone_character() -> None:
    title, header, body, seal_char = _box(100, 80, 700, 140), _box(100, 10, 400, 30), _box(100, 300, 900, 330), \
        _box(600, 500, 680, 580)
    small = _box(100, 400, 500, 420)
    assert prominent([body, seal_char, small, title, header], SETTINGS) == [header, title, body]


def test_a_page_on_its_side_shows_its_lines_standing() -> None:
    lying = [_box(10, 10 + 40 * i, 400, 40 + 40 * i) for i in range(5)]
    standing = [_box(10 + 40 * i, 10, 40 + 40 * i, 400) for i in range(5)]
    assert vertical_box_share(lying, 2.5) == 0.0 and vertical_box_share(standing, 2.5) == 1.0
    assert vertical_box_share([_box(0, 0, 50, 50)], 2.5) == 0.0  # nothing wide enough to tell


def test_a_box_turned_half_twice_is_where_it_was() -> None:
    box = _box(100, 80, 700, 140)
    turned = turned_half(box, 1000, 800)
    assert turned[0] == (299, 659) and turned_half(turned, 1000, 800) == box  # top-left is top-left again


def test_the_first_look_gives_the_quality_and_the_likely_type() -> None:
    look = Extractor(engine=ScriptedEngine(INVOICE)).glance(_paper(INVOICE), "invoice.jpg")
    assert look.classification.doc_type == DocType.hospital_invoice and look.quality.usable
    assert set(look.timings) == {"quality", "glance"}
    broken = Extractor(engine=ScriptedEngine([])).glance(b"not a photo", "broken.jpg")
    assert broken.quality.issues == [QualityIssue.unreadable_file] and broken.classification.doc_type == DocType.other


class _Counting(ScriptedEngine):
    """The scripted engine, counting its full readings."""

    readings = 0

    def recognize(self, image: np.ndarray, det_limit: int | None = None) -> list[OcrLine]:
        self.readings += 1
        return super().recognize(image, det_limit)


def test_a_page_glanced_at_is_read_upright_at_once() -> None:
    """The first look found the page upside down: the full reading starts turned, instead of reading it wrong
    way up, turning it and reading it again."""
    page = _paper(INVOICE)
    alone = _Counting(INVOICE, upside_down=1.0)
    read_alone = Extractor(engine=alone).extract(page, "invoice.jpg")
    looked = _Counting(INVOICE, upside_down=1.0)
    extractor = Extractor(engine=looked)
    extractor.glance(page, "invoice.jpg")
    looked.readings = 0
    read_after = extractor.extract(page, "invoice.jpg")
    assert (alone.readings, looked.readings) == (2, 1)
    assert read_after.document == read_alone.document  # the same reading, boxes and all
