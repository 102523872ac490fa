"""The shipped policy file must say what contract §3–§4 and policy.md say, table by table."""
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from models.enums import ClaimType, DocType, Queue, ReasonCode, TransportMode
from models.errors import InvalidData
from models.policy import DEFAULT_POLICY_PATH, load_policy

CONTRACT_CHECKLISTS = {
    "hospital_allowance": [["id_card"], ["discharge_summary"], ["expense_list", "hospital_invoice"]],
    "medical_expense": [["id_card"], ["discharge_summary"], ["hospital_invoice"], ["expense_list"]],
    "disability": [["id_card"], ["disability_assessment"], ["medical_record", "discharge_summary"],
                   ["expense_list", "hospital_invoice"]],
    "accidental_death": [["death_certificate"], ["household_cancellation"], ["id_card"]],
}
CONTRACT_TICKETS = {"motor_vehicle": {"bus_ticket", "taxi_receipt"}, "rail": {"rail_ticket"},
                    "ship": {"ship_ticket"}, "air": {"air_ticket"}}
CONTRACT_QUEUES = {
    "MISSING_DOCUMENT": "documents", "UNREADABLE_DOCUMENT": "documents",
    "UNKNOWN_DOCUMENT": "verification", "LOW_CONFIDENCE": "verification", "IDENTITY_MISMATCH": "verification",
    "NOT_ELIGIBLE": "adjudication", "DATE_INCONSISTENT": "adjudication", "HOSPITAL_NOT_QUALIFIED": "adjudication",
    "POSSIBLE_EXCLUSION": "adjudication", "TRANSPORT_MODE_MISMATCH": "adjudication",
    "REVIEW_REQUIRED_CLAIM_TYPE": "adjudication", "HIGH_VALUE": "adjudication", "DUPLICATE_DOCUMENT": "fraud",
}


def _lines(policy, claim_type: str) -> list[list[str]]:
    return [[d.value for d in line.any_of] for line in policy.checklists[ClaimType(claim_type)]
            if not line.ticket_for_declared_mode]


def test_checklists_match_contract_section_3() -> None:
    policy = load_policy()
    for claim_type, lines in CONTRACT_CHECKLISTS.items():
        assert _lines(policy, claim_type) == lines, claim_type
    transport = policy.checklists[ClaimType.transport_death]
    assert _lines(policy, "transport_death") == CONTRACT_CHECKLISTS["accidental_death"]
    assert sum(line.ticket_for_declared_mode for line in transport) == 1
    assert {m.value: {d.value for d in docs} for m, docs in policy.tickets_by_mode.items()} == CONTRACT_TICKETS


def test_reason_queues_match_contract_section_4() -> None:
    policy = load_policy()
    assert {r.value: q.value for r, q in policy.reason_queues.items()} == CONTRACT_QUEUES
    assert set(CONTRACT_QUEUES) == {r.value for r in ReasonCode}
    assert {q.value for q in Queue} == set(CONTRACT_QUEUES.values())


def test_benefits_and_thresholds_match_policy_md() -> None:
    p = load_policy()
    assert p.benefits.accidental_death.amount == Decimal("3000.00")
    assert p.benefits.disability.base_amount == Decimal("3000.00")
    assert [p.benefits.disability.grade_ratios[g] for g in range(1, 11)] == [
        Decimal(x) / 10 for x in range(10, 0, -1)]
    a = p.benefits.hospital_allowance
    assert (a.per_day, a.max_days_per_stay, a.max_days_per_year, a.min_days, a.min_hospital_level) == (
        Decimal("30.00"), 90, 180, 1, "二级")
    assert p.benefits.medical_expense.max_per_year == Decimal("10000.00")
    t = p.benefits.transport_death
    assert t.combine_with_base == "replace"
    assert {m.value: v for m, v in t.amounts.items()} == {
        "motor_vehicle": Decimal("30000"), "rail": Decimal("30000"), "ship": Decimal("50000"),
        "air": Decimal("100000")}
    assert p.thresholds.high_value == Decimal("5000.00")
    assert set(p.never_fast_pay) == {ClaimType.accidental_death, ClaimType.disability, ClaimType.transport_death}
    assert p.insured_min_age == 60 and p.event_window_days == 180
    for term in ("猝死", "故意犯罪", "自杀", "斗殴", "打架", "醉酒", "酒后"):
        assert term in p.exclusions.all_benefits
    assert "牙齿修复" in p.exclusions.hospital_benefits
    assert (p.sla.review_working_days, p.sla.payment_working_days_below_threshold,
            p.sla.payment_working_days_at_or_above) == (3, 3, 7)


def _broken_policy(tmp_path: Path, mutate) -> Path:
    data = yaml.safe_load(DEFAULT_POLICY_PATH.read_text(encoding="utf-8"))
    mutate(data)
    path = tmp_path / "policy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("mutate, where", [
    (lambda d: d["benefits"]["disability"]["grade_ratios"].pop(3), "benefits.disability.grade_ratios"),
    (lambda d: d["reason_queues"].pop("HIGH_VALUE"), "reason_queues"),
    (lambda d: d["thresholds"].update(high_value="lots"), "thresholds.high_value"),
    (lambda d: d["checklists"]["disability"].append(["passport"]), "checklists.disability.4"),
    (lambda d: d["benefits"]["transport_death"].update(combine_with_base="both"),
     "benefits.transport_death.combine_with_base"),
    (lambda d: d["identity_links"]["expense_list"].update(fare=["hospital_invoice"]), "identity_links"),
    (lambda d: d["identity_links"]["expense_list"].update(hospital=[]), "identity_links"),
])
def test_policy_errors_name_the_key(tmp_path: Path, mutate, where: str) -> None:
    with pytest.raises(InvalidData) as info:
        load_policy(_broken_policy(tmp_path, mutate))
    assert info.value.where.startswith(where), info.value


def test_doc_types_and_modes_are_the_contracts() -> None:
    assert len(DocType) == 15 and len(TransportMode) == 4


def test_the_programme_clock_is_the_policy_time_zone(tmp_path: Path) -> None:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    assert load_policy().now().utcoffset() == timedelta(hours=8)  # Asia/Shanghai, whatever the machine's zone
    text = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
    other = tmp_path / "policy.yaml"
    other.write_text(text.replace("timezone: Asia/Shanghai", "timezone: Europe/London"), encoding="utf-8")
    assert load_policy(other).now().tzinfo == ZoneInfo("Europe/London")
    other.write_text(text.replace("timezone: Asia/Shanghai", "timezone: Mars/Olympus"), encoding="utf-8")
    with pytest.raises(InvalidData) as info:
        load_policy(other)
    assert "timezone" in str(info.value)
