"""Logs: configured from the settings at the edge, one request id per HTTP request on every
line of that request and in the response, and no secret in any line, even at DEBUG."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from inwriting.cli import app as cli
from inwriting.http.auth import PRESESSION_COOKIE, SESSION_COOKIE
from inwriting.http.logs import configure_logging
from inwriting.services import accounts
from inwriting.services.actors import Actor
from inwriting.services.demo import DEMO_PASSWORD
from inwriting.settings import Settings


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """These tests configure the root logger as the CLI does; put it back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quiet = logging.getLogger("weasyprint").level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("weasyprint").setLevel(quiet)


def _json_lines(err: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in err.splitlines() if line.strip()]


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_no_password_token_cookie_or_session_id_is_logged_at_debug(
    demo_app: FastAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    token, _ = accounts.create_token(demo_app.state.db, Actor("cleo"), "laptop")
    configure_logging(Settings(log_level="DEBUG", log_format="json"))
    with TestClient(demo_app) as client:
        form_csrf = _csrf(client.get("/login").text)
        form = {"username": "cleo", "password": DEMO_PASSWORD, "csrf": form_csrf}
        wrong = {**form, "password": "not-the-password-1234"}
        refused = client.post("/login", data=wrong, follow_redirects=False)
        assert refused.status_code == 401, refused.status_code
        signed_in = client.post(
            "/login", data=form, follow_redirects=False, headers={"X-Request-ID": "sign-in-1"}
        )
        assert signed_in.status_code == 303
        session = client.cookies[SESSION_COOKIE]
        client.cookies.clear()
        api = client.get(
            "/api/v1/negotiations?token=query-secret-5678",
            headers={"Authorization": f"Bearer {token}", "X-Request-ID": "api-1"},
        )
        assert api.status_code == 200
    # The test client logs its own requests (URL and all): it is not the server's log.
    lines = [line for line in _json_lines(capsys.readouterr().err) if line["logger"] != "httpx2"]
    secrets = [DEMO_PASSWORD, "not-the-password-1234", token, session, form_csrf]
    secrets += ["query-secret-5678"]
    assert len(lines) >= 4
    assert [s for s in secrets if any(s in json.dumps(line) for line in lines)] == []
    requests = [line for line in lines if line["logger"] == "inwriting.http"]
    assert {"request_id": "sign-in-1", "method": "POST", "path": "/login", "status": 303} in [
        {k: line[k] for k in ("request_id", "method", "path", "status")} for line in requests
    ]
    assert ("api-1", "/api/v1/negotiations", 200) in [
        (line["request_id"], line["path"], line["status"]) for line in requests
    ]
    assert PRESESSION_COOKIE not in json.dumps(lines)


def test_every_line_of_a_request_carries_its_id(
    demo_app: FastAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    """Lines written by the request's own code (here a sync handler, run in a worker
    thread) carry the id too, and lines outside a request carry ``-``."""
    configure_logging(Settings(log_level="INFO", log_format="json"))

    @demo_app.get("/logs-probe")
    def probe() -> dict[str, str]:
        logging.getLogger("inwriting.probe").warning("inside the handler")
        return {}

    with TestClient(demo_app) as client:
        assert client.get("/logs-probe", headers={"X-Request-ID": "probe-7"}).status_code == 200
    logging.getLogger("inwriting.probe").warning("outside")
    lines = _json_lines(capsys.readouterr().err)
    assert {
        str(line["message"]): line["request_id"]
        for line in lines
        if line["logger"] == "inwriting.probe"
    } == {"inside the handler": "probe-7", "outside": "-"}


def test_the_request_id_is_the_clients_when_well_formed_and_new_otherwise(
    demo_app: FastAPI,
) -> None:
    with TestClient(demo_app) as client:
        given = client.get("/login", headers={"X-Request-ID": "edge-42.a:b_c"})
        bad = client.get("/login", headers={"X-Request-ID": "two words\tand a tab"})
        long = client.get("/login", headers={"X-Request-ID": "x" * 129})
        none_a, none_b = client.get("/login"), client.get("/api/v1/nowhere")
    assert given.headers["x-request-id"] == "edge-42.a:b_c"
    made = [r.headers["x-request-id"] for r in (bad, long, none_a, none_b)]
    assert all(re.fullmatch(r"[0-9a-f]{32}", rid) for rid in made)
    assert len(set(made)) == 4
    assert none_b.status_code == 404


def test_text_lines_name_level_logger_and_request_id(
    demo_app: FastAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(Settings(log_level="INFO", log_format="text"))
    with TestClient(demo_app) as client:
        client.get("/login", headers={"X-Request-ID": "t-1"})
    err = capsys.readouterr().err
    assert re.search(r" INFO inwriting\.http \[t-1\] GET /login 200 [0-9.]+ ms$", err, re.M)


def test_the_level_filters_and_weasyprint_is_quieted_where_logging_is_configured(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging(Settings(log_level="WARNING", log_format="json"))
    logging.getLogger("inwriting.x").info("not shown")
    logging.getLogger("inwriting.x").warning("shown")
    logging.getLogger("weasyprint").warning("ignored CSS property")
    assert [line["message"] for line in _json_lines(capsys.readouterr().err)] == ["shown"]


def test_the_cli_reads_the_settings_and_refuses_a_bad_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INWRITING_LOG_FORMAT", "xml")
    refused = CliRunner().invoke(cli, ["parse", "--help"])
    assert refused.exit_code != 0
    assert "INWRITING_LOG_FORMAT must be one of text, json" in refused.output
    monkeypatch.setenv("INWRITING_LOG_FORMAT", "json")
    monkeypatch.setenv("INWRITING_LOG_LEVEL", "error")
    assert CliRunner().invoke(cli, ["parse", "--help"]).exit_code == 0
    assert logging.getLogger().level == logging.ERROR


def test_settings_read_the_logging_variables() -> None:
    env = {"INWRITING_LOG_LEVEL": "DEBUG", "INWRITING_LOG_FORMAT": "json"}
    assert (Settings.from_env(env).log_level, Settings.from_env(env).log_format) == (
        "DEBUG",
        "json",
    )
    assert (Settings.from_env({}).log_level, Settings.from_env({}).log_format) == ("INFO", "text")
