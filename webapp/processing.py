"""The seam where a submitted claim starts processing.

``start_claim_processing`` is the one place the web app hands a claim over. It runs the intake path of
``pipeline.process.flow`` in this process (read — the photos are cached from the upload's extraction —,
decide, publish). Where ``claimflow serve`` runs the Prefect deployments, replace the body with
``pipeline.flows.triggers.start_intakes(ctx.store, ctx.config.store, [claim_id])`` so the served
``intake_claim`` flow does it with retries.
"""
from __future__ import annotations

import logging

from pipeline import PIPELINE_VERSION
from pipeline.process.extraction import PhotoReader
from pipeline.process.flow import decide_read_claim, load_rules, publish_decision, read_claim
from storage.database import lifecycle
from storage.database.repository import append_audit, get_claim
from storage.database.tables import ClaimStatus
from webapp.context import AppContext
from webapp.intake import publish_report

log = logging.getLogger(__name__)
ACTOR = "claimflow-web"


def start_claim_processing(ctx: AppContext, claim_id: str) -> None:
    """Validate, route, record and publish the claim's decision (run after the response, as a background task)."""
    try:
        rules = load_rules(ctx.store, ctx.config.roster)
        max_bytes = ctx.config.limits.uploads.max_photo_bytes
        with PhotoReader(ctx.store, ctx.config.db_url, PIPELINE_VERSION, max_bytes, workers=0) as reader:
            read = read_claim(ctx.store, claim_id, reader, ctx.config.db_url, rules.policy)
        decision = decide_read_claim(ctx.config.db_url, read, rules)
        publish_decision(ctx.store, decision)
        with ctx.session() as session:
            append_audit(session, ACTOR, "decide", claim_id=claim_id, detail={"route": decision.route.value})
    except Exception as e:  # noqa: BLE001 - the claim stays in 'processing' for the nightly batch to pick up
        log.error("claim %s could not be processed at submission: %s", claim_id, type(e).__name__)
        with ctx.session() as session:
            append_audit(session, ACTOR, "decide_failed", claim_id=claim_id, detail={"error": type(e).__name__})


def mark_submitted(ctx: AppContext, claim_id: str, actor: str) -> None:
    """The field staff say the claim's photos are complete: its claim.json is published and it moves to
    'processing'."""
    with ctx.session() as session:
        claim = get_claim(session, claim_id)
        publish_report(ctx, claim)
        if claim.status in lifecycle.SUBMITTABLE:
            claim.status = ClaimStatus.processing.value
        append_audit(session, actor, "submit_claim", claim_id=claim_id)
