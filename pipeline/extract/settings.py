"""Extraction settings loaded from extract/data/extraction.yaml (or a file named by CLAIMFLOW_EXTRACTION_CONFIG)."""
import os
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from pipeline.extract.fields.rules import FieldConfidence, FieldGeometry
from pipeline.extract.glance import GlanceSettings
from pipeline.extract.orientation import OrientationSettings
from pipeline.extract.page import PageSettings
from pipeline.extract.qr import QrSettings
from pipeline.extract.quality import QualitySettings
from pipeline.extract.readings import ReadingSettings
from pipeline.extract.seal import SealSettings
from pipeline.extract.vocabulary import VocabularySettings


class PhotoLimits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    extensions: tuple[str, ...]
    formats: tuple[Literal["JPEG", "PNG", "WEBP", "HEIF"], ...]
    max_aspect: float = Field(gt=1)
    max_bytes: int = Field(gt=0)
    max_pixels: int = Field(gt=0)
    min_side: int = Field(gt=0)

    def accepts(self, object_name: str) -> bool:
        """True when the object's extension is a photo format we read."""
        return object_name.rsplit(".", 1)[-1].lower() in self.extensions if "." in object_name else False


class OcrSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    engine: Literal["paddleocr", "rapidocr"]
    threads: int = Field(ge=1, le=64)
    det_limit_side_len: int = Field(ge=320, le=4096)
    retry_det_limit_side_len: int = Field(ge=320, le=4096)
    rec_batch_size: int = Field(ge=1, le=64)
    rec_min_width: int = Field(ge=8, le=3200)


class ExtractionSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    photos: PhotoLimits
    ocr: OcrSettings
    fields: FieldGeometry
    confidence: FieldConfidence
    page: PageSettings
    quality: QualitySettings
    orientation: OrientationSettings
    glance: GlanceSettings
    readings: ReadingSettings
    qr: QrSettings
    seal: SealSettings
    vocabulary: VocabularySettings


@lru_cache(maxsize=4)
def load_settings(path: str | None = None) -> ExtractionSettings:
    """Load extraction settings (cached per path)."""
    source = (path or os.environ.get("CLAIMFLOW_EXTRACTION_CONFIG")
              or str(files("pipeline.extract") / "data" / "extraction.yaml"))
    return ExtractionSettings.model_validate(yaml.safe_load(Path(source).read_text(encoding="utf-8")))
