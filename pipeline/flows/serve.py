"""``claimflow serve``: the deployments — nightly_batch on its cron, intake_claim, reprocess, poll_intake —
served from this process. With no Prefect server configured (PREFECT_API_URL unset) a local one is started
first, its SQLite database under the data folder, bound to 127.0.0.1.

Stopping (SIGTERM, or SIGINT/Ctrl-C): no new flow runs are taken, the running ones get ``served_runs.
shutdown_grace_seconds`` to finish, those still going are then cancelled (Cancelled in Prefect), and only then is
the local server stopped, so a run never loses its API under it."""
import asyncio
import os
import signal
import sys
import threading
from datetime import timedelta
from typing import Any, cast
from uuid import UUID

import anyio
import psutil
from prefect.client.schemas.objects import FlowRun
from prefect.deployments.runner import EntrypointType, RunnerDeployment
from prefect.runner import Runner
from prefect.runner._flow_run_executor import ProcessStarter
from prefect.runner._starter_engine import EngineCommandStarter
from prefect.schedules import Cron, Interval
from prefect.settings import PREFECT_API_URL, temporary_settings

from models.policy import load_policy
from pipeline.flows.claims import extract_claims, intake_claim, nightly_batch, reprocess
from pipeline.flows.notices import send_notices
from pipeline.flows.server import local_server
from pipeline.flows.settings import Orchestration, load_orchestration
from pipeline.flows.triggers import poll_intake
from storage.database.session import data_dir

DRAIN_POLL_SECONDS = 0.2  # how often a stopping serve looks whether its flow runs have ended


def say(text: str) -> None:
    """Tell the operator what serve is doing (its output is the service's log)."""
    print(text, flush=True)


def deployments(settings: Orchestration, work_pool: str | None = None) -> list[RunnerDeployment]:
    """nightly_batch/nightly and send_notices/notices (crons on the programme's clock, the policy's time zone),
    intake_claim/intake, reprocess/reprocess and poll_intake/poll (every poll interval); entrypoints by module
    path, so any working directory (and any host with claimflow installed) runs them. With ``work_pool`` they
    are for that pool's workers, with extract_claims/extract beside them: the pool's nightly batch sends its
    reads out as runs of it, to every worker of the pool."""
    by_module: dict[str, Any] = {"entrypoint_type": EntrypointType.MODULE_PATH, "work_pool_name": work_pool}
    made = [
        nightly_batch.to_deployment("nightly", schedules=[Cron(settings.nightly.cron,
                                                               timezone=load_policy().timezone)],
                                    parameters={"fan_out": work_pool is not None}, **by_module),
        intake_claim.to_deployment("intake", **by_module),
        reprocess.to_deployment("reprocess", **by_module),
        send_notices.to_deployment("notices", schedules=[Cron(settings.notices.cron, timezone=load_policy().timezone)],
                                   **by_module),
        poll_intake.to_deployment("poll", schedules=[Interval(timedelta(seconds=settings.poll_interval_seconds))],
                                  **by_module),
    ]
    if work_pool is not None:  # a pool's nightly batch sends its reads out to the pool's workers
        made.append(extract_claims.to_deployment("extract", **by_module))
    # Called from sync code, to_deployment returns the deployment (Prefect types it as that or a coroutine).
    return [cast(RunnerDeployment, d) for d in made]


def run_limit(settings: Orchestration) -> int:
    """How many flow runs this machine has going at once (``served_runs``: cores and available memory)."""
    return settings.served_runs.limit(os.cpu_count() or 1, psutil.virtual_memory().available / 2**30)


class GracefulRunner(Runner):
    """Prefect's Runner (what ``prefect.serve`` runs), stopped gently: on SIGTERM or SIGINT it takes no new flow
    runs, gives the running ones ``grace_seconds`` to finish, cancels those still going (Prefect's own
    cancellation: the process is stopped and the run marked Cancelled) and only then stops. Each flow run's
    process gets a process group of its own, so Ctrl-C in a terminal (SIGINT to the whole foreground group)
    reaches serve alone, not the runs it waits for. Schedules are left as they are (``pause_on_shutdown=False``):
    a stopped service must not leave the nightly schedule paused when it restarts.

    Relies on Prefect 3.9's runner internals (its scheduled-run poller and process manager), checked on entry."""

    def __init__(self, grace_seconds: float, limit: int) -> None:
        super().__init__(pause_on_shutdown=False, limit=limit)
        self.grace_seconds = grace_seconds
        self._stop_requested = False

    async def __aenter__(self) -> "GracefulRunner":
        await super().__aenter__()
        poller = self._scheduled_run_poller
        resolve = poller._resolve_starter

        def in_own_group(flow_run: FlowRun) -> ProcessStarter:
            starter = resolve(flow_run)
            if isinstance(starter, EngineCommandStarter):
                starter._isolate_process_group = True  # a new session, so a group-wide signal misses the run
            return starter

        poller._resolve_starter = in_own_group
        self.in_flight()  # fails here, at start, if this Prefect's runner lacks what stopping gently needs
        return self

    async def start(self, run_once: bool = False, webserver: bool | None = None) -> None:
        """Serve until stopped; SIGINT is handled as SIGTERM (Prefect's start points SIGTERM at
        ``handle_sigterm``)."""
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, self.handle_sigterm)
        await super().start(run_once=run_once, webserver=webserver)

    def handle_sigterm(self, *args: Any, **kwargs: Any) -> None:
        """SIGTERM or SIGINT: begin stopping gently (once; a later signal only says it is under way)."""
        name = signal.Signals(args[0]).name if args else "a stop signal"
        if self._stop_requested:
            say(f"{name} received: already stopping (running flow runs get at most {self.grace_seconds:g} s)")
            return
        self._stop_requested = True
        if not self.started or self._loop is None:
            say(f"{name} received before serving began: stopping")
            sys.exit(0)
        say(f"{name} received: stopping; no new flow runs are taken")
        self.execute_in_background(self.stop_gently)

    def in_flight(self) -> set[UUID]:
        """The flow runs this runner has taken and not yet seen end: being started, or with a live process."""
        return set(self._scheduled_run_poller._submitting_flow_run_ids) | self._process_manager.flow_run_ids()

    async def stop_gently(self) -> None:
        """Take no new flow runs; wait up to the grace period for the running ones; cancel those still going;
        then stop polling, which lets ``start`` return."""
        try:
            self.stopping = self._scheduled_run_poller.stopping = True
            running = self.in_flight()
            if not running:
                say("no flow run is running")
                return
            say(f"waiting up to {self.grace_seconds:g} s for {len(running)} running flow run(s) to finish")
            with anyio.move_on_after(self.grace_seconds):
                while self.in_flight():
                    await anyio.sleep(DRAIN_POLL_SECONDS)
            left = self.in_flight()
            if not left:
                say("every running flow run finished")
                return
            say(f"{len(left)} flow run(s) still running after {self.grace_seconds:g} s: cancelling them")
            while self.in_flight():  # again while a run taken just before the signal is still starting
                await self.cancel_all()  # each: SIGTERM to its process group (SIGKILL 30 s on), marked Cancelled
                for run_id in self._process_manager.flow_run_ids():  # not cancellable (API unreachable?)
                    await self._process_manager.kill(run_id)
                await anyio.sleep(DRAIN_POLL_SECONDS)
            say("the flow run(s) still running were cancelled")
        except Exception as e:  # noqa: BLE001 - said, then stopped anyway: never left running half-stopped
            say(f"stopping gently failed ({e!r}); stopping now")
        finally:
            await self.astop()


def _serve(settings: Orchestration) -> None:
    limit = run_limit(settings)
    grace = settings.served_runs.shutdown_grace_seconds
    say(f"at most {limit} flow run(s) at once; more wait their turn")
    runner = GracefulRunner(grace, limit)
    served = deployments(settings)
    for deployment in served:
        runner.add_deployment(deployment)
    say(f"serving {', '.join(f'{d.flow_name}/{d.name}' for d in served)}; on SIGTERM or Ctrl-C the running flow "
        f"runs get {grace:g} s to finish before they are cancelled")
    asyncio.run(runner.start())
    say("serving stopped")


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
        say("stopping the local Prefect server (no flow run is left to need it)")
    say("local Prefect server stopped")


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
