"""Rate limits shared by every web process: events counted in the claim database (SQLite embedded,
PostgreSQL for several processes or hosts), per bucket and key, in a sliding window.

Keys are what is limited (a client address, an account with an address); only their SHA-256 is stored.
The client address is the connecting peer's, or, when that peer is a configured trusted proxy, the last
address in X-Forwarded-For that is not one of the trusted proxies: a header nobody trusted cannot be
rotated to get round a limit.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta

from fastapi import Request
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from storage.database.tables import RateEventRow, utcnow


class RateLimiter:
    """At most ``limit`` events per key within ``window`` seconds, in ``bucket``."""

    def __init__(self, bucket: str, limit: int, window: float, clock: Callable[[], datetime] = utcnow) -> None:
        self.bucket, self.limit, self.window, self.clock = bucket, limit, timedelta(seconds=window), clock

    def _key(self, key: str) -> str:
        return hashlib.sha256(f"{self.bucket}|{key}".encode()).hexdigest()

    def _count(self, session: Session, key_hash: str, now: datetime) -> int:
        since = now - self.window
        session.execute(delete(RateEventRow).where(RateEventRow.bucket == self.bucket,
                                                   RateEventRow.key_hash == key_hash, RateEventRow.at <= since))
        return session.scalar(select(func.count()).select_from(RateEventRow).where(
            RateEventRow.bucket == self.bucket, RateEventRow.key_hash == key_hash)) or 0

    def blocked(self, session: Session, key: str) -> bool:
        """True while ``key`` is at its limit (counts nothing)."""
        return self._count(session, self._key(key), self.clock()) >= self.limit

    def count(self, session: Session, key: str) -> None:
        """Count one event for ``key``."""
        session.add(RateEventRow(bucket=self.bucket, key_hash=self._key(key), at=self.clock()))
        session.flush()


def client_address(request: Request, trusted_proxies: frozenset[str]) -> str:
    """Who is asking: the peer, or behind trusted proxies the last forwarded address that is not one of them."""
    peer = request.client.host if request.client else "?"
    if peer not in trusted_proxies:
        return peer
    forwarded = [a.strip() for h in request.headers.getlist("x-forwarded-for") for a in h.split(",") if a.strip()]
    for address in reversed(forwarded):
        if address not in trusted_proxies:
            return address
    return peer
