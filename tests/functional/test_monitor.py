"""``inwriting record monitor`` against a record served on loopback: it follows honest growth
and reports a fork, a rollback, a rewritten history and a changed entry, exiting non-zero."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from inwriting.cli import app
from inwriting.tlog import (
    Checkpoint,
    Ed25519Signer,
    build_bundles,
    build_tiles,
    leaf_hash,
    root_hash,
    sign_checkpoint,
)

ORIGIN = "example.org/record"
LOG = Ed25519Signer(ORIGIN, bytes(range(32)))
ENTRIES = [b'{"entry":%d}' % i for i in range(600)]


class Record:
    """What the fake host serves at /record/: swap ``files`` to make it misbehave."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def publish(self, entries: list[bytes], size: int) -> None:
        leaves = [leaf_hash(e) for e in entries[:size]]
        checkpoint = Checkpoint(ORIGIN, size, root_hash(leaves))
        files = {"checkpoint": sign_checkpoint(checkpoint, [LOG]).encode()}
        files.update({t.path: d for t, d in build_tiles(leaves).items()})
        files.update({b.path: d for b, d in build_bundles(entries[:size]).items()})
        self.files = files


@pytest.fixture
def record() -> Iterator[tuple[str, Record]]:
    served = Record()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            data = served.files.get(self.path.removeprefix("/record/"))
            self.send_response(200 if data is not None else 404)
            self.send_header("Content-Length", str(len(data or b"")))
            self.end_headers()
            self.wfile.write(data or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/record", served
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def monitor(url: str, state: Path, key: str = LOG.verifier().vkey) -> Result:
    return CliRunner().invoke(app, ["record", "monitor", url, "--key", key, "--state", str(state)])


def test_follows_an_honest_record(record: tuple[str, Record], tmp_path: Path) -> None:
    url, served = record
    for size in (0, 3, 300, 300, 513, 600):
        served.publish(ENTRIES, size)
        result = monitor(url, tmp_path)
        assert result.exit_code == 0, result.output
        assert f"size {size}" in result.output
    assert (tmp_path / "checkpoint").read_bytes() == served.files["checkpoint"]


def _seen(record: tuple[str, Record], tmp_path: Path, size: int) -> bytes:
    """Let the monitor see the honest record at ``size``; return the checkpoint it kept."""
    url, served = record
    served.publish(ENTRIES, size)
    assert monitor(url, tmp_path).exit_code == 0
    return (tmp_path / "checkpoint").read_bytes()


@pytest.mark.parametrize(
    ("size", "entries", "kind"),
    [
        (300, [*ENTRIES[:10], b"rewritten", *ENTRIES[11:]], "FORK"),  # same size, other root
        (400, [*ENTRIES[:10], b"rewritten", *ENTRIES[11:]], "FORK"),  # grown, history rewritten
        (200, ENTRIES, "ROLLBACK"),
    ],
)
def test_reports_a_misbehaving_record(
    record: tuple[str, Record], tmp_path: Path, size: int, entries: list[bytes], kind: str
) -> None:
    kept = _seen(record, tmp_path, 300)
    url, served = record
    served.publish(entries, size)
    result = monitor(url, tmp_path)
    assert result.exit_code == 1
    assert f"RECORD MISBEHAVED at {url}: {kind}" in result.output
    assert (tmp_path / "checkpoint").read_bytes() == kept  # what was seen is kept as evidence
    assert (tmp_path / "conflicting-checkpoint").read_bytes() == served.files["checkpoint"]


def test_reports_a_changed_entry_and_tiles_that_do_not_match(
    record: tuple[str, Record], tmp_path: Path
) -> None:
    _seen(record, tmp_path, 100)
    url, served = record
    served.publish(ENTRIES, 300)
    served.files["tile/entries/001.p/44"] = served.files["tile/entries/001.p/44"][:-1] + b"!"
    result = monitor(url, tmp_path)
    assert (result.exit_code, "ENTRY CHANGED") == (1, result.output.split(": ")[1][:13])
    served.publish(ENTRIES, 300)
    served.files["tile/0/001.p/44"] = bytes(44 * 32)
    assert "FORK: the tiles do not match" in monitor(url, tmp_path).output


def test_a_checkpoint_not_signed_by_the_log_is_reported(
    record: tuple[str, Record], tmp_path: Path
) -> None:
    url, served = record
    served.publish(ENTRIES, 5)
    other = Ed25519Signer(ORIGIN, bytes(32)).verifier().vkey
    result = monitor(url, tmp_path, other)
    assert result.exit_code == 1 and "FORGED CHECKPOINT" in result.output
    assert not (tmp_path / "checkpoint").exists()


def test_an_unreachable_record_exits_2(tmp_path: Path) -> None:
    result = monitor("http://127.0.0.1:9/record", tmp_path)
    assert result.exit_code == 2 and "could not read the record" in result.output
