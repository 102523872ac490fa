import pytest

from models.policy import Policy, load_policy
from models.registry import HospitalRegistry, load_hospitals


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="session")
def hospitals() -> HospitalRegistry:
    return load_hospitals()
