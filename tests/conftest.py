"""Shared pytest configuration: fixtures live in tests/fixtures and are registered here."""
import base64
import os
from pathlib import Path

import pytest

from models.policy import Policy, load_policy
from models.registry import HospitalRegistry, load_hospitals

pytest_plugins = ["tests.fixtures.s3", "tests.fixtures.db", "tests.fixtures.prefect"]

# One data key for the test run and every process it starts (flow workers run with data dirs and working
# directories of their own, where each would otherwise make a keyring of its own): a fixed test key.
os.environ.setdefault("CLAIMFLOW_DATA_KEY", base64.b64encode(b"claimflow test key, not for use!").decode())

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SAMPLES = SHARED / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """The shared example claims (../shared/samples beside the checkout). Where they are not (a clone on its
    own), the tests that score against them are reported as not run; in CI their absence is a failure."""
    if not SAMPLES.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"shared samples not found at {SAMPLES}: CI must have ../shared beside the checkout")
        pytest.skip(f"not run: ../shared/samples is not beside the checkout ({SAMPLES})")
    return SAMPLES


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The shipped policy."""
    return load_policy()


@pytest.fixture(scope="session")
def hospitals() -> HospitalRegistry:
    """The shipped hospital registry."""
    return load_hospitals()
