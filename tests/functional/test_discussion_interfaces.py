"""Discussion per provision through every front door, role by role.

In the demo (private), Corvinia (cato principal, cleo drafter, oskar observer) has an
internal thread on Article 5 holding the word ``zanzibar``; Aldavia's aron started a shared
thread there holding ``quetzal``. For each route that shows discussion — web pages, htmx
fragments, the JSON API, the CLI, search on all three, and the exports — another party's
member, an administrator, the operator and an anonymous visitor never get the internal
thread, its words or its count; Corvinia's members always do.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from inwriting.app import create_app
from inwriting.cli import app as cli
from inwriting.services import accounts, discussion, users
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.demo import DEMO_PASSWORD, load_demo
from inwriting.settings import Settings
from tests.conftest import copy_demo

N = "/negotiations/lysra-basin"
CORVINIANS = ("cato", "cleo", "oskar")
OTHERS = ("anonymous", "aron", "bo", "root")
SECRET, SHARED = "zanzibar", "quetzal"


class Site:
    def __init__(self, folder: Path, client: TestClient, ids: dict[str, int]) -> None:
        self.folder, self.client, self.ids = folder, client, ids


@pytest.fixture(scope="module")
def site(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("discuss") / "site"
    app = copy_demo(demo_template, folder)
    db = app.state.db
    users.create_user(db, OPERATOR, "root", "Root", is_admin=True)
    accounts.set_password(db, OPERATOR, "root", DEMO_PASSWORD)
    inside = discussion.start_thread(
        db, Actor("cleo"), 1, "art-5", f"Can @cato accept the {SECRET} clause?", internal=True
    )
    shared = discussion.start_thread(db, Actor("aron"), 1, "art-5", f"The {SHARED} question.")
    with TestClient(app) as client:
        yield Site(folder, client, {"internal": inside.id, "shared": shared.id})


def _as(client: TestClient, who: str) -> TestClient:
    client.cookies.clear()
    if who != "anonymous":
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert csrf is not None
        form = {"username": who, "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
        assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    return client


def _csrf(client: TestClient, path: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert found is not None
    return found.group(1)


PAGES = [
    f"{N}/versions/1",
    f"{N}/versions/1/provisions/art-5",
    f"{N}/versions/1/provisions/art-5/threads",
    f"{N}/versions/1/matrix",
    f"{N}/versions/1/respond",
    f"/search?q={SECRET}",
    "/api/v1/versions/1/threads",
    "/api/v1/versions/1/threads?key=art-5",
    f"/api/v1/search?q={SECRET}",
    f"{N}/export.json",
    f"{N}/versions/1/download/markdown",
    f"{N}/versions/1/download/akn",
    f"{N}/versions/1/download/matrix-csv",
    f"{N}/versions/1/download/docx",
    f"{N}/versions/1/download/matrix-xlsx",
]


def _text(answer: Any) -> str:
    """The answer as text; a zip (DOCX, XLSX) as the text of all its parts."""
    if answer.content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(answer.content)) as z:
            return "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return str(answer.text)


@pytest.mark.parametrize("who", OTHERS + CORVINIANS)
def test_an_internal_thread_reaches_its_party_only_on_every_route(site: Site, who: str) -> None:
    client = _as(site.client, who)
    inside = who in CORVINIANS
    for path in PAGES:
        # A search page repeats its query: there, what shows the thread is a hit linking to
        # it; the matrix shows counts (the shared thread and the internal one: 2).
        marker = f"#thread-{site.ids['internal']}" if "search" in path else SECRET
        marker = ">2 open<" if path.endswith("/matrix") else marker
        exported = "download" in path or "export" in path  # threads are in no export
        editor = path.endswith("/respond") and who == "oskar"  # observers write no response
        for htmx in (False, True):
            headers = {"HX-Request": "true"} if htmx else {}
            body = _text(client.get(path, headers=headers))
            assert (marker in body) == (inside and not exported and not editor), (path, htmx)
    internal = client.get(f"/api/v1/threads/{site.ids['internal']}")
    missing = client.get("/api/v1/threads/987654321")
    if inside:
        assert internal.status_code == 200 and SECRET in internal.text
    else:
        assert (internal.status_code, internal.json()) == (missing.status_code, missing.json())


@pytest.mark.parametrize(
    ("who", "count"), [("aron", "1 open"), ("root", "1 open"), ("cato", "2 open")]
)
def test_counts_in_the_matrix_and_the_document_count_only_what_one_may_read(
    site: Site, who: str, count: str
) -> None:
    client = _as(site.client, who)
    matrix = client.get(f"{N}/versions/1/matrix").text
    cell = re.search(r'class="small threads-count"><a [^>]*>([^<]*)</a>', matrix)
    assert cell is not None and cell.group(1) == count
    shown = "2" if who == "cato" else "1"
    assert f"Discussion ({shown})" in client.get(f"{N}/versions/1").text
    # The table kept for one reader is never shown to another with other counts.
    again = _as(site.client, "aron").get(f"{N}/versions/1/matrix").text
    assert ">1 open<" in again and ">2 open<" not in again


def test_readers_of_a_public_version_who_take_no_part_see_no_discussion(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'p.db'}", data_dir=tmp_path / "d")
    app = create_app(settings, checkpointer=False)
    db = app.state.db
    db.upgrade()
    load_demo(db, public=True)
    users.create_user(db, OPERATOR, "pat", "Pat")
    accounts.set_password(db, OPERATOR, "pat", DEMO_PASSWORD)
    shared = discussion.start_thread(db, Actor("aron"), 1, "art-5", f"The {SHARED} question.")
    pages = (f"{N}/versions/1", f"{N}/versions/1/provisions/art-5", f"{N}/versions/1/matrix")
    with TestClient(app) as client:
        for who in ("anonymous", "pat"):
            _as(client, who)
            for path in pages:
                page = client.get(path)
                assert page.status_code == 200, path
                assert SHARED not in page.text and "Discussion" not in page.text, path
            assert client.get("/api/v1/versions/1/threads").json() == []
            assert client.get(f"/api/v1/threads/{shared.id}").status_code == 404
            assert client.get(f"/api/v1/search?q={SHARED}").json() == []


def test_a_shared_thread_is_started_replied_to_resolved_and_reopened_with_forms(
    site: Site,
) -> None:
    client = _as(site.client, "bo")
    page = f"{N}/versions/1/provisions/art-3"
    csrf = _csrf(client, page)
    form = {"csrf": csrf, "visibility": "shared", "body": "Does *scope* cover @cleo's point?"}
    done = client.post(f"{page}/threads", data=form, follow_redirects=False)
    assert done.status_code == 303
    thread_id = int(done.headers["location"].rsplit("#thread-", 1)[1])
    assert done.headers["location"].startswith(f"{page}#thread-")
    shown = client.get(page).text
    assert "<em>scope</em>" in shown and f'id="thread-{thread_id}"' in shown
    where = {"csrf": csrf, "version": "1", "key": "art-3"}
    reply = client.post(
        f"{N}/threads/{thread_id}/messages",
        data={**where, "body": "It does."},
        headers={"HX-Request": "true"},
    )
    assert reply.status_code == 200 and "It does." in reply.text
    assert "<html" not in reply.text  # the partial alone
    assert "Start the thread" in reply.text  # as on the provision page
    margin = client.post(
        f"{N}/threads/{thread_id}/messages",
        data={**where, "body": "Agreed.", "view": "compact"},
        headers={"HX-Request": "true"},
    )
    assert "Agreed." in margin.text and "Start the thread" not in margin.text  # the document's
    resolved = client.post(f"{N}/threads/{thread_id}/resolve", data=where, follow_redirects=False)
    assert resolved.status_code == 303
    assert "Resolved by bo" in client.get(page).text
    again = client.post(f"{N}/threads/{thread_id}/reopen", data=where, follow_redirects=False)
    assert again.status_code == 303
    found = discussion.get_thread(site.client.app.state.db, Actor("bo"), thread_id)  # type: ignore[attr-defined]
    assert [m.body for m in found.messages] == [
        "Does *scope* cover @cleo's point?",
        "It does.",
        "Agreed.",
    ]
    assert found.messages[0].mentions == ("cleo",)


def test_bad_forms_are_refused_in_place_and_change_nothing(site: Site) -> None:
    db = site.client.app.state.db  # type: ignore[attr-defined]
    client = _as(site.client, "bo")
    page = f"{N}/versions/1/provisions/art-4"
    csrf = _csrf(client, page)
    empty = client.post(f"{page}/threads", data={"csrf": csrf, "visibility": "shared", "body": " "})
    assert empty.status_code == 422 and "a message needs some text" in empty.text
    stranger = client.post(
        f"{page}/threads", data={"csrf": csrf, "visibility": "shared", "body": "Hi @nobody"}
    )
    assert stranger.status_code == 422 and "@nobody is not a member" in stranger.text
    forged = client.post(f"{page}/threads", data={"visibility": "shared", "body": "Hello"})
    assert forged.status_code == 403
    # Another party's internal thread: answered like a thread that does not exist.
    where = {"csrf": csrf, "version": "1", "key": "art-5", "body": "Let me in"}
    hidden = client.post(f"{N}/threads/{site.ids['internal']}/messages", data=where)
    absent = client.post(f"{N}/threads/987654321/messages", data=where)
    assert (
        (hidden.status_code, hidden.text) == (absent.status_code, absent.text) == (404, absent.text)
    )
    assert discussion.list_threads(db, Actor("bo"), 1, key="art-4") == []


def test_markdown_in_messages_is_sanitised(site: Site) -> None:
    client = _as(site.client, "bo")
    page = f"{N}/versions/1/provisions/art-6"
    body = "<script>alert(1)</script> [link](javascript:alert(2)) **bold**"
    form = {"csrf": _csrf(client, page), "visibility": "shared", "body": body}
    assert client.post(f"{page}/threads", data=form, follow_redirects=False).status_code == 303
    shown = client.get(page).text
    assert "<strong>bold</strong>" in shown
    assert "<script>alert" not in shown and "&lt;script&gt;alert(1)" in shown
    assert 'href="javascript' not in shown


@pytest.fixture(scope="module")
def run(site: Site) -> Any:
    runner = CliRunner()
    env = {
        "INWRITING_DATABASE_URL": f"sqlite:///{site.folder / 'site.db'}",
        "INWRITING_DATA_DIR": str(site.folder / "data"),
        "COLUMNS": "200",
    }

    def run(*args: str, ok: bool = True) -> Any:
        result = runner.invoke(cli, list(args), env=env)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert (result.exit_code == 0) == ok, result.output
        return result

    return run


@pytest.mark.parametrize("who", ["aron", "bo", "root", None, "cato", "oskar"])
def test_the_cli_shows_an_internal_thread_to_its_party_only(
    site: Site, run: Any, who: str | None
) -> None:
    as_ = ["--as", who] if who else []
    inside = who in CORVINIANS
    listed = json.loads(run(*as_, "discuss", "list", "1", "--json").stdout)
    assert (SECRET in json.dumps(listed)) == inside
    assert SHARED in json.dumps(listed)
    shown = run(*as_, "discuss", "show", str(site.ids["internal"]), ok=inside)
    if not inside:
        assert "no such thread" in shown.stderr
    found = run(*as_, "search", SECRET)
    assert (SECRET in found.stdout) == inside


def test_the_cli_starts_replies_resolves_and_refuses_bad_input(run: Any) -> None:
    added = json.loads(
        run(
            "--as", "cleo", "discuss", "add", "1", "art-7", "Data @oskar?", "--internal", "--json"
        ).stdout
    )
    assert added["visibility"] == "internal" and added["party"] == "Federal Republic of Corvinia"
    assert added["messages"][0]["mentions"] == ["oskar"]
    tid = str(added["id"])
    replied = run("--as", "oskar", "discuss", "reply", tid, "Yes, weekly.")
    assert "Yes, weekly." in replied.stdout
    assert "resolved" in run("--as", "cato", "discuss", "resolve", tid).stdout
    twice = run("--as", "cato", "discuss", "resolve", tid, ok=False)
    assert "already resolved" in twice.stderr
    assert "open" in run("--as", "cleo", "discuss", "reopen", tid).stdout
    refused = run(
        "--as", "cleo", "discuss", "add", "1", "art-7", "Ask @aron", "--internal", ok=False
    )
    assert "@aron is not a member of its party" in refused.stderr
    unknown = run("--as", "cleo", "discuss", "add", "1", "art-99", "Hello", ok=False)
    assert "no such provision" in unknown.stderr
    listed = run("--as", "cleo", "discuss", "list", "1", "--key", "art-7", "--status", "open")
    assert "Data @oskar?" in listed.stdout and "Yes, weekly." in listed.stdout
