"""``inwriting serve --workers N --worker-timeout S``: the supervisor's patience with its
workers is the operator's to set, and a real two-worker server starts with it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import uvicorn
from typer.testing import CliRunner

from inwriting.cli import app


@pytest.fixture
def started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """What ``serve`` hands uvicorn, instead of serving (on a fresh SQLite file)."""
    monkeypatch.setenv("INWRITING_DATABASE_URL", f"sqlite:///{tmp_path / 'serve.db'}")
    monkeypatch.setenv("INWRITING_DATA_DIR", str(tmp_path / "data"))
    calls: list[dict[str, object]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **options: calls.append(options))
    return calls


def test_workers_are_given_the_timeout_asked_for(started: list[dict[str, object]]) -> None:
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--worker-timeout", "90"])
    assert result.exit_code == 0, result.output
    assert started[0]["workers"] == 2
    assert started[0]["timeout_worker_healthcheck"] == 90


def test_the_default_outlasts_a_slow_start(started: list[dict[str, object]]) -> None:
    """uvicorn's own 5 s killed workers still importing the app on a loaded machine."""
    assert CliRunner().invoke(app, ["serve", "--workers", "2"]).exit_code == 0
    assert started[0]["timeout_worker_healthcheck"] == 60


@pytest.mark.parametrize("value", ["0", "-5", "soon"])
def test_a_bad_timeout_is_refused_naming_the_option_and_serves_nothing(
    started: list[dict[str, object]], value: str
) -> None:
    result = CliRunner().invoke(app, ["serve", "--workers", "2", "--worker-timeout", value])
    assert result.exit_code == 2
    assert "--worker-timeout" in result.output
    assert started == []


def test_two_real_workers_start_and_serve(tmp_path: Path) -> None:
    """The installed uvicorn takes the option: a real ``serve --workers 2`` answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {
        "INWRITING_DATABASE_URL": f"sqlite:///{tmp_path / 'site.db'}",
        "INWRITING_DATA_DIR": str(tmp_path / "data"),
        "INWRITING_NOTIFY_INTERVAL": "0",
    }
    command = [sys.executable, "-m", "inwriting", "serve", "--port", str(port)]
    command += ["--workers", "2", "--worker-timeout", "120"]
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        status = None
        for _ in range(1200):  # a loaded machine may take a minute to start two workers
            assert server.poll() is None, log.read_text(errors="replace")
            try:
                url = f"http://127.0.0.1:{port}/static/style.css"
                with urllib.request.urlopen(url, timeout=5) as reply:
                    status = reply.status
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        assert status == 200, log.read_text(errors="replace")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    assert "Child process died" not in log.read_text(errors="replace")
