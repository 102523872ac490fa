"""A small in-process sliding-window rate limiter (one app process; several processes would need a shared store)."""
from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable


class RateLimiter:
    """At most ``limit`` events per key within ``window`` seconds."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._events: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        events = self._events[key]
        while events and events[0] <= now - self.window:
            events.popleft()
        return events

    def allow(self, key: str) -> bool:
        """Count one event for ``key``; False (and not counted) when the key is at its limit."""
        now = self.clock()
        with self._lock:
            events = self._recent(key, now)
            if len(events) >= self.limit:
                return False
            events.append(now)
            return True

    def blocked(self, key: str) -> bool:
        """True while ``key`` is at its limit (counts nothing)."""
        with self._lock:
            return len(self._recent(key, self.clock())) >= self.limit
