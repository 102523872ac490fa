"""Red seals: found by colour, their ring unwrapped and read; a registry hospital found in a ring the
recogniser spells wrong; the CTC alignment score behind that."""
import random

import numpy as np
import pytest

from models.enums import DocType
from pipeline.extract.readings import best_path_gap
from pipeline.extract.seal import find_seals
from pipeline.extract.settings import load_settings
from synthetic.render import render_page


def _probs(frames: list[dict[int, float]], classes: int = 6) -> np.ndarray:
    out = np.full((len(frames), classes), 1e-4)
    for t, frame in enumerate(frames):
        for c, p in frame.items():
            out[t, c] = p
    return out / out.sum(axis=1, keepdims=True)


def test_a_name_the_recogniser_misspelt_still_scores_close_to_its_best_reading() -> None:
    # frames read: 1, blank, 2 (3 nearly as likely), blank, 4 — the best reading is "1 2 4"
    probs = _probs([{1: 0.9}, {0: 0.9}, {2: 0.55, 3: 0.4}, {0: 0.9}, {4: 0.9}])
    assert best_path_gap(probs, [1, 2, 4]) == pytest.approx(0.0, abs=1e-6)
    close, far = best_path_gap(probs, [1, 3, 4]), best_path_gap(probs, [1, 5, 4])
    assert -0.2 < close < 0 and far < close - 2


def test_a_name_may_sit_inside_a_longer_reading() -> None:
    """Characters of the seal's lower text caught before or after the name cost nothing."""
    probs = _probs([{5: 0.9}, {0: 0.9}, {1: 0.9}, {2: 0.9}, {0: 0.9}, {5: 0.9}])
    assert best_path_gap(probs, [1, 2]) == pytest.approx(0.0, abs=1e-6)
    assert best_path_gap(probs, [2, 1]) < -3


def test_seals_are_found_by_their_red_not_by_a_brown_form() -> None:
    settings = load_settings().seal
    for seed in range(1, 4):  # the electronic layout prints its form in a brownish red
        page = render_page(DocType.hospital_invoice, random.Random(seed), layout="electronic")
        image = np.asarray(page.image.convert("RGB"))[:, :, ::-1].copy()
        seals = find_seals(image, settings)
        assert 1 <= len(seals) <= 3
        assert all(max(s.a, s.b) < 0.2 * max(image.shape[:2]) for s in seals)


@pytest.mark.ocr
def test_the_hospital_is_read_from_the_seal_of_a_clean_invoice() -> None:
    from pipeline.extract.fields.labels import load_field_labels
    from pipeline.extract.fields.seal_hospital import seal_hospital
    from pipeline.extract.seal import read_seals
    from pipeline.extract.stage import Extractor

    extractor = Extractor()
    reader = extractor.reader
    assert reader is not None  # the PP-OCR engines keep their recogniser
    right = 0
    for seed in range(1, 7):
        page = render_page(DocType.hospital_invoice, random.Random(seed), layout="hospital_receipt")
        image = np.asarray(page.image.convert("RGB"))[:, :, ::-1].copy()
        readings = read_seals(reader, image, extractor.settings.seal)
        found = seal_hospital(readings, extractor.hospitals, reader, load_field_labels(),
                              extractor.settings.seal)
        right += found is not None and found.value == page.truth["hospital"]
    assert right >= 5


def test_a_seal_whose_faded_ring_breaks_apart_is_outlined_once_from_its_ring() -> None:
    """A clean stamp's ring is found as several pieces, each too small and off centre; every piece is
    refined to the seal's own circle, and brown print beside it is no seal."""
    from PIL import Image

    from pipeline.extract.seal import _same_seal, refine_seal
    from synthetic.canvas import FORM_BROWN, Canvas
    from synthetic.marks import seal

    settings = load_settings().seal
    for seed in range(3):
        page = Image.new("RGB", (520, 520), (250, 250, 246))
        seal(page, 260, 250, 150, random.Random(seed), "汕头市潮南区峡山街道社区卫生服务中心", "收费专用章")
        image = np.asarray(page)[:, :, ::-1].copy()
        refined = [refine_seal(image, piece, settings) for piece in find_seals(image, settings)]
        seals = [r for r in refined if r is not None]
        assert refined and len(seals) == len(refined)
        for r in seals:
            assert abs(r.cx - 260) < 6 and abs(r.cy - 250) < 6 and 140 < max(r.a, r.b) < 156
            assert _same_seal(r, seals[0])
    form = Canvas(520, 520)
    for row in range(6):
        form.text(40, 80 + 60 * row, "医疗机构：汕头市潮南区人民医院", 30, fill=FORM_BROWN)
    image = np.asarray(form.img)[:, :, ::-1].copy()
    assert all(refine_seal(image, piece, settings) is None for piece in find_seals(image, settings))


def test_a_ring_with_red_all_round_it_is_no_seal() -> None:
    """A red ring on clean paper is a seal; the same ring in red speckle (a patterned cloth behind the page) has
    red just outside it as much as on it, and is not."""
    import cv2

    from pipeline.extract.seal import Seal, refine_seal

    settings = load_settings().seal
    first = Seal(300, 300, 140, 140, 0.0)
    for speckle, is_seal in ((0.0, True), (0.03, False)):
        image = np.full((600, 600, 3), 245, np.uint8)
        cv2.circle(image, (300, 300), 150, (40, 40, 210), 8)
        image[np.random.default_rng(1).random((600, 600)) < speckle] = (40, 40, 210)
        found = refine_seal(image, first, settings)
        assert (found is not None) == is_seal
        if found is not None:
            assert abs(found.cx - 300) < 3 and abs(max(found.a, found.b) - 150) < 4
