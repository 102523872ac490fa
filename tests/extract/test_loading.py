"""Every way a photo can fail to load gives UnreadablePhoto with a reason; good formats load upright."""
import io

import numpy as np
import pytest
from PIL import Image

from models.errors import UnreadablePhoto
from pipeline.extract.loading import load_photo
from pipeline.extract.settings import PhotoLimits, load_settings


@pytest.fixture
def limits() -> PhotoLimits:
    return load_settings().photos


def _encoded(fmt: str, size=(800, 600), exif_orientation: int | None = None) -> bytes:
    img = Image.new("RGB", size, "white")
    img.paste((255, 0, 0), (0, 0, size[0] // 4, size[1] // 4))  # red mark at the top-left
    buf = io.BytesIO()
    kwargs = {}
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        kwargs["exif"] = exif
    img.save(buf, format=fmt, **kwargs)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_formats_load_as_bgr(limits: PhotoLimits, fmt: str) -> None:
    image = load_photo(_encoded(fmt), f"x.{fmt.lower()}", limits)
    assert image.shape == (600, 800, 3) and image.dtype == np.uint8
    assert image[10, 10, 2] > 200 and image[10, 10, 0] < 60  # red in BGR order


def test_heic_loads(limits: PhotoLimits) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    if not pillow_heif.libheif_info().get("HEIF"):
        pytest.skip("this pillow-heif build cannot encode HEIF")
    image = load_photo(_encoded("HEIF"), "x.heic", limits)
    assert image.shape == (600, 800, 3)


def test_exif_orientation_is_applied(limits: PhotoLimits) -> None:
    # orientation 6: the camera was turned; the viewer rotates 90° clockwise
    image = load_photo(_encoded("JPEG", exif_orientation=6), "x.jpg", limits)
    assert image.shape == (800, 600, 3)
    assert image[10, 590, 2] > 200  # the red mark moved to the top-right


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"this is not an image", "not an image"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "not an image"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not an image"),
])
def test_bad_bytes(limits: PhotoLimits, data: bytes, reason: str) -> None:
    with pytest.raises(UnreadablePhoto) as info:
        load_photo(data, "intake/C1/bad.jpg", limits)
    assert reason in info.value.reason and info.value.object_name == "intake/C1/bad.jpg"


def test_truncated_jpeg(limits: PhotoLimits) -> None:
    data = _encoded("JPEG", size=(1200, 900))
    with pytest.raises(UnreadablePhoto, match="truncated"):
        load_photo(data[: len(data) // 2], "t.jpg", limits)


def test_pixel_limit_refuses_decompression_bombs(limits: PhotoLimits) -> None:
    small = limits.model_copy(update={"max_pixels": 100_000})
    with pytest.raises(UnreadablePhoto, match="pixel limit"):
        load_photo(_encoded("PNG", size=(800, 600)), "big.png", small)


def test_byte_limit(limits: PhotoLimits) -> None:
    tiny = limits.model_copy(update={"max_bytes": 100})
    with pytest.raises(UnreadablePhoto, match="byte limit"):
        load_photo(_encoded("PNG"), "big.png", tiny)
