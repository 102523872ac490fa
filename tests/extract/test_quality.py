"""Quality codes on drawn pixels: each defect applied to one clean page, thresholds from the shipped config."""
import cv2
import numpy as np
import pytest

from models.enums import QualityIssue
from models.ocr import OcrLine
from pipeline.extract.quality import (
    at_long_side,
    glare_spots,
    image_issues,
    reads_clearly,
    sharpness,
    text_issues,
    verdict,
)
from pipeline.extract.settings import load_settings

SETTINGS = load_settings()
Q = SETTINGS.quality
MIN_SIDE = SETTINGS.photos.min_side


def _page(seed: int = 3) -> np.ndarray:
    """A grey-white page (1400x1000) with rows of dark 'text' strokes and a ruled frame."""
    rng = np.random.default_rng(seed)
    page = np.full((1400, 1000, 3), 228, np.uint8)
    cv2.rectangle(page, (60, 60), (940, 1340), (40, 40, 40), 2)
    for y in range(120, 1300, 48):
        x = 90
        while x < 880:
            w = int(rng.integers(14, 30))
            cv2.putText(page, "8", (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (25, 25, 25), 2)
            x += w + 6
    return page


def _issues(page: np.ndarray) -> list[QualityIssue]:
    return image_issues(page.shape, page, Q, MIN_SIDE)


def test_a_clean_page_has_no_issue() -> None:
    assert _issues(_page()) == []


@pytest.mark.parametrize("sigma", [6, 10])
def test_defocus_is_blur(sigma: float) -> None:
    assert QualityIssue.blur in _issues(cv2.GaussianBlur(_page(), (0, 0), sigma))


def test_slight_softness_is_not_blur() -> None:
    assert QualityIssue.blur not in _issues(cv2.GaussianBlur(_page(), (0, 0), 1.2))


def test_camera_shake_is_blur() -> None:
    kernel = np.zeros((41, 41), np.float32)
    kernel[20, :] = 1 / 41
    assert QualityIssue.blur in _issues(cv2.filter2D(_page(), -1, kernel))


def test_sharpness_does_not_depend_on_brightness() -> None:
    page = _page()
    dim = cv2.convertScaleAbs(page, alpha=0.5)
    assert sharpness(at_long_side(_gray(dim), Q.sharpness_long_side), Q) == pytest.approx(
        sharpness(at_long_side(_gray(page), Q.sharpness_long_side), Q), rel=0.15)


def test_dark_photo_is_too_dark() -> None:
    assert QualityIssue.too_dark in _issues(cv2.convertScaleAbs(_page(), alpha=0.2))


def test_washed_out_photo_is_overexposed() -> None:
    """Contrast squeezed into the top of the range: the ink itself is light grey."""
    assert QualityIssue.overexposed in _issues(cv2.convertScaleAbs(_page(), alpha=0.2, beta=200))


def test_bright_white_paper_with_dark_ink_is_not_overexposed() -> None:
    page = _page()
    page[page > 200] = 255  # paper blown out, ink still dark
    assert QualityIssue.overexposed not in _issues(page)


def test_small_photo_is_too_small() -> None:
    small = cv2.resize(_page(), (MIN_SIDE - 100, round((MIN_SIDE - 100) * 1.4)))
    assert QualityIssue.too_small in _issues(small)


def _line(x0: float, y0: float, x1: float, y1: float, text: str = "姓名 张三", conf: float = 0.98) -> OcrLine:
    return OcrLine(text=text, confidence=conf, box=((x0, y0), (x1, y0), (x1, y1), (x0, y1)))


def test_text_running_into_the_frame_edge_is_cut_off() -> None:
    shape = (2000, 1500, 3)
    inside = [_line(100, 100 + 60 * i, 900, 140 + 60 * i) for i in range(10)]
    assert QualityIssue.cut_off not in text_issues(inside, shape, Q)
    cut = [*inside, _line(700, 800, 1499, 840)]
    assert QualityIssue.cut_off in text_issues(cut, shape, Q)


def test_writing_at_the_edge_of_a_scene_is_not_cut_off() -> None:
    lines = [_line(100, 100 + 60 * i, 900, 140 + 60 * i) for i in range(3)] + [_line(700, 800, 1499, 840)]
    assert QualityIssue.cut_off not in text_issues(lines, (2000, 1500, 3), Q, is_document=False)


def _sheet(x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    """A sheet outline (photo pixels), corners top-left, top-right, bottom-right, bottom-left."""
    return np.array([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], np.float32)


def test_a_sheet_running_off_the_frame_with_text_by_the_cut_is_cut_off() -> None:
    """The cut fell between two rows: no line touches the frame, but the sheet goes on beyond it."""
    shape = (2000, 1500, 3)
    rows = [_line(200, 30 + 60 * i, 1200, 70 + 60 * i) for i in range(10)]
    assert QualityIssue.cut_off not in text_issues(rows, shape, Q)
    assert QualityIssue.cut_off in text_issues(rows, shape, Q, quad=_sheet(150, 0, 1300, 900))


def test_a_sheet_along_the_frame_with_a_blank_margin_there_is_not_cut_off() -> None:
    shape = (2000, 1500, 3)
    rows = [_line(200, 400 + 60 * i, 1200, 440 + 60 * i) for i in range(10)]
    assert QualityIssue.cut_off not in text_issues(rows, shape, Q, quad=_sheet(150, 0, 1300, 1200))


def test_a_sheet_cut_by_the_frame_with_no_text_left_is_cut_off() -> None:
    assert QualityIssue.cut_off in text_issues([], (2000, 1500, 3), Q, is_document=False,
                                               quad=_sheet(150, 0, 1499, 900))


def test_a_sheet_inside_the_frame_is_not_cut_off() -> None:
    shape = (2000, 1500, 3)
    rows = [_line(200, 130 + 60 * i, 1200, 170 + 60 * i) for i in range(10)]
    assert QualityIssue.cut_off not in text_issues(rows, shape, Q, quad=_sheet(150, 100, 1300, 900))


def test_a_page_cut_too_much_to_recognise_is_cut_off() -> None:
    """Its title fell outside the frame, so it is not recognised, but several of its lines run off the edge."""
    rows = [_line(0, 100 + 60 * i, 900, 140 + 60 * i) for i in range(Q.cut_off_min_lines_unrecognised)]
    assert QualityIssue.cut_off in text_issues(rows, (2000, 1500, 3), Q, is_document=False)


def test_dark_background_around_a_lit_page_is_not_too_dark() -> None:
    photo = np.full((1800, 1400, 3), 20, np.uint8)
    photo[200:1600, 200:1200] = _page()
    assert QualityIssue.too_dark not in _issues(photo)


def test_text_close_to_but_clear_of_the_edge_is_not_cut_off() -> None:
    shape = (2000, 1500, 3)
    margin = Q.cut_off_margin * 2000
    near = [_line(100, 100, 1499 - 3 * margin, 140)]
    assert QualityIssue.cut_off not in text_issues(near, shape, Q)


def test_plenty_of_text_read_with_high_confidence_reads_clearly() -> None:
    rows = [_line(100, 100 + 60 * i, 900, 140 + 60 * i, "姓名 张三 男") for i in range(Q.clear_min_words)]
    assert reads_clearly(rows, Q)
    assert not reads_clearly(rows[:-1], Q)  # too little text to vouch for the photo
    assert not reads_clearly([_line(100, 100 + 60 * i, 900, 140 + 60 * i, "姓名 张三 男", conf=0.7)
                              for i in range(2 * Q.clear_min_words)], Q)


def test_unreadable_text_is_blur() -> None:
    lines = [_line(100, 100 + 60 * i, 900, 140 + 60 * i, "某某某某某", conf=0.2) for i in range(5)]
    assert QualityIssue.blur in text_issues(lines, (2000, 1500, 3), Q)


def _text_lines() -> list[OcrLine]:
    """The text rows of _page() as OCR lines in page pixels."""
    return [_line(90, y - 24, 880, y + 6) for y in range(120, 1300, 48)]


def _gray(page: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)


def test_a_reflection_that_wipes_out_text_is_glare() -> None:
    page = _page()
    spot = np.zeros(page.shape[:2], np.float32)
    cv2.ellipse(spot, (480, 650), (230, 150), 30, 0, 360, 1.0, -1)  # type: ignore[call-overload]  # OpenCV's stubs take a colour or border value only as a sequence
    spot = cv2.GaussianBlur(spot, (0, 0), 25)[..., None] * 1.6
    glared = (page * (1 - np.clip(spot, 0, 1)) + 255 * np.clip(spot, 0, 1)).astype(np.uint8)
    assert glare_spots(glared, _text_lines(), Q)
    assert not glare_spots(page, _text_lines(), Q)


def _wiped_core_in_a_faded_rim(page: np.ndarray, centre: tuple[int, int], ink_in_core: int = 255) -> np.ndarray:
    """A reflection as phones record it: a clipped core (radius 100) where the text is gone, in a rim
    (to radius 160) of blown-out paper where the text is faded but still there."""
    out = page.copy()
    rim = np.zeros(page.shape[:2], np.uint8)
    cv2.circle(rim, centre, 160, 1, -1)  # type: ignore[call-overload]  # OpenCV's stubs take a colour or border value only as a sequence
    ink = out[..., 0] < 120
    out[(rim > 0) & ~ink] = 245
    out[(rim > 0) & ink] = 120
    core = np.zeros_like(rim)
    cv2.circle(core, centre, 100, 1, -1)  # type: ignore[call-overload]  # OpenCV's stubs take a colour or border value only as a sequence
    out[(core > 0) & ~ink] = 255
    out[(core > 0) & ink] = ink_in_core
    return out


def test_a_wiped_core_whose_rim_keeps_faded_ink_is_glare() -> None:
    glared = _wiped_core_in_a_faded_rim(_page(), (480, 650))
    assert glare_spots(glared, _text_lines(), Q)
    without_spots = Q.model_copy(update={"glare_spot_area": (1.0, 1.0)})
    assert not glare_spots(glared, _text_lines(), without_spots)  # the blown-out patch holds the rim's ink


def test_a_clipped_spot_that_leaves_the_ink_dark_is_not_glare() -> None:
    lit = _wiped_core_in_a_faded_rim(_page(), (480, 650), ink_in_core=30)
    assert not glare_spots(lit, _text_lines(), Q)


def test_blown_out_white_paper_with_its_ink_is_not_glare() -> None:
    page = _page()
    page[page > 200] = 255
    assert not glare_spots(page, _text_lines(), Q)


def test_blank_bright_paper_between_paragraphs_is_not_glare() -> None:
    page = _page()
    page[page > 200] = 240
    page[500:800, 60:920] = 248  # a blank stretch inside the text area, lit brighter but not clipped
    read = [ln for ln in _text_lines() if not 500 <= ln.y0 <= 800]  # OCR finds no line on blank paper
    assert not glare_spots(page, read, Q)
    page[500:800, 60:920] = 255  # the same stretch clipped to white: a reflection wiped it
    assert glare_spots(page, read, Q)


def _lit_to_white(page: np.ndarray) -> np.ndarray:
    out = page.copy()
    out[out > 200] = 255  # the paper clipped everywhere: a reflection leaves no brighter spot of its own
    return out


def _faded_where(page: np.ndarray, mask: np.ndarray, towards: int = 255) -> np.ndarray:
    out = page.copy()
    out[mask] = (out[mask] * 0.3 + towards * 0.7).astype(np.uint8)  # the ink lightened towards the paper
    return out


def test_faded_text_on_paper_lit_to_white_is_glare() -> None:
    page = _lit_to_white(_page())
    rim = np.zeros(page.shape[:2], np.uint8)
    cv2.circle(rim, (480, 650), 180, 1, -1)  # type: ignore[call-overload]  # OpenCV's stubs take a colour or border value only as a sequence
    faded = _faded_where(page, rim > 0)
    no_fade_rule = Q.model_copy(update={"glare_fade_min_cells": 10 ** 6})
    assert glare_spots(faded, _text_lines(), Q)
    assert not glare_spots(faded, _text_lines(), no_fade_rule)  # only the faded text tells
    assert not glare_spots(page, _text_lines(), Q)


def test_coloured_print_and_an_evenly_soft_photo_are_not_faded_text() -> None:
    page = _lit_to_white(_page())
    red = page.copy()
    ink = red[200:700, 90:880].min(axis=2) < 120
    red[200:700, 90:880][ink] = (60, 60, 230)  # red (BGR) print: light in grey, dark in its blue and green
    assert not glare_spots(red, _text_lines(), Q)
    pale_red = page.copy()
    ink = pale_red[200:700, 90:880].min(axis=2) < 120
    pale_red[200:700, 90:880][ink] = (150, 150, 235)  # a seal's small text: light in every channel, but red
    assert not glare_spots(pale_red, _text_lines(), Q)
    assert glare_spots(_faded_where(page, _region(page, 200, 700)), _text_lines(), Q)  # the same cells in grey
    soft = cv2.GaussianBlur(page, (0, 0), 2.5)
    assert not glare_spots(soft, _text_lines(), Q)


def _region(page: np.ndarray, y0: int, y1: int) -> np.ndarray:
    mask = np.zeros(page.shape[:2], bool)
    mask[y0:y1, 90:880] = True
    return mask


def test_lines_printed_pale_end_to_end_are_print_unless_their_paper_is_lit_white() -> None:
    page = _page()  # paper at 228: ordinary light
    watermark = _faded_where(page, _region(page, 200, 700), towards=228)  # whole lines printed pale
    assert not glare_spots(watermark, _text_lines(), Q)
    lit = _lit_to_white(page)
    assert glare_spots(_faded_where(lit, _region(lit, 200, 700)), _text_lines(), Q)  # whole lines wiped by light


def test_blank_white_margin_outside_the_text_is_not_glare() -> None:
    page = np.full((1800, 1000, 3), 230, np.uint8)
    page[:1400] = _page()
    page[1420:] = 255  # a blown-out strip below the last line of text
    assert not glare_spots(page, _text_lines(), Q)


def test_verdict_is_usable_only_without_issues() -> None:
    assert verdict([]).usable
    bad = verdict([QualityIssue.blur, QualityIssue.blur, QualityIssue.glare])
    assert not bad.usable and bad.issues == [QualityIssue.blur, QualityIssue.glare]


def test_a_degenerate_page_outline_falls_back_to_the_whole_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two corners of a found outline can coincide (seen on a generated bad photo); that must not crash."""
    from pipeline.extract import page as page_module

    corners = np.array([[100, 100], [100, 100], [900, 1300], [100, 1300]], np.float32)
    monkeypatch.setattr(page_module, "_find_quad", lambda work, settings: corners)
    page = page_module.find_page(_page(), SETTINGS.page)
    assert page.quad is None and page.image.shape == _page().shape
