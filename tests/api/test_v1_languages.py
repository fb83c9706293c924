"""Language texts through the API: add one by upload, read it, check it; a translation that
does not line up is refused with one problem per provision, and changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import inwriting.demo
from inwriting.services import accounts, record
from inwriting.services.actors import Actor

DRAFT = (Path(inwriting.demo.__file__).parent / "draft.md").read_text(encoding="utf-8")
DUTCH = DRAFT.replace("Article", "Artikel")
LANGUAGES = "/api/v1/versions/1/languages"
Site = tuple[TestClient, dict[str, dict[str, str]]]


@pytest.fixture
def api(demo_app: FastAPI) -> Iterator[Site]:
    headers = {}
    for user in ("aron", "cleo"):
        secret, _ = accounts.create_token(demo_app.state.db, Actor(user), "tests")
        headers[user] = {"Authorization": f"Bearer {secret}"}
    with TestClient(demo_app) as client:
        yield client, headers


def _size(client: TestClient) -> int:
    return record.record_size(client.app.state.db)  # type: ignore[attr-defined]


def test_a_language_text_added_read_and_checked(api: Site) -> None:
    client, h = api
    size = _size(client)
    added = client.post(
        LANGUAGES,
        data={"language": "nl"},
        files={"file": ("lysra.nl.md", DUTCH.encode(), "text/markdown")},
        headers=h["aron"],
    )
    assert added.status_code == 201, added.text
    body = added.json()
    assert body["language"] == "nl" and not body["original"]
    assert body["provisions"][0]["key"] == "preamble"
    assert _size(client) == size + 1
    listed = client.get(LANGUAGES, headers=h["cleo"]).json()
    assert [(t["language"], t["original"]) for t in listed] == [("en", True), ("nl", False)]
    nl = client.get(f"{LANGUAGES}/nl", headers=h["cleo"]).json()
    assert nl["content_sha256"] == body["content_sha256"]
    assert client.get(f"{LANGUAGES}/fr", headers=h["cleo"]).status_code == 404
    checked = client.get("/api/v1/versions/1/divergences", headers=h["cleo"]).json()
    assert checked["languages"] == ["en", "nl"] and checked["diverges"] is False


def test_a_divergence_is_reported(api: Site) -> None:
    client, h = api
    first_number = next(word for word in DUTCH.split() if word.strip(".,;").isdigit())
    changed = DUTCH.replace(f" {first_number}", " 9999", 1)
    assert changed != DUTCH
    client.post(
        LANGUAGES,
        data={"language": "nl"},
        files={"file": ("lysra.nl.md", changed.encode(), "text/markdown")},
        headers=h["aron"],
    )
    checked = client.get("/api/v1/versions/1/divergences", headers=h["cleo"]).json()
    assert checked["diverges"] is True
    assert any("9999" in d["in_language"] for d in checked["divergences"])


def test_a_translation_that_does_not_line_up_is_refused(api: Site) -> None:
    client, h = api
    size = _size(client)
    extra = DUTCH.replace(
        "### Artikel 10", "### Artikel 99\n\nEen artikel te veel.\n\n### Artikel 10"
    )
    refused = client.post(
        LANGUAGES,
        data={"language": "nl"},
        files={"file": ("lysra.nl.md", extra.encode(), "text/markdown")},
        headers=h["aron"],
    )
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert [(p["code"], p["message"]) for p in error["details"]] == [
        (
            "extra_provision",
            "extra: Artikel 99 (art-99) in the nl text matches no provision of the version",
        )
    ]
    bad_map = client.post(
        LANGUAGES,
        data={"language": "nl", "mapping": "- not\n- pairs\n"},
        files={"file": ("lysra.nl.md", extra.encode(), "text/markdown")},
        headers=h["aron"],
    )
    assert bad_map.status_code == 422 and "YAML pairs" in bad_map.json()["error"]["message"]
    assert _size(client) == size
    mapped = client.post(
        LANGUAGES,
        data={"language": "nl", "mapping": '"Artikel 99": art-9\n'},
        files={"file": ("lysra.nl.md", extra.encode(), "text/markdown")},
        headers=h["aron"],
    )
    assert mapped.status_code == 201, mapped.text
    art9 = next(p for p in mapped.json()["provisions"] if p["key"] == "art-9")
    assert art9["text"].endswith("Een artikel te veel.")
