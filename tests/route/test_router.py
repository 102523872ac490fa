"""Reasons to route and queues; the contract §5 decision with pipeline and policy versions."""
from datetime import UTC, datetime
from decimal import Decimal

from models.decision import ChecklistResult, Reason
from models.enums import ReasonCode
from pipeline.route.router import decide, error_decision, queues_for, unique_reasons

AT = datetime(2025, 4, 1, 10, 0, tzinfo=UTC)


def _r(code: str, detail: str | None = None) -> Reason:
    return Reason(code=ReasonCode(code), detail=detail)


def test_fast_pay_only_without_any_reason(policy) -> None:
    d = decide("C1", [], ChecklistResult(complete=True), Decimal("390"), [], decided_at=AT, pipeline_version="0.1.0",
               policy=policy)
    assert d.route.value == "fast_pay" and d.queues == [] and d.policy_version == policy.version
    assert d.to_json().startswith(
        '{"claim_id":"C1","route":"fast_pay","queues":[],"reasons":[],"payable_amount":390.00')


def test_reasons_deduplicated_in_contract_order_with_their_queues(policy) -> None:
    reasons = [_r("DUPLICATE_DOCUMENT", "x"), _r("LOW_CONFIDENCE", "id_card.name"), _r("MISSING_DOCUMENT", "id_card"),
               _r("LOW_CONFIDENCE", "id_card.name"), _r("HIGH_VALUE", "9000.00"), _r("LOW_CONFIDENCE", "a.b")]
    assert [(r.code.value, r.detail) for r in unique_reasons(reasons)] == [
        ("MISSING_DOCUMENT", "id_card"), ("LOW_CONFIDENCE", "id_card.name"), ("LOW_CONFIDENCE", "a.b"),
        ("HIGH_VALUE", "9000.00"), ("DUPLICATE_DOCUMENT", "x")]
    assert [q.value for q in queues_for(reasons, policy)] == ["documents", "verification", "adjudication", "fraud"]
    d = decide("C1", reasons, ChecklistResult(complete=False, missing=["id_card"]), None, [], decided_at=AT,
               pipeline_version="0.1.0", policy=policy)
    assert d.route.value == "manual_review" and len(d.reasons) == 5 and d.payable_amount is None


def test_every_code_has_a_queue(policy) -> None:
    for code in ReasonCode:
        assert queues_for([_r(code.value)], policy) == [policy.reason_queues[code]]


def test_error_decision_goes_to_manual_review(policy) -> None:
    d = error_decision("C9", "claim C9: field 'accident.date': missing", decided_at=AT, pipeline_version="0.1.0",
                       policy=policy)
    assert d.route.value == "manual_review" and d.error and '"error":"claim C9' in d.to_json()
