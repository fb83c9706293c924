"""A real server for tests that need one: ``inwriting serve`` (uvicorn) in a subprocess on
127.0.0.1, over a copy of the demo, with its resident memory readable from ``/proc``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from inwriting.storage.engine import Database


@dataclass
class LiveServer:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    folder: Path

    @property
    def tmp(self) -> Path:
        """The server's temporary directory (``TMPDIR``): where spooled uploads would go."""
        return self.folder / "tmp"

    def rss(self) -> int:
        """The server process's resident memory, in bytes."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        kilobytes = next(
            line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")
        )
        return int(kilobytes) * 1024

    def database(self) -> Database:
        return Database(f"sqlite:///{self.folder / 'site.db'}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def live_server(template: Path, folder: Path, **settings: str) -> Iterator[LiveServer]:
    """Serve a copy of ``template`` (see ``demo_template``); ``settings`` are extra
    ``INWRITING_*`` variables. Stopped (and waited for) at the end, whatever happened."""
    shutil.copytree(template, folder)
    (folder / "tmp").mkdir()
    port = _free_port()
    env = {
        **os.environ,
        "INWRITING_DATABASE_URL": f"sqlite:///{folder / 'site.db'}",
        "INWRITING_DATA_DIR": str(folder / "data"),
        "TMPDIR": str(folder / "tmp"),
        **settings,
    }
    command = [sys.executable, "-m", "inwriting", "serve", "--host", "127.0.0.1", "--port"]
    process = subprocess.Popen([*command, str(port)], env=env, stdout=subprocess.DEVNULL)
    server = LiveServer(f"http://127.0.0.1:{port}", port, process, folder)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(server: LiveServer) -> None:
    for _ in range(300):
        if server.process.poll() is not None:
            raise RuntimeError("the server did not start")
        try:
            with urllib.request.urlopen(f"{server.url}/record/checkpoint", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError("the server did not answer")
