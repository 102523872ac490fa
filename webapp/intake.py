"""Filing a claim and adding its photos: the report goes to the claim database at once and to
``intake/<claim_id>/claim.json`` when the claim is submitted (the pipeline only sees claims that have one, so
it never decides a claim still being photographed); each photo is stored once, never changed, and read by the
extraction stage at once for feedback."""
from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.claim import ClaimReport
from models.decision import ChecklistResult
from models.document import Document, Quality
from models.enums import DocType, QualityIssue
from models.errors import IntakeProtected, UnreadablePhoto
from pipeline import PIPELINE_VERSION
from pipeline.extract.loading import load_photo, sniff_format
from pipeline.extract.settings import load_settings
from pipeline.process.extraction import PhotoReader
from pipeline.validate.checklist import evaluate_checklist
from storage.database.repository import (
    append_audit,
    get_claim,
    record_document,
    set_superseded,
    upsert_claim,
)
from storage.database.tables import ClaimRow, DocumentRow
from storage.object_store import INTAKE, claim_file_key
from webapp.accounts import User
from webapp.context import AppContext
from webapp.report_form import ReportForm

MAX_ID_ATTEMPTS = 20
# Leading bytes of the photo formats the extraction stage reads, by the names used in webapp.yaml.
_KINDS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "HEIF": "heic"}  # sniff_format's names → upload kinds
_EXTENSIONS = {"jpeg": "jpg", "png": "png", "webp": "webp", "heic": "heic"}
_extraction_lock = threading.Lock()


class UploadRefused(ValueError):
    """A file that is not taken: too big (HTTP 413), or not a photo (415); the message is for the person uploading."""

    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


@dataclass(frozen=True)
class PhotoFeedback:
    """What the field staff see for one photo."""

    id: int
    object_key: str
    doc_type: str
    usable: bool
    issues: list[str]
    duplicate: bool = False
    superseded: bool = False  # taken out of the claim (still kept in intake/)


Filed = TypeVar("Filed", bound=ClaimReport | ReportForm)


def file_claim(ctx: AppContext, session: Session, report_for: Callable[[str], Filed], user: User,
               paper_form_number: str | None = None, numbered_on: datetime | None = None) -> Filed:
    """Give the report a new claim number (CN<date>-NNNN, the date ``numbered_on``, default today) not taken in
    the database or the intake area and store its row (with the paper form's number, for a paper claim entered
    afterwards); the form with its errors comes back when ``report_for(claim_id)`` finds problems."""
    for attempt in range(MAX_ID_ATTEMPTS):
        claim_id = _next_claim_id(session, attempt, numbered_on or ctx.policy.now())
        report = report_for(claim_id)
        if not isinstance(report, ClaimReport):
            return report
        if session.get(ClaimRow, claim_id) is not None or ctx.store.exists(claim_file_key(claim_id)):
            continue
        try:
            with session.begin_nested():
                row = upsert_claim(session, report)
                row.created_by, row.paper_form_number = user.username, paper_form_number
        except IntegrityError:
            continue
        append_audit(session, user.username, "file_claim", claim_id=claim_id,
                     detail={"claim_type": report.claim_type.value, "paper_form_number": paper_form_number})
        return report
    raise RuntimeError("could not find a free claim number")


def publish_report(ctx: AppContext, row: ClaimRow) -> None:
    """Put the claim's report at its claim.json so the pipeline takes the claim up; a claim submitted again
    (more documents after a decision) keeps the one it has. A different report already there is an error."""
    data = ClaimReport.model_validate(row.report).model_dump_json(indent=2).encode()
    try:
        ctx.store.put_intake(claim_file_key(row.claim_id), data, "application/json")
    except IntakeProtected:
        if ctx.store.get_bytes(claim_file_key(row.claim_id), len(data) + 1) != data:
            raise


def _next_claim_id(session: Session, skip: int, now: datetime) -> str:
    prefix = f"CN{now:%Y%m%d}-"
    count = session.scalar(select(func.count()).where(ClaimRow.claim_id.like(prefix + "%"))) or 0
    return f"{prefix}{count + 1 + skip:04d}"


def sniff_type(data: bytes, allowed: tuple[str, ...]) -> str | None:
    """The photo format named in ``allowed`` whose signature ``data`` starts with, else None."""
    kind = _KINDS.get(sniff_format(data) or "")
    return kind if kind in allowed else None


def check_upload(data: bytes, ctx: AppContext) -> str:
    """The photo's format, or UploadRefused with a message saying what is wrong."""
    limits = ctx.config.limits.uploads
    if len(data) > limits.max_photo_bytes:
        raise UploadRefused(f"文件太大（{len(data) / 1048576:.1f} MB），每张照片不能超过 "
                            f"{limits.max_photo_bytes // 1048576} MB", 413)
    if not data:
        raise UploadRefused("文件是空的，请重新拍照", 415)
    kind = sniff_type(data, limits.allowed_types)
    if kind is None:
        raise UploadRefused("不是照片文件，只能上传 JPG、PNG、WEBP 或 HEIC 照片", 415)
    try:  # decoded whole before it is stored: a photo header in front of anything else is no photo
        load_photo(data, "upload", load_settings().photos)
    except UnreadablePhoto:
        raise UploadRefused("照片打不开（文件损坏、过大或不是照片），请重新拍照", 415) from None
    return kind


def add_photo(ctx: AppContext, claim_id: str, data: bytes, user: User) -> PhotoFeedback:
    """Store the photo under the claim (a photo already there is not stored twice), run the extraction stage
    on it and record what it found; returns the feedback for this photo."""
    stored = store_photo(ctx, claim_id, data, user)
    return stored if isinstance(stored, PhotoFeedback) else read_photo(ctx, claim_id, stored, user)


def store_photo(ctx: AppContext, claim_id: str, data: bytes, user: User) -> str | PhotoFeedback:
    """Check the upload and store it as the claim's next photo: its key; or, for a photo the claim has already,
    that photo's feedback (marked a duplicate, or put back into the claim when it had been taken out)."""
    kind = check_upload(data, ctx)
    sha = hashlib.sha256(data).hexdigest()
    with ctx.session() as session:
        existing = session.scalars(select(DocumentRow).where(DocumentRow.claim_id == claim_id,
                                                             DocumentRow.sha256 == sha)).first()
        if existing is not None:
            if existing.superseded_at is not None:  # taken out earlier and sent again: it is back in the claim
                set_superseded(session, claim_id, existing.id, None)
                append_audit(session, user.username, "restore_photo", claim_id=claim_id,
                             detail={"object": existing.object_key})
                return _feedback(existing)
            return _feedback(existing, duplicate=True)
        count = len(get_claim(session, claim_id).documents)
    return _store_new(ctx, claim_id, count, data, kind)


def read_photo(ctx: AppContext, claim_id: str, key: str, user: User) -> PhotoFeedback:
    """Run the extraction stage on a stored photo and record what it found: the photo's feedback."""
    max_bytes = ctx.config.limits.uploads.max_photo_bytes
    with _extraction_lock, PhotoReader(ctx.store, ctx.config.db_url, PIPELINE_VERSION, max_bytes, workers=0) as reader:
        photo = reader.read([ctx.store.stat(key)])[0]
    with ctx.session() as session:
        row = record_document(session, claim_id, photo.document, sha256=photo.sha256,
                              pipeline_version=PIPELINE_VERSION, phash=photo.phash)
        append_audit(session, user.username, "upload_photo", claim_id=claim_id,
                     detail={"object": key, "doc_type": row.doc_type, "usable": row.quality_usable})
        return _feedback(row)


def _store_new(ctx: AppContext, claim_id: str, count: int, data: bytes, kind: str) -> str:
    """Put the photo at the next free intake/<claim_id>/photo-NNN.<ext>; never overwrites."""
    for n in range(count + 1, count + 1000):
        key = f"{INTAKE}{claim_id}/photo-{n:03d}.{_EXTENSIONS[kind]}"
        try:
            ctx.store.put_intake(key, data, f"image/{kind}")
            return key
        except IntakeProtected:
            continue
    raise RuntimeError(f"no free photo name under {claim_id}")


def _feedback(row: DocumentRow, duplicate: bool = False) -> PhotoFeedback:
    return PhotoFeedback(row.id, row.object_key, row.doc_type, row.quality_usable, list(row.quality_issues), duplicate,
                         row.superseded_at is not None)


def remove_photo(ctx: AppContext, claim_id: str, document_id: int, user: User) -> None:
    """Take a photo out of the claim (a wrong or bad one, before a retake): marked, audited, never deleted from
    intake/; LookupError when the claim has no such photo."""
    with ctx.session() as session:
        row = set_superseded(session, claim_id, document_id, user.username)
        append_audit(session, user.username, "remove_photo", claim_id=claim_id, detail={"object": row.object_key})


def claim_checklist(session: Session, claim_id: str, ctx: AppContext) -> ChecklistResult:
    """The claim's checklist over the photos recorded so far (not those taken out)."""
    claim = get_claim(session, claim_id)
    report = ClaimReport.model_validate(claim.report)
    documents = [Document(object=d.object_key, doc_type=DocType(d.doc_type), confidence=d.confidence,
                          quality=Quality(usable=d.quality_usable, issues=[QualityIssue(i) for i in d.quality_issues]))
                 for d in claim.documents if d.superseded_at is None]
    return evaluate_checklist(report, documents, ctx.policy)


def photo_feedback(session: Session, claim_id: str) -> list[PhotoFeedback]:
    """Feedback for every photo of the claim, in upload order."""
    return [_feedback(d) for d in get_claim(session, claim_id).documents]
