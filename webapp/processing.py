"""The seam where a submitted claim starts processing: one code path, two launchers.

With a Prefect server configured (``WebConfig.prefect_api``, from PREFECT_API_URL) the served ``intake_claim``
flow is started for the claim and does the work with its retries; otherwise the same batch driver
(pipeline.process.batch) runs here, in this process, after the response. A claim that cannot be handed over
(the store, the database or Prefect unreachable) stays in 'processing' for the nightly batch to pick up.
"""
from __future__ import annotations

import logging

from pipeline import PIPELINE_VERSION
from pipeline.flows.triggers import start_intakes
from pipeline.process.batch import run_claims
from pipeline.process.extraction import PhotoReader
from pipeline.process.reference import load_rules
from storage.database import lifecycle
from storage.database.repository import append_audit, get_claim
from storage.database.tables import ClaimStatus
from webapp.context import AppContext
from webapp.intake import publish_report

log = logging.getLogger(__name__)
ACTOR = "claimflow-web"


def start_claim_processing(ctx: AppContext, claim_id: str) -> None:
    """Hand the claim to the served ``intake_claim`` flow, or run the batch driver on it here (run after the
    response, as a background task); audited either way."""
    try:
        if ctx.config.prefect_api:
            action, detail = "start_intake", {"flow_run": _start_flow(ctx, claim_id)}
        else:
            action, detail = "decide", _decide_here(ctx, claim_id)
    except Exception as e:  # noqa: BLE001 - the claim stays in 'processing' for the nightly batch to pick up
        log.error("claim %s could not be processed at submission: %s", claim_id, type(e).__name__)
        action, detail = "decide_failed", {"error": type(e).__name__}
    with ctx.session() as session:
        append_audit(session, ACTOR, action, claim_id=claim_id, detail=detail)


def _start_flow(ctx: AppContext, claim_id: str) -> str:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: ctx.config.prefect_api}):
        started = start_intakes(ctx.store, ctx.config.store, [claim_id])
    return started.get(claim_id, "")


def _decide_here(ctx: AppContext, claim_id: str) -> dict[str, str]:
    rules = load_rules(ctx.store, ctx.config.roster)
    with PhotoReader(ctx.store, ctx.config.db_url, PIPELINE_VERSION, ctx.config.limits.uploads.max_photo_bytes,
                     workers=0) as reader:
        outcome = run_claims(ctx.store, ctx.config.db_url, rules, [claim_id], reader)
    line = outcome.lines()[0]
    return {"route": line.route.value} if line.error is None else {"route": line.route.value, "error": line.error}


def mark_submitted(ctx: AppContext, claim_id: str, actor: str) -> None:
    """The field staff say the claim's photos are complete: its claim.json is published and it moves to
    'processing'."""
    with ctx.session() as session:
        claim = get_claim(session, claim_id)
        publish_report(ctx, claim)
        if claim.status in lifecycle.SUBMITTABLE:
            claim.status = ClaimStatus.processing.value
        append_audit(session, actor, "submit_claim", claim_id=claim_id)
