"""TRANSPORT_MODE_MISMATCH, REVIEW_REQUIRED_CLAIM_TYPE and HIGH_VALUE."""
from decimal import Decimal

from pipeline.validate.claim_type import high_value_reasons, review_required_reasons
from pipeline.validate.transport import transport_reasons
from tests.validate.factory import claim, codes, death_docs, details


def test_ticket_of_the_declared_mode(policy) -> None:
    assert transport_reasons(claim("transport_death", mode="air"), death_docs(ticket="air_ticket"), policy) == []
    road = claim("transport_death", mode="motor_vehicle")
    assert transport_reasons(road, death_docs(ticket="bus_ticket") + death_docs(ticket="taxi_receipt")[3:],
                             policy) == []


def test_ticket_of_another_mode(policy) -> None:
    reasons = transport_reasons(claim("transport_death", mode="air"), death_docs(ticket="ship_ticket"), policy)
    assert details(reasons, "TRANSPORT_MODE_MISMATCH") == ["ship_ticket is ship, declared air"]


def test_tickets_in_other_claim_types_are_just_extra(policy) -> None:
    assert transport_reasons(claim(), death_docs(ticket="taxi_receipt"), policy) == []


def test_claim_types_never_fast_paid(policy) -> None:
    for claim_type in ("accidental_death", "disability"):
        assert codes(review_required_reasons(claim(claim_type), policy)) == ["REVIEW_REQUIRED_CLAIM_TYPE"]
    assert codes(review_required_reasons(claim("transport_death", mode="rail"), policy)) == [
        "REVIEW_REQUIRED_CLAIM_TYPE"]
    assert review_required_reasons(claim("medical_expense"), policy) == []


def test_high_value_at_or_above_the_threshold(policy) -> None:
    bar = policy.thresholds.high_value
    assert details(high_value_reasons(bar, policy), "HIGH_VALUE") == [f"{bar:.2f}"]
    assert high_value_reasons(bar - Decimal("0.01"), policy) == []
    assert high_value_reasons(None, policy) == []
