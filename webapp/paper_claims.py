"""Paper claims entered afterwards: a claim taken on a paper form while the system was down keeps its original
report time and the form's number, and is never entered twice (the same form number, or the same insured's claim
of the same type for the same accident day, is already a claim)."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.claim import ClaimReport
from models.policy import Policy
from storage.database.repository import id_number_hash
from storage.database.tables import ClaimRow

# form field → Chinese label, shown above the report's own fields
PAPER_FIELDS = {"paper_form_number": "纸质报案单编号", "reported_on": "原报案日期",
                "reported_time": "原报案时间（不清楚可不填）"}
MAX_NUMBER_LENGTH = 64  # the claims table's column


def original_report_time(values: dict[str, str], policy: Policy,
                         default_time: time) -> tuple[datetime | None, dict[str, str]]:
    """The paper form's report time on the programme's clock (``default_time`` when the form gives none), or the
    problems (form field → Chinese message): the form's number and date are required, the date not in the
    future."""
    problems: dict[str, str] = {}
    number = values.get("paper_form_number", "").strip()
    if not number:
        problems["paper_form_number"] = "必填"
    elif len(number) > MAX_NUMBER_LENGTH:
        problems["paper_form_number"] = f"不能超过 {MAX_NUMBER_LENGTH} 个字"
    try:
        day = date.fromisoformat(values.get("reported_on", "").strip())
    except ValueError:
        problems["reported_on"] = "日期格式应为 年-月-日"
        return None, problems
    try:
        at = time.fromisoformat(values["reported_time"].strip()) if values.get("reported_time", "").strip() \
            else default_time
    except ValueError:
        problems["reported_time"] = "时间格式应为 时:分"
        return None, problems
    reported = datetime.combine(day, at, policy.zone)
    if reported > policy.now():
        problems["reported_on"] = "原报案日期不能晚于今天"
    return (None if problems else reported), problems


def entered_before(session: Session, report: ClaimReport, paper_form_number: str) -> str | None:
    """The claim already entered for this paper form, or for the same insured, claim type and accident day."""
    same_form = session.scalars(select(ClaimRow.claim_id)
                                .where(ClaimRow.paper_form_number == paper_form_number)).first()
    if same_form is not None:
        return same_form
    return session.scalars(select(ClaimRow.claim_id).where(
        ClaimRow.insured_id_hash == id_number_hash(report.insured.id_number),
        ClaimRow.claim_type == report.claim_type.value,
        ClaimRow.accident_date == report.accident.date)).first()
