"""Language texts on the pages: the tabling party adds one from the version page; the
document and provision pages show the languages side by side (choose which) with the
positions once beside them, and flag the divergences; a translation that does not line up
is refused, naming the provision, and nothing is added."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

import inwriting.demo
from inwriting.services.demo import DEMO_PASSWORD

DRAFT = (Path(inwriting.demo.__file__).parent / "draft.md").read_text(encoding="utf-8")
# The demo draft "in Dutch": other headings, the same structure, one planted divergence (the
# preamble's 1992 Helsinki Convention becomes 1993).
DUTCH = DRAFT.replace("Article", "Artikel").replace("17 March 1992", "17 March 1993")
V1 = "/negotiations/lysra-basin/versions/1"


def _sign_in(client: TestClient, who: str) -> str:
    client.cookies.clear()
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert csrf is not None
    form = {"username": who, "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    page = client.get(V1).text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token is not None
    return token.group(1)


def _add(client: TestClient, csrf: str, text: str, mapping: str = ""):  # type: ignore[no-untyped-def]
    return client.post(
        f"{V1}/languages",
        data={"csrf": csrf, "language": "nl", "mapping": mapping},
        files={"file": ("lysra.nl.md", text.encode(), "text/markdown")},
        follow_redirects=False,
    )


def test_add_a_language_text_and_read_the_languages_side_by_side(demo_app: FastAPI) -> None:
    with TestClient(demo_app) as client:
        csrf = _sign_in(client, "aron")
        assert "Add a language text" in client.get(V1).text
        added = _add(client, csrf, DUTCH)
        assert added.status_code == 303, added.text
        assert added.headers["location"].endswith("?language=en&language=nl")
        page = client.get(V1 + "?language=en&language=nl").text
        assert 'lang="nl"' in page and 'lang="en"' in page
        assert "Artikel 1" in page
        assert page.count("The language texts diverge here") == 1  # the preamble's year
        assert "1 divergence(s) between the texts" in page
        # positions are shown once per provision, beside the languages, not per language
        assert page.count('aria-label="Positions on Article 1"') == 1
        only_dutch = client.get(V1 + "?language=nl").text
        assert 'class="languages"' not in only_dutch and "Artikel 1" not in only_dutch
        provision = client.get(f"{V1}/provisions/preamble").text
        assert 'id="divergences"' in provision
        assert "only in en: 1992; only in nl: 1993" in provision
        calm = client.get(f"{V1}/provisions/art-1").text
        assert "No divergence found between the 2 language texts" in calm


def test_a_translation_that_does_not_line_up_is_refused_on_the_page(demo_app: FastAPI) -> None:
    with TestClient(demo_app) as client:
        csrf = _sign_in(client, "aron")
        extra = DUTCH.replace(
            "### Artikel 10", "### Artikel 99\n\nEen artikel te veel.\n\n### Artikel 10"
        )
        refused = _add(client, csrf, extra)
        assert refused.status_code == 422
        assert "extra: Artikel 99 (art-99) in the nl text matches no provision" in refused.text
        assert "Languages (" not in client.get(V1).text  # nothing was added
        confirmed = _add(client, csrf, extra, mapping='"Artikel 99": art-9\n')
        assert confirmed.status_code == 303
        assert "Een artikel te veel." in client.get(V1).text


def test_only_the_tabling_party_may_add_one(demo_app: FastAPI) -> None:
    with TestClient(demo_app) as client:
        csrf = _sign_in(client, "cleo")  # Corvinia's drafter; Aldavia tabled version 1
        assert "Add a language text" not in client.get(V1).text
        assert _add(client, csrf, DUTCH).status_code == 403
