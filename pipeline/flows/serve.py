"""``claimflow serve``: the deployments — nightly_batch on its cron, intake_claim, reprocess, poll_intake —
served from this process. With no Prefect server configured (PREFECT_API_URL unset) a local one is started
first, its SQLite database under the data folder, bound to 127.0.0.1."""
import os
from datetime import timedelta
from typing import Any, cast

import psutil
from prefect import serve
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.schedules import Cron, Interval
from prefect.settings import PREFECT_API_URL, temporary_settings

from models.policy import load_policy
from pipeline.flows.claims import intake_claim, nightly_batch, reprocess
from pipeline.flows.notices import send_notices
from pipeline.flows.server import local_server
from pipeline.flows.settings import Orchestration, load_orchestration
from pipeline.flows.triggers import poll_intake
from storage.database.session import data_dir


def deployments(settings: Orchestration, work_pool: str | None = None) -> list[RunnerDeployment]:
    """nightly_batch/nightly and send_notices/notices (crons on the programme's clock, the policy's time zone),
    intake_claim/intake, reprocess/reprocess and poll_intake/poll (every poll interval); entrypoints by module
    path, so any working directory (and any host with claimflow installed) runs them. With ``work_pool`` they
    are for that pool's workers."""
    by_module: dict[str, Any] = {"entrypoint_type": EntrypointType.MODULE_PATH, "work_pool_name": work_pool}
    made = [
        nightly_batch.to_deployment("nightly", schedules=[Cron(settings.nightly.cron,
                                                               timezone=load_policy().timezone)], **by_module),
        intake_claim.to_deployment("intake", **by_module),
        reprocess.to_deployment("reprocess", **by_module),
        send_notices.to_deployment("notices", schedules=[Cron(settings.notices.cron, timezone=load_policy().timezone)],
                                   **by_module),
        poll_intake.to_deployment("poll", schedules=[Interval(timedelta(seconds=settings.poll_interval_seconds))],
                                  **by_module),
    ]
    # Called from sync code, to_deployment returns the deployment (Prefect types it as that or a coroutine).
    return [cast(RunnerDeployment, d) for d in made]


def run_limit(settings: Orchestration) -> int:
    """How many flow runs this machine has going at once (``served_runs``: cores and available memory)."""
    return settings.served_runs.limit(os.cpu_count() or 1, psutil.virtual_memory().available / 2**30)


def _serve(settings: Orchestration) -> None:
    limit = run_limit(settings)
    print(f"at most {limit} flow run(s) at once; more wait their turn", flush=True)
    # pause_on_shutdown=False: a stopped service must not leave the nightly schedule paused when it restarts
    serve(*deployments(settings), pause_on_shutdown=False, limit=limit)


def serve_deployments(port: int | None = None) -> None:
    """Serve the deployments on the configured Prefect server, or on a local one started here."""
    settings = load_orchestration()
    if os.environ.get("PREFECT_API_URL") or PREFECT_API_URL.value():
        _serve(settings)
        return
    local = settings.local_server
    with local_server(data_dir().resolve() / "prefect", local.host, port or local.port,
                      local.startup_timeout_seconds, ui=True) as server:
        print(f"local Prefect server at {server.api_url}; its UI at {server.api_url.removesuffix('/api')}/",
              flush=True)
        os.environ["PREFECT_API_URL"] = server.api_url  # the flow-run processes the runner starts inherit it
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            _serve(settings)


def deploy_to_pool(pool: str) -> list[str]:
    """Register the deployments on the process work pool ``pool`` (created if missing) of the configured
    Prefect server, for ``prefect worker start --pool POOL`` on any number of hosts; their names."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(pool)
        except ObjectNotFound:
            client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
    names = []
    for deployment in deployments(load_orchestration(), work_pool=pool):
        deployment.apply(work_pool_name=pool)
        names.append(f"{deployment.flow_name}/{deployment.name}")
    return names
