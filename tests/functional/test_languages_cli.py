"""Language texts from the command line: add the Dutch text of the UN Charter to its
English version, read it back, check the two, and see a planted divergence exit 1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from inwriting.cli import app
from tests.conftest import DATA

EN = DATA / "corpus" / "un-charter.en.md"
NL = DATA / "corpus" / "un-charter.nl.md"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``inwriting [--as USER] ARGS`` in-process, on a fresh SQLite file."""
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


def _setup(run) -> str:
    run("db", "upgrade")
    run("users", "add", "aron")
    run("users", "add", "bo")
    run("negotiations", "create", "Charter talks", "--slug", "un")
    run("parties", "add", "Party A", "-n", "un")
    run("parties", "add-member", "Party A", "aron", "--role", "drafter", "-n", "un")
    tabled = run(
        "documents", "import", str(EN), "-n", "un", "--party", "Party A", "--json", user="aron"
    )
    data = json.loads(tabled.stdout)
    assert data["language"] == "en"
    return str(data["id"])


def test_add_show_and_check_a_language_text(run, tmp_path: Path) -> None:
    version = _setup(run)
    clean = run("versions", "check-languages", version)
    assert "only its en text" in clean.stdout
    added = run(
        "documents", "import", str(NL), "-n", "un", "--party", "Party A",
        "--language", "nl", "--version", version, user="aron",
    )  # fmt: skip
    assert "added the nl text of version" in added.stdout
    shown = json.loads(run("documents", "show", version, "--language", "nl", "--json").stdout)
    article = next(p for p in shown["provisions"] if p["key"] == "art-51")
    assert article["label"] == "Artikel 51"
    checked = run("versions", "check-languages", version, "--json", ok=False)
    assert checked.exit_code == 1  # the real texts differ in three places
    report = json.loads(checked.stdout)
    assert report["languages"] == ["en", "nl"]
    assert {(d["key"], d["check"]) for d in report["divergences"]} == {
        ("art-53", "terms"),
        ("art-104", "numbers"),
        ("closing", "numbers"),
    }
    again = run(
        "documents", "import", str(NL), "-n", "un", "--party", "Party A",
        "--language", "nl", "--version", version, user="aron", ok=False,
    )  # fmt: skip
    assert again.exit_code != 0 and "already has a nl text" in again.stderr


def test_a_planted_divergence_and_a_refused_translation(run, tmp_path: Path) -> None:
    version = _setup(run)
    dutch = NL.read_text(encoding="utf-8")
    planted = tmp_path / "planted.nl.md"
    planted.write_text(dutch.replace("voorzien in artikel 107", "voorzien in artikel 108"))
    assert planted.read_text() != dutch
    run(
        "documents", "import", str(planted), "-n", "un", "--party", "Party A",
        "--language", "nl", "--version", version, user="aron",
    )  # fmt: skip
    text = run("versions", "check-languages", version, ok=False)
    assert text.exit_code == 1
    assert "Article 53: references differ — only in en: 107; only in nl: 108" in text.stdout
    # a translation missing an article is refused, by label, and nothing is added
    start, end = dutch.index("### Artikel  5  \n"), dutch.index("### Artikel  6  \n")
    short = tmp_path / "short.fr.md"
    short.write_text(dutch[:start] + dutch[end:])
    refused = run(
        "documents", "import", str(short), "-n", "un", "--party", "Party A",
        "--language", "fr", "--version", version, user="aron", ok=False,
    )  # fmt: skip
    assert refused.exit_code != 0
    assert "missing: Article 5 (art-5) of the version has no counterpart" in refused.stderr
    assert "--language fr" not in refused.stderr
    missing = run("documents", "show", version, "--language", "fr", ok=False)
    assert missing.exit_code != 0 and "no fr text" in missing.stderr
