"""补录纸质报案: a claim taken on paper while the system was down, entered afterwards with its original report
time and the paper form's number; then its photos are taken like any other claim's."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from webapp.accounts import User
from webapp.context import AppContext, get_ctx
from webapp.intake import file_claim
from webapp.intake_routes import field_staff
from webapp.paper_claims import PAPER_FIELDS, entered_before, original_report_time
from webapp.render import page
from webapp.report_form import FORM_FIELDS, ReportForm, build_report
from webapp.security import check_csrf

router = APIRouter()
MANUAL_ENTRY = "manual_entry"  # the contract's channel for a claim entered by hand


def _form(request: Request, user: User, form: ReportForm, status_code: int = 200,
          existing: str | None = None) -> HTMLResponse:
    return page(request, "claim_new.html", status_code, user=user, form=form, fields=FORM_FIELDS, paper=PAPER_FIELDS,
                existing=existing)


@router.get("/claims/paper", response_class=HTMLResponse)
def paper_claim_form(request: Request, user: User = Depends(field_staff)) -> HTMLResponse:
    """The report form with the paper form's number and original report date."""
    return _form(request, user, ReportForm({"channel": MANUAL_ENTRY}, {}))


@router.post("/claims/paper", dependencies=[Depends(check_csrf)])
async def paper_claim(request: Request, user: User = Depends(field_staff),
                      ctx: AppContext = Depends(get_ctx)) -> Response:
    """Enter the paper claim: refused, naming the claim, when it was entered before."""
    posted = await request.form()
    values = {name: str(posted.get(name, "")) for name in (*FORM_FIELDS, *PAPER_FIELDS)}
    values["channel"] = MANUAL_ENTRY
    reported_at, problems = original_report_time(values, ctx.policy, ctx.config.limits.paper_claims.default_report_time)
    number = values["paper_form_number"].strip()
    if reported_at is None:
        return _form(request, user, ReportForm(values, problems), 422)
    limits = ctx.config.limits.form_max_lengths
    with ctx.session() as session:
        checked = build_report(values, "CN00000000-0000", reported_at, limits)  # the claim number comes later
        if isinstance(checked, ReportForm):
            return _form(request, user, checked, 422)
        existing = entered_before(session, checked, number)
        if existing is not None:
            return _form(request, user, ReportForm(values, {}), 409, existing=existing)
        # the report is already checked: only its claim number changes
        filed = file_claim(ctx, session, lambda claim_id: checked.model_copy(update={"claim_id": claim_id}), user,
                           paper_form_number=number, numbered_on=reported_at)
    return RedirectResponse(f"/claims/{filed.claim_id}", status_code=303)
