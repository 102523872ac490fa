"""The daily report's figures, read from the claim database."""
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from models.enums import Queue, ReasonCode, Route
from storage.database import lifecycle
from storage.database.tables import ClaimRow, DecisionRow, ProcessedPhotoRow

THROUGHPUT_DAYS = 14
SLA_STATES = ("on_time", "due_today", "overdue", "no_deadline")


class DailyFigures(BaseModel):
    """Everything the report shows for one day (JSON-ready)."""

    day: date
    timezone: str
    claims_received: int
    claims_total: int
    decided_today: int
    fast_pay_today: int
    fast_pay_rate: float | None
    fast_pay_rate_all: float | None
    reasons: dict[str, int]
    backlog_by_age: dict[str, dict[str, int]]
    sla_status: dict[str, int]
    throughput: dict[str, dict[str, int]]


def _bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, zone)
    return start, start + timedelta(days=1)


def age_labels(edges: tuple[int, ...]) -> list[str]:
    """The backlog's age buckets in order, e.g. 0-1d, 1-3d, 3-7d, 7-30d, 30d+ for edges (1, 3, 7, 30)."""
    lows = (0, *edges)
    return [f"{low}-{high}d" for low, high in zip(lows, edges)] + [f"{lows[-1]}d+"]


def _age_label(days: int, edges: tuple[int, ...]) -> str:
    return age_labels(edges)[sum(days >= edge for edge in edges)]


def daily_figures(session: Session, day: date, zone_name: str, age_edges: tuple[int, ...]) -> DailyFigures:
    """Claims received on ``day``, decisions and fast-pay rate (that day and all current ones), the reasons of
    current manual-review decisions, the open backlog by queue and age, SLA status and 14 days of throughput."""
    zone = ZoneInfo(zone_name)
    start, end = _bounds(day, zone)
    received = session.scalar(select(func.count()).select_from(ClaimRow)
                              .where(ClaimRow.reported_at >= start, ClaimRow.reported_at < end)) or 0
    total = session.scalar(select(func.count()).select_from(ClaimRow)) or 0
    current = list(session.execute(select(DecisionRow.route, DecisionRow.reasons, DecisionRow.created_at)
                                   .where(DecisionRow.is_current.is_(True))))
    today = [r for r in current if start <= r.created_at < end]
    fast_today = sum(r.route == Route.fast_pay.value for r in today)
    fast_all = sum(r.route == Route.fast_pay.value for r in current)
    reasons = Counter(code for r in current for code in {reason["code"] for reason in r.reasons})

    backlog = {q.value: dict.fromkeys(age_labels(age_edges), 0) for q in Queue}
    sla = dict.fromkeys(SLA_STATES, 0)
    for queue, reported, due in session.execute(select(ClaimRow.queue, ClaimRow.reported_at, lifecycle.due_by_column())
                                                .where(ClaimRow.status.in_(lifecycle.WAITING))):
        age = (day - reported.astimezone(zone).date()).days
        backlog.setdefault(queue or "none", dict.fromkeys(age_labels(age_edges), 0))
        backlog[queue or "none"][_age_label(max(age, 0), age_edges)] += 1
        state = "no_deadline" if due is None else "overdue" if due < day else "due_today" if due == day else "on_time"
        sla[state] += 1

    first = day - timedelta(days=THROUGHPUT_DAYS - 1)
    decided_per_day: Counter[str] = Counter()
    photos_per_day: Counter[str] = Counter()
    since = _bounds(first, zone)[0]
    for (created,) in session.execute(select(DecisionRow.created_at).where(DecisionRow.created_at >= since,
                                                                          DecisionRow.created_at < end)):
        decided_per_day[created.astimezone(zone).date().isoformat()] += 1
    for (created,) in session.execute(select(ProcessedPhotoRow.created_at).where(
            ProcessedPhotoRow.created_at >= since, ProcessedPhotoRow.created_at < end)):
        photos_per_day[created.astimezone(zone).date().isoformat()] += 1
    days = [(first + timedelta(days=i)).isoformat() for i in range(THROUGHPUT_DAYS)]
    return DailyFigures(
        day=day, timezone=zone_name, claims_received=received, claims_total=total, decided_today=len(today),
        fast_pay_today=fast_today, fast_pay_rate=fast_today / len(today) if today else None,
        fast_pay_rate_all=fast_all / len(current) if current else None,
        reasons={code.value: reasons[code.value] for code in ReasonCode},
        backlog_by_age=backlog, sla_status=sla,
        throughput={d: {"decisions": decided_per_day[d], "photos_extracted": photos_per_day[d]} for d in days})
