"""What a caller may not read answers exactly like what does not exist (DESIGN rule 10).

Every GET route of the app that takes an id or a slug is found from the app's own routes, so
a new route is covered the day it is added; a route whose parameter this test cannot name
fails it until the parameter is classified below. For each route, as an anonymous visitor, as
a member of a party of *another* negotiation, and (for responses) as a member of another
party of the same negotiation, the answer for an existing but private thing must be the
answer for a non-existent one of the same shape: same status, same body (a page may echo the
caller's own request path, e.g. in its sign-in link; that echo is set aside), and no private
slug, party name or title in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.domain.clearance import Step
from inwriting.domain.negotiations import Role, Visibility
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.formats import parse_document
from inwriting.services import (
    accounts,
    clearance,
    commitments,
    documents,
    negotiations,
    parties,
    responses,
    users,
)
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.demo import ALDAVIA, BRENMARK, CORVINIA, DEMO_PASSWORD, load_demo
from inwriting.settings import Settings

PRIVATE, PUBLIC, NOWHERE = "lysra-basin", "open-talks", "lysra-basim"
ABSENT = 987654321
SECRETS = ("lysra", "Lysra", ALDAVIA, BRENMARK, CORVINIA, "Aldavian draft", "Aldavia")
# Routes outside the question: the record's tree and tiles are public by design (entries
# commit to names without revealing them), and these take no id of a negotiation's thing.
PUBLIC_RECORD = ("/record/", "/api/v1/record/")
# Path and query parameters by what they name; values that are not secret are fixed.
KINDS = {
    "slug": "negotiation",
    "negotiation": "negotiation",
    "version_id": "version",
    "old": "version",
    "new": "version",
    "response_id": "response",
    "commitment_id": "commitment",
    "pending_id": "pending",
}
# Kinds of path parameters only: a ``party`` query parameter is a filter (commitments), and a
# filter naming no party of a readable negotiation may say so.
PATH_KINDS = {"party": "party"}
# A party named in a URL: Corvinia, whose clearance chain and pending version are its own.
CORVINIA_IN_URL = CORVINIA.replace(" ", "%20")
FIXED = {"key": "art-1", "fmt": "docx", "q": "water", "language": "en"}  # q: a word the demo holds


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    tmp = tmp_path_factory.mktemp("confid")
    settings = Settings(database_url=f"sqlite:///{tmp / 'c.db'}", data_dir=tmp / "d")
    app = create_app(settings, checkpointer=False)
    db = app.state.db
    db.upgrade()
    demo = load_demo(db)
    draft = responses.save_draft(
        db,
        Actor("cleo"),
        demo.version_id,
        ResponseContent(CORVINIA, positions=(Position(PositionKind.ACCEPT, provision="art-1"),)),
    )
    clearance.set_chain(
        db, Actor("cato"), PRIVATE, CORVINIA, [Step("principal", 1, role=Role.PRINCIPAL)]
    )
    treaty = "# Corvinian text\n\n## Article 1\n\nWe propose.\n"
    pending = documents.table_version(
        db,
        Actor("cleo"),
        PRIVATE,
        CORVINIA,
        parse_document(treaty, format="markdown", source="c.md"),
    )
    negotiations.create_negotiation(
        db, OPERATOR, "Open talks", slug=PUBLIC, visibility=Visibility.PUBLIC
    )
    parties.add_party(db, OPERATOR, PUBLIC, "Guild")
    users.create_user(db, OPERATOR, "pat", "Pat")
    accounts.set_password(db, OPERATOR, "pat", DEMO_PASSWORD)
    parties.add_member(db, OPERATOR, PUBLIC, "Guild", "pat", Role.DRAFTER)
    text = "# Open text\n\n## Article 1\n\nAll agree.\n"
    public = documents.table_version(
        db, Actor("pat"), PUBLIC, "Guild", parse_document(text, format="markdown", source="o.md")
    )
    promised = commitments.list_commitments(db, OPERATOR, PRIVATE)[0].id
    ids = {
        "version": demo.version_id,
        "response": demo.response_id,
        "draft": draft.id,
        "commitment": promised,
        "public_version": public.id,
        "pending": pending.id,
    }
    with TestClient(app) as client:
        yield client, ids


def _as(client: TestClient, who: str) -> TestClient:
    client.cookies.clear()
    if who != "anonymous":
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert csrf is not None
        form = {"username": who, "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
        assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    return client


def _routes(client: TestClient) -> list[APIRoute]:
    """Every GET route of the app with an id or slug parameter, as the app routes them."""
    found = []
    stack: list[Any] = list(client.app.routes)  # type: ignore[attr-defined]
    while stack:
        route = stack.pop(0)
        if hasattr(route, "effective_candidates"):  # an included router
            stack[:0] = route.effective_candidates()
            continue
        if "GET" not in (getattr(route, "methods", None) or ()):
            continue
        path: str = route.path
        if not hasattr(route, "dependant"):  # a plain Starlette route: no parameters to name
            assert "{" not in path, f"{path}: a route this test cannot read"
            continue
        names = [p.name for p in route.dependant.path_params + route.dependant.query_params]
        if path.startswith(PUBLIC_RECORD) or not any(n in {**KINDS, **PATH_KINDS} for n in names):
            continue
        found.append(route)
    return found


def _url(route: Any, values: dict[str, str]) -> str:
    path: str = route.path
    query = []
    for param in route.dependant.path_params + route.dependant.query_params:
        name = param.name
        if name in PATH_KINDS and param in route.dependant.path_params:
            path = re.sub(r"\{" + name + r"(:[^}]*)?\}", values[PATH_KINDS[name]], path)
            continue
        if name not in KINDS and name not in FIXED:
            if param in route.dependant.query_params and not param.field_info.is_required():
                continue
            pytest.fail(f"{route.path}: classify parameter {name!r} in KINDS or FIXED")
        value = values[KINDS[name]] if name in KINDS else FIXED[name]
        if param in route.dependant.path_params:
            path = re.sub(r"\{" + name + r"(:[^}]*)?\}", value, path)
        else:
            query.append(f"{name}={value}")
    return path + ("?" + "&".join(query) if query else "")


def _answer(client: TestClient, url: str) -> tuple[int, str]:
    got = client.get(url, follow_redirects=False)
    return got.status_code, got.text.replace(url.split("?")[0], "{path}")


def _scenarios(ids: dict[str, int], who: str) -> list[tuple[dict[str, str], dict[str, str]]]:
    """(hidden, missing) values: everything private; a public negotiation with private
    things in it; and, for a member of another party, that party's draft."""
    if who == "aron":  # a participant: only Corvinia's draft and own affairs are hidden
        hidden = {"negotiation": PRIVATE, "version": str(ids["version"])}
        return [
            (
                {
                    **hidden,
                    "response": str(ids["draft"]),
                    "pending": str(ids["pending"]),
                    "party": CORVINIA_IN_URL,
                },
                {**hidden, "response": str(ABSENT), "pending": str(ABSENT), "party": "Nowhere"},
            ),
        ]
    secret = {
        "version": str(ids["version"]),
        "response": str(ids["response"]),
        "commitment": str(ids["commitment"]),
        "pending": str(ids["pending"]),
    }
    absent = dict.fromkeys(secret, str(ABSENT))
    secret["party"], absent["party"] = CORVINIA_IN_URL, "Nowhere"
    return [
        ({"negotiation": PRIVATE, **secret}, {"negotiation": NOWHERE, **absent}),
        ({"negotiation": PUBLIC, **secret}, {"negotiation": PUBLIC, **absent}),
    ]


def _differences(
    client: TestClient, route: Any, hidden: dict[str, str], missing: dict[str, str], who: str
) -> list[object]:
    seen = _answer(client, _url(route, hidden))
    expected = _answer(client, _url(route, missing))
    found: list[object] = []
    if seen != expected:
        found.append((route.path, hidden["negotiation"], seen, expected))
    secrets = (CORVINIA,) if who == "aron" else SECRETS  # aron may read all but the draft
    leaked = [s for s in secrets if s in seen[1]]
    if leaked:
        found.append((route.path, hidden["negotiation"], "leaks", leaked))
    return found


@pytest.mark.parametrize("who", ["anonymous", "pat", "aron"])
def test_a_hidden_thing_answers_exactly_like_a_missing_one(
    site: tuple[TestClient, dict[str, int]], who: str
) -> None:
    client, ids = site
    routes = _routes(client)
    assert len(routes) >= 25  # the enumeration found the app's routes
    paths = {r.path for r in routes}
    assert {"/negotiations/{slug}/pending/{pending_id}", "/api/v1/pending-versions/{pending_id}",
            "/negotiations/{slug}/parties/{party}/clearance"} <= paths  # fmt: skip
    client = _as(client, who)
    differences = []
    for route in routes:
        if who == "aron" and not any(w in route.path for w in ("response", "pending", "clearance")):
            continue
        for hidden, missing in _scenarios(ids, who):
            differences += _differences(client, route, hidden, missing, who)
    assert not differences, differences


def test_comparing_with_a_private_version_answers_like_a_missing_one(
    site: tuple[TestClient, dict[str, int]],
) -> None:
    """A public version beside a private one: the private one's existence stays hidden."""
    client, ids = site
    client = _as(client, "pat")
    for base in ("/api/v1/compare", f"/negotiations/{PUBLIC}/compare"):
        hidden = f"{base}?old={ids['public_version']}&new={ids['version']}"
        missing = f"{base}?old={ids['public_version']}&new={ABSENT}"
        assert _answer(client, hidden) == _answer(client, missing)
        assert _answer(client, hidden)[0] == 404


def test_not_found_names_the_kind_asked_for_and_nothing_else(
    site: tuple[TestClient, dict[str, int]],
) -> None:
    client, ids = site
    got = _as(client, "anonymous").get(f"/api/v1/versions/{ids['version']}")
    assert got.status_code == 404
    assert got.json() == {
        "error": {"code": "not_found", "message": "no such version", "details": []}
    }
