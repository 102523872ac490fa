"""What every request handler shares: settings, the database, the object store, the policy, rate limiters."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker

from models.policy import Policy
from storage.database.session import in_transaction
from storage.object_store import ObjectStore
from webapp.config import WebConfig
from webapp.ratelimit import RateLimiter, client_address


@dataclass
class AppContext:
    """Created once by ``create_app``; handlers get it with ``Depends(get_ctx)``."""

    config: WebConfig
    sessions: sessionmaker[Session]
    store: ObjectStore
    policy: Policy
    lookup_limiter: RateLimiter
    login_limiter: RateLimiter

    def client(self, request: Request) -> str:
        """The client's address, through the configured trusted proxies (see webapp.ratelimit)."""
        return client_address(request, self.config.trusted_proxies)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A database session in one transaction, committed at the end of the block or rolled back."""
        with in_transaction(self.sessions()) as session:
            yield session


def get_ctx(request: Request) -> AppContext:
    """The app's context (a FastAPI dependency)."""
    return request.app.state.ctx
