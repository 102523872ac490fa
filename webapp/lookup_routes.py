"""The public status page for families (no sign-in; rate-limited per client address)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse

from storage.database.repository import append_audit
from webapp.context import AppContext, get_ctx
from webapp.lookup import ClaimStatusView, lookup_status
from webapp.render import page
from webapp.security import check_csrf

router = APIRouter()
ACTOR = "family"


def _status_page(request: Request, ctx: AppContext, status_code: int = 200, *, result: ClaimStatusView | None = None,
                 error: str | None = None, typed: dict[str, str] | None = None) -> HTMLResponse:
    return page(request, "status.html", status_code, result=result, error=error, typed=typed,
                contact=ctx.config.limits.family_contact)


@router.get("/status", response_class=HTMLResponse)
def status_form(request: Request, ctx: AppContext = Depends(get_ctx)) -> HTMLResponse:
    """The lookup form."""
    return _status_page(request, ctx)


@router.post("/status", response_class=HTMLResponse, dependencies=[Depends(check_csrf)])
def status_lookup(request: Request, claim_id: str = Form(...), id_number: str = Form(...),
                  ctx: AppContext = Depends(get_ctx)) -> HTMLResponse:
    """Status, next step and expected date; the same message for a wrong number or a wrong ID. Only failed
    lookups count towards the address's limit."""
    client = ctx.client(request)
    typed = {"claim_id": claim_id, "id_number": id_number}  # the form keeps what was typed
    with ctx.session() as session:
        if ctx.lookup_limiter.blocked(session, client):
            return _status_page(request, ctx, 429, error="查询失败次数太多，请一分钟后再试", typed=typed)
        result = lookup_status(session, claim_id, id_number)
        if result is None:
            ctx.lookup_limiter.count(session, client)
        append_audit(session, ACTOR, "status_lookup", claim_id=result.claim_id if result else None,
                     detail={"found": result is not None})
    if result is None:
        return _status_page(request, ctx, 404, error="未找到：请核对理赔编号和被保险人身份证号", typed=typed)
    return _status_page(request, ctx, result=result, typed=typed)
