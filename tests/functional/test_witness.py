"""A witness on loopback: cosigns a growing record, refuses a fork and a rollback over HTTP,
and keeps its state untouched when it refuses."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inwriting.cli import app
from inwriting.tlog import (
    Checkpoint,
    Ed25519Signer,
    consistency_proof,
    leaf_hash,
    parse_vkey,
    root_hash,
    sign_checkpoint,
    verify_note,
)
from inwriting.tlog.notes import parse_note
from inwriting.witness.server import Witness, WitnessServer
from inwriting.witness.state import StateError, WitnessState

ORIGIN = "example.org/record"
LOG = Ed25519Signer(ORIGIN, bytes(range(32)))
LEAVES = [leaf_hash(b"entry %d" % i) for i in range(40)]
FORKED = [*LEAVES[:3], leaf_hash(b"quietly rewritten"), *LEAVES[4:]]
SEED = bytes(range(100, 132))


def checkpoint(size: int, leaves: list[bytes] = LEAVES) -> str:
    return sign_checkpoint(Checkpoint(ORIGIN, size, root_hash(leaves[:size])), [LOG])


def request(old: int, new: int, leaves: list[bytes] = LEAVES) -> bytes:
    proof = consistency_proof(leaves, old, new) if 0 < old < new else []
    lines = [f"old {old}", *(base64.b64encode(h).decode() for h in proof)]
    return ("\n".join(lines) + "\n\n" + checkpoint(new, leaves)).encode()


def post(url: str, body: bytes) -> tuple[int, str, str]:
    req = urllib.request.Request(f"{url}/add-checkpoint", data=body, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


@pytest.fixture
def witness(tmp_path: Path) -> Iterator[tuple[str, WitnessState]]:
    state = WitnessState(tmp_path / "data")
    state.lock()
    logs = {ORIGIN: LOG.verifier()}
    server = WitnessServer(("127.0.0.1", 0), Witness("witness.test", SEED, logs, state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        state.unlock()


def _files(state: WitnessState) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((state.folder / "logs").iterdir())}


def test_cosigns_a_growing_record_and_refuses_a_fork_and_a_rollback(
    witness: tuple[str, WitnessState],
) -> None:
    url, state = witness
    verifier = Witness("witness.test", SEED, {}, state).verifier()
    status, _, line = post(url, request(0, 10))
    assert status == 200
    cosigned = parse_note(checkpoint(10)).text + "\n" + line
    assert verify_note(cosigned, [verifier]).signer_names == ("witness.test",)
    assert post(url, request(10, 25))[0] == 200
    before = _files(state)

    status, _, message = post(url, request(25, 25, FORKED))  # same size, another root
    assert (status, "does not extend size 25") == (422, message[message.find("does") :][:23])
    status, _, message = post(url, request(25, 30, FORKED))  # grows, but rewrote entry 3
    assert status == 422
    status, content_type, size = post(url, request(0, 20))  # rolled back
    assert (status, content_type, size) == (409, "text/x.tlog.size", "25\n")
    assert post(url, request(25, 20))[0] == 400
    assert post(url, b"old 25\n\n" + b"not a note")[0] == 400
    assert _files(state) == before  # refusals change nothing

    assert post(url, request(25, 40))[0] == 200  # the honest record carries on


def test_unknown_log_and_forged_signature(witness: tuple[str, WitnessState]) -> None:
    url, state = witness
    stranger = Ed25519Signer("other.example/log", bytes(32))
    note = sign_checkpoint(Checkpoint("other.example/log", 1, LEAVES[0]), [stranger])
    status, _, message = post(url, b"old 0\n\n" + note.encode())
    assert status == 404 and "unknown log" in message
    impostor = Ed25519Signer(ORIGIN, bytes(32))
    forged = sign_checkpoint(Checkpoint(ORIGIN, 3, root_hash(LEAVES[:3])), [impostor])
    assert post(url, b"old 0\n\n" + forged.encode())[0] == 403
    assert list((state.folder / "logs").iterdir()) == []


def test_state_survives_a_restart_and_one_folder_has_one_witness(tmp_path: Path) -> None:
    first = WitnessState(tmp_path)
    first.lock()
    with pytest.raises(StateError, match="in use"):
        WitnessState(tmp_path).lock()
    witness = Witness("w", SEED, {ORIGIN: LOG.verifier()}, first)
    assert witness.add_checkpoint(request(0, 8)).status == 200
    first.unlock()
    again = Witness("w", SEED, {ORIGIN: LOG.verifier()}, WitnessState(tmp_path))
    assert again.add_checkpoint(request(0, 8)).body == b"8\n"
    assert again.add_checkpoint(request(8, 9)).status == 200


def test_witness_key_makes_a_private_key_once(tmp_path: Path) -> None:
    key = tmp_path / "witness.key"
    runner = CliRunner()
    first = runner.invoke(app, ["witness", "key", "--key", str(key), "--name", "w.example"])
    assert first.exit_code == 0, first.output
    assert os.stat(key).st_mode & 0o777 == 0o600
    vkey = first.output.strip()
    assert parse_vkey(vkey).name == "w.example"
    assert runner.invoke(app, ["witness", "key", "--key", str(key)]).output.strip() == vkey


def test_witness_serve_runs_as_its_own_process(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "inwriting", "witness", "serve", "--key"]
    args = [str(tmp_path / "k"), "--data", str(tmp_path / "d"), "--port", "0"]
    with subprocess.Popen(
        [*command, *args, "--log", LOG.verifier().vkey],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as process:
        try:
            assert process.stdout is not None
            banner = process.stdout.readline()  # "" if the process ended: no hang
            port = re.search(r"127\.0\.0\.1:(\d+)/", banner)
            assert port, banner
            url = f"http://127.0.0.1:{port.group(1)}"
            assert post(url, request(0, 4))[0] == 200
            assert post(url, request(0, 4, FORKED))[0] == 409
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_a_damaged_state_file_is_named_and_nothing_is_cosigned(
    witness: tuple[str, WitnessState],
) -> None:
    """A witness that lost what it cosigned must not start again from nothing (it would
    then cosign a rollback): it says which file is damaged and cosigns nothing."""
    url, state = witness
    assert post(url, request(0, 10))[0] == 200
    (damaged,) = (state.folder / "logs").iterdir()
    damaged.write_text('{"origin": "example.org/record", "size": "ten"')
    status, _, message = post(url, request(10, 25))
    assert status == 500
    assert damaged.name in message and "restore it from a copy" in message
    assert damaged.read_text() == '{"origin": "example.org/record", "size": "ten"'
