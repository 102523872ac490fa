"""Batch settings from process/data/batch.yaml (or the file named by CLAIMFLOW_BATCH_CONFIG)."""
import os
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

CONFIG_ENV = "CLAIMFLOW_BATCH_CONFIG"


class BatchSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    stale_temporary_minutes: float = Field(ge=0)
    ocr_worker_niceness: int = Field(ge=0, le=19)
    claims_read_at_once: int = Field(ge=1)


@lru_cache(maxsize=4)
def load_batch_settings(path: str | None = None) -> BatchSettings:
    """Load the batch settings (cached per path)."""
    source = path or os.environ.get(CONFIG_ENV) or str(files("pipeline.process") / "data" / "batch.yaml")
    return BatchSettings.model_validate(yaml.safe_load(Path(source).read_text(encoding="utf-8")))
