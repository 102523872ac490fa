"""Reviewer pages: the four queues, the claim page, and the actions on a case."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from models.enums import Queue
from storage.database import lifecycle
from storage.database.repository import (
    ClaimNotFound,
    append_audit,
    get_claim,
    open_intake_problems,
    resolve_intake_problem,
)
from storage.database.tables import FieldRow, UserRole
from webapp import cases
from webapp.accounts import User, reviewer_names
from webapp.case_view import case_view
from webapp.context import AppContext, get_ctx
from webapp.paths import RowId
from webapp.render import message_page, page
from webapp.security import CASE_ROLES, Forbidden, check_csrf, require

router = APIRouter()
reviewer = require(*CASE_ROLES)


@router.get("/review", response_class=HTMLResponse)
def queues(request: Request, queue: Queue = Queue.documents, done: str | None = None, user: User = Depends(reviewer),
           ctx: AppContext = Depends(get_ctx)) -> HTMLResponse:
    """One queue's claims by review deadline (overdue marked), with the size of every queue."""
    with ctx.session() as session:
        entries = cases.queue_entries(session, queue, ctx.config.limits.queues.page_size, ctx.policy.now().date(),
                                      ctx.policy)
        sizes = cases.queue_sizes(session)
        problems = [(p.id, p.folder, p.field, p.message, p.created_at, p.times_seen)
                    for p in open_intake_problems(session, queue.value)]
        append_audit(session, user.username, "view_queue", detail={"queue": queue.value})
    return page(request, "queue.html", user=user, queue=queue, entries=entries, sizes=sizes, problems=problems,
                zone=ctx.policy.zone, done=done)


@router.post("/review/intake-problems/{problem_id}/resolve", dependencies=[Depends(check_csrf)])
def resolve_problem(request: Request, problem_id: RowId,
                    resolution: str = Form(min_length=1, max_length=500), user: User = Depends(reviewer),
                    ctx: AppContext = Depends(get_ctx)) -> Response:
    """Mark a claim folder the batch could not take in as dealt with, saying how (kept, audited)."""
    try:
        with ctx.session() as session:
            queue = resolve_intake_problem(session, problem_id, user.username, resolution.strip()).queue
    except LookupError:
        return message_page(request, "没有这个问题", "这个入件问题不存在。", 404, user=user, back="/review")
    return RedirectResponse(f"/review?queue={queue}", status_code=303)


@router.get("/api/queues/{queue}")
def queue_api(queue: Queue, user: User = Depends(reviewer), ctx: AppContext = Depends(get_ctx)) -> JSONResponse:
    """The queue as JSON, earliest deadline first."""
    with ctx.session() as session:
        entries = cases.queue_entries(session, queue, ctx.config.limits.queues.page_size, ctx.policy.now().date(),
                                      ctx.policy)
        append_audit(session, user.username, "view_queue", detail={"queue": queue.value})
    return JSONResponse([{**asdict(e), "review_due": e.review_due.isoformat() if e.review_due else None,
                          "payable": f"{e.payable:.2f}" if e.payable is not None else None,
                          "reported_at": e.reported_at.isoformat(), "close_due": e.close_due.isoformat()}
                         for e in entries])


@router.post("/review/{queue}/next", dependencies=[Depends(check_csrf)])
def take_next(request: Request, queue: Queue, user: User = Depends(reviewer),
              ctx: AppContext = Depends(get_ctx)) -> Response:
    """Claim the most urgent free case of the queue and open it (JSON clients get its claim number)."""
    with ctx.session() as session:
        claim_id = cases.take_next(session, queue, user)
    if _wants_json(request):
        return JSONResponse({"claim_id": claim_id})
    if claim_id is None:
        return message_page(request, "队列已空", "这个队列里没有待领取的案件。", 200, user=user, back="/review")
    return RedirectResponse(f"/review/claims/{claim_id}", status_code=303)


@router.get("/review/claims/{claim_id}", response_class=HTMLResponse)
def case_page(request: Request, claim_id: str, done: str | None = None, user: User = Depends(reviewer),
              ctx: AppContext = Depends(get_ctx)) -> HTMLResponse:
    """The case: photos with boxes, fields, checklist, reasons, history; editable by whoever holds it. Looking
    never claims it (a GET from another site cannot take a case): the take button does."""
    with ctx.session() as session:
        try:
            claim = cases.view_case(session, claim_id, user)
        except ClaimNotFound:
            return message_page(request, "未找到", f"没有理赔 {claim_id}。", 404, user=user)
        except cases.CaseHeld as held:
            return _held_page(request, claim_id, held, user)
        view = case_view(session, claim, ctx)
        others = [name for name in reviewer_names(session) if name != user.username]
    is_open = claim.status == lifecycle.IN_REVIEW
    mine = claim.assigned_reviewer == user.username or user.role == UserRole.supervisor
    return page(request, "case.html", user=user, case=view, mine=mine and is_open,
                unclaimed=is_open and claim.assigned_reviewer is None, reviewers=others,
                threshold=ctx.policy.thresholds.field_confidence, done=done)


def _held_page(request: Request, claim_id: str, held: cases.CaseHeld, user: User) -> HTMLResponse:
    return message_page(request, "案件已被领取", f"理赔 {claim_id} 正由 {held.holder} 处理。", 409, user=user,
                        back="/review")


@router.post("/review/claims/{claim_id}/take", dependencies=[Depends(check_csrf)])
def take(request: Request, claim_id: str, user: User = Depends(reviewer),
         ctx: AppContext = Depends(get_ctx)) -> Response:
    """Claim the case for the reviewer, then show it."""
    try:
        return _act(request, claim_id, user, ctx, cases.take_case)
    except cases.CaseHeld as held:
        return _held_page(request, claim_id, held, user)


def _act(request: Request, claim_id: str, user: User, ctx: AppContext, action: Callable[..., object],
         *args: Any) -> Response:
    """Run a reviewer action on the claim and show the claim again (a page saying why, if it was refused)."""
    refused = _try(request, claim_id, user, ctx, action, *args)
    return refused or RedirectResponse(f"/review/claims/{claim_id}", status_code=303)


def _try(request: Request, claim_id: str, user: User, ctx: AppContext, action: Callable[..., object],
         *args: Any) -> Response | None:
    """Run the action; None when done, else the page (or JSON) saying why not."""
    try:
        with ctx.session() as session:
            get_claim(session, claim_id)
            action(session, claim_id, user, *args)
    except ClaimNotFound:
        raise Forbidden() from None
    except ValueError as e:
        if _wants_json(request):
            return JSONResponse({"error": str(e)}, status_code=422)
        return message_page(request, "未完成", str(e), 422, user=user, back=f"/review/claims/{claim_id}")
    return None


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _decide(request: Request, claim_id: str, user: User, ctx: AppContext, go_on: bool,
            action: Callable[..., object], *args: Any) -> Response:
    """A decision (approve, reject, request documents); with ``go_on`` (the case page's forms ask for it),
    straight on to the next case of the same queue, claimed for the reviewer, or back to the queue when it is
    empty, the page saying what was done; without, back to the claim."""
    if not go_on:
        return _act(request, claim_id, user, ctx, action, *args)
    try:
        with ctx.session() as session:
            queue = Queue(get_claim(session, claim_id).queue or Queue.documents.value)
    except ClaimNotFound:
        raise Forbidden() from None
    refused = _try(request, claim_id, user, ctx, action, *args)
    if refused is not None:
        return refused
    with ctx.session() as session:
        following = cases.take_next(session, queue, user)
    if following is None:
        return RedirectResponse(f"/review?queue={queue.value}&done={claim_id}", status_code=303)
    return RedirectResponse(f"/review/claims/{following}?done={claim_id}", status_code=303)


@router.post("/review/claims/{claim_id}/fields/{field_id}", dependencies=[Depends(check_csrf)])
def correct(request: Request, claim_id: str, field_id: RowId, value: str = Form(...), user: User = Depends(reviewer),
            ctx: AppContext = Depends(get_ctx)) -> Response:
    """Correct one extracted field (kept beside the machine value, as labelled data); a JSON client (the case
    page's script) gets the field back instead of the page, so nothing reloads."""
    refused = _try(request, claim_id, user, ctx, lambda s, c, u: cases.correct_field(s, c, field_id, u, value))
    if refused is not None:
        return refused
    if _wants_json(request):
        with ctx.session() as session:
            field = session.get(FieldRow, field_id)
            assert field is not None  # correct_field found it
            return JSONResponse({"field": field.name, "value": field.value, "corrected_value": field.corrected_value})
    return RedirectResponse(f"/review/claims/{claim_id}", status_code=303)


@router.post("/review/claims/{claim_id}/approve", dependencies=[Depends(check_csrf)])
def approve(request: Request, claim_id: str, go_on: bool = Form(False, alias="next"), user: User = Depends(reviewer),
            ctx: AppContext = Depends(get_ctx)) -> Response:
    """Approve the claim at the computed payable amount (refused, with the reason, while a required document or
    the amount is missing)."""
    return _decide(request, claim_id, user, ctx, go_on, lambda s, c, u: cases.approve(s, c, u, ctx.policy))


@router.post("/review/claims/{claim_id}/reject", dependencies=[Depends(check_csrf)])
def reject(request: Request, claim_id: str, reason: str = Form(""), go_on: bool = Form(False, alias="next"),
           user: User = Depends(reviewer), ctx: AppContext = Depends(get_ctx)) -> Response:
    """Reject with a reason."""
    return _decide(request, claim_id, user, ctx, go_on, cases.reject, reason)


@router.post("/review/claims/{claim_id}/request-documents", dependencies=[Depends(check_csrf)])
def request_documents(request: Request, claim_id: str, notice: str = Form(""),
                      go_on: bool = Form(False, alias="next"), user: User = Depends(reviewer),
                      ctx: AppContext = Depends(get_ctx)) -> Response:
    """Ask the family for documents with a notice they will see in the status lookup."""
    return _decide(request, claim_id, user, ctx, go_on, cases.request_documents, notice)


@router.post("/review/claims/{claim_id}/reassign", dependencies=[Depends(check_csrf)])
def reassign(request: Request, claim_id: str, to: str = Form(...), user: User = Depends(reviewer),
             ctx: AppContext = Depends(get_ctx)) -> Response:
    """Hand the case to another reviewer."""
    with ctx.session() as session:
        allowed = reviewer_names(session)
    return _act(request, claim_id, user, ctx, cases.reassign, to, allowed)
