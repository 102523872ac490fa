"""Page finding on drawn photos: the outline, the flattened page's resolution and the way back to photo pixels."""
import cv2
import numpy as np

from pipeline.extract.page import find_page
from pipeline.extract.settings import load_settings

PAGE = load_settings().page


def _photo(size: tuple[int, int], page: tuple[int, int, int, int]) -> np.ndarray:
    """A dark table photo of ``size`` (w, h) with a white sheet at ``page`` (x0, y0, x1, y1) carrying text rows."""
    photo = np.full((size[1], size[0], 3), 45, np.uint8)
    x0, y0, x1, y1 = page
    photo[y0:y1, x0:x1] = 235
    for y in range(y0 + 60, y1 - 40, 45):
        cv2.putText(photo, "8888 8888 8888", (x0 + 40, y), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (30, 30, 30), 2)
    return photo


def test_a_small_sheet_in_a_large_photo_keeps_its_own_resolution() -> None:
    """A ticket photographed from afar: cut from the full photo, not from the frame shrunk to work size."""
    photo = _photo((4000, 3000), (1300, 1000, 2500, 1900))
    page = find_page(photo, PAGE)
    assert page.quad is not None
    h, w = page.image.shape[:2]
    assert abs(w - 1200) < 40 and abs(h - 900) < 40
    corners = page.points_to_photo(np.array([[0, 0], [w - 1, h - 1]]))
    assert np.allclose(corners, [[1300, 1000], [2500, 1900]], atol=8)


def test_a_sheet_filling_the_frame_is_flattened_at_work_size() -> None:
    photo = _photo((4000, 3000), (300, 250, 3700, 2750))
    page = find_page(photo, PAGE)
    assert page.quad is not None
    assert max(page.image.shape[:2]) <= PAGE.work_long_side
    h, w = page.image.shape[:2]
    assert np.allclose(page.points_to_photo(np.array([[w - 1, h - 1]])), [[3700, 2750]], atol=12)


def test_a_sliver_of_a_photo_is_worked_on_without_a_zero_sized_image() -> None:
    """A 60000x1 photo scales to 1600x1, not to 1600x0 (which made OpenCV fail the whole claim)."""
    page = find_page(np.full((1, 60000, 3), 255, np.uint8), load_settings().page)
    assert page.image.shape[0] >= 1 and page.image.shape[1] == load_settings().page.work_long_side
