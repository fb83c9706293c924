"""A matrix too large for one page (25 parties, 120 articles) opens on a heat map, a line per
provision counting each position in words, and shows the full table a page at a time; every
page changes as soon as a party answers again, and a page that is not there is a clear 404."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.domain.negotiations import Role, Visibility
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.formats import parse_document
from inwriting.services import documents, negotiations, parties, requests, responses, users
from inwriting.services.actors import OPERATOR, Actor
from inwriting.settings import Settings
from inwriting.storage.engine import Database

ARTICLES, PARTIES = 120, 25
M = "/negotiations/big/versions/1/matrix"
ROW = re.compile(r'<tr>\s*<th scope="row"><a href="[^"]*/provisions/(art-\d+)">.*?</tr>', re.S)


def _answer(party: str, amend: int | None = None) -> ResponseContent:
    """Accept everything; party "P01" rejects Article 1; ``amend`` an article to amend."""
    positions = []
    for n in range(1, ARTICLES + 1):
        if n == amend:
            positions.append(Position(PositionKind.AMEND, f"art-{n}", text="New.", reason="R."))
        elif n == 1 and party == "P01":
            positions.append(Position(PositionKind.REJECT, "art-1", reason="No."))
        else:
            positions.append(Position(PositionKind.ACCEPT, f"art-{n}"))
    return ResponseContent(party, positions=tuple(positions))


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    tmp = tmp_path_factory.mktemp("big")
    app = create_app(
        Settings(database_url=f"sqlite:///{tmp / 'b.db'}", data_dir=tmp / "d"), checkpointer=False
    )
    app.state.db.upgrade()
    assert build_big(app.state.db) == 1
    with TestClient(app) as c:
        yield c


def build_big(db: Database) -> int:
    """The public negotiation "big": 120 articles, 25 parties asked, all but the last
    answered (accepting all; P01 rejects Article 1). Returns its version's id."""
    negotiations.create_negotiation(db, OPERATOR, "Big", slug="big", visibility=Visibility.PUBLIC)
    names = [f"P{i:02d}" for i in range(1, PARTIES + 1)]
    for party in ["Tabler", *names]:
        users.create_user(db, OPERATOR, party.lower(), party)
        parties.add_party(db, OPERATOR, "big", party)
        parties.add_member(db, OPERATOR, "big", party, party.lower(), Role.PRINCIPAL)
    body = "\n".join(f"## Article {n}\n\nThing {n}.\n" for n in range(1, ARTICLES + 1))
    parsed = parse_document(f"# Big\n\n{body}", format="markdown", source="big.md")
    version = documents.table_version(db, Actor("tabler"), "big", "Tabler", parsed, label="V1")
    due = datetime.now(UTC) + timedelta(days=9)
    requests.create_request(db, Actor("tabler"), version.id, "Tabler", names, due)
    for party in names[:-1]:  # the last party has not answered
        who = Actor(party.lower())
        saved = responses.save_draft(db, who, version.id, _answer(party))
        responses.submit_response(db, who, saved.id)
    return version.id


def _cells(row: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)


def test_a_large_matrix_opens_on_a_heat_map_with_the_counts_in_words(client: TestClient) -> None:
    page = client.get(M).text
    rows = {m.group(1): m.group(0) for m in ROW.finditer(page)}
    assert len(rows) == ARTICLES
    assert '<th scope="col">P01</th>' not in page  # no party columns on the first screen
    # accept, exception, amend, reject, delete, none, then the state
    assert [c.split("<")[0].strip() for c in _cells(rows["art-1"])][:6] == [
        "23", "0", "0", "1", "0", "1"
    ]  # fmt: skip
    assert 'class="pos-accept h4"' in rows["art-2"]  # 24 of 25: the deepest shade, and 24
    assert "open" in _cells(rows["art-1"])[6] and "unanswered" in _cells(rows["art-2"])[6]
    assert "?parties=2&amp;provisions=1" in page and "?parties=1&amp;provisions=2" in page


def test_the_full_table_is_shown_a_page_at_a_time(client: TestClient) -> None:
    first = client.get(f"{M}?parties=1&provisions=1").text
    columns = re.findall(r'<th scope="col">(P\d\d)</th>', first)
    assert columns == [f"P{i:02d}" for i in range(1, 21)]
    assert len(ROW.findall(first)) == 100
    last = client.get(f"{M}?parties=2&provisions=2").text
    assert re.findall(r'<th scope="col">(P\d\d)</th>', last) == [f"P{i:02d}" for i in range(21, 26)]
    assert ROW.findall(last) == [f"art-{n}" for n in range(101, 121)]
    assert "— none" in last  # P25's column
    partial = client.get(f"{M}?parties=2", headers={"HX-Request": "true"})
    assert partial.text.startswith('<div id="matrix">') and "<html" not in partial.text


@pytest.mark.parametrize("query", ["parties=3", "parties=0", "provisions=3", "parties=-1"])
def test_a_page_that_is_not_there_is_not_found(client: TestClient, query: str) -> None:
    reply = client.get(f"{M}?{query}")
    assert reply.status_code == 404
    assert "no page" in reply.text


def test_every_page_changes_as_soon_as_a_party_answers_again(client: TestClient) -> None:
    pages = [M, f"{M}?parties=1&provisions=1", f"{M}?parties=2&provisions=2"]
    before = [client.get(p).text for p in pages]
    assert [client.get(p).text for p in pages] == before  # kept while nothing changes
    db = client.app.state.db  # type: ignore[attr-defined]
    who = Actor("p25")
    saved = responses.save_draft(db, who, 1, _answer("P25", amend=110))
    responses.submit_response(db, who, saved.id)
    after = [client.get(p).text for p in pages]
    assert all(a != b for a, b in zip(after, before, strict=True))
    heat = {m.group(1): m.group(0) for m in ROW.finditer(after[0])}
    assert [c.split("<")[0].strip() for c in _cells(heat["art-110"])][:6] == [
        "24", "0", "1", "0", "0", "0"
    ]  # fmt: skip
    assert "✎ amend" in {m.group(1): m.group(0) for m in ROW.finditer(after[2])}["art-110"]
