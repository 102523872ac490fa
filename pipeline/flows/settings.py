"""Orchestration settings from flows/data/orchestration.yaml (or the file named by CLAIMFLOW_ORCHESTRATION_CONFIG)."""
import os
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

CONFIG_ENV = "CLAIMFLOW_ORCHESTRATION_CONFIG"
SOURCE_ENV = "CLAIMFLOW_SOURCE"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Retries(_Strict):
    attempts: int = Field(ge=1, le=10)
    delays_seconds: tuple[float, ...]

    def delay(self, attempt: int) -> float:
        """Seconds to wait after the ``attempt``-th failed try (1-based)."""
        return self.delays_seconds[min(attempt, len(self.delays_seconds)) - 1] if self.delays_seconds else 0.0


class Nightly(_Strict):
    cron: str  # on the programme's clock (the policy's timezone)


class ReportSettings(_Strict):
    backlog_age_days: tuple[int, ...]


class LocalServer(_Strict):
    host: str
    port: int = Field(gt=0, lt=65536)
    startup_timeout_seconds: float = Field(gt=0)


class ServedRuns(_Strict):
    """How many flow runs ``claimflow serve`` has going at once, and how long those still running when it is
    stopped get to finish before they are cancelled."""

    memory_gib_per_run: float = Field(gt=0)
    max: int | None = Field(default=None, ge=1)
    shutdown_grace_seconds: float = Field(ge=0)

    def limit(self, cores: int, available_gib: float) -> int:
        """The configured maximum, else one run per core while the memory lasts (at least one)."""
        if self.max is not None:
            return self.max
        return max(1, min(cores, int(available_gib // self.memory_gib_per_run)))


class Orchestration(_Strict):
    source: str | None
    ocr_workers: int = Field(ge=0)
    chunk_claims: int = Field(ge=1)
    read_concurrency: int = Field(ge=1)
    publish_concurrency: int = Field(ge=1)
    retries: Retries
    nightly: Nightly
    notices: Nightly  # when the claimants' notices go out (send_notices), on the programme's clock
    poll_interval_seconds: float = Field(gt=0)
    fan_out_poll_seconds: float = Field(gt=0)  # how often a nightly batch looks whether its extraction runs ended
    fan_out_wait_seconds: float = Field(gt=0)  # how long it waits for them before reading the rest itself
    served_runs: ServedRuns
    report: ReportSettings
    local_server: LocalServer

    def claims_source(self, given: str | None = None) -> str:
        """The claims store: ``given``, else CLAIMFLOW_SOURCE, else the configured one."""
        source = given or os.environ.get(SOURCE_ENV) or self.source
        if not source:
            raise ValueError(f"no claims source: pass one or set {SOURCE_ENV}")
        return source


@lru_cache(maxsize=1)
def load_orchestration() -> Orchestration:
    """The orchestration settings (cached)."""
    path = os.environ.get(CONFIG_ENV)
    text = Path(path).read_text(encoding="utf-8") if path else \
        files("pipeline.flows").joinpath("data/orchestration.yaml").read_text(encoding="utf-8")
    return Orchestration.model_validate(yaml.safe_load(text))
