"""The record over HTTP, read as an outside tlog-tiles client and JSON API user would."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.services.demo import load_demo
from inwriting.services.record import publish_checkpoint
from inwriting.settings import Settings
from inwriting.tlog import (
    leaf_hash,
    open_checkpoint,
    parse_vkey,
    verify_consistency,
    verify_inclusion,
)
from inwriting.tlog.tiles import TileReader, tile_paths


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'api.db'}", data_dir=tmp_path / "d")
    app = create_app(settings, checkpointer=False)
    app.state.db.upgrade()
    load_demo(app.state.db)
    publish_checkpoint(app.state.db, app.state.record_keys.get())
    with TestClient(app) as test_client:
        yield test_client


def _b64(text: str) -> bytes:
    return base64.b64decode(text)


def test_a_tlog_tiles_client_verifies_the_checkpoint_and_reads_every_entry(
    client: TestClient,
) -> None:
    vkey = client.get("/api/v1/record/key").text
    note = client.get("/record/checkpoint")
    assert note.headers["content-type"].startswith("text/plain")
    tree = open_checkpoint(note.text, parse_vkey(vkey)).checkpoint
    size = len(client.get("/api/v1/record/entries", params={"end": 1000}).json())
    assert tree.origin == "localhost/inwriting" and tree.size == size > 14

    def fetch(path: str) -> bytes:
        response = client.get(f"/record/{path}")
        assert response.status_code == 200, path
        return response.content

    assert set(tile_paths(tree.size)) == {f"tile/0/000.p/{size}", f"tile/entries/000.p/{size}"}
    reader = TileReader(fetch, tree.size, tree.root_hash)
    reader.verify_root()
    assert len(reader.entries(0, tree.size)) == size


def test_json_proofs_verify(client: TestClient) -> None:
    checkpoint = client.get("/api/v1/record/checkpoint").json()
    size, root = checkpoint["size"], _b64(checkpoint["root_hash"])
    listed = client.get("/api/v1/record/entries", params={"end": 1000}).json()
    entry = next(e for e in listed if e["entry"]["type"] == "response_submitted")
    index = entry["index"]
    proof = client.get("/api/v1/record/proof/inclusion", params={"index": index}).json()
    verify_inclusion(
        index, size, leaf_hash(_b64(entry["leaf_input"])), [_b64(h) for h in proof["proof"]], root
    )
    consistency = client.get("/api/v1/record/proof/consistency", params={"old": 5}).json()
    verify_consistency(
        5, size, [_b64(h) for h in consistency["proof"]], _b64(consistency["old_root_hash"]), root
    )


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/record/proof/inclusion?index=100000", 422),
        ("/api/v1/record/proof/inclusion?index=-1", 422),
        ("/api/v1/record/proof/inclusion?index=abc", 422),
        ("/api/v1/record/proof/consistency?old=0", 422),
        ("/api/v1/record/proof/consistency?old=3&new=99", 422),
        ("/api/v1/record/entries?start=0&end=5000", 422),
        ("/record/tile/0/001", 404),
        ("/record/tile/entries/000.p/200", 404),
        ("/record/tile/0/not-a-tile", 422),
    ],
)
def test_bad_requests_get_a_clear_error(client: TestClient, url: str, status: int) -> None:
    response = client.get(url)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] in {"invalid", "not_found"} and error["message"]
