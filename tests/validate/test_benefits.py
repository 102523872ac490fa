"""Benefit amounts per policy.md: allowance days and caps, grade ratios, transport deaths, medical expenses."""
from decimal import Decimal

import pytest

from pipeline.validate.benefits import PriorUse, payable
from tests.validate.factory import claim, death_docs, details, doc, stay_docs


def _stay(admission: str, discharge: str) -> list:
    return stay_docs(admission=admission, discharge=discharge)


def test_allowance_per_inpatient_day(policy) -> None:
    result = payable(claim(accident="2025-03-15"), _stay("2025-03-15", "2025-03-28"), PriorUse(), policy)
    assert (result.amount, result.allowance_days) == (Decimal("390.00"), 13)  # sample CN20250414-0001


def test_allowance_at_least_one_day(policy) -> None:
    result = payable(claim(), _stay("2025-03-10", "2025-03-10"), PriorUse(), policy)
    assert (result.amount, result.allowance_days) == (Decimal("30.00"), 1)


@pytest.mark.parametrize("discharge, days", [("2025-06-07", 89), ("2025-06-08", 90), ("2025-06-09", 90),
                                             ("2025-09-01", 90)])
def test_allowance_at_most_90_days_per_stay(policy, discharge: str, days: int) -> None:
    result = payable(claim(), _stay("2025-03-10", discharge), PriorUse(), policy)
    assert result.allowance_days == days and result.amount == Decimal(30 * days).quantize(Decimal("0.01"))


@pytest.mark.parametrize("earlier, days", [(0, 13), (167, 13), (170, 10), (180, 0), (200, 0)])
def test_allowance_at_most_180_days_per_year_across_claims(policy, earlier: int, days: int) -> None:
    result = payable(claim(), _stay("2025-03-15", "2025-03-28"), PriorUse(allowance_days=earlier), policy)
    assert result.allowance_days == days and result.amount == Decimal(30 * days).quantize(Decimal("0.01"))


def test_allowance_without_readable_dates_cannot_be_computed(policy) -> None:
    docs = stay_docs()
    docs[1] = doc("discharge_summary", admission_date="2025-03-10", discharge_date=("2025-03-20", 0.3))
    result = payable(claim(), docs, PriorUse(), policy)
    assert result.amount is None and details(result.low_confidence, "LOW_CONFIDENCE") == [
        "discharge_summary.discharge_date"]
    assert payable(claim(), stay_docs()[2:], PriorUse(), policy).amount is None  # no discharge summary


def test_medical_expense_is_total_less_insurance(policy) -> None:
    result = payable(claim("medical_expense"), stay_docs(total="3468.00", insurance_paid="2647.21"), PriorUse(), policy)
    assert result.amount == Decimal("820.79")


def test_medical_expense_yearly_maximum(policy) -> None:
    docs = stay_docs(total="20000.00", insurance_paid="5000.00")
    assert payable(claim("medical_expense"), docs, PriorUse(), policy).amount == Decimal("10000.00")
    assert payable(claim("medical_expense"), docs, PriorUse(medical_paid=Decimal("7500.50")), policy).amount == \
        Decimal("2499.50")
    assert payable(claim("medical_expense"), docs, PriorUse(medical_paid=Decimal("10000")), policy).amount == \
        Decimal("0.00")


def test_medical_expense_needs_the_insurance_share(policy) -> None:
    docs = stay_docs()
    docs[2] = doc("hospital_invoice", total_amount="3468.00", invoice_number="1")
    result = payable(claim("medical_expense"), docs, PriorUse(), policy)
    assert result.amount is None and details(result.low_confidence, "LOW_CONFIDENCE") == [
        "hospital_invoice.insurance_paid"]


@pytest.mark.parametrize("grade, amount", [(1, "3000.00"), (2, "2700.00"), (5, "1800.00"), (9, "600.00"),
                                           (10, "300.00")])
def test_disability_by_grade_ratio(policy, grade: int, amount: str) -> None:
    docs = [doc("disability_assessment", disability_grade=grade, assessment_date="2025-06-01")]
    assert payable(claim("disability"), docs, PriorUse(), policy).amount == Decimal(amount)


def test_disability_without_a_grade(policy) -> None:
    assert payable(claim("disability"), [doc("disability_assessment")], PriorUse(), policy).amount is None


def test_death_and_transport_death(policy) -> None:
    assert payable(claim("accidental_death"), death_docs(), PriorUse(), policy).amount == Decimal("3000.00")
    for mode, amount in (("motor_vehicle", "30000.00"), ("rail", "30000.00"), ("ship", "50000.00"),
                         ("air", "100000.00")):
        assert payable(claim("transport_death", mode=mode), death_docs(), PriorUse(), policy).amount == Decimal(amount)


def test_transport_death_can_add_to_the_base(policy) -> None:
    rule = policy.benefits.transport_death.model_copy(update={"combine_with_base": "add"})
    adding = policy.model_copy(update={"benefits": policy.benefits.model_copy(update={"transport_death": rule})})
    result = payable(claim("transport_death", mode="rail"), death_docs(), PriorUse(), adding)
    assert result.amount == Decimal("33000.00")


def test_insurance_paying_more_than_the_bill_is_a_misread(policy) -> None:
    docs = stay_docs(total="11749.30", insurance_paid="630818.00")  # 6308.18 read without its point
    result = payable(claim("medical_expense"), docs, PriorUse(), policy)
    assert result.amount is None and details(result.low_confidence, "LOW_CONFIDENCE") == [
        "hospital_invoice.insurance_paid"]
