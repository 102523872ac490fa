"""Field-staff pages (phone-sized): file a claim, add photos with instant feedback, submit when complete."""
from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from sqlalchemy import select

from pipeline.process.extraction import glance_at
from storage.database import lifecycle
from storage.database.repository import ClaimNotFound, append_audit, get_claim
from storage.database.tables import ClaimRow, ClaimStatus, UserRole
from webapp.accounts import User
from webapp.context import AppContext, get_ctx
from webapp.intake import (
    PhotoFeedback,
    UploadRefused,
    add_photo,
    claim_checklist,
    file_claim,
    photo_feedback,
    read_photo,
    remove_photo,
    store_photo,
)
from webapp.labels import checklist_line, label
from webapp.lookup import latest_notice
from webapp.paths import RowId
from webapp.processing import mark_submitted, start_claim_processing
from webapp.render import message_page, page
from webapp.report_form import FORM_FIELDS, ReportForm, build_report
from webapp.security import INTAKE_ROLES, Forbidden, check_csrf, may_see_claim, require

NDJSON = "application/x-ndjson"  # one JSON answer per line, each sent when it is known
router = APIRouter()
field_staff = require(*INTAKE_ROLES)
# A claim is handed over once, and again only when a reviewer asked for more documents; photos that arrive for a
# claim under review are taken up by the nightly batch, which decides it again and keeps its history.


def own_claim(ctx: AppContext, claim_id: str, user: User) -> ClaimRow:
    """The claim if this user may work on it; Forbidden otherwise (also for claim numbers that do not exist)."""
    with ctx.session() as session:
        try:
            claim = get_claim(session, claim_id)
        except ClaimNotFound:
            raise Forbidden() from None  # do not tell strangers which claim numbers exist
    if not may_see_claim(user, claim.created_by):
        raise Forbidden()
    return claim


def open_for_photos(ctx: AppContext, claim_id: str, user: User) -> ClaimRow:
    """The claim if photos may still be added: not once it is approved, rejected or paid."""
    claim = own_claim(ctx, claim_id, user)
    if claim.status in lifecycle.CLOSED:
        raise UploadRefused("此理赔已结案，不能再上传照片", 409)
    return claim


@router.get("/claims", response_class=HTMLResponse)
def my_claims(request: Request, user: User = Depends(field_staff), ctx: AppContext = Depends(get_ctx)) -> HTMLResponse:
    """The claims this person filed, newest first."""
    with ctx.session() as session:
        query = select(ClaimRow).order_by(ClaimRow.created_at.desc()).limit(100)
        if user.role == UserRole.field_staff:
            query = query.where(ClaimRow.created_by == user.username)
        claims = list(session.scalars(query))
    return page(request, "claims_list.html", user=user, claims=claims)


@router.get("/claims/new", response_class=HTMLResponse)
def new_claim_form(request: Request, user: User = Depends(field_staff)) -> HTMLResponse:
    """The empty report form."""
    return page(request, "claim_new.html", user=user, form=ReportForm({"channel": "service_point"}, {}),
                fields=FORM_FIELDS)


@router.post("/claims/new", dependencies=[Depends(check_csrf)])
async def new_claim(request: Request, user: User = Depends(field_staff),
                    ctx: AppContext = Depends(get_ctx)) -> Response:
    """File the report; the form comes back with Chinese messages beside wrong fields."""
    values = {name: str((await request.form()).get(name, "")) for name in FORM_FIELDS}
    reported_at = ctx.policy.now()
    with ctx.session() as session:
        result = file_claim(ctx, session, lambda claim_id: build_report(values, claim_id, reported_at,
                                                                        ctx.config.limits.form_max_lengths), user)
    if isinstance(result, ReportForm):
        return page(request, "claim_new.html", 422, user=user, form=result, fields=FORM_FIELDS)
    return RedirectResponse(f"/claims/{result.claim_id}", status_code=303)


def _missing(ctx: AppContext, claim_id: str) -> list[str]:
    """The claim's missing documents in words, for an API answer (the checklist alone, not every photo's
    feedback)."""
    with ctx.session() as session:
        return [checklist_line(line) for line in claim_checklist(session, claim_id, ctx).missing]


def _intake_state(ctx: AppContext, claim_id: str) -> dict[str, Any]:
    with ctx.session() as session:
        checklist = claim_checklist(session, claim_id, ctx)
        photos = photo_feedback(session, claim_id)
    return {"checklist": checklist, "photos": photos}


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_intake(request: Request, claim_id: str, user: User = Depends(field_staff),
                 ctx: AppContext = Depends(get_ctx)) -> HTMLResponse:
    """The claim's photos with their feedback, the checklist and the upload form."""
    claim = own_claim(ctx, claim_id, user)
    with ctx.session() as session:
        append_audit(session, user.username, "view_claim", claim_id=claim_id)
        notice = latest_notice(session, claim_id) if claim.status == ClaimStatus.awaiting_documents.value else None
    return page(request, "claim_intake.html", user=user, claim=claim, retry=ctx.config.limits.uploads_retry,
                notice=notice, taking_photos=claim.status in lifecycle.SUBMITTABLE, **_intake_state(ctx, claim_id))


@router.post("/claims/{claim_id}/photos", dependencies=[Depends(check_csrf)])
async def upload_photos_form(request: Request, claim_id: str, photos: list[UploadFile] = File(...),
                             user: User = Depends(field_staff), ctx: AppContext = Depends(get_ctx)) -> Response:
    """Plain-form upload of several photos (works without JavaScript); back to the claim page."""
    limits = ctx.config.limits.uploads
    if len(photos) > limits.max_photos_per_request:
        return message_page(request, "照片太多", f"一次最多上传 {limits.max_photos_per_request} 张照片。", 413,
                            user=user)
    back = f"/claims/{claim_id}"
    try:
        open_for_photos(ctx, claim_id, user)
    except UploadRefused as e:
        return message_page(request, "不能上传", str(e), e.status_code, user=user, back=back)
    refused: list[UploadRefused] = []
    for upload in photos:
        try:
            await run_in_threadpool(add_photo, ctx, claim_id, await upload.read(limits.max_photo_bytes + 1), user)
        except UploadRefused as e:
            refused.append(e)
    if refused:
        return message_page(request, "有照片未上传", "；".join(map(str, refused)), refused[0].status_code, user=user,
                            back=back)
    return RedirectResponse(back, status_code=303)


def _line(answer: dict[str, Any]) -> bytes:
    return (json.dumps(answer, ensure_ascii=False) + "\n").encode()


def _in_words(doc_type: str, issues: Sequence[str]) -> dict[str, Any]:
    """A photo's doc type and quality issues as field staff read them."""
    return {"doc_type_label": label("doc_types", doc_type),
            "messages": [label("quality_issues", issue) for issue in issues]}


def _final(ctx: AppContext, claim_id: str, feedback: PhotoFeedback) -> bytes:
    return _line({"stage": "final", **asdict(feedback), **_in_words(feedback.doc_type, feedback.issues),
                  "missing": _missing(ctx, claim_id)})


@router.post("/api/claims/{claim_id}/photos", dependencies=[Depends(check_csrf)])
async def upload_photo_api(claim_id: str, photo: UploadFile = File(...), user: User = Depends(field_staff),
                           ctx: AppContext = Depends(get_ctx)) -> Response:
    """One photo in, its feedback out as JSON lines, each sent the moment it is known: first a glance (the
    quality visible before reading and a provisional doc type), then the final answer (doc type, usable, issues
    in Chinese, with the claim's missing documents). A photo the claim already has gets the final answer only.
    A refused upload is one JSON error with its status."""
    try:
        open_for_photos(ctx, claim_id, user)
        data = await photo.read(ctx.config.limits.uploads.max_photo_bytes + 1)
        stored = await run_in_threadpool(store_photo, ctx, claim_id, data, user)  # decodes it: off the loop
    except UploadRefused as e:
        return JSONResponse({"error": str(e)}, status_code=e.status_code)

    async def answers() -> AsyncIterator[bytes]:
        if isinstance(stored, PhotoFeedback):
            yield _final(ctx, claim_id, stored)
            return
        first = await run_in_threadpool(glance_at, stored, data)  # OCR must not block the server
        kind, issues = first.classification.doc_type, first.quality.issues
        yield _line({"stage": "glance", "usable": first.quality.usable, "issues": issues, "doc_type": kind,
                     **_in_words(kind, issues)})
        yield _final(ctx, claim_id, await run_in_threadpool(read_photo, ctx, claim_id, stored, user))

    return StreamingResponse(answers(), media_type=NDJSON)


def _take_out(ctx: AppContext, claim_id: str, document_id: int, user: User) -> str | None:
    """Take the photo out of the claim; why not (in Chinese), or None when done."""
    claim = own_claim(ctx, claim_id, user)
    if claim.status not in lifecycle.SUBMITTABLE:
        return "理赔已提交，不能再移除照片"
    try:
        remove_photo(ctx, claim_id, document_id, user)
    except LookupError:
        return "没有这张照片"
    return None


@router.post("/api/claims/{claim_id}/photos/{document_id}/remove", dependencies=[Depends(check_csrf)])
def remove_photo_api(claim_id: str, document_id: RowId, user: User = Depends(field_staff),
                     ctx: AppContext = Depends(get_ctx)) -> JSONResponse:
    """Take a wrong or bad photo out of the claim (kept in intake/, marked); the claim's missing documents."""
    refused = _take_out(ctx, claim_id, document_id, user)
    if refused is not None:
        return JSONResponse({"error": refused}, status_code=409)
    return JSONResponse({"removed": document_id, "missing": _missing(ctx, claim_id)})


@router.post("/claims/{claim_id}/photos/{document_id}/remove", dependencies=[Depends(check_csrf)])
def remove_photo_form(request: Request, claim_id: str, document_id: RowId, user: User = Depends(field_staff),
                      ctx: AppContext = Depends(get_ctx)) -> Response:
    """The same without JavaScript: back to the claim page."""
    refused = _take_out(ctx, claim_id, document_id, user)
    if refused is not None:
        return message_page(request, "不能移除", refused, 409, user=user, back=f"/claims/{claim_id}")
    return RedirectResponse(f"/claims/{claim_id}", status_code=303)


@router.post("/claims/{claim_id}/submit", dependencies=[Depends(check_csrf)])
def submit_claim(request: Request, claim_id: str, background: BackgroundTasks, incomplete: str = Form(""),
                 user: User = Depends(field_staff), ctx: AppContext = Depends(get_ctx)) -> Response:
    """The photos are all there (or as many as the family has): hand the claim over for processing. A claim
    still missing documents is handed over only once the field staff confirm it (``incomplete=confirmed``); a
    claim already handed over (being processed, decided, under review or closed) is not handed over again."""
    claim = own_claim(ctx, claim_id, user)
    if claim.status not in lifecycle.SUBMITTABLE:
        return message_page(request, "已提交过",
                            f"理赔 {claim_id} 已经提交，不能重复提交；补充的照片会在审核时一并处理。",
                            409, user=user, back=f"/claims/{claim_id}")
    with ctx.session() as session:
        checklist = claim_checklist(session, claim_id, ctx)
    if not checklist.complete and incomplete != "confirmed":
        return page(request, "submit_confirm.html", user=user, claim=claim,
                    missing=[checklist_line(line) for line in checklist.missing])
    mark_submitted(ctx, claim_id, user.username)
    background.add_task(start_claim_processing, ctx, claim_id)
    return message_page(request, "已提交", f"理赔 {claim_id} 已提交审核。", 200, user=user, back="/claims")
