"""What starts ``intake_claim``: an upload (CLI or web app), the poller for objects that arrived by other
routes, and MinIO bucket notifications. A start carries an idempotency key made of the claim's object
fingerprint (keys, sizes, content etags), so the same uploads never start two runs."""
from typing import cast
from urllib.parse import unquote_plus

from prefect import flow, get_run_logger
from prefect.client.schemas.objects import FlowRun
from prefect.deployments import run_deployment

from pipeline.flows.selection import fingerprint, intake_listing, pending_claims
from pipeline.flows.settings import load_orchestration
from pipeline.process.reference import prepare_database
from storage.object_store import INTAKE, ObjectStore, open_store

INTAKE_DEPLOYMENT = "intake_claim/intake"


def start_intake(claim_id: str, source: str, claim_fingerprint: str) -> str:
    """Start the served intake deployment for the claim without waiting; the flow run's id. The same
    (source, claim, fingerprint) gives back the run already started."""
    run = run_deployment(INTAKE_DEPLOYMENT, parameters={"claim_id": claim_id, "source": source}, timeout=0,
                         idempotency_key=f"intake:{source}:{claim_id}:{claim_fingerprint}", as_subflow=False)
    return str(cast(FlowRun, run).id)  # called from sync code: the flow run (Prefect types it as that or a coroutine)


def start_intakes(store: ObjectStore, source: str, claim_ids: list[str]) -> dict[str, str]:
    """Start intake for each claim (that has a claim.json); claim id → flow run id."""
    listing = intake_listing(store, claim_ids[0]) if len(claim_ids) == 1 else intake_listing(store)
    return {c: start_intake(c, source, fingerprint(listing[c])) for c in claim_ids if c in listing}


@flow(name="poll_intake", validate_parameters=False)
def poll_intake(source: str | None = None, db_url: str | None = None) -> dict[str, str]:
    """Start intake for every claim that is new or has photos its decision has not seen."""
    source = load_orchestration().claims_source(source)
    store = open_store(source)
    started = start_intakes(store, source, pending_claims(store, prepare_database(db_url)))
    get_run_logger().info("poll_intake: %d claim(s) started", len(started))
    return started


def claims_in_event(event: dict, source: str) -> list[str]:
    """Claim ids of the objects created under ``source``'s intake/ in a MinIO bucket-notification event
    (``{"Records": [{"eventName": "s3:ObjectCreated:Put", "s3": {"bucket": {"name": …}, "object": {"key":
    …}}}]}``; keys arrive URL-encoded)."""
    bucket, _, prefix = source.removeprefix("s3://").partition("/")
    folder = f"{prefix.strip('/')}/{INTAKE}" if prefix.strip("/") else INTAKE
    found = []
    for record in event.get("Records") or []:
        s3 = record.get("s3") or {}
        if not str(record.get("eventName", "")).startswith("s3:ObjectCreated:"):
            continue
        if (s3.get("bucket") or {}).get("name") != bucket:
            continue
        key = unquote_plus((s3.get("object") or {}).get("key", ""))
        parts = key.removeprefix(folder).split("/") if key.startswith(folder) else []
        if len(parts) == 2 and parts[0] and parts[0] not in found:
            found.append(parts[0])
    return found
