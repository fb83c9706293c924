"""The commitments ledger through its front doors: CLI, CSV/XLSX exports, JSON API, Atom."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import feedparser
import openpyxl
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from inwriting.app import create_app
from inwriting.cli import app as cli
from inwriting.services.demo import load_demo
from inwriting.settings import Settings


def _client(tmp_path: Path, public: bool) -> Iterator[TestClient]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'c.db'}", data_dir=tmp_path / "d")
    app = create_app(settings, checkpointer=False)
    app.state.db.upgrade()
    load_demo(app.state.db, public=public)
    with TestClient(app) as client:
        yield client


@pytest.fixture
def public(tmp_path: Path) -> Iterator[TestClient]:
    yield from _client(tmp_path, public=True)


@pytest.fixture
def private(tmp_path: Path) -> Iterator[TestClient]:
    yield from _client(tmp_path, public=False)


def test_the_atom_feed_is_valid_atom_with_what_happened(public: TestClient) -> None:
    response = public.get("/negotiations/lysra-basin/feed.atom")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [e.title for e in feed.entries]
    assert any("tabled Aldavian draft" in t for t in titles)
    assert any("submitted a formal written response" in t for t in titles)
    assert any(t.startswith("Deadline passed: Federal Republic of Corvinia") for t in titles)
    assert any("is now disputed" in t for t in titles)
    assert all(e.id and e.updated for e in feed.entries)


def test_private_negotiations_are_not_served_to_anonymous_readers(private: TestClient) -> None:
    assert private.get("/negotiations/lysra-basin/feed.atom").status_code == 404
    response = private.get("/api/v1/negotiations/lysra-basin/commitments")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_ledger_over_json(public: TestClient) -> None:
    ledger = public.get("/api/v1/negotiations/lysra-basin/commitments").json()
    assert {c["effective_status"] for c in ledger} >= {"kept", "broken", "disputed", "in_the_works"}
    overdue = public.get(
        "/api/v1/negotiations/lysra-basin/commitments", params={"overdue": "true"}
    ).json()
    assert [c["party"] for c in overdue] == ["Federal Republic of Corvinia"]
    one = public.get(f"/api/v1/negotiations/lysra-basin/commitments/{ledger[0]['id']}").json()
    assert one["history"][0]["status"] == "not_yet_rated"
    bad = public.get("/api/v1/negotiations/lysra-basin/commitments", params={"status": "lost"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("INWRITING_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("INWRITING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("INWRITING_USER", raising=False)
    runner = CliRunner()

    def run(*args: str, ok: bool = True):  # type: ignore[no-untyped-def]
        result = runner.invoke(cli, list(args), env={"COLUMNS": "200"})
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert (result.exit_code == 0) == ok, result.output
        return result

    run("demo")
    return run


def test_cli_records_rates_and_disputes_with_clear_errors(run) -> None:  # type: ignore[no-untyped-def]
    added = run(
        "--as",
        "cleo",
        "commitments",
        "add",
        "-n",
        "lysra-basin",
        "--party",
        "Kingdom of Brenmark",
        "--text",
        "Publish the flood maps.",
        "--quote",
        "We will publish the maps",
        "--citation",
        "Round 3",
        "--made",
        "2026-11-01",
        "--due",
        "2027-01-15",
        "--json",
    )
    cid = __import__("json").loads(added.stdout)["id"]
    refused = run(
        "--as",
        "cleo",
        "commitments",
        "add",
        "-n",
        "lysra-basin",
        "--party",
        "Kingdom of Brenmark",
        "--text",
        "x",
        "--quote",
        " ",
        "--citation",
        "Round 3",
        "--made",
        "2026-11-01",
        "--due",
        "2026-10-01",
        ok=False,
    )
    assert "[quote]" in refused.stderr and "[due_at]" in refused.stderr
    no_reason = run(
        "--as",
        "bo",
        "commitments",
        "status",
        str(cid),
        "--status",
        "stalled",
        "--rationale",
        "",
        ok=False,
    )
    assert "[rationale]" in no_reason.stderr and "[evidence]" in no_reason.stderr
    run(
        "--as",
        "bo",
        "commitments",
        "status",
        str(cid),
        "--status",
        "stalled",
        "--rationale",
        "Mapping agency on strike.",
        "--citation",
        "Letter of 20 Nov",
    )
    run(
        "--as",
        "cato",
        "commitments",
        "dispute",
        str(cid),
        "--party",
        "Federal Republic of Corvinia",
        "--statement",
        "The maps promised were the 1:10,000 ones.",
        "--link",
        "https://example.org/round3",
    )
    shown = run("commitments", "show", str(cid)).stdout
    assert "stalled" in shown and "disputed" in shown and "Publish the flood maps." in shown
    overdue = run("deadlines", "list", "-n", "lysra-basin", "--overdue", "--json").stdout
    assert "Federal Republic of Corvinia" in overdue
    assert "0 commitment(s)" in run("deadlines", "sweep").stdout  # the demo already swept


def test_ledger_exports_open(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("commitments", "export", "-n", "lysra-basin", "-o", str(tmp_path / "ledger.xlsx"))
    run("commitments", "export", "-n", "lysra-basin", "-o", str(tmp_path / "ledger.csv"))
    sheet = openpyxl.load_workbook(tmp_path / "ledger.xlsx").active
    assert sheet is not None
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert [c.value for c in sheet[1]][:5] == ["id", "party", "person", "to", "promise"]
    assert sheet.max_row == 6
    rows = list(csv.reader(io.StringIO((tmp_path / "ledger.csv").read_text())))
    assert len(rows) == 6 and "broken" in {r[12] for r in rows}


def test_commitments_are_recorded_and_rated_through_the_api(public: TestClient) -> None:
    from inwriting.services import accounts
    from inwriting.services.actors import Actor

    db = public.app.state.db  # type: ignore[attr-defined]
    cleo = {"Authorization": f"Bearer {accounts.create_token(db, Actor('cleo'), 't')[0]}"}
    bo = {"Authorization": f"Bearer {accounts.create_token(db, Actor('bo'), 't')[0]}"}
    body = {
        "party": "Kingdom of Brenmark",
        "text": "Publish the flood maps.",
        "source": {"kind": "meeting", "citation": "Round 3", "quote": "We will publish them."},
        "made_at": "2026-11-01T10:00:00Z",
        "due_at": "2027-01-15T00:00:00Z",
    }
    url = "/api/v1/negotiations/lysra-basin/commitments"
    assert public.post(url, json=body).status_code == 401  # anonymous: sign in first
    made = public.post(url, json=body, headers=cleo)
    assert made.status_code == 201, made.text
    cid = made.json()["id"]
    bad = public.post(url, json={**body, "source": {**body["source"], "quote": " "}}, headers=cleo)
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["field"] == "quote"
    rated = public.post(
        f"{url}/{cid}/status",
        json={
            "status": "in_the_works",
            "rationale": "Survey started.",
            "evidence": {"citation": "Letter of 2 Dec"},
        },
        headers=bo,
    )
    assert rated.status_code == 200 and rated.json()["status"] == "in_the_works"
    refused = public.post(
        f"{url}/{cid}/status",
        json={"status": "kept", "rationale": "x", "evidence": {"citation": "y"}},
        headers=cleo,  # a drafter does not rate
    )
    assert refused.status_code == 403
