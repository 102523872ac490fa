"""The web app's settings: limits from ``webapp/data/webapp.yaml`` (validated), places from the environment."""
from __future__ import annotations

import os
import secrets
from datetime import time
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from pipeline.extract.settings import load_settings

DATA_DIR = Path(__file__).resolve().with_name("data")
SECRET_ENV = "CLAIMFLOW_WEB_SECRET"
STORE_ENV = "CLAIMFLOW_WEB_STORE"
PROXIES_ENV = "CLAIMFLOW_WEB_TRUSTED_PROXIES"  # comma-separated addresses of the reverse proxies in front
ROSTER_ENV = "CLAIMFLOW_ROSTER"
PREFECT_API_ENV = "PREFECT_API_URL"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UploadLimits(_Strict):
    max_photos_per_request: int = Field(gt=0)
    max_request_bytes: int = Field(gt=0)
    allowed_types: tuple[str, ...]

    @property
    def max_photo_bytes(self) -> int:
        """One photo size limit for upload and batch alike: the extraction settings' ``photos.max_bytes``."""
        return load_settings().photos.max_bytes


class SessionSettings(_Strict):
    max_age_seconds: int = Field(gt=0)
    cookie_name: str
    https_only: bool


class RateLimits(_Strict):
    status_lookup_failures_per_minute: int = Field(gt=0)
    login_failures_per_15_minutes: int = Field(gt=0)


class UploadRetry(_Strict):
    attempts: int = Field(ge=1)
    backoff_ms: int = Field(ge=0)


class PasswordPolicy(_Strict):
    min_length: int = Field(ge=8)
    common_list: str


class QueueSettings(_Strict):
    page_size: int = Field(gt=0)


class FamilyContact(_Strict):
    """The service line families are given on the status page."""

    label: str
    phone: str


class PaperClaims(_Strict):
    """Paper claims entered afterwards."""

    default_report_time: time  # when the paper form gives the day but not the hour


class WebLimits(_Strict):
    """What ``webapp.yaml`` holds."""

    uploads: UploadLimits
    session: SessionSettings
    rate_limits: RateLimits
    uploads_retry: UploadRetry
    queues: QueueSettings
    form_max_lengths: dict[str, int]
    passwords: PasswordPolicy
    family_contact: FamilyContact
    paper_claims: PaperClaims


@lru_cache
def load_limits(path: Path | None = None) -> WebLimits:
    """The validated limits file (default: the shipped ``webapp.yaml``)."""
    raw = yaml.safe_load((path or DATA_DIR / "webapp.yaml").read_text(encoding="utf-8"))
    return WebLimits.model_validate(raw)


class WebConfig(_Strict):
    """Everything ``create_app`` needs: database URL, object store source, signing secret, limits."""

    db_url: str
    store: str
    secret_key: str
    roster: Path | None = None
    limits: WebLimits = Field(default_factory=load_limits)
    trusted_proxies: frozenset[str] = frozenset()  # peers whose X-Forwarded-For is believed
    prefect_api: str | None = None  # a Prefect server serving intake_claim: submitted claims are processed there

    def with_insecure_cookies(self) -> WebConfig:
        """The same settings with cookies sent over plain http too (local development and tests only)."""
        session = self.limits.session.model_copy(update={"https_only": False})
        return self.model_copy(update={"limits": self.limits.model_copy(update={"session": session})})


def config_from_env() -> WebConfig:
    """Settings from CLAIMFLOW_DB_URL, CLAIMFLOW_WEB_STORE (a folder or s3://bucket/prefix), CLAIMFLOW_WEB_SECRET,
    CLAIMFLOW_ROSTER and PREFECT_API_URL. Without a secret a random one is made (sessions then end with the
    process)."""
    from storage.database.session import data_dir, default_url

    roster = os.environ.get(ROSTER_ENV)
    proxies = frozenset(a.strip() for a in os.environ.get(PROXIES_ENV, "").split(",") if a.strip())
    return WebConfig(
        trusted_proxies=proxies,
        db_url=default_url(),
        store=os.environ.get(STORE_ENV) or str((data_dir() / "store").resolve()),
        secret_key=os.environ.get(SECRET_ENV) or secrets.token_urlsafe(32),
        roster=Path(roster) if roster else None,
        prefect_api=os.environ.get(PREFECT_API_ENV) or None,
    )
