"""Font lookup: Noto CJK (Simplified Chinese faces) and DejaVu/Liberation for Latin print."""
from functools import cache, lru_cache
from pathlib import Path

from PIL import ImageFont

_NOTO = Path("/usr/share/fonts/opentype/noto")
_TRUETYPE = Path("/usr/share/fonts/truetype")
_CJK_FILES = {
    ("sans", False): "NotoSansCJK-Regular.ttc",
    ("sans", True): "NotoSansCJK-Bold.ttc",
    ("serif", False): "NotoSerifCJK-Regular.ttc",
    ("serif", True): "NotoSerifCJK-Bold.ttc",
    ("mono", False): "NotoSansCJK-Regular.ttc",
    ("mono", True): "NotoSansCJK-Bold.ttc",
}
_LATIN_FILES = {
    ("latin", False): "dejavu/DejaVuSans.ttf",
    ("latin", True): "dejavu/DejaVuSans-Bold.ttf",
    ("latin_mono", False): "liberation/LiberationMono-Regular.ttf",
    ("latin_mono", True): "liberation/LiberationMono-Bold.ttf",
    ("latin_serif", False): "liberation/LiberationSerif-Regular.ttf",
    ("latin_serif", True): "liberation/LiberationSerif-Bold.ttf",
}
FACES = ("sans", "serif", "mono", "latin", "latin_mono", "latin_serif")


@cache
def _sc_index(path: Path, mono: bool) -> int:
    """Index of the Simplified Chinese face ('... SC', Mono or not) inside a .ttc collection."""
    for index in range(12):
        family = ImageFont.truetype(str(path), 10, index=index).getname()[0]
        if family is not None and family.endswith(" SC") and ("Mono" in family) == mono:
            return index
    raise LookupError(f"no Simplified Chinese face in {path}")


@lru_cache(maxsize=512)
def font(face: str, size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """A cached font: face is one of FACES; CJK faces use the SC variant of Noto CJK."""
    size = max(6, int(size))
    if (face, bold) in _CJK_FILES:
        path = _NOTO / _CJK_FILES[face, bold]
        return ImageFont.truetype(str(path), size, index=_sc_index(path, face == "mono"))
    return ImageFont.truetype(str(_TRUETYPE / _LATIN_FILES[face, bold]), size)
