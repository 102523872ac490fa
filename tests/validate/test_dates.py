"""DATE_INCONSISTENT: judged against the accident and claim.reported_at, never the clock."""
from datetime import date, timedelta

from pipeline.validate.dates import date_reasons
from tests.validate.factory import claim, death_docs, details, doc, roster_entry, stay_docs


def _dates(c, docs, policy, entry=None) -> list[str | None]:
    return details(date_reasons(c, docs, entry or roster_entry(), policy), "DATE_INCONSISTENT")


def test_consistent_stay(policy) -> None:
    assert date_reasons(claim(), stay_docs(), roster_entry(), policy) == []


def test_admission_before_the_accident(policy) -> None:
    assert _dates(claim(accident="2025-03-11"), stay_docs(admission="2025-03-10"), policy) == [
        "admission_date before the accident"]
    assert _dates(claim(accident="2025-03-10"), stay_docs(admission="2025-03-10"), policy) == []


def test_discharge_before_admission(policy) -> None:
    assert "discharge_date before admission_date" in _dates(claim(), stay_docs(discharge="2025-03-09",
                                                                                admission="2025-03-12"), policy)


def test_death_window_both_ends(policy) -> None:
    window = policy.event_window_days
    c = claim("accidental_death", accident="2025-01-01", reported="2025-12-30T10:00:00+08:00")
    last = (date(2025, 1, 1) + timedelta(days=window)).isoformat()
    late = (date(2025, 1, 1) + timedelta(days=window + 1)).isoformat()
    assert _dates(c, death_docs(death="2025-01-01"), policy) == []
    assert _dates(c, death_docs(death=last), policy) == []
    assert _dates(c, death_docs(death=late), policy) == [
        f"death_date {window + 1} days after the accident (limit {window})"]
    assert _dates(c, death_docs(death="2024-12-31"), policy) == ["death_date before the accident"]


def test_disability_assessment_window(policy) -> None:
    c = claim("disability", accident="2025-01-01", reported="2025-12-30T10:00:00+08:00")
    on_time = [doc("disability_assessment", disability_grade=9, assessment_date="2025-06-30")]  # day 180
    late = [doc("disability_assessment", disability_grade=9, assessment_date="2025-07-01")]  # day 181
    assert _dates(c, on_time, policy) == []
    assert _dates(c, late, policy) == ["assessment_date 181 days after the accident (limit 180)"]


def test_ticket_must_be_dated_on_the_accident_day(policy) -> None:
    c = claim("transport_death", mode="rail")
    assert _dates(c, death_docs(ticket="rail_ticket", travel="2025-03-10"), policy) == []
    assert _dates(c, death_docs(ticket="rail_ticket", travel="2025-03-09"), policy) == [
        "rail_ticket.travel_date differs from the accident date"]


def test_accident_proof_and_cancellation(policy) -> None:
    proof = doc("accident_proof", name="陈秀英", accident_date="2025-03-01")
    assert _dates(claim(), [*stay_docs(), proof], policy) == [
        "accident_proof.accident_date differs from the accident date"]
    docs = death_docs(death="2025-03-29", cancelled="2025-03-28")
    assert "cancellation_date before death_date" in _dates(claim("accidental_death"), docs, policy)


def test_dates_after_reported_at_not_the_clock(policy) -> None:
    c = claim(reported="2025-03-20T10:00:00+08:00")
    assert _dates(c, stay_docs(discharge="2025-03-23"), policy) == [
        "discharge_summary.discharge_date after reported_at", "hospital_invoice.invoice_date after reported_at"]


def test_outside_cover(policy) -> None:
    reasons = _dates(claim(), stay_docs(), policy, roster_entry(covered_from="2025-03-11"))
    assert reasons == ["accident outside cover", "admission_date outside cover"]


def test_unreadable_dates_are_low_confidence(policy) -> None:
    docs = stay_docs()
    docs[1] = doc("discharge_summary", name="陈秀英", admission_date=("2025-03-10", 0.5))
    assert details(date_reasons(claim(), docs, roster_entry(), policy), "LOW_CONFIDENCE") == [
        "discharge_summary.admission_date", "discharge_summary.discharge_date"]
