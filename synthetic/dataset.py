"""Seeded streams of synthetic phone photos of claim documents, with their truth."""
import io
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from PIL import Image

from models.enums import DocType
from synthetic.pages.base import Values
from synthetic.photo import DEFECTS, DIFFICULTIES, Point, photograph
from synthetic.render import Truth, render_page

DIFFICULTY_MIX = {"easy": 0.25, "normal": 0.55, "hard": 0.2}


@dataclass(frozen=True)
class SyntheticPhoto:
    """One generated photo: JPEG bytes plus what it shows (truth of the contract key fields)."""

    name: str
    jpeg: bytes
    doc_type: DocType
    truth: Truth
    defect: str | None
    rotation: int
    quad: tuple[Point, Point, Point, Point]
    layout: str = ""
    difficulty: str = "normal"
    qr: str | None = None
    family: str = "tuned"

    def record(self) -> dict[str, object]:
        """The JSON-ready truth line for this photo (everything but the bytes)."""
        return {"name": self.name, "doc_type": self.doc_type.value, "truth": self.truth, "defect": self.defect,
                "rotation": self.rotation, "quad": [list(p) for p in self.quad], "layout": self.layout,
                "difficulty": self.difficulty, "qr": self.qr, "family": self.family}


def make_photo(doc_type: DocType, rng: random.Random, name: str, values: Values | None = None,
               defect: str | None = None, difficulty: str = "normal", family: str = "tuned") -> SyntheticPhoto:
    """Render one document of doc_type from a layout of ``family`` and photograph it (values override fields)."""
    page = render_page(doc_type, rng, values, family=family)
    image, meta = photograph(page.image, rng, difficulty, defect, page.full_frame, page.corner_radius)
    return SyntheticPhoto(name, encode_jpeg(image, rng.randint(72, 92)), page.doc_type, page.truth, defect,
                          meta.rotation, meta.quad, page.layout, difficulty, page.qr, page.family)


def generate(n: int, seed: int, defect_rate: float = 0.0, types: Iterable[DocType] | None = None,
             difficulty: str | None = None, family: str = "tuned") -> Iterator[SyntheticPhoto]:
    """n photos, the same bytes for the same arguments; doc types come round-robin in shuffled rounds.

    defect_rate: share of deliberately bad photos (defect drawn from DEFECTS); difficulty: one of
    easy/normal/hard for all photos, or None for a mix; family: 'tuned' or 'blind' layouts.
    """
    if difficulty is not None and difficulty not in DIFFICULTIES:
        raise ValueError(f"unknown difficulty {difficulty!r}")
    kinds = [DocType(t) for t in (types or DocType)]
    order = random.Random(f"{seed}:order")
    clock = datetime(2024, 1, 1) + timedelta(seconds=order.randrange(2 * 365 * 86400))
    round_: list[DocType] = []
    for i in range(n):
        if not round_:
            round_ = order.sample(kinds, len(kinds))
        clock += timedelta(seconds=order.randint(5, 900))
        rng = random.Random(f"{seed}:{i}")
        defect = rng.choice(DEFECTS) if rng.random() < defect_rate else None
        level = difficulty or rng.choices(tuple(DIFFICULTY_MIX), weights=tuple(DIFFICULTY_MIX.values()))[0]
        yield make_photo(round_.pop(), rng, _photo_name(clock, rng), defect=defect, difficulty=level, family=family)


def _photo_name(clock: datetime, rng: random.Random) -> str:
    """A phone- or WeChat-style file name, unique because the clock only moves forward."""
    if rng.random() < 0.5:
        return f"IMG_{clock:%Y%m%d_%H%M%S}.jpg"
    return f"mmexport{int(clock.timestamp())}{rng.randint(0, 999):03d}.jpg"


def encode_jpeg(image: Image.Image, quality: int) -> bytes:
    """JPEG bytes of an image (deterministic for the same pixels and quality)."""
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=quality)
    return buf.getvalue()
