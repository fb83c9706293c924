"""The record's own witnesses, end to end: two real witness servers on loopback, the app's
checkpointer asking them, /record/checkpoint publishing only what a quorum cosigned, and
``verify-receipt`` counting the cosignatures."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from inwriting.app import create_app
from inwriting.cli import app as cli
from inwriting.services import negotiations, parties, record, witnesses
from inwriting.services.actors import OPERATOR
from inwriting.settings import Settings
from inwriting.tlog import open_checkpoint
from inwriting.tlog.notes import CosignatureVerifier, Verifier
from inwriting.tlog.witness import cosigner_verifier
from inwriting.witness.server import Witness, WitnessServer
from inwriting.witness.state import WitnessState

WAIT = 60.0  # seconds: a bound on waiting for the checkpointer, never a timing assertion


def _until(what: str, check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.1)


@contextmanager
def _serving(name: str, seed: bytes, log: Verifier, data: Path, port: int = 0) -> Iterator[int]:
    witness = Witness(name, seed, {log.name: log}, WitnessState(data))
    server = WitnessServer(("127.0.0.1", port), witness)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_the_published_checkpoint_waits_for_a_quorum_of_witnesses(tmp_path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'site.db'}", data_dir=tmp_path / "d", witness_quorum=2
    )
    app = create_app(settings, checkpointer=True)
    db = app.state.db
    db.upgrade()
    slug = negotiations.create_negotiation(db, OPERATOR, "Witnessed talks").slug
    key = app.state.record_keys.get()
    log = key.signer.verifier()
    seeds = {"one.witness.test": bytes([1]) * 32, "two.witness.test": bytes([2]) * 32}
    vkeys = {name: cosigner_verifier(name, seed) for name, seed in seeds.items()}
    folders = {name: tmp_path / name for name in seeds}

    def published(client: TestClient) -> tuple[int, tuple[str, ...]]:
        answer = client.get("/record/checkpoint")
        if answer.status_code != 200:
            return -1, ()
        signed = open_checkpoint(answer.text, log, witnesses=vkeys.values())
        return signed.checkpoint.size, tuple(sorted(signed.cosigner_names))

    both = tuple(sorted(seeds))
    with (
        _serving(
            "one.witness.test", seeds["one.witness.test"], log, folders["one.witness.test"]
        ) as one,
        _serving(
            "two.witness.test", seeds["two.witness.test"], log, folders["two.witness.test"]
        ) as two,
    ):
        for name, port in (("one.witness.test", one), ("two.witness.test", two)):
            witnesses.add_witness(db, OPERATOR, vkeys[name].vkey, f"http://127.0.0.1:{port}")
        with TestClient(app) as client:
            _until("both cosign", lambda: published(client) == (1, both))
            stopped_port = two

    # Witness two is down: a new checkpoint is signed and cosigned by one, not published.
    with (
        _serving(
            "one.witness.test", seeds["one.witness.test"], log, folders["one.witness.test"], one
        ),
        TestClient(app) as client,
    ):
        parties.add_party(db, OPERATOR, slug, "Party A")
        _until("one cosigns size 2", lambda: _cosigned(db)["one.witness.test"] == 2)
        assert published(client) == (1, both)
        assert client.get("/api/v1/record/checkpoint").json()["size"] == 1
        with _serving(
            "two.witness.test",
            seeds["two.witness.test"],
            log,
            folders["two.witness.test"],
            stopped_port,
        ):
            _until("two is back and cosigns", lambda: published(client) == (2, both))

    receipt = tmp_path / "entry.tlog-proof"
    receipt.write_text(record.receipt(db, OPERATOR, 1, key, quorum=2).format())
    db.dispose()
    args = ["verify-receipt", str(receipt), "--key", key.vkey]
    for name in both:
        args += ["--witness", vkeys[name].vkey]
    ok = CliRunner().invoke(cli, [*args, "--min-witnesses", "2"])
    assert ok.exit_code == 0, ok.output
    assert "cosigned by one.witness.test, two.witness.test" in ok.output
    stranger: CosignatureVerifier = cosigner_verifier("two.witness.test", bytes([9]) * 32)
    wrong = [*args[:4], "--witness", vkeys["one.witness.test"].vkey, "--witness", stranger.vkey]
    refused = CliRunner().invoke(cli, [*wrong, "--min-witnesses", "2"])
    assert refused.exit_code == 1
    assert "cosigned by 1 of the witnesses given" in refused.output


def _cosigned(db: object) -> dict[str, int]:
    from inwriting.storage.engine import Database

    assert isinstance(db, Database)
    return {w.name: w.cosigned_size for w in witnesses.list_witnesses(db)}
