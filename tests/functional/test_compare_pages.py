"""The compare page: pick any two versions one may read — of one document, of two
documents, of two negotiations — and read their redline or their concordance. Versions are
named by document and per-document number ("Draft 2"); a private negotiation's versions are
neither offered nor shown to outsiders, and answer like versions that do not exist."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.domain.negotiations import Role, Visibility
from inwriting.formats import read_document
from inwriting.services import documents, negotiations, parties, users
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.demo import load_demo
from inwriting.settings import Settings
from tests.conftest import REPO

DATA = REPO / "tests" / "data" / "concordance"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    tmp = tmp_path_factory.mktemp("compare")
    app = create_app(
        Settings(database_url=f"sqlite:///{tmp / 'c.db'}", data_dir=tmp / "d"), checkpointer=False
    )
    db = app.state.db
    db.upgrade()
    load_demo(db, public=True)
    users.create_user(db, OPERATOR, "gnu", "GNU drafter")
    for slug, visibility in (("licences", Visibility.PUBLIC), ("secret", Visibility.PRIVATE)):
        negotiations.create_negotiation(
            db, OPERATOR, slug.title(), slug=slug, visibility=visibility
        )
        parties.add_party(db, OPERATOR, slug, "FSF")
        parties.add_member(db, OPERATOR, slug, "FSF", "gnu", Role.DRAFTER)
    gpl2, gpl3 = read_document(DATA / "gpl-2.0.txt"), read_document(DATA / "gpl-3.0.txt")
    first = documents.table_version(db, Actor("gnu"), "licences", "FSF", gpl2)
    documents.table_version(db, Actor("gnu"), "licences", "FSF", gpl3, document=first.document)
    documents.table_version(db, Actor("gnu"), "secret", "FSF", gpl3, label="Hidden draft")
    with TestClient(app) as c:
        yield c


def _options(page: str, name: str) -> dict[str, str]:
    select = re.search(rf'<select id="pick-{name}".*?</select>', page, re.S)
    assert select is not None
    return dict(re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select.group()))


def test_without_versions_the_page_offers_every_readable_version_by_name(
    client: TestClient,
) -> None:
    page = client.get("/compare")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    offered = _options(page.text, "old")
    names = sorted(offered.values())
    assert "GNU General Public License, Version 2, Draft 1" in names
    assert "GNU General Public License, Version 2, Draft 2" in names
    assert any("Draft 1 (Aldavian draft)" in n for n in names)
    assert not any("Hidden" in n for n in names)  # a private negotiation's version
    assert all(re.search(r"Draft \d+", n) for n in names)


def test_the_negotiation_compare_page_without_versions_leads_to_the_picker(
    client: TestClient,
) -> None:
    page = client.get("/negotiations/lysra-basin/compare", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/compare")
    assert client.get("/negotiations/lysra-basin/compare").status_code == 200


def _ids(client: TestClient) -> dict[str, str]:
    return {v: k for k, v in _options(client.get("/compare").text, "old").items()}


def test_a_redline_across_negotiations_names_both_versions(client: TestClient) -> None:
    ids = _ids(client)
    demo = next(k for n, k in ids.items() if "Aldavian" in n)
    gpl3 = ids["GNU General Public License, Version 2, Draft 2"]
    page = client.get(f"/compare?old={demo}&new={gpl3}")
    assert page.status_code == 200
    assert (
        "Redline: " in page.text and "→ GNU General Public License, Version 2, Draft 2" in page.text
    )
    assert "<ins" in page.text and "<del" in page.text
    assert f'<option value="{gpl3}" selected>' in page.text  # the picker keeps the choice


def test_a_concordance_links_rows_with_scores_and_a_diff_on_demand(client: TestClient) -> None:
    ids = _ids(client)
    old = ids["GNU General Public License, Version 2, Draft 1"]
    new = ids["GNU General Public License, Version 2, Draft 2"]
    page = client.get(f"/compare?old={old}&new={new}&view=concordance")
    assert page.status_code == 200
    rows = re.findall(r"<tr>.*?</tr>", page.text, re.S)
    verbatim = next(r for r in rows if "Conveying Verbatim Copies" in r)
    assert "<strong>1.</strong>" in verbatim  # v3 §4 linked to v2 §1
    assert re.search(r"<td>0\.\d\d</td>", verbatim)
    assert "<details><summary>Word diff</summary>" in verbatim
    patents = next(r for r in rows if "<strong>11. — Patents</strong>" in r)
    assert "no counterpart" in patents
    assert "14 links" in page.text


def test_a_version_one_may_not_read_answers_like_one_that_does_not_exist(
    client: TestClient,
) -> None:
    ids = _ids(client)
    gpl3 = ids["GNU General Public License, Version 2, Draft 2"]
    hidden = client.get(f"/compare?old=4&new={gpl3}")  # the secret negotiation's version
    missing = client.get(f"/compare?old=999999&new={gpl3}")
    assert hidden.status_code == missing.status_code == 404
    assert "Hidden" not in hidden.text and "secret" not in hidden.text
    assert hidden.text.replace("version 4", "version 999999") == missing.text


def test_every_version_page_links_to_the_picker(client: TestClient) -> None:
    page = client.get("/negotiations/licences/versions/2")
    assert 'href="/compare?new=2"' in page.text


def test_the_api_gives_the_concordance_the_cli_prints(client: TestClient) -> None:
    ids = _ids(client)
    old = ids["GNU General Public License, Version 2, Draft 1"]
    new = ids["GNU General Public License, Version 2, Draft 2"]
    answer = client.get(f"/api/v1/concordance?old={old}&new={new}")
    assert answer.status_code == 200
    data = answer.json()
    assert set(data) == {"links", "only_old", "only_new"}
    assert {"old_key": "art-1", "new_key": "art-4"}.items() <= next(
        x for x in data["links"] if x["new_key"] == "art-4"
    ).items()
    assert "art-17" in data["only_new"]
    hidden = client.get(f"/api/v1/concordance?old=4&new={new}")
    missing = client.get(f"/api/v1/concordance?old=999999&new={new}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"]["code"] == missing.json()["error"]["code"]
    assert "secret" not in hidden.text
