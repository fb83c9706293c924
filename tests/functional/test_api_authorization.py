"""Who may call what in the JSON API: every operation of ``/openapi.json``, role by role, with
bearer tokens.

Roles in the demo negotiation (private): anonymous; ``aron`` (drafter of Aldavia, which
tabled version 1: another party); ``oskar`` (observer of Corvinia); ``cleo`` (drafter of
Corvinia); ``cato`` (principal of Corvinia); ``root`` (an administrator in no party).
Corvinia has a complete private draft (``draft``), Brenmark a submitted response (``sent``);
version 2 is derived from version 1. Reads share one site; each write runs on a fresh copy
of it, so what one role did cannot change what the next one gets.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import inwriting.demo
from inwriting.domain.clearance import Step
from inwriting.domain.derivation import Action, Choice
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.formats import parse_document
from inwriting.services import (
    accounts,
    clearance,
    commitments,
    derivation,
    documents,
    notifications,
    record,
    responses,
    users,
)
from inwriting.services.actors import OPERATOR, Actor
from tests.conftest import copy_demo

ROLES = ("anonymous", "aron", "oskar", "cleo", "cato", "root")
ALDAVIA, BRENMARK, CORVINIA = (
    "Republic of Aldavia",
    "Kingdom of Brenmark",
    "Federal Republic of Corvinia",
)
N = "/api/v1/negotiations/lysra-basin"
ALDAVIA_IN_URL, CORVINIA_IN_URL = ALDAVIA.replace(" ", "%20"), CORVINIA.replace(" ", "%20")
DUE = (datetime.now(UTC) + timedelta(days=30)).isoformat()
MADE = (datetime.now(UTC) - timedelta(days=1)).isoformat()
SOURCE = {"kind": "meeting", "citation": "Round 3", "quote": "We will publish them."}
TREATY = ("treaty.md", b"# Treaty\n\n## Article 1\n\nThis applies.\n")
# The demo draft in "Dutch": the same structure under other headings, so it aligns.
DUTCH = (
    "lysra.nl.md",
    (Path(inwriting.demo.__file__).parent / "draft.md")
    .read_bytes()
    .replace(b"Article", b"Artikel"),
)
ANSWER = (
    "answer.yaml",
    f"{{party: {CORVINIA}, positions: [{{provision: art-1, position: accept}}]}}".encode(),
)


class Site:
    """A copy of the demo prepared for this matrix, and what its tests need to know of it."""

    def __init__(self, folder: Path, ids: dict[str, int], tokens: dict[str, str]) -> None:
        self.folder, self.ids, self.tokens = folder, ids, tokens

    def headers(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role in self.tokens else {}


@pytest.fixture(scope="module")
def site(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Site:
    folder = tmp_path_factory.mktemp("api-authz") / "site"
    app = copy_demo(demo_template, folder)
    db = app.state.db
    users.create_user(db, OPERATOR, "root", "Root", is_admin=True)
    text = documents.get_version(db, Actor("cleo"), 1)
    complete = ResponseContent(
        CORVINIA,
        positions=tuple(
            Position(PositionKind.ACCEPT, provision=p.key) for p in text.provisions if p.answerable
        ),
    )
    draft = responses.save_draft(db, Actor("cleo"), 1, complete)
    derived = derivation.derive_version(db, Actor("aron"), 1, [Choice("art-8", Action.DELETE)])
    dam = next(
        c for c in commitments.list_commitments(db, OPERATOR, "lysra-basin") if "dam" in c.text
    )
    # Aldavia clears its texts: a review by aron, then tabled. ana proposed this one.
    clearance.set_chain(
        db, Actor("ana"), "lysra-basin", ALDAVIA, [Step("review", 1, members=("aron",))]
    )
    pending = documents.table_version(
        db,
        Actor("ana"),
        "lysra-basin",
        ALDAVIA,
        parse_document(TREATY[1].decode(), format="markdown"),
    )
    tokens = {r: accounts.create_token(db, Actor(r), "matrix")[0] for r in ROLES[1:]}
    oskars = accounts.list_tokens(db, Actor("oskar"))[0].id
    size = record.publish_checkpoint(db, app.state.record_keys.get()).size
    db.dispose()
    ids = {"draft": draft.id, "sent": 1, "new": derived.id, "dam": dam.id, "token": oskars}
    ids["pending"] = pending.id
    ids["sent_entry"] = responses.get_response(db, OPERATOR, 1).record_index or 0
    ids["dam_entry"] = dam.record_index or 0
    ids["size"] = size
    ids["notice"] = notifications.list_notifications(db, Actor("cleo"))[0].id
    return Site(folder, ids, tokens)


@pytest.fixture(scope="module")
def reader(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = copy_demo(site.folder, tmp_path_factory.mktemp("api-authz-reads") / "site")
    with TestClient(app) as client:
        yield client


# (path, expected status per role in ROLES order). A private negotiation answers outsiders
# 404, exactly like one that does not exist; a draft is its party's (and its observers').
READS = [
    ("/api/v1/negotiations", (200, 200, 200, 200, 200, 200)),
    (N, (404, 200, 200, 200, 200, 200)),
    (f"{N}/documents", (404, 200, 200, 200, 200, 200)),
    (f"{N}/requests", (404, 200, 200, 200, 200, 200)),
    (f"{N}/commitments", (404, 200, 200, 200, 200, 200)),
    (f"{N}/commitments/{{dam}}", (404, 200, 200, 200, 200, 200)),
    ("/negotiations/lysra-basin/feed.atom", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/versions/1", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/versions/1/matrix", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/versions/1/provisions/art-5", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/versions/1/responses", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/versions/1/consolidated", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/versions/1/languages", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/versions/1/languages/en", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/versions/1/divergences", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/compare?old=1&new={new}", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/concordance?old=1&new={new}", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/search?q=water", (200, 200, 200, 200, 200, 200)),  # hits only from what one may read
    ("/api/v1/search?q=water&negotiation=lysra-basin", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/responses/{draft}", (404, 404, 200, 200, 200, 404)),
    ("/api/v1/responses/{sent}", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/admin/users", (401, 403, 403, 403, 403, 200)),
    ("/api/v1/account/tokens", (401, 200, 200, 200, 200, 200)),
    ("/api/v1/notifications?unread=true", (401, 200, 200, 200, 200, 200)),
    ("/api/v1/account/notifications", (401, 200, 200, 200, 200, 200)),
    ("/api/v1/record/checkpoint", (200, 200, 200, 200, 200, 200)),
    ("/api/v1/record/key", (200, 200, 200, 200, 200, 200)),
    ("/api/v1/record/proof/inclusion?index=0", (200, 200, 200, 200, 200, 200)),
    ("/api/v1/record/proof/consistency?old=1", (200, 200, 200, 200, 200, 200)),
    ("/api/v1/record/entries?start=0&end=2", (200, 200, 200, 200, 200, 200)),
    ("/record/checkpoint", (200, 200, 200, 200, 200, 200)),
    ("/record/tile/0/000.p/{size}", (200, 200, 200, 200, 200, 200)),
    # receipts and openings follow read access to what the entry records, whichever party
    # acted (Brenmark's response; a promise of another party); outsiders: as for no entry
    ("/api/v1/record/entries/{sent_entry}/receipt", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/record/entries/{dam_entry}/receipt", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/record/entries/{sent_entry}/opening", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/record/entries/{dam_entry}/opening", (404, 200, 200, 200, 200, 200)),
    ("/api/v1/record/entries/999999/opening", (404, 404, 404, 404, 404, 404)),
    # a party's clearance chain and pending texts are its members' alone
    (f"{N}/parties/{ALDAVIA_IN_URL}/clearance", (404, 200, 404, 404, 404, 404)),
    ("/api/v1/clearance/awaiting", (401, 200, 200, 200, 200, 200)),
    ("/api/v1/responses/{draft}/clearance", (404, 404, 200, 200, 200, 404)),
    ("/api/v1/pending-versions/{pending}", (404, 200, 404, 404, 404, 404)),
]

CHAIN = {"steps": [{"name": "principal", "role": "principal"}]}
MEMBER = {"negotiation": "lysra-basin", "party": CORVINIA, "username": "aron", "role": "observer"}
STATUS = {"status": "broken", "rationale": "Construction began.", "evidence": {"citation": "x"}}
# (method, path, JSON body or multipart form and file, expected status per role).
WRITES: list[tuple[str, str, Any, tuple[int, ...]]] = [
    (
        "post",
        "/api/v1/versions/1/requests",
        {"party": CORVINIA, "ask": [ALDAVIA], "due_at": DUE},
        (401, 403, 403, 201, 201, 403),
    ),
    ("put", "/api/v1/versions/1/draft", {"party": CORVINIA}, (401, 403, 403, 200, 200, 403)),
    (
        "post",
        "/api/v1/versions/1/draft/file",
        ({"party": CORVINIA}, ANSWER),
        (401, 403, 403, 200, 200, 403),
    ),
    ("post", "/api/v1/responses/{draft}/approve", None, (401, 404, 403, 403, 200, 404)),
    ("post", "/api/v1/responses/{draft}/submit", None, (401, 404, 403, 403, 200, 404)),
    ("post", f"{N}/versions", ({"party": CORVINIA}, TREATY), (401, 403, 403, 201, 201, 403)),
    ("post", "/api/v1/versions/1/derive", {"choices": []}, (401, 201, 403, 403, 403, 201)),
    # a language text is added by the party that tabled the version (Aldavia: aron)
    (
        "post",
        "/api/v1/versions/1/languages",
        ({"language": "nl"}, DUTCH),
        (401, 201, 403, 403, 403, 403),
    ),
    (
        "post",
        f"{N}/commitments",
        {"party": BRENMARK, "text": "Publish.", "source": SOURCE, "made_at": MADE},
        (401, 201, 403, 201, 201, 201),
    ),
    ("post", f"{N}/commitments/{{dam}}/status", STATUS, (401, 403, 403, 403, 200, 200)),
    (
        "post",
        "/api/v1/admin/users",
        {"username": "nia", "password": "a long password"},
        (401, 403, 403, 403, 403, 201),
    ),
    ("post", "/api/v1/admin/negotiations", {"title": "Fisheries"}, (401, 403, 403, 403, 403, 201)),
    (
        "post",
        "/api/v1/admin/parties",
        {"negotiation": "lysra-basin", "name": "Delta"},
        (401, 403, 403, 403, 403, 201),
    ),
    ("post", "/api/v1/admin/members", MEMBER, (401, 403, 403, 403, 403, 201)),
    ("post", "/api/v1/account/tokens", {"name": "mine"}, (401, 201, 201, 201, 201, 201)),
    ("delete", "/api/v1/account/tokens/{token}", None, (401, 404, 204, 404, 404, 204)),
    ("post", "/api/v1/notifications/read", None, (401, 200, 200, 200, 200, 200)),
    # a notification is its user's alone: an administrator cannot read it for them either
    ("post", "/api/v1/notifications/{notice}/read", None, (401, 404, 404, 200, 404, 404)),
    ("put", "/api/v1/account/notifications", {"delivery": "off"}, (401, 200, 200, 200, 200, 200)),
    ("put", f"{N}/parties/{CORVINIA_IN_URL}/clearance", CHAIN, (401, 404, 403, 403, 200, 404)),
    ("post", "/api/v1/pending-versions/{pending}/clear", None, (401, 200, 404, 404, 404, 404)),
    ("put", "/api/v1/pending-versions/{pending}", ({}, TREATY), (401, 200, 404, 404, 404, 404)),
]


@pytest.mark.parametrize(("path", "expected"), READS)
def test_each_read_answers_each_role_as_allowed(
    site: Site, reader: TestClient, path: str, expected: tuple[int, ...]
) -> None:
    url = path.format(**site.ids)
    got = tuple(reader.get(url, headers=site.headers(role)).status_code for role in ROLES)
    assert got == expected, dict(zip(ROLES, got, strict=True))


@pytest.mark.parametrize(("method", "path", "body", "expected"), WRITES)
def test_each_write_answers_each_role_as_allowed(
    site: Site,
    tmp_path: Path,
    method: str,
    path: str,
    body: Any,
    expected: tuple[int, ...],
) -> None:
    url = path.format(**site.ids)
    got = []
    for role in ROLES:
        app = copy_demo(site.folder, tmp_path / role)
        with TestClient(app) as client:
            response = client.request(method, url, headers=site.headers(role), **_body(body))
        got.append(response.status_code)
        if response.status_code >= 400:
            assert response.json()["error"]["message"], response.text
    assert tuple(got) == expected, dict(zip(ROLES, got, strict=True))


def _body(body: Any) -> dict[str, Any]:
    if isinstance(body, tuple):
        form, file = body
        return {"data": form, "files": {"file": file}}
    return {} if body is None else {"json": body}


def test_the_matrix_covers_every_operation_of_the_schema(site: Site, reader: TestClient) -> None:
    schema = reader.get("/openapi.json").json()
    operations = {(m, p) for p, item in schema["paths"].items() for m in item}
    called = [("get", p) for p, _ in READS] + [(m, p) for m, p, *_ in WRITES]
    covered = {
        (method, template)
        for method, template in operations
        for m, path in called
        if m == method and _matches(template, path.format(**site.ids).split("?")[0])
    }
    assert sorted(operations - covered) == []


def _matches(template: str, path: str) -> bool:
    """Whether ``path`` is an instance of the schema's ``template`` (``{name}`` is a segment,
    ``{path}`` the rest)."""
    pattern = re.sub(r"\{path\}", ".+", template)
    pattern = re.sub(r"\{\w+\}", "[^/]+", pattern)
    return re.fullmatch(pattern, path) is not None
