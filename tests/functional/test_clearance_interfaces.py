"""Clearance chains through the CLI, the API and the web pages, on the demo.

Corvinia (demo): ``cleo`` drafter, ``cato`` principal, ``oskar`` observer. Its chain here:
review (oskar) -> principal (a principal). ``aron`` is a drafter of Aldavia: another party.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner, Result

from inwriting.cli import app as cli
from inwriting.domain.clearance import Step
from inwriting.domain.negotiations import Role
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.services import accounts, clearance, documents, ledger, responses
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.demo import CORVINIA, DEMO_PASSWORD, SLUG
from inwriting.storage.engine import Database

N = f"/negotiations/{SLUG}"
TREATY = b"# Treaty of Corvinia\n\n## Article 1\n\nThis applies.\n\n## Article 2\n\nSo does this.\n"
CHAIN = (Step("review", 1, members=("oskar",)), Step("principal", 1, role=Role.PRINCIPAL))


def _complete(db: Database) -> ResponseContent:
    text = documents.get_version(db, Actor("cleo"), 1)
    return ResponseContent(
        CORVINIA,
        positions=tuple(
            Position(PositionKind.ACCEPT, provision=p.key) for p in text.provisions if p.answerable
        ),
    )


# -- CLI -------------------------------------------------------------------------------------


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INWRITING_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.delenv("INWRITING_USER", raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str, ok: bool = True, user: str | None = None) -> Result:
        prefix = ["--as", user] if user else []
        result = runner.invoke(cli, [*prefix, *args], env={"COLUMNS": "200"})
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        if ok and result.exit_code != 0:
            raise AssertionError(f"{args} exited {result.exit_code}:\n{result.output}")
        return result

    return run


def test_a_chain_set_and_cleared_from_the_command_line(run, tmp_path: Path) -> None:
    run("demo")
    party = ["-n", SLUG]
    refused = run(
        "parties", "clearance", "set", CORVINIA, *party, "--step", "review = oskar",
        user="cleo", ok=False,
    )  # fmt: skip
    assert refused.exit_code != 0 and "not a principal" in refused.stderr
    bad = run("parties", "clearance", "set", CORVINIA, *party, "--step", "legal", user="cato",
              ok=False)  # fmt: skip
    assert bad.exit_code != 0 and "line 1" in bad.stderr
    steps = ["--step", "review = oskar", "--step", "principal = role:principal"]
    shown = run("parties", "clearance", "set", CORVINIA, *party, *steps, user="cato").stdout
    assert "1. review = oskar" in shown and "2. principal = role:principal" in shown
    hidden = run("parties", "clearance", "show", CORVINIA, *party, user="aron", ok=False)
    assert hidden.exit_code != 0 and "no such clearance chain" in hidden.stderr

    (tmp_path / "treaty.md").write_bytes(TREATY)
    made = run("documents", "import", "treaty.md", *party, "--party", CORVINIA, user="cleo")
    assert "awaits Federal Republic of Corvinia's clearance (pending version 1)" in made.stdout
    assert "pending version 1" in run("parties", "clearance", "awaiting", user="oskar").stdout
    assert "nothing awaits" in run("parties", "clearance", "awaiting", user="cato").stdout
    run("versions", "pending", "clear", "1", user="oskar")
    no = run("versions", "pending", "clear", "1", user="cleo", ok=False)
    assert no.exit_code != 0 and "may not clear the step 'principal'" in no.stderr
    done = run("versions", "pending", "clear", "1", "--json", user="cato").stdout
    version_id = json.loads(done)["draft"]["version_id"]
    assert version_id is not None
    listed = json.loads(run("documents", "list", *party, "--json", user="aron").stdout)
    assert version_id in [v["id"] for d in listed for v in d["versions"]]

    db = Database(f"sqlite:///{tmp_path / 'cli.db'}")
    draft = responses.save_draft(db, Actor("cleo"), 1, _complete(db))
    db.dispose()
    early = run("responses", "approve", str(draft.id), user="cato", ok=False)
    assert early.exit_code != 0 and "may not clear the step 'review'" in early.stderr
    run("responses", "approve", str(draft.id), user="oskar")
    status = run("responses", "clearance", str(draft.id), user="cleo").stdout
    assert "review: oskar [cleared]" in status and "cleared: review by oskar" in status
    sent = json.loads(run("responses", "approve", str(draft.id), "--json", user="cato").stdout)
    assert sent["status"] == "submitted"
    assert "ok" in run("db", "check").stdout.lower()


# -- API -------------------------------------------------------------------------------------


def _token(db: Database, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {accounts.create_token(db, Actor(username), 't')[0]}"}


def test_the_api_sets_a_chain_and_clears_a_pending_version(demo_app: FastAPI) -> None:
    db = demo_app.state.db
    cato, cleo, oskar, aron = (_token(db, u) for u in ("cato", "cleo", "oskar", "aron"))
    url = f"/api/v1/negotiations/{SLUG}/parties/{CORVINIA}/clearance"
    body = {
        "steps": [
            {"name": "review", "members": ["oskar"]},
            {"name": "principal", "role": "principal"},
        ]
    }
    with TestClient(demo_app) as client:
        assert client.put(url, json=body, headers=cleo).status_code == 403
        bad = client.put(url, json={"steps": [{"name": "x", "members": ["nobody"]}]}, headers=cato)
        assert bad.status_code == 422
        assert bad.json()["error"]["details"][0]["code"] == "not_a_member"
        assert client.put(url, json=body, headers=cato).status_code == 200
        assert client.get(url, headers=aron).status_code == 404
        assert [s["name"] for s in client.get(url, headers=oskar).json()["steps"]] == [
            "review",
            "principal",
        ]
        tabled = client.post(
            f"/api/v1{N}/versions",
            data={"party": CORVINIA},
            files={"file": ("t.md", TREATY)},
            headers=cleo,
        )
        assert tabled.status_code == 201 and tabled.json()["version_id"] is None
        pending = tabled.json()["id"]
        assert client.get(f"/api/v1/pending-versions/{pending}", headers=aron).status_code == 404
        waiting = client.get("/api/v1/clearance/awaiting", headers=oskar).json()
        assert [(w["subject"], w["subject_id"]) for w in waiting] == [("version_draft", pending)]
        cleared = client.post(f"/api/v1/pending-versions/{pending}/clear", headers=oskar).json()
        assert [s["state"] for s in cleared["status"]["steps"]] == ["cleared", "current"]
        edited = client.put(
            f"/api/v1/pending-versions/{pending}",
            files={"file": ("t.md", TREATY.replace(b"applies", b"holds"))},
            headers=cleo,
        ).json()
        assert [s["state"] for s in edited["status"]["steps"]] == ["current", "waiting"]
        assert [h["what"] for h in edited["status"]["history"]] == ["cleared", "withdrawn"]
        client.post(f"/api/v1/pending-versions/{pending}/clear", headers=oskar)
        done = client.post(f"/api/v1/pending-versions/{pending}/clear", headers=cato).json()
        assert done["draft"]["version_id"] is not None
        shown = client.get(f"/api/v1/versions/{done['draft']['version_id']}", headers=aron)
        assert "holds" in shown.text
    assert ledger.check_database(db).ok


# -- web -------------------------------------------------------------------------------------


def _signed_in(app: FastAPI, username: str) -> TestClient:
    client = TestClient(app)
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert csrf is not None
    form = {"username": username, "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    return client


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_the_chain_page_sets_the_chain_and_refuses_bad_steps_in_place(demo_app: FastAPI) -> None:
    url = f"{N}/parties/{CORVINIA}/clearance"
    cato = _signed_in(demo_app, "cato")
    page = cato.get(url)
    assert page.status_code == 200 and "No chain" in page.text
    bad = cato.post(url, data={"csrf": _csrf(page.text), "steps": "review = nobody"})
    assert bad.status_code == 422 and "not members of the party: nobody" in bad.text
    assert clearance.get_chain(demo_app.state.db, Actor("cato"), SLUG, CORVINIA).steps == ()
    steps = "review = oskar\nprincipal = role:principal"
    done = cato.post(url, data={"csrf": _csrf(page.text), "steps": steps}, follow_redirects=False)
    assert done.status_code == 303
    assert clearance.get_chain(demo_app.state.db, Actor("cato"), SLUG, CORVINIA).steps == CHAIN
    assert "<textarea" not in _signed_in(demo_app, "cleo").get(url).text  # a drafter reads it
    assert _signed_in(demo_app, "aron").get(url).status_code == 404


def test_the_draft_page_shows_the_chain_a_clear_button_and_the_history(
    demo_app: FastAPI,
) -> None:
    db = demo_app.state.db
    clearance.set_chain(db, Actor("cato"), SLUG, CORVINIA, CHAIN)
    draft = responses.save_draft(db, Actor("cleo"), 1, _complete(db))
    page_url = f"{N}/responses/{draft.id}"
    oskar, cato = _signed_in(demo_app, "oskar"), _signed_in(demo_app, "cato")
    page = cato.get(page_url).text
    assert "Clearance by Federal Republic of Corvinia" in page
    assert "Clear “review”" not in page and "may not clear the step" in page
    page = oskar.get(page_url).text
    assert "Clear “review”" in page
    cleared = oskar.post(f"{page_url}/approve", data={"csrf": _csrf(page)}, follow_redirects=False)
    assert cleared.status_code == 303
    page = cato.get(page_url).text
    assert "Clear “principal”" in page and "cleared by oskar" in page
    assert "record entry" in page  # the history names the clearance's entry
    sent = cato.post(f"{page_url}/approve", data={"csrf": _csrf(page)}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"].endswith(f"/responses/{draft.id}")
    assert responses.get_response(db, OPERATOR, draft.id).status == "submitted"


def test_a_pending_version_page_is_its_partys_alone_until_cleared(demo_app: FastAPI) -> None:
    db = demo_app.state.db
    clearance.set_chain(db, Actor("cato"), SLUG, CORVINIA, CHAIN)
    cleo = _signed_in(demo_app, "cleo")
    form = cleo.get(f"{N}/import").text
    made = cleo.post(
        f"{N}/import",
        data={"csrf": _csrf(form), "party": CORVINIA, "label": "Corvinian draft"},
        files={"file": ("t.md", TREATY)},
        follow_redirects=False,
    )
    assert made.status_code == 303 and "/pending/" in made.headers["location"]
    url = made.headers["location"]
    aron = _signed_in(demo_app, "aron")
    assert aron.get(url).status_code == 404
    assert "Corvinian draft" not in aron.get(N).text
    assert "Corvinian draft" in cleo.get(N).text  # listed for its own party
    oskar = _signed_in(demo_app, "oskar")
    page = oskar.get(url).text
    oskar.post(f"{url}/clear", data={"csrf": _csrf(page)})
    cato = _signed_in(demo_app, "cato")
    page = cato.get(url).text
    assert "Clear “principal”" in page and "Article 1" in page
    tabled = cato.post(f"{url}/clear", data={"csrf": _csrf(page)}, follow_redirects=False)
    assert "/versions/" in tabled.headers["location"]
    assert aron.get(tabled.headers["location"]).status_code == 200
