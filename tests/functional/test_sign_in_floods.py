"""A flood of sign-ins neither fills the server's memory nor holds up other requests
(issue 11, item 3), on a real server; and the address counted is the one the socket or a
trusted proxy gives, never what the client writes in ``X-Forwarded-For``.

What keeps other requests moving during a burst is checked here: only a bounded number of
failures is hashed (argon2id is the expensive part), the rest are refused at once, memory
stays bounded, and unrelated requests sent during the burst are answered. How long they take
is measured by ``bench/sign_in_floods.py`` (the issue's criterion: under a second), since
timed asserts are flaky on shared machines.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from inwriting.services import accounts
from inwriting.services.demo import DEMO_PASSWORD
from inwriting.storage.models import LoginAttemptRow
from tests.functional.live_server import LiveServer, live_server

BURST = 200
PROBES = 7
MiB = 1024 * 1024


@pytest.fixture(scope="module")
def server(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("floods") / "site"
    with live_server(demo_template, folder) as running:
        yield running


def _request(
    server: LiveServer,
    method: str,
    path: str,
    body: str = "",
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], str]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        conn.request(method, path, body=body.encode(), headers=headers or {})
        answer = conn.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read().decode()
    finally:
        conn.close()


def _login_form(server: LiveServer) -> tuple[str, str]:
    """The sign-in form's double-submit cookie and token."""
    _, headers, page = _request(server, "GET", "/login")
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return headers["set-cookie"].split(";")[0], found[1]


def _login(
    server: LiveServer, form: tuple[str, str], user: str, password: str, **extra: str
) -> int:
    cookie, token = form
    body = urllib.parse.urlencode({"username": user, "password": password, "csrf": token})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie, **extra}
    return _request(server, "POST", "/login", body, headers)[0]


def _burst(server: LiveServer, users: list[str], **extra: str) -> tuple[Counter[int], int, int]:
    """``BURST`` wrong sign-ins at once; the statuses, how many of ``PROBES`` unrelated GETs
    sent during the burst were answered, and the server's peak resident memory meanwhile."""
    form = _login_form(server)
    statuses: Counter[int] = Counter()
    start = threading.Barrier(BURST + 1)
    done = threading.Event()
    peak = [server.rss()]

    def one(user: str) -> None:
        start.wait()
        statuses[_login(server, form, user, "not the password", **extra)] += 1

    def watch_memory() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], server.rss())
            time.sleep(0.02)

    threads = [threading.Thread(target=one, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    watcher = threading.Thread(target=watch_memory)
    watcher.start()
    start.wait()
    answered = sum(_request(server, "GET", "/record/checkpoint")[0] == 200 for _ in range(PROBES))
    for thread in threads:
        thread.join(timeout=120)
    done.set()
    watcher.join()
    return statuses, answered, peak[0]


def test_a_burst_for_one_user_is_bounded_and_does_not_hold_up_others(server: LiveServer) -> None:
    _login(server, _login_form(server), "cato", DEMO_PASSWORD)  # warm up: argon2 loaded
    before = server.rss()
    statuses, answered, peak = _burst(server, ["cleo"] * BURST)
    assert sum(statuses.values()) == BURST
    assert set(statuses) <= {401, 429}
    # hashed (401): the free failures, and at most a few more as their delays pass
    assert 1 <= statuses[401] <= accounts.FREE_FAILURES + 3
    assert statuses[429] >= BURST - accounts.FREE_FAILURES - 3
    assert peak - before <= 300 * MiB
    assert answered == PROBES


def test_a_rotating_forwarded_for_is_one_address_and_the_user_still_gets_in(
    server: LiveServer,
) -> None:
    users = [f"guess{n}" for n in range(BURST)]
    rotating = {"X-Forwarded-For": "198.51.100.1"}  # the same header for all: not believed
    before = server.rss()
    statuses, answered, peak = _burst(server, users, **rotating)
    assert sum(statuses.values()) == BURST
    assert statuses[401] <= accounts.MAX_FAILURES_PER_CLIENT  # the address's cap
    assert peak - before <= 300 * MiB
    assert answered == PROBES
    with server.database().reading() as session:
        clients = set(session.scalars(select(LoginAttemptRow.client)))
    assert clients == {"127.0.0.1"}


@pytest.mark.parametrize(
    ("trusted", "forwarded", "counted"),
    [
        ((), "203.0.113.5", "testclient"),  # no proxy configured: the peer
        (("testclient",), "203.0.113.5", "203.0.113.5"),
        (("testclient",), "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # the left one is forged
        (("testclient", "10.0.0.2"), "203.0.113.5, 10.0.0.2", "203.0.113.5"),  # two proxies
        (("testclient",), "", "testclient"),
    ],
)
def test_forwarded_for_is_believed_only_from_trusted_proxies(
    demo_app: FastAPI, trusted: tuple[str, ...], forwarded: str, counted: str
) -> None:
    demo_app.state.settings = replace(demo_app.state.settings, trusted_proxies=trusted)
    with TestClient(demo_app) as client:
        page = client.get("/login").text
        found = re.search(r'name="csrf" value="([^"]+)"', page)
        assert found is not None
        form = {"username": "cleo", "password": "wrong", "csrf": found[1]}
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        assert client.post("/login", data=form, headers=headers).status_code == 401
    with demo_app.state.db.reading() as session:
        assert list(session.scalars(select(LoginAttemptRow.client))) == [counted]


def test_a_refused_sign_in_page_says_when_to_try_again(demo_app: FastAPI) -> None:
    with TestClient(demo_app) as client:
        statuses = []
        for _ in range(accounts.FREE_FAILURES + 1):
            page = client.get("/login").text
            found = re.search(r'name="csrf" value="([^"]+)"', page)
            assert found is not None
            form = {"username": "cleo", "password": "wrong", "csrf": found[1]}
            answer = client.post("/login", data=form)
            statuses.append(answer.status_code)
        assert statuses == [401] * accounts.FREE_FAILURES + [429]
        assert answer.headers["Retry-After"] == "1"
        assert "try again in 1 seconds" in answer.text
