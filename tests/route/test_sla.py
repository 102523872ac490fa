"""SLA deadlines on the Chinese working-day calendar, adjusted weekends included."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from models.enums import Route
from pipeline.route.sla import add_working_days, deadlines, is_working_day

CST = timezone(timedelta(hours=8))


def test_plain_week() -> None:
    assert add_working_days(date(2025, 3, 7), 3) == date(2025, 3, 12)  # Fri -> Wed
    assert add_working_days(date(2025, 3, 8), 1) == date(2025, 3, 10)  # Sat -> Mon


def test_national_day_2025_with_its_adjusted_weekends() -> None:
    # 2025: 10-01..10-08 off; Sunday 09-28 and Saturday 10-11 are working days.
    assert is_working_day(date(2025, 9, 28)) and is_working_day(date(2025, 10, 11))
    assert not is_working_day(date(2025, 10, 3))
    assert add_working_days(date(2025, 9, 26), 3) == date(2025, 9, 30)  # Fri -> Sun 28, Mon 29, Tue 30
    assert add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)  # 10-09, 10-10, Sat 10-11


def test_spring_festival_2026_with_its_adjusted_weekends() -> None:
    # 2026: 02-15..02-23 off; Saturday 02-14 and Saturday 02-28 are working days.
    assert is_working_day(date(2026, 2, 14)) and is_working_day(date(2026, 2, 28))
    assert not is_working_day(date(2026, 2, 16))
    assert add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)  # 02-13, Sat 02-14, 02-24
    assert add_working_days(date(2026, 2, 24), 7) == date(2026, 3, 4)  # 25, 26, 27, Sat 28, 03-02, 03-03, 03-04


def test_years_without_calendar_data_fall_back_to_weekdays() -> None:
    assert add_working_days(date(2031, 1, 3), 1) == date(2031, 1, 6)


@pytest.mark.parametrize("amount, due", [(Decimal("4999.99"), date(2025, 10, 11)),
                                         (Decimal("5000.00"), date(2025, 10, 16))])
def test_payment_due_by_amount(policy, amount: Decimal, due: date) -> None:
    reported = datetime(2025, 9, 30, 9, 30, tzinfo=CST)
    d = deadlines(Route.fast_pay, True, amount, reported, policy)
    assert d.review_due == date(2025, 10, 11) and d.payment_due == due


def test_manual_review_waits_for_approval_and_completeness(policy) -> None:
    reported = datetime(2025, 9, 30, 9, 30, tzinfo=CST)
    assert deadlines(Route.manual_review, True, Decimal("300"), reported, policy).payment_due is None
    assert deadlines(Route.manual_review, False, Decimal("300"), reported, policy).review_due is None


def test_missing_documents_are_asked_for_by_the_next_working_day(policy) -> None:
    reported = datetime(2025, 9, 30, 9, 30, tzinfo=CST)  # National Day holidays 1-8 October 2025 follow
    assert deadlines(Route.manual_review, False, None, reported, policy).documents_due == date(2025, 10, 9)
    assert deadlines(Route.manual_review, True, Decimal("300"), reported, policy).documents_due is None
