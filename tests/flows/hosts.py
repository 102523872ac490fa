"""Hosts of their own on one machine, for scale-out tests: a Linux network namespace per host joined to this
one by a veth pair (needs root: ``ip netns``), and TCP forwarders on this side of each pair, so a service
listening on 127.0.0.1 here (the S3 server, PostgreSQL, the Prefect server) is reached from a host over its
veth link as it would be over a network."""
from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass


def _ip(*args: str, namespace: str | None = None) -> None:
    command = ["ip", *args] if namespace is None else ["ip", "netns", "exec", namespace, "ip", *args]
    subprocess.run(command, check=True, capture_output=True)


@dataclass(frozen=True)
class Host:
    """A network namespace with a veth link to this one: ``gateway`` is this side's address of the link."""

    namespace: str
    address: str
    gateway: str

    def command(self, argv: list[str]) -> list[str]:
        """``argv`` run inside this host's network namespace."""
        return ["ip", "netns", "exec", self.namespace, *argv]


@contextlib.contextmanager
def hosts(count: int) -> Iterator[list[Host]]:
    """``count`` hosts, each a namespace on a /30 veth link of its own; removed afterwards."""
    tag, made = uuid.uuid4().hex[:5], []
    subnet = int(tag, 16) % 250
    try:
        for i in range(count):
            host = Host(f"cf-{tag}-{i}", f"10.{subnet + 1}.{i}.2", f"10.{subnet + 1}.{i}.1")
            _ip("netns", "add", host.namespace)
            made.append(host)
            here, there = f"cf{tag}{i}h", f"cf{tag}{i}n"
            _ip("link", "add", here, "type", "veth", "peer", "name", there)
            _ip("link", "set", there, "netns", host.namespace)
            _ip("addr", "add", f"{host.gateway}/30", "dev", here)
            _ip("link", "set", here, "up")
            _ip("addr", "add", f"{host.address}/30", "dev", there, namespace=host.namespace)
            _ip("link", "set", there, "up", namespace=host.namespace)
            _ip("link", "set", "lo", "up", namespace=host.namespace)
        yield made
    finally:
        for host in made:  # deleting the namespace deletes its end of the link, and so the link
            subprocess.run(["ip", "netns", "del", host.namespace], capture_output=True)


class Forwarder:
    """Accepts TCP connections on (``address``, a free port) and relays each to 127.0.0.1:``target``."""

    def __init__(self, address: str, target: int) -> None:
        self.target = target
        self._listener = socket.create_server((address, 0))
        self.port = self._listener.getsockname()[1]
        self._open: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:  # closed
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                client.close()
                continue
            self._open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with contextlib.suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def close(self) -> None:
        """Stop accepting and drop every relayed connection."""
        self._listener.close()
        for s in self._open:
            with contextlib.suppress(OSError):
                s.close()
