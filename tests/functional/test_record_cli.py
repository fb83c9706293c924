"""The record's receipts and openings from the command line, role by role, on the demo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from inwriting.cli import app as cli

BRENMARK_PROMISE = (
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
    "--json",
)


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("INWRITING_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("INWRITING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("INWRITING_USER", raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str, ok: bool = True) -> Result:
        result = runner.invoke(cli, list(args), env={"COLUMNS": "200"})
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert (result.exit_code == 0) == ok, result.output
        return result

    run("demo")
    run("users", "add", "zed", "--name", "Zed Outsider")
    return run


def _entry(run, index: int) -> dict[str, object]:  # type: ignore[no-untyped-def]
    out = run("record", "entries", "--start", str(index), "--end", str(index + 1), "--json")
    entry: dict[str, object] = json.loads(out.stdout)[0]["entry"]
    return entry


def test_a_promise_recorded_about_another_party_is_receipted_to_every_reader(run) -> None:  # type: ignore[no-untyped-def]
    added = json.loads(run("--as", "cleo", *BRENMARK_PROMISE).stdout)
    index = added["record_index"]
    parties = {
        p["name"]: p["id"]
        for p in json.loads(run("parties", "list", "-n", "lysra-basin", "--json").stdout)
    }
    entry = _entry(run, index)
    assert entry["party"] == parties["Federal Republic of Corvinia"]  # cleo's party acted
    assert entry["ids"]["promiser"] == parties["Kingdom of Brenmark"]  # type: ignore[index]
    for who in ("cleo", "oskar", "aron", "bo"):
        done = run("--as", who, "record", "receipt", str(index), "-o", f"{who}.tlog-proof")
        assert f"entry {index}" in done.stdout
    refused = run("--as", "zed", "record", "receipt", str(index), ok=False)
    missing = run("--as", "zed", "record", "receipt", "999999", ok=False)
    assert refused.output.replace(str(index), "N") == missing.output.replace("999999", "N")


def test_a_member_opens_an_entry_and_checks_a_receipt_against_it(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    index = json.loads(run("--as", "cleo", *BRENMARK_PROMISE).stdout)["record_index"]
    opened = run("--as", "oskar", "record", "open", str(index), "--json")
    opening = json.loads(opened.stdout)
    assert opening["verified"] and opening["content"]["text"] == "Publish the flood maps."
    assert opening["salt"] not in json.dumps(_entry(run, index))
    (tmp_path / "o.json").write_text(opened.stdout)
    run("--as", "oskar", "record", "receipt", str(index), "-o", "r.tlog-proof")
    vkey = run("record", "key").stdout.strip()
    checked = run("verify-receipt", "r.tlog-proof", "--key", vkey, "--opening", "o.json")
    assert "Publish the flood maps." in checked.stdout
    lie = {**opening, "content": {**opening["content"], "text": "Nothing."}}
    (tmp_path / "lie.json").write_text(json.dumps(lie))
    refused = run(
        "verify-receipt", "r.tlog-proof", "--key", vkey, "--opening", "lie.json", ok=False
    )
    assert "does not have the digest" in refused.output
    assert (
        "no such record entry" in run("--as", "zed", "record", "open", str(index), ok=False).output
    )
