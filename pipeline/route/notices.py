"""When the programme owes the claimant a progress notice (policy.md: every N working days until the claim is
settled), on the working-day calendar."""
from datetime import date

from pipeline.route.sla import add_working_days


def progress_notice_days(reported: date, until: date, every: int) -> list[date]:
    """The days a progress notice falls due: every ``every`` working days after the report day, up to ``until``
    (inclusive)."""
    days, day = [], add_working_days(reported, every)
    while day <= until:
        days.append(day)
        day = add_working_days(day, every)
    return days
