"""Admin pages: the accounts (create, change role, reset password, switch off after a confirmation). Admins see
no claims."""
from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.database.repository import append_audit
from storage.database.tables import UserRole, UserRow
from webapp.accounts import AccountError, User, create_user, reset_password, set_role
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
    return page(request, "admin_users.html", status_code, user=user, rows=rows, roles=list(UserRole), error=error,
                min_length=ctx.config.limits.passwords.min_length)


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


def _other_account(session: Session, user_id: int, user: User) -> UserRow | None:
    """The account ``user_id``, unless it is the admin's own (an admin never changes their own role or status)."""
    row = session.get(UserRow, user_id)
    return row if row is not None and row.id != user.id else None


@router.post("/admin/users/{user_id}/active", dependencies=[Depends(check_csrf)])
def set_active(request: Request, user_id: RowId, active: bool = Form(...), confirmed: bool = Form(False),
               user: User = Depends(admin), ctx: AppContext = Depends(get_ctx)) -> Response:
    """Switch an account off (it can no longer sign in; its sessions end) once the admin has confirmed, or on
    again."""
    with ctx.session() as session:
        row = _other_account(session, user_id, user)
        if row is not None and not active and not confirmed:
            return page(request, "admin_confirm.html", user=user, row=row)
        if row is not None:
            row.active = active
            if not active:
                revoke_sessions(session, row.id)
            append_audit(session, user.username, "set_user_active", detail={"username": row.username, "active": active})
    return RedirectResponse("/admin/users", status_code=303)


def _change_account(request: Request, user_id: int, user: User, ctx: AppContext,
                    change: Callable[[UserRow], tuple[str, dict[str, str]]], refused: str) -> Response:
    """Apply ``change`` to another account (it returns the audit action and its detail beside the user name), end
    that account's sessions and audit it; the accounts page with ``refused`` and the reason when the change is not
    allowed."""
    try:
        with ctx.session() as session:
            row = _other_account(session, user_id, user)
            if row is not None:
                action, detail = change(row)
                revoke_sessions(session, row.id)
                append_audit(session, user.username, action, detail={"username": row.username, **detail})
    except AccountError as e:
        return _users_page(request, user, ctx, error=f"{refused}：{e}", status_code=422)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/role", dependencies=[Depends(check_csrf)])
def change_role(request: Request, user_id: RowId, role: str = Form(...), user: User = Depends(admin),
                ctx: AppContext = Depends(get_ctx)) -> Response:
    """Give another account a new role; its sessions end, so the next sign-in carries the new role."""
    def to_role(row: UserRow) -> tuple[str, dict[str, str]]:
        before = row.role
        set_role(row, role)
        return "set_user_role", {"from": before, "to": role}

    return _change_account(request, user_id, user, ctx, to_role, "未修改")


@router.post("/admin/users/{user_id}/password", dependencies=[Depends(check_csrf)])
def new_password(request: Request, user_id: RowId, password: str = Form(...), user: User = Depends(admin),
                 ctx: AppContext = Depends(get_ctx)) -> Response:
    """Reset another account's password (the same rules as a new account's); its sessions end."""
    def to_password(row: UserRow) -> tuple[str, dict[str, str]]:
        reset_password(row, password)
        return "reset_password", {}

    return _change_account(request, user_id, user, ctx, to_password, "密码未重置")
