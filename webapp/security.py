"""Who may do what: the signed-in user from the session cookie, role checks and CSRF tokens.

The session is Starlette's signed cookie (itsdangerous); it holds only a random session token and the CSRF
token. The token's SHA-256 is kept server-side (``web_sessions``): signing out, switching the account off or
changing its password revokes it, so a cookie saved before no longer works. Every state-changing form carries
``csrf_token`` (or the ``X-CSRF-Token`` header for scripts).
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile

from storage.database.tables import UserRole, WebSessionRow, utcnow
from webapp.accounts import User, load_user
from webapp.context import AppContext, get_ctx

CSRF_FIELD = "csrf_token"
SESSION_FIELD = "sid"
CSRF_HEADER = "X-CSRF-Token"

# Who needs what (issue 6): field staff file claims (and see ID numbers masked); reviewers and supervisors decide
# them and see whole ID numbers and medical details; supervisors also look at cases others hold and export
# payments; admins manage accounts and see no claims.
CASE_ROLES = (UserRole.reviewer, UserRole.supervisor)
INTAKE_ROLES = (UserRole.field_staff, UserRole.supervisor)


class LoginRequired(Exception):
    """No signed-in user: the pages answer with the sign-in page."""


class Forbidden(Exception):
    """Signed in, but the role or the claim is not theirs."""


class CsrfFailed(Exception):
    """A form post without the session's CSRF token."""


def csrf_token(request: Request) -> str:
    """The session's CSRF token, created on first use."""
    token = request.session.get(CSRF_FIELD)
    if not token:
        token = request.session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return token


async def check_csrf(request: Request) -> None:
    """Refuse the request unless it carries the session's CSRF token (form field or header)."""
    expected = request.session.get(CSRF_FIELD)
    sent: str | UploadFile | None = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(expected, sent):
        raise CsrfFailed()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(request: Request, user: User, ctx: AppContext) -> None:
    """Start a fresh session for ``user``: a new server-side session token and CSRF token, nothing carried over."""
    token = secrets.token_urlsafe(32)
    with ctx.session() as session:
        session.add(WebSessionRow(token_hash=_token_hash(token), user_id=user.id,
                                  expires_at=utcnow() + timedelta(seconds=ctx.config.limits.session.max_age_seconds)))
    request.session.clear()
    request.session[SESSION_FIELD] = token
    csrf_token(request)


def sign_out(request: Request, ctx: AppContext) -> None:
    """End the session, server-side too."""
    token = request.session.get(SESSION_FIELD)
    if isinstance(token, str):
        with ctx.session() as session:
            row = session.get(WebSessionRow, _token_hash(token))
            if row is not None and row.revoked_at is None:
                row.revoked_at = utcnow()
    request.session.clear()


def revoke_sessions(session: Session, user_id: int) -> int:
    """End every standing session of a user (account switched off, password changed); how many."""
    rows = session.scalars(select(WebSessionRow).where(WebSessionRow.user_id == user_id,
                                                       WebSessionRow.revoked_at.is_(None))).all()
    for row in rows:
        row.revoked_at = utcnow()
    return len(rows)


def optional_user(request: Request, ctx: AppContext = Depends(get_ctx)) -> User | None:
    """The signed-in user, or None (no session, or one that expired or was revoked)."""
    token = request.session.get(SESSION_FIELD)
    if not isinstance(token, str):
        return None
    with ctx.session() as session:
        row = session.get(WebSessionRow, _token_hash(token))
        if row is None or row.revoked_at is not None or row.expires_at <= utcnow():
            return None
        return load_user(session, row.user_id)


def require(*roles: UserRole) -> Callable[..., Coroutine[Any, Any, User]]:
    """A dependency giving the signed-in user when their role is one of ``roles``."""

    async def dependency(user: User | None = Depends(optional_user)) -> User:
        if user is None:
            raise LoginRequired()
        if user.role not in roles:
            raise Forbidden()
        return user

    return dependency


def may_see_claim(user: User, created_by: str | None) -> bool:
    """Reviewers and supervisors see every claim; field staff the claims they filed; admins none."""
    if user.role in CASE_ROLES:
        return True
    return user.role == UserRole.field_staff and created_by == user.username
