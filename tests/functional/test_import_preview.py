"""The import preview (issue 12, point 4) and the answer level on the web, the API and the CLI.

The import form posts to a preview that shows the outline and writes nothing; the level
selector re-renders it from the upload held on the server; confirming tables the held bytes
at the level shown. The held upload belongs to its user and negotiation, and is gone once
tabled.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from inwriting.cli import app as cli_app
from inwriting.services import accounts
from inwriting.services.actors import Actor
from inwriting.services.demo import DEMO_PASSWORD
from inwriting.storage.models import DocumentRow, HeldUploadRow, RecordEntryRow, VersionRow
from tests.conftest import DATA, copy_demo

N = "/negotiations/lysra-basin"
ALDAVIA = "Republic of Aldavia"
ACT = DATA / "uk" / "widget-safety-act.txt"


def _sign_in(client: TestClient, username: str) -> str:
    page = client.get("/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert csrf is not None
    form = {"username": username, "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    token = re.search(r'name="csrf" value="([^"]+)"', client.get(f"{N}/import").text)
    assert token is not None
    return token.group(1)


def _held_token(page: str) -> str:
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def _record_size(client: TestClient) -> int:
    """Entries on the record plus versions and documents: what a preview must not add to."""
    db = client.app.state.db  # type: ignore[attr-defined]
    with db.reading() as session:
        return sum(
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in (RecordEntryRow, VersionRow, DocumentRow)
        )


def _held(client: TestClient) -> int:
    db = client.app.state.db  # type: ignore[attr-defined]
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(HeldUploadRow)) or 0


@pytest.fixture
def client(demo_template: Path, tmp_path: Path) -> TestClient:
    with TestClient(copy_demo(demo_template, tmp_path / "site")) as test_client:
        yield test_client


def test_preview_shows_the_outline_writes_nothing_and_confirm_tables_it(
    client: TestClient,
) -> None:
    csrf = _sign_in(client, "aron")
    assert 'name="answer_by"' in client.get(f"{N}/import").text
    before = _record_size(client)
    fields = {"csrf": csrf, "party": ALDAVIA, "label": "UK draft", "answer_by": ""}
    files = {"file": ("act.txt", ACT.read_bytes(), "text/plain")}
    shown = client.post(f"{N}/import", data=fields, files=files)
    assert shown.status_code == 200
    page = shown.text
    assert "Check before tabling" in page
    assert "<code>art-3</code>" in page and "Duty of suppliers" in page
    assert "<code>schedule-2</code>" in page
    assert "8</strong> provisions to answer, by article" in page
    assert "art-3.p-1" not in page
    assert _record_size(client) == before  # nothing written: no entry, document, version
    assert _held(client) == 1  # only the upload, held for the confirmation

    token = _held_token(page)
    again = {"csrf": csrf, "token": token, "party": ALDAVIA, "label": "UK draft"}
    by_paragraph = client.post(f"{N}/import/preview", data={**again, "answer_by": "paragraph"})
    assert by_paragraph.status_code == 200
    assert "<code>art-3.p-2</code>" in by_paragraph.text and "3(2)" in by_paragraph.text
    assert '<option value="paragraph" selected>' in by_paragraph.text
    by_section = client.post(f"{N}/import/preview", data={**again, "answer_by": "section"})
    assert "answering by section is answering by article" in by_section.text
    assert _record_size(client) == before

    done = client.post(
        f"{N}/import/confirm", data={**again, "answer_by": "paragraph"}, follow_redirects=False
    )
    assert done.status_code == 303
    version_page = client.get(done.headers["location"])
    assert "answered by paragraph" in version_page.text
    assert 'id="art-3.p-2"' in version_page.text
    assert _record_size(client) == before + 3  # an entry, a document, a version
    assert _held(client) == 0
    version_id = int(done.headers["location"].rsplit("/", 1)[1])
    shown_api = client.get(f"/api/v1/versions/{version_id}").json()
    assert shown_api["version"]["answer_level"] == "paragraph"

    # The held upload is gone once tabled: confirming twice tables nothing more.
    twice = client.post(f"{N}/import/confirm", data={**again, "answer_by": "paragraph"})
    assert twice.status_code == 404
    assert _record_size(client) == before + 3


def test_a_held_upload_is_its_uploaders_only(client: TestClient) -> None:
    csrf = _sign_in(client, "aron")
    fields = {"csrf": csrf, "party": ALDAVIA}
    files = {"file": ("act.txt", ACT.read_bytes(), "text/plain")}
    token = _held_token(client.post(f"{N}/import", data=fields, files=files).text)
    client.post("/logout", data={"csrf": csrf})
    client.cookies.clear()
    csrf_cleo = _sign_in(client, "cleo")
    stolen = {"csrf": csrf_cleo, "token": token, "party": "Federal Republic of Corvinia"}
    before = _record_size(client)
    assert client.post(f"{N}/import/confirm", data=stolen).status_code == 404
    assert client.post(f"{N}/import/preview", data=stolen).status_code == 404
    made_up = {**stolen, "token": "../../site.db"}
    assert client.post(f"{N}/import/confirm", data=made_up).status_code == 404
    assert _record_size(client) == before


def test_a_forged_confirmation_is_refused(client: TestClient) -> None:
    csrf = _sign_in(client, "aron")
    files = {"file": ("act.txt", ACT.read_bytes(), "text/plain")}
    token = _held_token(
        client.post(f"{N}/import", data={"csrf": csrf, "party": ALDAVIA}, files=files).text
    )
    before = _record_size(client)
    forged = {"csrf": "not-the-token", "token": token, "party": ALDAVIA}
    assert client.post(f"{N}/import/confirm", data=forged).status_code == 403
    assert _record_size(client) == before


def test_an_unknown_level_is_refused_on_the_page_and_nothing_is_held(
    client: TestClient, demo_template: Path
) -> None:
    csrf = _sign_in(client, "aron")
    files = {"file": ("act.txt", ACT.read_bytes(), "text/plain")}
    fields = {"csrf": csrf, "party": ALDAVIA, "answer_by": "clause"}
    refused = client.post(f"{N}/import", data=fields, files=files)
    assert refused.status_code == 422
    assert "unknown answer level &#39;clause&#39;" in refused.text
    assert "article, section, paragraph" in refused.text
    assert _held(client) == 0


def test_an_unreadable_file_is_refused_and_not_held(client: TestClient) -> None:
    csrf = _sign_in(client, "aron")
    before = _record_size(client)
    empty = {"file": ("empty.txt", b"  \n", "text/plain")}
    refused = client.post(f"{N}/import", data={"csrf": csrf, "party": ALDAVIA}, files=empty)
    assert refused.status_code == 422
    assert "empty document" in refused.text
    assert (_record_size(client), _held(client)) == (before, 0)
    other = client.post(
        f"{N}/import",
        data={"csrf": csrf, "party": "Federal Republic of Corvinia"},
        files={"file": ("act.txt", ACT.read_bytes(), "text/plain")},
    )
    assert other.status_code == 403  # aron drafts for Aldavia only
    assert _held(client) == 0


def test_the_api_tables_at_the_level_asked_and_refuses_an_unknown_one(
    client: TestClient,
) -> None:
    db = client.app.state.db  # type: ignore[attr-defined]
    token = accounts.create_token(db, Actor("aron"), "api")[0]
    headers = {"Authorization": f"Bearer {token}"}
    files = {"file": ("act.txt", ACT.read_bytes(), "text/plain")}
    before = _record_size(client)
    bad = client.post(
        f"/api/v1{N}/versions",
        data={"party": ALDAVIA, "answer_by": "clause"},
        files=files,
        headers=headers,
    )
    assert bad.status_code == 422
    assert "answer_by" in json.dumps(bad.json())
    assert _record_size(client) == before
    made = client.post(
        f"/api/v1{N}/versions",
        data={"party": ALDAVIA, "answer_by": "paragraph"},
        files=files,
        headers=headers,
    )
    assert made.status_code == 201, made.text
    assert made.json()["answer_level"] == "paragraph"
    keys = [
        p["key"]
        for p in client.get(f"/api/v1/versions/{made.json()['id']}", headers=headers).json()[
            "provisions"
        ]
    ]
    assert "art-4.p-2" in keys
    before = _record_size(client)
    shown = client.post(
        f"/api/v1{N}/versions/preview",
        data={"party": ALDAVIA, "answer_by": "paragraph"},
        files=files,
        headers=headers,
    )
    assert shown.status_code == 200, shown.text
    preview = shown.json()
    assert (preview["answer_level"], preview["default_level"]) == ("paragraph", "article")
    assert preview["counts"]["paragraph"] == 7 and preview["warnings"] == []
    row = next(r for r in preview["outline"] if r["key"] == "art-3.p-2")
    assert (row["label"], row["kind"], row["depth"], row["answerable"]) == (
        "3(2)",
        "paragraph",
        2,
        True,
    )
    assert _record_size(client) == before and _held(client) == 0  # the API holds nothing
    plain = client.post(
        f"/api/v1{N}/versions", data={"party": ALDAVIA}, files=files, headers=headers
    )
    assert plain.json()["answer_level"] == "article"


def test_the_cli_parses_and_imports_at_a_level(tmp_path: Path) -> None:
    runner = CliRunner()
    parsed = runner.invoke(cli_app, ["parse", str(ACT), "--answer-by", "paragraph", "--json"])
    assert parsed.exit_code == 0, parsed.output
    found = json.loads(parsed.stdout)
    assert found["answer_level"] == "paragraph"
    assert [p["key"] for p in found["provisions"]][3:5] == ["art-1.p-1", "art-1.p-2"]
    outline = runner.invoke(cli_app, ["parse", str(ACT), "--answer-by", "section"])
    assert outline.exit_code == 0
    assert "answered by section" in outline.stdout
    assert "answering by section is answering by article" in outline.stderr
    bad = runner.invoke(cli_app, ["parse", str(ACT), "--answer-by", "clause"])
    assert bad.exit_code == 2
    assert "'clause' is not one of 'article', 'section', 'paragraph'" in bad.stderr


def test_the_cli_tables_at_a_level_and_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INWRITING_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.delenv("INWRITING_USER", raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str, user: str | None = None, code: int = 0) -> str:
        prefix = ["--as", user] if user else []
        done = runner.invoke(cli_app, [*prefix, *args], env={"COLUMNS": "200"})
        assert done.exit_code == code, done.output
        return done.stdout if code == 0 else done.stderr

    run("db", "upgrade")
    run("users", "add", "aron")
    run("negotiations", "create", "Widgets", "--slug", "widgets")
    run("parties", "add", "Party A", "-n", "widgets")
    run("parties", "add-member", "Party A", "aron", "--role", "drafter", "-n", "widgets")
    table = ("documents", "import", str(ACT), "-n", "widgets", "--party", "Party A")
    refused = run(*table, "--answer-by", "clause", user="aron", code=2)
    assert "'clause' is not one of" in refused
    assert "widget" not in run("documents", "list", "-n", "widgets", "--json")
    tabled = json.loads(run(*table, "--answer-by", "paragraph", "--json", user="aron"))
    assert tabled["answer_level"] == "paragraph"
    assert tabled["answerable"] == 12  # preamble, 7 subsections, 2 sections, 2 schedules
    shown = run("documents", "show", str(tabled["id"]), user="aron")
    assert "answered by paragraph" in shown
    assert "art-3.p-3" in shown
