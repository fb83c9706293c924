"""A live server on loopback with the demo loaded, and Debian's Chromium driven by Playwright.

Skipped, with the reason, where Chromium or Playwright is missing (a user's machine);
``.ci/run`` installs both and sets ``INWRITING_REQUIRE_BROWSER=1`` so that CI fails instead.
Screenshots land in ``artifacts/screenshots/`` (ignored by git, kept by CI).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from inwriting.app import create_app
from inwriting.services.demo import load_demo
from inwriting.settings import Settings
from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SHOTS = REPO / "artifacts" / "screenshots"


def _unavailable(reason: str) -> None:
    if os.environ.get("INWRITING_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests required but {reason}")
    pytest.skip(reason)


class WatchedBrowser:
    """The browser, with every context it opens listening to its pages' console: a
    Content-Security-Policy violation (an inline script or style, an ``eval``) is a bug the
    page's users would meet as a broken button, so it fails the test that caused it."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self.violations: list[str] = []

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.on("console", self._console)
        context.on("weberror", lambda error: self._note(str(error.error)))
        return context

    def new_page(self, **options: Any) -> Any:
        return self.new_context(**options).new_page()

    def _console(self, message: Any) -> None:
        self._note(message.text)

    def _note(self, text: str) -> None:
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.violations.append(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def no_policy_violations(browser: WatchedBrowser) -> Iterator[None]:
    """Every browser test fails if any page it opened broke the Content-Security-Policy."""
    browser.violations.clear()
    yield
    assert not browser.violations, browser.violations


@pytest.fixture(scope="session")
def browser() -> Iterator[WatchedBrowser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed")
    if not Path(CHROMIUM).exists():
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as play:
        launched = play.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield WatchedBrowser(launched)
        launched.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'web.db'}", data_dir=tmp_path / "d")
    app = create_app(settings, checkpointer=False)
    app.state.db.upgrade()
    load_demo(app.state.db)
    with serving(app) as url:
        yield url


@contextmanager
def serving(app: FastAPI, port: int | None = None) -> Iterator[str]:
    """``app`` served by uvicorn on loopback (``port``, or a free one) in a thread, for the
    block; its address."""
    if port is None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        running.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def shoot() -> object:
    SHOTS.mkdir(parents=True, exist_ok=True)

    def shoot(page: object, name: str) -> None:
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)  # type: ignore[attr-defined]

    return shoot
