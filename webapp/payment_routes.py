"""Supervisor pages for payment batches: make the next batch, download a batch as CSV or XLSX."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from storage.database.repository import append_audit
from storage.database.tables import UserRole
from webapp import payments
from webapp.accounts import User
from webapp.context import AppContext, get_ctx
from webapp.render import page
from webapp.security import check_csrf, require

router = APIRouter()
supervisor = require(UserRole.supervisor)
_FORMATS = {
    "csv": ("text/csv; charset=utf-8", payments.to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", payments.to_xlsx),
}


@router.get("/payments", response_class=HTMLResponse)
def payment_batches(request: Request, user: User = Depends(supervisor),
                    ctx: AppContext = Depends(get_ctx)) -> HTMLResponse:
    """The batches so far, how many claims wait for the next one, and the claims no batch can take (and why)."""
    with ctx.session() as session:
        pending, stuck = payments.waiting(session)
        return page(request, "payments.html", user=user, batches=payments.batches(session), pending=pending,
                    stuck=stuck)


@router.post("/payments/batches", dependencies=[Depends(check_csrf)])
def new_batch(user: User = Depends(supervisor), ctx: AppContext = Depends(get_ctx)) -> Response:
    """Make the next batch from every payable claim not yet in one."""
    with ctx.session() as session:
        batch = payments.create_batch(session, ctx.policy.now())
        if batch is not None:
            append_audit(session, user.username, "payment_batch",
                         detail={"batch_id": batch.batch_id, "claims": batch.claims, "total": str(batch.total)})
    return RedirectResponse("/payments", status_code=303)


@router.get("/payments/batches/{batch_id}.{fmt}")
def download(batch_id: str, fmt: str, user: User = Depends(supervisor), ctx: AppContext = Depends(get_ctx)) -> Response:
    """The batch as CSV or XLSX."""
    if fmt not in _FORMATS:
        return Response("csv or xlsx", status_code=404)
    media, render = _FORMATS[fmt]
    with ctx.session() as session:
        lines = payments.batch_lines(session, batch_id)
        append_audit(session, user.username, "payment_export", detail={"batch_id": batch_id, "format": fmt})
    if not lines:
        return Response("no such batch", status_code=404)
    return Response(render(lines), media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{batch_id}.{fmt}"'})
