"""A forged ``Host`` header never makes a link: feeds, spreadsheets, redirects and pages
link to the configured base URL (``INWRITING_BASE_URL``) or relatively, never to the host
a request claims."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.services import accounts
from inwriting.services.actors import Actor

EVIL = "evil.example"
N = "/negotiations/lysra-basin"
GETS = (
    f"{N}/feed.atom",
    "/api/v1/negotiations/",  # Starlette redirects to the path without the slash
    f"{N}/",
    f"{N}/versions/1/download/matrix-csv",
    f"{N}/versions/1/download/matrix-xlsx",
    f"{N}/versions/1/download/docx",
    f"{N}/versions/1/download/akn",
    f"{N}/export.json",
    "/",
    N,
    f"{N}/versions/1",
    f"{N}/versions/1/matrix",
    f"{N}/commitments",
    "/record",
    "/login",
    "/no/such/page",
    "/api/v1/negotiations",
    "/api/v1/record/checkpoint",
)


@pytest.fixture
def client(demo_app: FastAPI) -> Iterator[TestClient]:
    secret, _ = accounts.create_token(demo_app.state.db, Actor("aron"), "tests")
    headers = {"Host": EVIL, "Authorization": f"Bearer {secret}"}
    with TestClient(demo_app, headers=headers, follow_redirects=False) as client:
        yield client


def _everything(response: object) -> bytes:
    """Headers and body, with the members of a ZIP file (DOCX, XLSX) unpacked."""
    headers = b"\n".join(f"{k}: {v}".encode() for k, v in response.headers.items())  # type: ignore[attr-defined]
    body: bytes = response.content  # type: ignore[attr-defined]
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"\n".join(archive.read(name) for name in archive.namelist())
    return headers + b"\n" + body


@pytest.mark.parametrize("path", GETS)
def test_a_forged_host_appears_nowhere(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code < 500
    assert EVIL.encode() not in _everything(answer)


def test_redirects_are_relative(client: TestClient) -> None:
    answer = client.get("/api/v1/negotiations/")
    assert answer.status_code in (307, 308)
    assert answer.headers["location"] == "/api/v1/negotiations"


def test_absolute_links_use_the_configured_base_url(demo_app: FastAPI) -> None:
    with TestClient(demo_app, headers={"Host": EVIL}) as client:
        secret, _ = accounts.create_token(demo_app.state.db, Actor("aron"), "tests")
        client.headers["Authorization"] = f"Bearer {secret}"
        assert (
            b"http://localhost:8000/negotiations/lysra-basin"
            in client.get(f"{N}/feed.atom").content
        )
    settings = dataclasses.replace(demo_app.state.settings, base_url="https://talks.example.org/")
    configured = create_app(settings, checkpointer=False)
    with TestClient(configured, headers={"Host": EVIL}) as client:
        client.headers["Authorization"] = f"Bearer {secret}"
        feed = client.get(f"{N}/feed.atom").content
    assert b'href="https://talks.example.org/negotiations/lysra-basin/feed.atom"' in feed
    assert EVIL.encode() not in feed
