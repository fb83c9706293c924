"""A tabled text on its pages: a table in a provision is shown as a table, cells escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.services import documents
from inwriting.services.actors import Actor
from inwriting.services.demo import load_demo
from inwriting.settings import Settings
from tests.conftest import DATA

SOURCE = DATA / "formats" / "protocol-notes-and-table.md"
HOSTILE = b"\n## Article 9\n\n| <script>alert(1)</script> | x |\n| --- | --- |\n| a | b |\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    tmp = tmp_path_factory.mktemp("text-pages")
    app = create_app(
        Settings(database_url=f"sqlite:///{tmp / 't.db'}", data_dir=tmp / "d"), checkpointer=False
    )
    app.state.db.upgrade()
    load_demo(app.state.db, public=True)  # readable by anyone: no sign-in needed to read
    data = SOURCE.read_bytes() + HOSTILE
    version = documents.table_file(
        app.state.db, Actor("aron"), "lysra-basin", "Republic of Aldavia", SOURCE.name, data
    )
    with TestClient(app) as client:
        yield client, f"/negotiations/lysra-basin/versions/{version.id}"


def _table(html: str) -> str:
    found = re.search(r'<table class="text-table">.*?</table>', html, re.S)
    assert found, "no table in the page"
    return found.group()


@pytest.mark.parametrize("path", ["", "/provisions/art-2bis"])
def test_a_table_in_a_provision_is_shown_as_a_table(
    site: tuple[TestClient, str], path: str
) -> None:
    client, version = site
    page = client.get(version + path)
    assert page.status_code == 200
    table = _table(page.text)
    assert '<th scope="col">Party</th><th scope="col">Central authority</th>' in table
    assert "<td>Germany</td><td>Federal Office of Justice</td>" in table
    assert "| France |" not in page.text


def test_table_cells_are_escaped(site: tuple[TestClient, str]) -> None:
    client, version = site
    page = client.get(f"{version}/provisions/art-9")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in _table(page.text)
    assert "<script>alert(1)" not in page.text


@pytest.mark.parametrize("path", ["", "/provisions/art-1"])
def test_a_footnote_is_shown_as_a_note_of_its_provision(
    site: tuple[TestClient, str], path: str
) -> None:
    client, version = site
    page = client.get(version + path).text
    call = '<sup class="note-call"><a href="#note-art-1-1">1</a></sup>'
    assert f"<p>This Protocol amends the Convention.{call}</p>" in page
    assert '<p id="note-art-1-1"><sup>1</sup> As signed at Strasbourg on 1 May 2020.</p>' in page
    assert "Article 1 — " not in page  # the sentence is no heading
    assert "[^1]" not in page
