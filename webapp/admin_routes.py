"""Admin pages: the accounts (create, switch off). Admins see no claims."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from storage.database.repository import append_audit
from storage.database.tables import UserRole, UserRow
from webapp.accounts import AccountError, User, create_user
from webapp.context import AppContext, get_ctx
from webapp.paths import RowId
from webapp.render import page
from webapp.security import check_csrf, require, revoke_sessions

router = APIRouter()
admin = require(UserRole.admin)


def _users_page(request: Request, user: User, ctx: AppContext, error: str | None = None,
                status_code: int = 200) -> HTMLResponse:
    with ctx.session() as session:
        rows = list(session.scalars(select(UserRow).order_by(UserRow.username)))
    return page(request, "admin_users.html", status_code, user=user, rows=rows, roles=list(UserRole), error=error)


@router.get("/admin/users", response_class=HTMLResponse)
def users(request: Request, user: User = Depends(admin), ctx: AppContext = Depends(get_ctx)) -> HTMLResponse:
    """Every account with its role and whether it may sign in."""
    return _users_page(request, user, ctx)


@router.post("/admin/users", dependencies=[Depends(check_csrf)])
def add_user(request: Request, username: str = Form(...), password: str = Form(...), role: str = Form(...),
             user: User = Depends(admin), ctx: AppContext = Depends(get_ctx)) -> Response:
    """Create an account (argon2 hash)."""
    try:
        with ctx.session() as session:
            create_user(session, username, password, role)
            append_audit(session, user.username, "create_user", detail={"username": username, "role": role})
    except AccountError as e:
        return _users_page(request, user, ctx, error=f"未创建：{e}", status_code=422)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/active", dependencies=[Depends(check_csrf)])
def set_active(user_id: RowId, active: bool = Form(...), user: User = Depends(admin),
               ctx: AppContext = Depends(get_ctx)) -> Response:
    """Switch an account off (it can no longer sign in; its sessions end) or on again."""
    with ctx.session() as session:
        row = session.get(UserRow, user_id)
        if row is not None and row.id != user.id:
            row.active = active
            if not active:
                revoke_sessions(session, row.id)
            append_audit(session, user.username, "set_user_active", detail={"username": row.username, "active": active})
    return RedirectResponse("/admin/users", status_code=303)
