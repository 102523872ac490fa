"""Service promises as dates: review and payment deadlines in Chinese working days (adjusted weekends included)."""
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import chinese_calendar

from models.enums import Route
from models.policy import Policy


def is_working_day(day: date) -> bool:
    """A working day on the official calendar (holidays off, adjusted weekends on); Mon–Fri beyond its data."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_working_days(start: date, days: int) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself never counts)."""
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


@dataclass(frozen=True)
class Deadlines:
    """When the review, the request for missing documents and the payment are due (None until their clock
    starts)."""

    review_due: date | None
    documents_due: date | None  # documents incomplete: the family is told everything missing by then
    payment_due: date | None


def close_due(reported: date, policy: Policy) -> date:
    """The day by which a claim must be settled at the latest (complex cases: N working days after the report)."""
    return add_working_days(reported, policy.sla.complex_case_max_working_days)


def close_warning(reported: date, policy: Policy) -> date:
    """The day an open claim is escalated as nearing its close deadline (a few working days before it)."""
    return add_working_days(reported, max(0, policy.sla.complex_case_max_working_days
                                          - policy.sla.complex_case_warn_working_days))


CLOSE_NEAR, CLOSE_PASSED = "near", "passed"


def close_state(reported: date, today: date, policy: Policy) -> tuple[date, str | None]:
    """An open claim's close deadline and where ``today`` stands to it: CLOSE_PASSED after it, CLOSE_NEAR from
    its warning day, else None."""
    due = close_due(reported, policy)
    state = CLOSE_PASSED if today > due else CLOSE_NEAR if today >= close_warning(reported, policy) else None
    return due, state


def deadlines(route: Route, complete: bool, payable: Decimal | None, as_of: datetime, policy: Policy) -> Deadlines:
    """Review is due N working days after the documents are complete; while they are not, the request for what
    is missing is due a set number of working days after the report. A fast-paid claim is approved as of the
    report, so its payment is due 3 (below the threshold) or 7 working days later. A claim in manual review
    gets its payment deadline when a reviewer approves it.
    """
    sla, start = policy.sla, as_of.date()
    review = add_working_days(start, sla.review_working_days) if complete else None
    documents = None if complete else add_working_days(start, sla.documents_request_working_days)
    payment = None
    if route == Route.fast_pay and payable is not None:
        days = (sla.payment_working_days_below_threshold if payable < sla.payment_threshold
                else sla.payment_working_days_at_or_above)
        payment = add_working_days(start, days)
    return Deadlines(review, documents, payment)
