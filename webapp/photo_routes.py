"""Photos served to signed-in users allowed to see their claim; every view is in the audit log."""
from __future__ import annotations

import cv2
from fastapi import APIRouter, Depends
from fastapi.responses import Response

from models.errors import UnreadablePhoto
from pipeline.extract.loading import load_photo
from pipeline.extract.settings import load_settings
from storage.database.repository import append_audit
from storage.database.tables import DocumentRow
from webapp.accounts import User
from webapp.context import AppContext, get_ctx
from webapp.paths import RowId
from webapp.security import CASE_ROLES, INTAKE_ROLES, Forbidden, may_see_claim, require

router = APIRouter()
_MEDIA = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "heic": "image/heic"}


THUMBNAIL_SIDE = 320  # pixels: what a photo card on a phone needs
CACHED = {"Cache-Control": "private, max-age=3600"}
viewer = require(*set(INTAKE_ROLES) | set(CASE_ROLES))


def _photo_bytes(ctx: AppContext, document_id: int, user: User) -> tuple[str, bytes]:
    """The photo's key and bytes, if ``user`` may see its claim (the view audited); Forbidden otherwise."""
    with ctx.session() as session:
        doc = session.get(DocumentRow, document_id)
        if doc is None or not may_see_claim(user, doc.claim.created_by):
            raise Forbidden()
        append_audit(session, user.username, "view_photo", claim_id=doc.claim_id, detail={"object": doc.object_key})
        key = doc.object_key
    return key, ctx.store.get_bytes(key, ctx.config.limits.uploads.max_photo_bytes * 4)


@router.get("/photos/{document_id}")
def photo(document_id: RowId, user: User = Depends(viewer), ctx: AppContext = Depends(get_ctx)) -> Response:
    """The photo's bytes, unchanged."""
    key, data = _photo_bytes(ctx, document_id, user)
    media = _MEDIA.get(key.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    return Response(data, media_type=media, headers=CACHED)


@router.get("/photos/{document_id}/thumbnail")
def thumbnail(document_id: RowId, user: User = Depends(viewer), ctx: AppContext = Depends(get_ctx)) -> Response:
    """A small JPEG of the photo, upright, for the field staff's photo cards (a cheap phone need not fetch the
    whole photo)."""
    _, data = _photo_bytes(ctx, document_id, user)
    try:
        image = load_photo(data, "thumbnail", load_settings().photos)
    except UnreadablePhoto:
        return Response(status_code=404)  # the card says the photo cannot be opened
    scale = THUMBNAIL_SIDE / max(image.shape[:2])
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    return Response(cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 75])[1].tobytes(),
                    media_type="image/jpeg", headers=CACHED)
