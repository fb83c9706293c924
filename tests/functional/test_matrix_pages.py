"""The agreement matrix and the provision page: what a participant reads, what changes when a
party answers, and what hostile text in an answer turns into."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.services import responses
from inwriting.services.actors import Actor
from inwriting.services.demo import load_demo
from inwriting.settings import Settings

N = "/negotiations/lysra-basin/versions/1"
HOSTILE = '<script>alert("x")</script> [click](javascript:alert(1)) <img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    tmp = tmp_path_factory.mktemp("matrix")
    app = create_app(
        Settings(database_url=f"sqlite:///{tmp / 'm.db'}", data_dir=tmp / "d"), checkpointer=False
    )
    app.state.db.upgrade()
    load_demo(app.state.db, public=True)  # readable by anyone: no sign-in needed to read
    with TestClient(app) as c:
        yield c


def _corvinia_answers(client: TestClient) -> None:
    """Corvinia answers every article: accepts, but amends Article 2 with hostile text."""
    db = client.app.state.db  # type: ignore[attr-defined]
    keys = [f"art-{n}" for n in range(1, 11)]
    positions = [
        Position(PositionKind.AMEND, key, text=f"Shall cooperate. {HOSTILE}", reason=HOSTILE)
        if key == "art-2"
        else Position(PositionKind.ACCEPT, key)
        for key in ["preamble", *keys, "closing"]
    ]
    draft = ResponseContent("Federal Republic of Corvinia", positions=tuple(positions))
    saved = responses.save_draft(db, Actor("cleo"), 1, draft)
    responses.submit_response(db, Actor("cato"), saved.id)


def test_the_matrix_changes_as_soon_as_a_party_answers(client: TestClient) -> None:
    before = client.get(f"{N}/matrix")
    assert before.status_code == 200
    assert client.get(f"{N}/matrix").text == before.text  # the same page while nothing changed
    _corvinia_answers(client)
    after = client.get(f"{N}/matrix")
    assert after.text != before.text
    rows = re.findall(r"<tr>.*?</tr>", after.text, re.S)
    article_2 = next(r for r in rows if "/provisions/art-2" in r)
    assert "✎ amend" in article_2
    partial = client.get(f"{N}/matrix", headers={"HX-Request": "true"})
    assert partial.text.startswith('<div id="matrix">') and "<html" not in partial.text


def test_the_provision_page_shows_each_amendment_as_a_redline(client: TestClient) -> None:
    page = client.get(f"{N}/provisions/art-5")
    assert page.status_code == 200
    text = page.text
    assert "Kingdom of Brenmark: ✎ proposes an amendment" in text
    assert re.search(r'<ins [^>]*data-author="Kingdom of Brenmark"', text)
    assert "<del " in text  # "discuss compensation" struck through
    assert "creates no obligation" in text  # the reason, rendered
    assert 'rel="prev"' in text and 'rel="next"' in text


def test_hostile_text_in_an_answer_is_shown_inert(client: TestClient) -> None:
    if "Federal Republic of Corvinia: ✎" not in client.get(f"{N}/provisions/art-2").text:
        _corvinia_answers(client)  # when run alone
    text = client.get(f"{N}/provisions/art-2").text
    assert "Federal Republic of Corvinia: ✎ proposes an amendment" in text
    assert "<script" not in text.replace('<script src="/static/', "")
    assert not re.search(r"<[^>]*\sonerror=", text)  # no live attribute in any tag
    assert 'href="javascript:' not in text
    assert "&lt;script&gt;" in text  # the amendment's text, escaped inside the redline


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"{N}/provisions/art-99", 404),  # no such provision
        (f"{N}/provisions/ch-1", 404),  # a chapter heading is not answered
        ("/negotiations/other/versions/1/provisions/art-1", 404),  # the wrong negotiation
        ("/negotiations/lysra-basin/versions/99/provisions/art-1", 404),
    ],
)
def test_a_provision_that_is_not_there_is_not_found(
    client: TestClient, path: str, status: int
) -> None:
    assert client.get(path).status_code == status
