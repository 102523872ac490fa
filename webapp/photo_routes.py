"""Photos served to signed-in users allowed to see their claim; every view is in the audit log."""
from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from storage.database.repository import append_audit
from storage.database.tables import DocumentRow
from webapp.accounts import User
from webapp.context import AppContext, get_ctx
from webapp.paths import RowId
from webapp.security import CASE_ROLES, INTAKE_ROLES, Forbidden, may_see_claim, require

router = APIRouter()
_MEDIA = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "heic": "image/heic"}


@router.get("/photos/{document_id}")
def photo(document_id: RowId, user: User = Depends(require(*set(INTAKE_ROLES) | set(CASE_ROLES))),
          ctx: AppContext = Depends(get_ctx)) -> Response:
    """The photo's bytes, unchanged."""
    with ctx.session() as session:
        doc = session.get(DocumentRow, document_id)
        if doc is None or not may_see_claim(user, doc.claim.created_by):
            raise Forbidden()
        append_audit(session, user.username, "view_photo", claim_id=doc.claim_id, detail={"object": doc.object_key})
        key = doc.object_key
    data = ctx.store.get_bytes(key, ctx.config.limits.uploads.max_photo_bytes * 4)
    media = _MEDIA.get(key.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    return Response(data, media_type=media, headers={"Cache-Control": "private, max-age=3600"})
