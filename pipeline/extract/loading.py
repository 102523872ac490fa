"""Decode a photo safely: formats, EXIF orientation, size and pixel limits, clear reasons for failures."""
import io
import warnings

import cv2
import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from models.errors import UnreadablePhoto
from pipeline.extract.settings import PhotoLimits

try:  # HEIC/HEIF from iPhones, when the pillow-heif wheel is available
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - optional
    pass


_HEIF_BRANDS = (b"heic", b"heix", b"mif1", b"hevc", b"msf1")


def sniff_format(data: bytes) -> str | None:
    """The photo format ``data`` starts like (JPEG, PNG, WEBP or HEIF, Pillow's names), else None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "HEIF"
    return None


def load_photo(data: bytes, object_name: str, limits: PhotoLimits) -> np.ndarray:
    """Decode ``data`` into an upright BGR uint8 array, or raise UnreadablePhoto with the reason. Only the
    formats ``limits`` names are decoded, told by content."""
    if not data:
        raise UnreadablePhoto(object_name, "file is empty (0 bytes)")
    if len(data) > limits.max_bytes:
        raise UnreadablePhoto(object_name, f"file is {len(data)} bytes, over the {limits.max_bytes}-byte limit")
    kind = sniff_format(data)
    if kind not in limits.formats:
        raise UnreadablePhoto(object_name, "not an image in a format we read (jpg, png, webp, heic)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as img:
                width, height = img.size
                if width * height > limits.max_pixels:
                    raise UnreadablePhoto(object_name, f"{width}x{height} pixels is over the "
                                                       f"{limits.max_pixels}-pixel limit")
                if max(width, height) > limits.max_aspect * max(1, min(width, height)):
                    raise UnreadablePhoto(object_name, f"{width}x{height} pixels is not the shape of a "
                                                       "document photo")
                img.load()
                ImageOps.exif_transpose(img, in_place=True)
                array = np.asarray(img if img.mode == "RGB" else img.convert("RGB"))
    except UnreadablePhoto:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UnreadablePhoto(object_name, "image is too large (decompression bomb guard)") from None
    except UnidentifiedImageError:
        raise UnreadablePhoto(object_name, "not an image in a format we read (jpg, png, webp, heic)") from None
    except (OSError, SyntaxError, ValueError) as e:
        raise UnreadablePhoto(object_name, f"image data is corrupt or truncated ({e})") from None
    return cv2.cvtColor(array, cv2.COLOR_RGB2BGR)
