"""Party keys from the command line, end to end on the demo: a member makes a key, a
principal registers it and requires signatures, a response is submitted signed (with the key
file, then offline with a detached signature), and a reader's receipt names the key."""

from __future__ import annotations

import json
import stat
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from inwriting.cli import app as cli

CORVINIA = "Federal Republic of Corvinia"
WHERE = ("-n", "lysra-basin", "-p", CORVINIA)


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
    answer = resources.files("inwriting.demo").joinpath("response-brenmark.yaml")
    text = answer.read_text("utf-8").replace("party: Kingdom of Brenmark", f"party: {CORVINIA}")
    (tmp_path / "answer.yaml").write_text(text)
    return run


def _draft(run) -> int:  # type: ignore[no-untyped-def]
    out = run("--as", "cleo", "responses", "import", "answer.yaml", "--version", "1", "--json")
    found: int = json.loads(out.stdout)["id"]
    return found


def test_a_signed_answer_is_receipted_with_the_name_of_its_key(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vkey = run("--as", "cato", "keys", "generate", "-o", "cato.key", "--name", "cato@corvinia")
    vkey_text = vkey.stdout.strip()
    assert vkey_text.startswith("cato@corvinia+")
    assert stat.S_IMODE((tmp_path / "cato.key").stat().st_mode) == 0o600
    assert "cato@corvinia" not in (tmp_path / "cato.key").read_text().split("+", 4)[4]
    again = run("keys", "generate", "-o", "cato.key", ok=False)
    assert "never replaced" in again.output

    registered = json.loads(
        run("--as", "cato", "keys", "register", vkey_text, *WHERE, "--json").stdout
    )
    assert registered["member"] == "cato" and registered["record_index"] is not None
    assert (
        "principal" in run("--as", "cleo", "keys", "register", vkey_text, *WHERE, ok=False).output
    )
    policy = json.loads(run("--as", "cato", "keys", "require", *WHERE, "--json").stdout)
    assert policy["requires_signatures"] and policy["record_index"] > registered["record_index"]

    draft = _draft(run)
    unsigned = run("--as", "cato", "responses", "submit", str(draft), ok=False)
    assert "requires its members to sign" in unsigned.output
    sent = json.loads(
        run(
            "--as", "cato", "responses", "submit", str(draft), "--sign-with", "cato.key", "--json"
        ).stdout
    )
    assert sent["status"] == "submitted" and sent["signed_with"] == "cato@corvinia"
    index = sent["record_index"]

    # any reader gets the receipt and the signature beside it, and checks both offline
    run("--as", "oskar", "record", "receipt", str(index), "-o", "answer.tlog-proof")
    assert (tmp_path / "answer.tlog-proof.sig").read_text().startswith("inwriting/signature/v1")
    run("--as", "oskar", "record", "open", str(index), "--json")
    (tmp_path / "opening.json").write_text(
        run("--as", "oskar", "record", "open", str(index), "--json").stdout
    )
    log = run("record", "key").stdout.strip()
    checked = run("verify-receipt", "answer.tlog-proof", "--key", log, "--opening", "opening.json")
    assert f"signed by cato@corvinia ({vkey_text})" in checked.stdout
    as_json = json.loads(
        run(
            "verify-receipt", "answer.tlog-proof", "--key", log, "--signer", vkey_text, "--json"
        ).stdout
    )
    assert as_json["signed_by"] == {"name": "cato@corvinia", "vkey": vkey_text}

    other = run("keys", "generate", "-o", "other.key", "--name", "cato@corvinia").stdout.strip()
    wrong = run("verify-receipt", "answer.tlog-proof", "--key", log, "--signer", other, ok=False)
    assert "not by the --signer key" in wrong.output
    sig = tmp_path / "answer.tlog-proof.sig"
    forged = sig.read_text().replace("about version 1", "about version 2")
    sig.write_text(forged)
    assert (
        "does not verify"
        in run("verify-receipt", "answer.tlog-proof", "--key", log, ok=False).output
    )
    assert run("record", "verify", "--json").exit_code == 0


def test_a_statement_is_signed_offline_and_sent_as_a_signature_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    vkey = run("--as", "cato", "keys", "generate", "-o", "cato.key").stdout.strip()
    assert vkey.startswith("cato+")  # named after the --as user by default
    run("--as", "cato", "keys", "register", vkey, *WHERE)
    draft = _draft(run)
    run("--as", "cato", "responses", "statement", str(draft), "-o", "answer.statement")
    statement = (tmp_path / "answer.statement").read_text()
    assert statement.startswith("inwriting/statement/v1\nrecord localhost/inwriting\n")
    assert "action response_submitted\n" in statement and "about version 1\n" in statement
    signed = run("sign", "answer.statement", "--key", "cato.key")  # no database needed
    assert "signed with cato" in signed.stdout
    sent = json.loads(
        run(
            "--as",
            "cato",
            "responses",
            "submit",
            str(draft),
            "--signature",
            "answer.statement.sig",
            "--json",
        ).stdout
    )
    assert sent["signed_with"] == "cato"
    # the same signature file for the next answer: a replay, refused
    second = _draft(run)
    replay = run(
        "--as",
        "cato",
        "responses",
        "submit",
        str(second),
        "--signature",
        "answer.statement.sig",
        ok=False,
    )
    assert "signature refused" in replay.output
    (tmp_path / "bad.statement").write_text("not a statement\n")
    assert "not a statement" in run("sign", "bad.statement", "--key", "cato.key", ok=False).output


def test_a_key_is_revoked_and_rotated_from_the_command_line(run) -> None:  # type: ignore[no-untyped-def]
    old = run("--as", "cato", "keys", "generate", "-o", "old.key").stdout.strip()
    new = run("--as", "cato", "keys", "generate", "-o", "new.key").stdout.strip()
    run("--as", "cato", "keys", "register", old, *WHERE)
    rotated = json.loads(
        run("--as", "cato", "keys", "rotate", "cato", new, *WHERE, "--json").stdout
    )
    assert rotated["vkey"] == new and rotated["revoked_at"] is None
    listed = json.loads(run("--as", "oskar", "keys", "list", *WHERE, "--json").stdout)
    assert [(k["vkey"], k["revoked_at"] is None) for k in listed["keys"]] == [
        (old, False),
        (new, True),
    ]
    draft = _draft(run)
    refused = run(
        "--as", "cato", "responses", "submit", str(draft), "--sign-with", "old.key", ok=False
    )
    assert "revoked" in refused.output
    run("--as", "cato", "keys", "revoke", new, *WHERE)
    assert "no active key" in run("--as", "cato", "keys", "revoke", new, *WHERE, ok=False).output


def test_a_dispute_is_signed_from_the_command_line_and_receipted(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.functional.test_record_cli import BRENMARK_PROMISE

    vkey = run("--as", "bo", "keys", "generate", "-o", "bo.key").stdout.strip()
    brenmark = ("-n", "lysra-basin", "-p", "Kingdom of Brenmark")
    run("--as", "bo", "keys", "register", vkey, *brenmark)
    run("--as", "bo", "keys", "require", *brenmark)
    promise = json.loads(run("--as", "cleo", *BRENMARK_PROMISE).stdout)["id"]
    dispute = (
        "commitments", "dispute", str(promise), "--party", "Kingdom of Brenmark",
        "--statement", "We promised no such thing.", "--citation", "Round 3 minutes",
    )  # fmt: skip
    assert "requires its members to sign" in run("--as", "bo", *dispute, ok=False).output
    own = ("commitments", "add", "-n", "lysra-basin", "--party", "Kingdom of Brenmark")
    own += ("--text", "Share the gauge data.", "--quote", "We share it", "--citation", "R4")
    own += ("--made", "2026-11-02", "--json")
    assert "sign this record of a promise" in run("--as", "bo", *own, ok=False).output
    recorded = json.loads(run("--as", "bo", *own, "--sign-with", "bo.key").stdout)
    assert recorded["record_index"] is not None
    done = json.loads(run("--as", "bo", *dispute, "--sign-with", "bo.key", "--json").stdout)
    last = done["history"][-1]
    assert last["status"] == "disputed" and last["signed_with"] == "bo"
    index = last["record_index"]
    run("--as", "cleo", "record", "receipt", str(index), "-o", "dispute.tlog-proof")
    run("--as", "cleo", "record", "open", str(index), "--json")
    (tmp_path / "dispute.json").write_text(
        run("--as", "cleo", "record", "open", str(index), "--json").stdout
    )
    log = run("record", "key").stdout.strip()
    checked = run("verify-receipt", "dispute.tlog-proof", "--key", log, "--opening", "dispute.json")
    assert f"signed by bo ({vkey})" in checked.stdout


def test_a_version_is_tabled_signed_from_the_command_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    aldavia = ("-n", "lysra-basin", "-p", "Republic of Aldavia")
    vkey = run("--as", "aron", "keys", "generate", "-o", "aron.key").stdout.strip()
    run("--as", "ana", "keys", "register", vkey, *aldavia, "--member", "aron")
    run("--as", "ana", "keys", "require", *aldavia)
    (tmp_path / "protocol.md").write_text("# Protocol\n\n## Article 1\n\nEach Party warns.\n")
    table = ("documents", "import", "protocol.md", "-n", "lysra-basin")
    table += ("--party", "Republic of Aldavia", "--json")
    assert "requires its members to sign" in run("--as", "aron", *table, ok=False).output
    tabled = json.loads(run("--as", "aron", *table, "--sign-with", "aron.key").stdout)
    assert tabled["signed_with"] == "aron" and tabled["record_index"] is not None
    run("--as", "cleo", "record", "receipt", str(tabled["record_index"]), "-o", "v.tlog-proof")
    log = run("record", "key").stdout.strip()
    checked = run("verify-receipt", "v.tlog-proof", "--key", log, "--signer", vkey)
    assert f"signed by aron ({vkey})" in checked.stdout
