"""A local Prefect server for ``claimflow serve`` when none is configured: SQLite under the data folder,
bound to 127.0.0.1, no telemetry. (Prefect's ephemeral mode cannot run schedules, so serving needs one.)"""
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from models.errors import StorageUnavailable

QUIET = {"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"}  # no telemetry, no UI


@dataclass(frozen=True)
class LocalServer:
    """A running ``prefect server start`` process and its API URL."""

    api_url: str
    process: subprocess.Popen[bytes]


def server_env(home: Path, ui: bool = False) -> dict[str, str]:
    """The environment of a local server whose state (PREFECT_HOME, SQLite database) lives in ``home``; with
    ``ui`` it serves Prefect's UI beside the API (operators see runs, schedules and failures)."""
    return {**os.environ, **QUIET, "PREFECT_UI_ENABLED": "true" if ui else "false", "PREFECT_HOME": str(home),
            "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}"}


def wait_healthy(api_url: str, timeout: float, process: subprocess.Popen[bytes] | None = None) -> None:
    """Wait until ``api_url``/health answers; StorageUnavailable after ``timeout`` s or if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise StorageUnavailable(f"the Prefect server exited with code {process.returncode}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise StorageUnavailable(f"the Prefect server at {api_url} did not answer within {timeout:.0f} s")


@contextmanager
def local_server(home: Path, host: str, port: int, timeout: float, ui: bool = False) -> Iterator[LocalServer]:
    """Start a Prefect server with its state in ``home`` (and its UI, with ``ui``), wait until it is healthy, stop
    it at the end. It runs in a process group of its own, so a signal to the caller's group (Ctrl-C in a terminal)
    does not stop it under flow runs that still report to it: the caller stops it, last."""
    home.mkdir(parents=True, exist_ok=True)
    log = (home / "server.log").open("ab")
    process = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port",
                                str(port)], env=server_env(home, ui), stdout=log, stderr=subprocess.STDOUT,
                               process_group=0)
    server = LocalServer(f"http://{host}:{port}/api", process)
    try:
        wait_healthy(server.api_url, timeout, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
