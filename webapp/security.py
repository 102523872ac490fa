"""Who may do what: the signed-in user from the session cookie, role checks and CSRF tokens.

The session is Starlette's signed cookie (itsdangerous); it holds only the user id and the CSRF token.
Every state-changing form carries ``csrf_token`` (or the ``X-CSRF-Token`` header for scripts).
"""
from __future__ import annotations

import secrets
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Depends, Request

from storage.database.tables import UserRole
from webapp.accounts import User, load_user
from webapp.context import AppContext, get_ctx

CSRF_FIELD = "csrf_token"
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
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        sent = (await request.form()).get(CSRF_FIELD)
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(expected, sent):
        raise CsrfFailed()


def sign_in(request: Request, user: User) -> None:
    """Start a fresh session for ``user`` (a new CSRF token; nothing carried over from before)."""
    request.session.clear()
    request.session["uid"] = user.id
    csrf_token(request)


def sign_out(request: Request) -> None:
    """End the session."""
    request.session.clear()


def optional_user(request: Request, ctx: AppContext = Depends(get_ctx)) -> User | None:
    """The signed-in user, or None."""
    uid = request.session.get("uid")
    if not isinstance(uid, int):
        return None
    with ctx.session() as session:
        return load_user(session, uid)


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
