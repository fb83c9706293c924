"""The witness and the monitor against the real record, as ``inwriting serve`` publishes it."""

from __future__ import annotations

import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from inwriting.cli import app
from inwriting.tlog import open_checkpoint, parse_vkey
from inwriting.witness.server import Witness
from inwriting.witness.state import WitnessState
from tests.functional.live_server import live_server


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        text: str = response.read().decode()
    return text


def test_a_real_record_is_monitored_and_cosigned(demo_template: Path, tmp_path: Path) -> None:
    with live_server(demo_template, tmp_path / "site") as server:
        vkey = _get(f"{server.url}/api/v1/record/key").strip()
        state = tmp_path / "monitor"
        args = ["record", "monitor", f"{server.url}/record", "--key", vkey, "--state", str(state)]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        note = _get(f"{server.url}/record/checkpoint")

    log = parse_vkey(vkey)
    size = open_checkpoint(note, log).checkpoint.size
    assert f"size {size}" in result.output and size > 0
    witness = Witness("witness.test", bytes(32), {log.name: log}, WitnessState(tmp_path / "w"))
    answer = witness.add_checkpoint(b"old 0\n\n" + note.encode())
    assert answer.status == 200
    cosigned = note + answer.body.decode()
    signed = open_checkpoint(cosigned, log, witnesses=[witness.verifier()])
    assert signed.cosigner_names == ("witness.test",)
