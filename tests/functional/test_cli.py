"""The CLI end to end, as a user runs it: real processes, a real SQLite file."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import inwriting
from inwriting.cli import app
from tests.conftest import DATA

DRAFT = DATA / "responses" / "draft.md"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run the CLI in-process, as ``inwriting [--as USER] ARGS``, on a fresh SQLite file."""
    monkeypatch.setenv("INWRITING_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.delenv("INWRITING_USER", raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str, ok: bool = True, user: str | None = None) -> Result:
        prefix = ["--as", user] if user else []
        result = runner.invoke(app, [*prefix, *args], env={"COLUMNS": "200"})
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        if ok and result.exit_code != 0:
            raise AssertionError(f"{args} exited {result.exit_code}:\n{result.output}")
        return result

    return run


def test_the_installed_command_runs(tmp_path: Path) -> None:
    """One real process, as a user starts it: ``python -m inwriting``."""
    done = subprocess.run(
        [sys.executable, "-m", "inwriting", "parse", str(DRAFT)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "art-1" in done.stdout


def test_version_prints_the_package_version_and_touches_no_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--version`` answers even where the configured database cannot be opened."""
    monkeypatch.setenv("INWRITING_DATABASE_URL", f"sqlite:///{tmp_path / 'absent' / 'x.db'}")
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"inwriting {importlib.metadata.version('inwriting')}\n"
    assert result.stdout == f"inwriting {inwriting.__version__}\n"
    assert list(tmp_path.iterdir()) == []


def test_parse_prints_provisions_as_json(run) -> None:
    out = json.loads(run("parse", str(DRAFT), "--json").stdout)
    assert set(out) == {"title", "provisions", "answer_level", "warnings"}
    assert (out["answer_level"], out["warnings"]) == ("article", [])
    first = out["provisions"][0]
    assert set(first) == {"key", "kind", "label", "number", "heading", "text", "parent"}
    assert any(p["key"] == "art-1" and p["kind"] == "article" for p in out["provisions"])


def test_parse_refuses_an_empty_file_naming_it(run, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n\n")
    done = run("parse", str(empty), ok=False)
    assert done.exit_code == 1
    assert "empty.txt" in done.stderr and "Traceback" not in done.stderr


def test_check_response_exit_status_and_problems(run, tmp_path: Path) -> None:
    good = run("check-response", str(DRAFT), str(DATA / "responses" / "formal.yaml"))
    assert good.stdout.startswith("Valid formal response")
    bad = run("check-response", str(DRAFT), str(DATA / "responses" / "invalid.yaml"), ok=False)
    assert bad.exit_code == 1
    assert "[reason]" in bad.stderr and "is not answered" in bad.stderr
    report = json.loads(
        run(
            "check-response",
            str(DRAFT),
            str(DATA / "responses" / "invalid.yaml"),
            "--json",
            ok=False,
        ).stdout
    )
    assert report["ok"] is False and len(report["problems"]) >= 3
    broken = tmp_path / "broken.yaml"
    broken.write_text("party: B\npositions:\n  - provision: [unclosed\n")
    malformed = run("check-response", str(DRAFT), str(broken), ok=False)
    assert malformed.exit_code == 1
    assert "line" in malformed.stderr and "Traceback" not in malformed.stderr


def test_a_whole_negotiation_from_the_command_line(run, tmp_path: Path) -> None:
    not_ready = run("negotiations", "list", ok=False)
    assert "db upgrade" in not_ready.stderr
    run("db", "upgrade")
    for user in ("aron", "bo", "bea", "britt"):
        run("users", "add", user)
    run("negotiations", "create", "River talks", "--slug", "river")
    run("parties", "add", "Party A", "-n", "river")
    run("parties", "add", "Party B", "-n", "river", "--requires-approval")
    run("parties", "add-member", "Party A", "aron", "--role", "drafter", "-n", "river")
    for user, role in (("britt", "drafter"), ("bo", "principal"), ("bea", "principal")):
        run("parties", "add-member", "Party B", user, "--role", role, "-n", "river")
    tabled = json.loads(
        run(
            "documents",
            "import",
            str(DRAFT),
            "-n",
            "river",
            "--party",
            "Party A",
            "--json",
            user="aron",
        ).stdout
    )
    version = str(tabled["id"])
    run(
        "requests",
        "create",
        version,
        "--party",
        "Party A",
        "--ask",
        "Party B",
        "--due",
        "2099-01-31",
        user="aron",
    )

    answer = tmp_path / "answer.yaml"
    answer.write_text((DATA / "responses" / "formal.yaml").read_text())
    draft = json.loads(
        run("responses", "import", str(answer), "--version", version, "--json", user="britt").stdout
    )
    assert draft["status"] == "draft" and draft["problems"] == []
    rid = str(draft["id"])
    # Party A cannot see Party B's draft.
    hidden = run("responses", "show", rid, user="aron", ok=False)
    assert hidden.exit_code == 1 and "no such response" in hidden.stderr
    refused = run("responses", "submit", rid, user="bo", ok=False)
    assert "requires approval" in refused.stderr
    run("responses", "approve", rid, user="bo")
    sent = json.loads(run("responses", "submit", rid, "--json", user="bea").stdout)
    assert sent["status"] == "submitted" and len(sent["content_sha256"]) == 64
    seen = json.loads(run("responses", "show", rid, "--json", user="aron").stdout)
    assert seen["status"] == "submitted"
    again = run("responses", "submit", rid, user="bea", ok=False)
    assert "can never be changed" in again.stderr

    requests_ = json.loads(run("requests", "list", "-n", "river", "--json").stdout)
    assert [a["state"] for a in requests_[0]["answers"]] == ["answered"]
    assert "ok:" in run("db", "check").stdout


def test_bad_input_gets_one_clear_line(run) -> None:
    run("db", "upgrade")
    missing = run("negotiations", "show", "nowhere", ok=False)
    assert missing.exit_code == 1
    assert missing.stderr.startswith("error: no such negotiation")
    run("users", "add", "ann")
    dup = run("users", "add", "ann", ok=False)
    assert dup.exit_code == 1 and "already exists" in dup.stderr
    bad_due = run(
        "requests",
        "create",
        "1",
        "--party",
        "A",
        "--ask",
        "B",
        "--due",
        "soon",
        user="ann",
        ok=False,
    )
    assert "due date 'soon'" in bad_due.stderr


def test_demo_loads_once_and_shows_an_overdue_party(run) -> None:
    loaded = run("demo")
    assert "Demo accounts" in loaded.stdout
    shown = json.loads(run("negotiations", "show", "lysra-basin", "--json").stdout)
    states = {a["party"]: a["state"] for a in shown["requests"][0]["answers"]}
    assert states == {"Kingdom of Brenmark": "answered", "Federal Republic of Corvinia": "overdue"}
    again = run("demo", ok=False)
    assert "already loaded" in again.stderr


def test_exports_from_the_database_and_a_json_round_trip(run, tmp_path: Path) -> None:
    run("demo")
    for fmt in ("docx", "pdf", "akn", "matrix-xlsx", "consolidated-docx"):
        out = tmp_path / f"v.{fmt}"
        run("export", "lysra-basin", "--format", fmt, "--version", "1", "-o", str(out))
        assert out.stat().st_size > 500
    missing = run("export", "lysra-basin", "--format", "docx", "-o", str(tmp_path / "x"), ok=False)
    assert "needs --version" in missing.stderr
    wrong = run(
        "export",
        "elsewhere",
        "--format",
        "docx",
        "--version",
        "1",
        "-o",
        str(tmp_path / "y"),
        ok=False,
    )
    assert wrong.exit_code == 1
    archive = tmp_path / "all.json"
    run("export", "lysra-basin", "-o", str(archive))
    other = f"sqlite:///{tmp_path / 'other.db'}"
    run("--database", other, "db", "upgrade")
    assert (
        "imported negotiation lysra-basin"
        in run("--database", other, "import", str(archive)).stdout
    )
    assert "ok:" in run("--database", other, "record", "verify").stdout


def test_users_password_revokes_the_users_api_tokens_and_says_so(run) -> None:
    run("db", "upgrade")
    run("users", "add", "ben")
    made = run("users", "tokens", "create", "laptop", user="ben")
    secret = made.stdout.strip().splitlines()[-1]
    runner = CliRunner()
    done = runner.invoke(
        app, ["users", "password", "ben", "--password-stdin"], input="a brand new secret\n"
    )
    assert done.exit_code == 0, done.output
    assert "1 API token(s) revoked" in done.stdout
    listed = run("users", "tokens", "list", user="ben").stdout
    assert "revoked" in listed.lower() and secret not in listed
