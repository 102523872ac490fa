"""The notification outbox over one claim's life on the working-day calendar (National Day 2025: 1–8 October off,
Sunday 28 September and Saturday 11 October worked): every notice the policy promises, sent on its day, once."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from threading import Thread
from typing import ClassVar
from zoneinfo import ZoneInfo

from sqlalchemy import select

from models.decision import ChecklistResult, Decision, Reason
from models.enums import Queue, ReasonCode, Route
from models.policy import load_policy
from pipeline.notify.run import notify
from pipeline.notify.senders import FileSender, SmsGateway
from pipeline.route.notices import progress_notice_days
from storage.database.migrate import upgrade
from storage.database.repository import record_decision, upsert_claim
from storage.database.session import session_scope
from storage.database.tables import ClaimRow, NotificationRow, ReviewerActionRow
from tests.validate.factory import claim

CHINA = ZoneInfo("Asia/Shanghai")
CLAIM_ID = "CN20250924-0042"
PHONE = "13800138000"


def test_progress_days_follow_the_holiday_calendar() -> None:
    assert progress_notice_days(date(2025, 9, 24), date(2025, 10, 21), 3) == [
        date(2025, 9, 28), date(2025, 10, 9), date(2025, 10, 13), date(2025, 10, 16), date(2025, 10, 21)]


def _report():
    """The claim, reported on Wednesday 24 September 2025."""
    return claim(accident="2025-09-20", reported="2025-09-24T10:00:00+08:00").model_copy(update={"claim_id": CLAIM_ID})


def _act(url: str, action: str | None, day: date, detail: dict, status: str, **claim_changes: object) -> None:
    """The reviewer's ``action`` on ``day`` (or none) and the claim's new status."""
    with session_scope(url) as session:
        if action is not None:
            session.add(ReviewerActionRow(claim_id=CLAIM_ID, reviewer="reviewer", action=action, detail=detail,
                                          created_at=datetime(day.year, day.month, day.day, 9, tzinfo=CHINA)))
        row = session.get(ClaimRow, CLAIM_ID)
        row.status = status
        for name, value in claim_changes.items():
            setattr(row, name, value)


def test_every_promised_notice_goes_out_on_its_day(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    upgrade(url)
    policy = load_policy()
    report = _report()
    missing = Decision(claim_id=CLAIM_ID, route=Route.manual_review, queues=[Queue.documents],
                       reasons=[Reason(code=ReasonCode.MISSING_DOCUMENT, detail="discharge_summary")],
                       payable_amount=None, documents=[],
                       checklist=ChecklistResult(complete=False, missing=["discharge_summary"]),
                       decided_at=datetime(2025, 9, 24, 11, tzinfo=CHINA), pipeline_version="test")
    with session_scope(url) as session:
        upsert_claim(session, report)
        record_decision(session, missing)
    events = {
        date(2025, 10, 10): lambda: _act(url, "request_documents", date(2025, 10, 10),
                                         {"notice": "请补交出院小结原件照片"}, "awaiting_documents"),
        date(2025, 10, 14): lambda: _act(url, "approve", date(2025, 10, 14), {"payable_amount": "390.00"}, "approved",
                                         payment_due=date(2025, 10, 17)),
        date(2025, 10, 17): lambda: _act(url, None, date(2025, 10, 17), {}, "paid"),
    }
    sender = FileSender(tmp_path / "sent.jsonl")
    sent_on: dict[tuple[str, date], date] = {}
    day = date(2025, 9, 24)
    while day <= date(2025, 10, 31):
        if day in events:
            events[day]()
        notify(url, sender, policy, today=day)
        notify(url, sender, policy, today=day)  # a second run the same day sends nothing twice
        with session_scope(url) as session:
            for row in session.scalars(select(NotificationRow).where(NotificationRow.sent_at.is_not(None))):
                sent_on.setdefault((row.kind, row.due_on), day)
        day += timedelta(days=1)
    assert sent_on == {
        ("documents", date(2025, 9, 24)): date(2025, 9, 24),   # everything missing, the day it was found
        ("progress", date(2025, 9, 28)): date(2025, 9, 28),    # 3 working days on: Thu, Fri and the worked Sunday
        ("progress", date(2025, 10, 9)): date(2025, 10, 9),    # over the holiday
        ("documents", date(2025, 10, 10)): date(2025, 10, 10),  # the reviewer's request
        ("progress", date(2025, 10, 13)): date(2025, 10, 13),  # the worked Saturday counts
        ("decision", date(2025, 10, 14)): date(2025, 10, 14),  # approved, with the amount and the payment date
        ("progress", date(2025, 10, 16)): date(2025, 10, 16),
    }  # paid on 17 October: no more notices
    lines = [json.loads(line) for line in (tmp_path / "sent.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 7 and {line["to"] for line in lines} == {"138****8000"}
    texts = [line["text"] for line in lines]
    assert "需要补充资料：出院小结" in texts[0] and all(CLAIM_ID in t for t in texts)
    assert "赔付 390.00 元，预计 2025-10-17 前" in texts[5]


class _Gateway(BaseHTTPRequestHandler):
    """A local SMS gateway: answers each POST with the next status of ``answers`` and keeps what it was sent."""

    answers: ClassVar[list[int]] = []
    received: ClassVar[list[dict]] = []

    def do_POST(self) -> None:
        self.received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(self.answers.pop(0))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_a_notice_the_gateway_refuses_is_sent_on_the_next_run(tmp_path: Path) -> None:
    """The SMS gateway (a real HTTP server on loopback) answering 503 leaves the notice unsent with the error;
    the next run sends it, once."""
    url = f"sqlite:///{tmp_path / 'claimflow.db'}"
    upgrade(url)
    report = _report()
    with session_scope(url) as session:
        upsert_claim(session, report)
    _Gateway.answers, _Gateway.received = [503, 200], []
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        sms = SmsGateway(f"http://127.0.0.1:{server.server_port}/send")
        first = notify(url, sms, load_policy(), today=date(2025, 9, 28))
        with session_scope(url) as session:
            (row,) = session.scalars(select(NotificationRow))
            assert row.sent_at is None and row.last_error == "SMS gateway answered 503"
        second = notify(url, sms, load_policy(), today=date(2025, 9, 29))
        third = notify(url, sms, load_policy(), today=date(2025, 9, 29))
    finally:
        server.shutdown()
    assert (first.sent, second.sent, third.sent) == (0, 1, 0)
    assert [r["to"] for r in _Gateway.received] == [PHONE, PHONE] and CLAIM_ID in _Gateway.received[1]["text"]
