"""The drafters' operations through the API: table by upload, import a response file, the
consolidated text, the redline, deriving the next version — the same services as the pages,
and bad input refused with the error JSON, changing nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from inwriting.domain.negotiations import Role
from inwriting.http.uploads import MAX_UPLOAD
from inwriting.redline import compare
from inwriting.redline.render import render_json
from inwriting.services import accounts, documents, negotiations, parties, record
from inwriting.services.actors import OPERATOR, Actor

ALDAVIA, BRENMARK, CORVINIA = (
    "Republic of Aldavia",
    "Kingdom of Brenmark",
    "Federal Republic of Corvinia",
)
N = "/api/v1/negotiations/lysra-basin"
TREATY = b"# Treaty\n\n## Article 1 - Scope\n\nThis applies.\n\n## Article 2\n\nNine years.\n"
ANSWER = (
    b"party: Federal Republic of Corvinia\n"
    b"positions:\n  - provision: Article 1\n    position: accept\n"
    b"  - provision: Article 5\n    position: amend\n    text: Other words.\n"
)
TABLE, IMPORT, DERIVE = (
    f"{N}/versions",
    "/api/v1/versions/1/draft/file",
    "/api/v1/versions/1/derive",
)
MD, YAML = ("x.md", TREATY), ("a.yaml", ANSWER)
UNCLOSED, NOT_OURS = ("a.yaml", b"positions: [unclosed"), ("a.yaml", b"party: Kingdom of Brenmark")
Site = tuple[TestClient, dict[str, dict[str, str]]]


@pytest.fixture
def api(demo_app: FastAPI) -> Iterator[Site]:
    app = demo_app
    headers = {}
    for user in ("aron", "cleo", "cato", "oskar"):
        secret, _ = accounts.create_token(app.state.db, Actor(user), "tests")
        headers[user] = {"Authorization": f"Bearer {secret}"}
    with TestClient(app) as client:
        yield client, headers


def _state(client: TestClient) -> tuple[object, ...]:
    """What a write could change: the record, the versions, every response and draft."""
    db = client.app.state.db  # type: ignore[attr-defined]
    versions = documents.list_documents(db, Actor("aron"), "lysra-basin")
    drafts = [
        client.get("/api/v1/versions/1/responses", headers={"Authorization": h}).json()
        for h in (_bearer(client, "cato"), _bearer(client, "aron"))
    ]
    return record.record_size(db), versions, drafts


def _one(key: str, action: str, **more: str) -> dict[str, object]:
    """A derivation of one choice."""
    return {"choices": [{"key": key, "action": action, **more}]}


def _bearer(client: TestClient, user: str) -> str:
    secret, _ = accounts.create_token(client.app.state.db, Actor(user), "state")  # type: ignore[attr-defined]
    return f"Bearer {secret}"


def test_a_version_tabled_by_upload_is_split_into_provisions(api: Site) -> None:
    client, h = api
    size = record.record_size(client.app.state.db)  # type: ignore[attr-defined]
    made = client.post(
        f"{N}/versions",
        data={"party": ALDAVIA, "label": "Treaty draft"},
        files={"file": ("treaty.md", TREATY, "text/markdown")},
        headers=h["aron"],
    )
    assert made.status_code == 201, made.text
    version = made.json()
    assert (version["label"], version["tabled_by"], version["answerable"]) == (
        "Treaty draft",
        ALDAVIA,
        2,
    )
    text = client.get(f"/api/v1/versions/{version['id']}", headers=h["cleo"]).json()
    assert [p["key"] for p in text["provisions"]] == ["art-1", "art-2"]
    assert record.record_size(client.app.state.db) == size + 1  # type: ignore[attr-defined]
    again = client.post(
        f"{N}/versions",
        data={"party": ALDAVIA, "document": version["document"]},
        files={"file": ("treaty.md", TREATY.replace(b"Nine", b"Six"), "text/markdown")},
        headers=h["aron"],
    )
    assert again.status_code == 201 and again.json()["number"] == 2


def test_a_response_file_becomes_the_partys_draft_with_its_problems(api: Site) -> None:
    client, h = api
    saved = client.post(
        "/api/v1/versions/1/draft/file",
        data={"party": CORVINIA},
        files={"file": ("answer.yaml", ANSWER, "application/yaml")},
        headers=h["cleo"],
    )
    assert saved.status_code == 200, saved.text
    draft = saved.json()
    assert (draft["party"], draft["status"], draft["answered"]) == (CORVINIA, "draft", 2)
    codes = {(p["where"], p["code"]) for p in draft["problems"]}
    assert ("art-5", "missing_reason") in codes and ("art-2", "unanswered") in codes
    mine = client.get("/api/v1/versions/1/responses", headers=h["cato"]).json()["items"]
    assert [r["id"] for r in mine if r["party"] == CORVINIA] == [draft["id"]]


def test_the_consolidated_text_brackets_each_partys_position(api: Site) -> None:
    client, h = api
    found = client.get("/api/v1/versions/1/consolidated", headers=h["oskar"])
    assert found.status_code == 200, found.text
    text = found.json()
    assert text["parties"] == [BRENMARK, CORVINIA] and text["responses"] == {BRENMARK: 1}
    assert text["summary"].startswith("12 provisions:")
    items = {i.get("key") or f"after {i['after']}": i for i in text["items"]}
    art5 = items["art-5"]
    assert art5["state"] == "open" and art5["unanswered_by"] == [CORVINIA]
    disputed = [s for s in art5["segments"] if s["options"]]
    assert disputed[0]["options"][0]["parties"] == [BRENMARK]
    assert disputed[0]["options"][0]["kind"] == "amend"
    assert items["after art-7"]["option"]["kind"] == "add"
    assert items["art-8"]["whole"][0]["kind"] == "reject"
    assert text["brackets"] == sum(i["brackets"] for i in text["items"])
    assert text["options"] == sum(i["options"] for i in text["items"])
    assert sum(text["counts"].values()) == 12


def test_the_next_version_is_derived_and_its_redline_is_the_clis_json(api: Site) -> None:
    client, h = api
    size = record.record_size(client.app.state.db)  # type: ignore[attr-defined]
    choices = [
        {"key": "art-5", "action": "adopt", "party": BRENMARK},
        {"key": "art-6", "action": "compromise", "text": "The seat shall be agreed."},
        {"key": "art-8", "action": "delete"},
        {"key": "art-7", "action": "insert", "party": BRENMARK},
    ]
    made = client.post(
        "/api/v1/versions/1/derive",
        json={"label": "Draft 2", "choices": choices},
        headers=h["aron"],
    )
    assert made.status_code == 201, made.text
    version = made.json()["version"]
    assert (version["label"], version["baseline_id"], version["number"]) == ("Draft 2", 1, 2)
    assert record.record_size(client.app.state.db) == size + 1  # type: ignore[attr-defined]
    redline = client.get(made.json()["redline"], headers=h["cleo"])
    assert redline.status_code == 200 and redline.headers["content-type"] == "application/json"
    db = client.app.state.db  # type: ignore[attr-defined]
    old = documents.get_version(db, Actor("cleo"), 1).provisions
    new = documents.get_version(db, Actor("cleo"), version["id"]).provisions
    assert redline.text == render_json(compare(list(old), list(new), by_key=True))
    states = {p["old_key"] or p["new_key"]: p["state"] for p in redline.json()["pairs"]}
    assert (states["art-5"], states["art-8"], states["art-7-bis"]) == (
        "changed",
        "removed",
        "added",
    )


@pytest.mark.parametrize(
    ("user", "url", "form", "file", "status", "code"),
    [
        ("aron", TABLE, {"party": ALDAVIA}, ("x.docx", b"not a zip"), 422, "format_error"),
        ("aron", TABLE, {"party": ALDAVIA}, ("x.md", b"\xff\xfe\x00bad"), 422, "format_error"),
        ("aron", TABLE, {}, MD, 422, "invalid"),
        ("aron", TABLE, {"party": ALDAVIA}, None, 422, "invalid"),
        ("aron", TABLE, {"party": ALDAVIA, "file": "not a file"}, None, 422, "invalid"),
        ("aron", TABLE, {"party": "x" * 201}, MD, 422, "invalid"),
        ("aron", TABLE, {"party": "Nobody"}, MD, 404, "not_found"),
        ("aron", "/api/v1/negotiations/nowhere/versions", {"party": ALDAVIA}, MD, 404, "not_found"),
        ("cleo", TABLE, {"party": ALDAVIA}, MD, 403, "forbidden"),
        ("oskar", TABLE, {"party": CORVINIA}, MD, 403, "forbidden"),
        (None, TABLE, {"party": ALDAVIA}, MD, 401, "unauthenticated"),
        ("cleo", IMPORT, {"party": CORVINIA}, UNCLOSED, 422, "format_error"),
        ("cleo", IMPORT, {"party": CORVINIA}, NOT_OURS, 422, "format_error"),
        ("cleo", IMPORT, {}, YAML, 422, "invalid"),
        ("cleo", "/api/v1/versions/999/draft/file", {"party": CORVINIA}, YAML, 404, "not_found"),
        ("aron", IMPORT, {"party": CORVINIA}, YAML, 403, "forbidden"),
        ("oskar", IMPORT, {"party": CORVINIA}, YAML, 403, "forbidden"),
        (None, IMPORT, {"party": CORVINIA}, YAML, 401, "unauthenticated"),
    ],
)  # fmt: skip
def test_a_bad_upload_gets_a_clear_error_and_changes_nothing(
    api: Site,
    user: str | None,
    url: str,
    form: dict[str, str],
    file: tuple[str, bytes] | None,
    status: int,
    code: str,
) -> None:
    client, h = api
    before = _state(client)
    files = {"file": file} if file else None
    refused = client.post(url, data=form, files=files, headers=h[user] if user else {})
    assert refused.status_code == status, refused.text
    error = refused.json()["error"]
    assert error["code"] == code and error["message"]
    if code == "format_error" and file:
        assert error["details"][0]["where"] == file[0]  # the file named, as on the page
    assert _state(client) == before


@pytest.mark.parametrize("url", [f"{N}/versions", "/api/v1/versions/1/draft/file"])
def test_an_upload_over_20_mb_is_refused_before_it_is_read(api: Site, url: str) -> None:
    client, h = api
    before = _state(client)
    big = b"# Treaty\n\n## Article 1\n\n" + b"x" * MAX_UPLOAD
    party = ALDAVIA if url.endswith("versions") else CORVINIA
    user = "aron" if party == ALDAVIA else "cleo"
    refused = client.post(
        url, data={"party": party}, files={"file": ("big.md", big)}, headers=h[user]
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["message"] == "big.md: larger than 20 MB"
    assert _state(client) == before


def test_a_draft_past_the_parse_budget_is_refused_and_nothing_is_tabled(api: Site) -> None:
    client, h = api
    before = _state(client)
    settings = client.app.state.settings  # type: ignore[attr-defined]
    client.app.state.settings = replace(settings, parse_seconds=0.001)  # type: ignore[attr-defined]
    slow = b"# Treaty\n\n" + b"## Article 1\n\nx\n\n" * 19_000
    refused = client.post(
        TABLE, data={"party": ALDAVIA}, files={"file": ("slow.md", slow)}, headers=h["aron"]
    )
    assert refused.status_code == 422
    assert "took longer than 0.001 seconds" in refused.json()["error"]["message"]
    assert _state(client) == before


def test_a_draft_over_the_provision_cap_is_refused_naming_it(api: Site) -> None:
    client, h = api
    before = _state(client)
    many = b"# Treaty\n\n" + b"## Article 1\n\nx\n\n" * 20_001
    refused = client.post(
        TABLE, data={"party": ALDAVIA}, files={"file": ("many.md", many)}, headers=h["aron"]
    )
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "format_error" and "at most 20,000" in error["message"]
    assert _state(client) == before


@pytest.mark.parametrize(
    ("user", "url", "body", "status", "code"),
    [
        ("aron", DERIVE, {"choices": "all"}, 422, "invalid"),
        ("aron", DERIVE, {"choices": [{"key": "art-5"}]}, 422, "invalid"),
        ("aron", DERIVE, _one("art-5", "maybe"), 422, "invalid"),
        ("aron", DERIVE, _one("", "delete"), 422, "invalid"),
        ("aron", DERIVE, {"label": 7}, 422, "invalid"),
        ("aron", DERIVE, _one("art-99", "delete"), 422, "invalid"),
        ("aron", DERIVE, _one("art-5", "adopt", party=CORVINIA), 422, "invalid"),
        ("aron", DERIVE, _one("art-6", "compromise", text=" "), 422, "invalid"),
        ("aron", DERIVE, _one("art-7", "insert", party=CORVINIA), 422, "invalid"),
        ("aron", DERIVE.replace("/1/", "/999/"), {}, 404, "not_found"),
        ("cleo", DERIVE, {}, 403, "forbidden"),
        ("cato", DERIVE, {}, 403, "forbidden"),
        (None, DERIVE, {}, 401, "unauthenticated"),
    ],
)  # fmt: skip
def test_a_bad_derivation_gets_a_clear_error_and_changes_nothing(
    api: Site, user: str | None, url: str, body: object, status: int, code: str
) -> None:
    client, h = api
    before = _state(client)
    refused = client.post(url, json=body, headers=h[user] if user else {})
    assert refused.status_code == status, refused.text
    assert refused.json()["error"]["code"] == code and refused.json()["error"]["message"]
    assert _state(client) == before


def test_a_refused_derivation_names_every_problem(api: Site) -> None:
    client, h = api
    choices = [
        {"key": "art-99", "action": "delete"},
        {"key": "art-5", "action": "adopt", "party": CORVINIA},
    ]
    refused = client.post("/api/v1/versions/1/derive", json={"choices": choices}, headers=h["aron"])
    details = refused.json()["error"]["details"]
    assert [(d["where"], d["code"]) for d in details] == [
        ("art-99", "unknown_provision"),
        ("art-5", "no_amendment"),
    ]


@pytest.mark.parametrize(
    ("user", "url", "status"),
    [
        ("cleo", "/api/v1/versions/999/consolidated", 404),
        (None, "/api/v1/versions/1/consolidated", 404),  # private: not even its existence
        ("cleo", "/api/v1/compare?old=1&new=999", 404),
        ("cleo", "/api/v1/compare?old=1", 422),
        ("cleo", "/api/v1/compare?old=one&new=1", 422),
        (None, "/api/v1/compare?old=1&new=1", 404),
    ],
)
def test_reads_of_unknown_or_hidden_versions_are_errors(
    api: Site, user: str | None, url: str, status: int
) -> None:
    client, h = api
    found = client.get(url, headers=h[user] if user else {})
    assert found.status_code == status and found.json()["error"]["message"]


def test_versions_of_two_negotiations_are_not_compared(api: Site) -> None:
    client, h = api
    db = client.app.state.db  # type: ignore[attr-defined]
    negotiations.create_negotiation(db, OPERATOR, "Other talks", slug="other")
    parties.add_party(db, OPERATOR, "other", ALDAVIA)
    parties.add_member(db, OPERATOR, "other", ALDAVIA, "aron", Role.DRAFTER)
    made = client.post(
        "/api/v1/negotiations/other/versions",
        data={"party": ALDAVIA},
        files={"file": ("t.md", TREATY)},
        headers=h["aron"],
    )
    assert made.status_code == 201
    refused = client.get(f"/api/v1/compare?old=1&new={made.json()['id']}", headers=h["aron"])
    assert refused.status_code == 422 and "same negotiation" in refused.json()["error"]["message"]
