"""An HTTP endpoint for MinIO bucket notifications (webhook target): each created object under intake/
starts ``intake_claim`` for its claim. Configure MinIO with ``mc admin config set ALIAS notify_webhook:claimflow
endpoint=http://HOST:PORT/minio/events auth_token=TOKEN`` and ``mc event add ALIAS/BUCKET
arn:minio:sqs::claimflow:webhook --event put --prefix intake/``."""
import hmac
import os
from typing import Any

from fastapi import Body, FastAPI, Header, HTTPException

from pipeline.flows.settings import load_orchestration
from pipeline.flows.triggers import claims_in_event, start_intakes
from storage.object_store import open_store

TOKEN_ENV = "CLAIMFLOW_WEBHOOK_TOKEN"


def make_app(source: str | None = None) -> FastAPI:
    """The webhook app for the claims store ``source`` (default: the configured one). With CLAIMFLOW_WEBHOOK_TOKEN
    set, requests must carry ``Authorization: Bearer <token>`` (MinIO's ``auth_token``)."""
    source = load_orchestration().claims_source(source)
    app = FastAPI(title="claimflow MinIO webhook")

    @app.post("/minio/events")
    def minio_events(event: dict[str, Any] = Body(...), authorization: str | None = Header(None)) -> dict[str, Any]:
        token = os.environ.get(TOKEN_ENV)
        if token and not hmac.compare_digest(authorization or "", f"Bearer {token}"):
            raise HTTPException(status_code=401, detail="bad token")
        claims = claims_in_event(event, source)
        started = start_intakes(open_store(source), source, claims) if claims else {}
        return {"claims": claims, "started": started}

    return app
