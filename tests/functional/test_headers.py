"""Every answer carries the security headers; private ones are never stored by a cache."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from inwriting.http.headers import CSP
from inwriting.services.record import publish_checkpoint

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "inwriting" / "web" / "templates"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/login", 200),
        ("/negotiations/lysra-basin", 404),  # private: an error page is private too
        ("/api/v1/negotiations", 200),
        ("/api/v1/versions/1", 404),
        ("/record", 200),
        ("/static/style.css", 200),
    ],
)
def test_every_answer_carries_the_security_headers(
    demo_app: FastAPI, path: str, status: int
) -> None:
    with TestClient(demo_app) as client:
        got = client.get(path)
    assert got.status_code == status
    assert got.headers["content-security-policy"] == CSP
    assert got.headers["x-content-type-options"] == "nosniff"
    assert got.headers["referrer-policy"] == "same-origin"


def test_refusals_before_any_handler_carry_the_headers_and_a_request_id(
    demo_app: FastAPI,
) -> None:
    """The body limit and the early sign-in check answer before any route runs; their
    answers are logged and protected like every other."""
    with TestClient(demo_app) as client:
        anonymous = client.put("/api/v1/versions/1/draft", json={"party": "x"})
        too_large = client.put(
            "/api/v1/versions/1/draft",
            content=b"x" * (22 * 1024 * 1024),
            headers={"Authorization": "Bearer iw_not_a_token"},
        )
    assert (anonymous.status_code, too_large.status_code) == (401, 413)
    for got in (anonymous, too_large):
        assert got.headers["content-security-policy"] == CSP
        assert got.headers["cache-control"] == "no-store"
        assert got.headers["x-request-id"]


def test_the_policy_forbids_inline_script_and_style_and_framing() -> None:
    rules = dict(rule.split(" ", 1) for rule in CSP.split("; "))
    assert rules["script-src"] == rules["style-src"] == "'self'"
    assert rules["frame-ancestors"] == "'none'" and rules["object-src"] == "'none'"
    assert "unsafe" not in CSP


@pytest.mark.parametrize(
    "path", ["/", "/login", "/negotiations/lysra-basin", "/api/v1/negotiations", "/api/v1/x"]
)
def test_pages_and_api_answers_are_not_stored(demo_app: FastAPI, path: str) -> None:
    with TestClient(demo_app) as client:
        assert client.get(path).headers["cache-control"] == "no-store"


def test_public_files_may_be_cached(demo_app: FastAPI) -> None:
    publish_checkpoint(demo_app.state.db, demo_app.state.record_keys.get())
    with TestClient(demo_app) as client:
        assert "cache-control" not in client.get("/static/style.css").headers
        checkpoint = client.get("/record/checkpoint").headers["cache-control"]
    assert "no-store" not in checkpoint  # the record's public files say how long they keep


INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+\s*=|\sstyle\s*=|javascript:|hx-on", re.I)


def test_no_template_has_inline_script_style_or_handlers() -> None:
    """What the policy would block must not be written in the first place."""
    found = [
        f"{t.relative_to(TEMPLATES)}: {m.group(0)!r}"
        for t in TEMPLATES.rglob("*.html")
        for m in INLINE.finditer(t.read_text("utf-8"))
    ]
    assert not found
