"""Serving the audit desk with uvicorn: what ``report-miner serve`` runs.

:func:`bind` opens the listening socket first, so a port in use or an address that is not
this machine's is a clear error (exit 2) before anything starts; :func:`serve` runs uvicorn
on that socket until Ctrl-C (or :meth:`DeskServer.stop` when run in a thread, as the tests do).
"""
from __future__ import annotations

import logging
import socket
import threading
from typing import Any

from .app import DEFAULT_MAX_UPLOAD_MB, create_app


class ServeError(Exception):
    """The desk cannot start: the address cannot be bound, the database is no archive."""


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (``port`` 0: any free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise ServeError(f"cannot listen on / 无法监听 {host}:{port}: {exc.strerror or exc}") \
            from exc
    sock.set_inheritable(True)
    return sock


class DeskServer:
    """The desk on a bound socket, served by uvicorn.

    ``run()`` serves in the calling thread until stopped; ``start()`` serves in a thread and
    returns once it answers; ``stop()`` shuts it down (the background miner and its worker
    processes with it). ``url`` is where it answers.
    """

    def __init__(self, db: str, rules_dir: str | None = None, host: str = "127.0.0.1",
                 port: int = 8000, max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB, jobs: int = 1,
                 quiet: bool = False):
        import uvicorn

        self.sock = bind(host, port)
        self.host, self.port = host, self.sock.getsockname()[1]
        shown = f"[{host.strip('[]')}]" if ":" in host else host
        self.url = f"http://{shown}:{self.port}"
        try:
            self.app = create_app(db, rules_dir, host=host, port=self.port,
                                  max_upload_bytes=int(max_upload_mb * 1_000_000), jobs=jobs)
        except BaseException:
            self.sock.close()
            raise
        config = uvicorn.Config(self.app, log_level="warning" if quiet else "info",
                                lifespan="on", access_log=not quiet, server_header=False,
                                timeout_graceful_shutdown=5)
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def desk(self) -> Any:
        return self.app.desk

    def run(self) -> None:
        try:
            self.server.run(sockets=[self.sock])
        finally:
            self.sock.close()

    def start(self, timeout: float = 60) -> "DeskServer":
        self._thread = threading.Thread(target=self.run, name="desk-server", daemon=True)
        self._thread.start()
        import time

        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise ServeError("the desk did not start / 审核台未能启动")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=60)


def quiet_logs() -> None:
    """uvicorn's own access log lines are enough; nothing else chatters."""
    logging.getLogger("multipart").setLevel(logging.WARNING)
