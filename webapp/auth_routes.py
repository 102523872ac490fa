"""Signing in and out."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from storage.database.repository import append_audit
from storage.database.tables import UserRole
from webapp.accounts import User, authenticate
from webapp.context import AppContext, get_ctx
from webapp.render import page
from webapp.security import check_csrf, optional_user, sign_in, sign_out

router = APIRouter()

HOME_BY_ROLE = {
    UserRole.field_staff: "/claims",
    UserRole.reviewer: "/review",
    UserRole.supervisor: "/review",
    UserRole.admin: "/admin/users",
}


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths may be a redirect target after sign-in."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


@router.get("/", include_in_schema=False)
def home(user: User | None = Depends(optional_user)) -> Response:
    """Send the user to their role's start page, or to sign in."""
    return RedirectResponse(HOME_BY_ROLE[user.role] if user else "/login", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    """The sign-in page."""
    return page(request, "login.html", next=_safe_next(next), error=None)


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(request: Request, username: str = Form(...), password: str = Form(...), next: str | None = Form(None),
          ctx: AppContext = Depends(get_ctx)) -> Response:
    """Check the password (argon2); too many failures for one account from one address lock that account out
    from that address for a while (never anyone else, whatever the address)."""
    key = f"{username.strip().lower()}|{ctx.client(request)}"
    with ctx.session() as session:
        if ctx.login_limiter.blocked(session, key):
            return page(request, "login.html", 429, next=_safe_next(next), error="登录失败次数过多，请15分钟后再试")
        user = authenticate(session, username, password)
        append_audit(session, user.username if user else username[:64], "sign_in" if user else "sign_in_failed")
        if user is None:
            ctx.login_limiter.count(session, key)
    if user is None:
        return page(request, "login.html", 401, next=_safe_next(next), error="用户名或密码错误")
    sign_in(request, user, ctx)
    return RedirectResponse(_safe_next(next) or HOME_BY_ROLE[user.role], status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request, ctx: AppContext = Depends(get_ctx)) -> Response:
    """Sign out (the session ends server-side: a saved cookie no longer works)."""
    sign_out(request, ctx)
    return RedirectResponse("/login", status_code=303)
