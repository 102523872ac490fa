"""One notify run: queue what is owed by the day, send what is due, on the programme's clock."""
from dataclasses import dataclass
from datetime import date

from models.policy import Policy
from pipeline.notify.outbox import queue_notices, send_due
from pipeline.notify.senders import Sender
from pipeline.notify.wording import load_wording
from storage.database.session import session_scope


@dataclass(frozen=True)
class NotifyResult:
    """How many notices a run queued and sent."""

    queued: int
    sent: int


def notify(db_url: str, sender: Sender, policy: Policy, today: date | None = None) -> NotifyResult:
    """Queue every notice owed by ``today`` (default: today on the programme's clock) and send the due ones."""
    now = policy.now()
    day = today or now.date()
    with session_scope(db_url) as session:
        queued = queue_notices(session, day, policy, load_wording())
    with session_scope(db_url) as session:
        sent = send_due(session, sender, day, now)
    return NotifyResult(queued, sent)
