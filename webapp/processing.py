"""The seam where a submitted claim starts processing.

``start_claim_processing`` is the one place an upload hands a claim over. Until the orchestration flow
``intake_claim(claim_id)`` (issue 5, ``pipeline/flows``) lands, it decides the claim here: the photos were
already read by the extraction stage at upload (cached), so this only validates, routes and records.
Swap the body for the flow's trigger when that exists.
"""
from __future__ import annotations

import logging

from pipeline import PIPELINE_VERSION
from pipeline.process.extraction import PhotoReader
from pipeline.process.flow import decide_claim, load_reference
from storage.database.repository import append_audit, get_claim
from storage.database.tables import ClaimStatus
from webapp.context import AppContext

log = logging.getLogger(__name__)
ACTOR = "claimflow-web"


def start_claim_processing(ctx: AppContext, claim_id: str) -> None:
    """Validate, route and record the claim (run after the response, as a background task)."""
    try:
        roster, hospitals = load_reference(ctx.store, ctx.config.roster, None)
        report = ctx.store.read_claim(claim_id)
        max_bytes = ctx.config.limits.uploads.max_photo_bytes
        with PhotoReader(ctx.store, ctx.config.db_url, PIPELINE_VERSION, max_bytes, workers=0) as reader:
            photos = reader.read(ctx.store.claim_photos(claim_id))
        with ctx.session() as session:
            decision = decide_claim(session, report, photos, roster, hospitals, ctx.policy)
            append_audit(session, ACTOR, "decide", claim_id=claim_id, detail={"route": decision.route.value})
    except Exception as e:  # noqa: BLE001 - the claim stays in 'processing' for the batch to pick up
        log.error("claim %s could not be processed at submission: %s", claim_id, type(e).__name__)
        with ctx.session() as session:
            append_audit(session, ACTOR, "decide_failed", claim_id=claim_id, detail={"error": type(e).__name__})


def mark_submitted(ctx: AppContext, claim_id: str, actor: str) -> None:
    """The field staff say the claim's photos are complete: it moves to 'processing'."""
    with ctx.session() as session:
        claim = get_claim(session, claim_id)
        if claim.status in (ClaimStatus.received.value, ClaimStatus.awaiting_documents.value):
            claim.status = ClaimStatus.processing.value
        append_audit(session, actor, "submit_claim", claim_id=claim_id)
