"""C2SP tlog-tiles: paths, tile and bundle contents, and reading a log as a client would."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inwriting.tlog import (
    EMPTY_ROOT,
    BundleId,
    ProofError,
    TileError,
    TileId,
    TileReader,
    build_bundles,
    build_tiles,
    decode_bundle,
    encode_bundle,
    encode_index,
    entry_bundles,
    hash_tiles,
    leaf_hash,
    open_checkpoint,
    parse_tile_path,
    parse_vkey,
    root_from_entries,
    root_from_tiles,
    root_hash,
    tile_paths,
)
from inwriting.tlog.tiles import level_hashes

TESSERA_ENTRIES = [
    *(b"one", b"two", b"three", b"four", b"five", b"six", b"seven", b"eit", b"nain", b"ten"),
    *(b"ileven", b"twelf", b"threeten", b"fourten", b"fivten"),
]


def _tessera_vkey(source: Path) -> str:
    doc = json.loads((source / "signed-note" / "signed-note-vectors.json").read_text())
    [keys] = [v for v in doc["vectors"] if v["id"] == "tessera-testdata-log-keys"]
    return str(keys["vkey"])


def _publish(
    leaves: list[bytes], entries: list[bytes], size: int | None = None
) -> dict[str, bytes]:
    """The files a log serves for these leaves: every hash tile and entry bundle, by path."""
    files = {tile.path: content for tile, content in build_tiles(leaves, size).items()}
    files.update({bundle.path: content for bundle, content in build_bundles(entries, size).items()})
    return files


# -- the real Tessera log --------------------------------------------------------------------


def test_tessera_log_read_as_a_client(source: Path) -> None:
    """For every checkpoint: verify it, rebuild its root from tiles and from entries."""
    log = source / "tessera-testdata-log"

    def fetch(path: str) -> bytes:
        return (log / path).read_bytes()

    log_key = parse_vkey(_tessera_vkey(source))
    for path in sorted(log.glob("checkpoint.*")):
        checkpoint = open_checkpoint(path.read_text(), log_key).checkpoint
        size, root = checkpoint.size, checkpoint.root_hash
        assert root_from_tiles(fetch, size) == root
        entries = TileReader(fetch, size, root).entries()
        assert entries == TESSERA_ENTRIES[:size]
        assert root_from_entries(entries) == root
        assert all((log / p).is_file() for p in tile_paths(size))


def test_tessera_tiles_and_bundles_are_reproduced_byte_for_byte(source: Path) -> None:
    log = source / "tessera-testdata-log"
    for path in sorted(log.glob("checkpoint.*")):
        size = int(path.suffix[1:])
        leaves = [leaf_hash(entry) for entry in TESSERA_ENTRIES[:size]]
        files = _publish(leaves, TESSERA_ENTRIES[:size])
        assert sorted(files) == sorted(tile_paths(size))
        for tile_path, content in files.items():
            assert (log / tile_path).read_bytes() == content, tile_path


def test_tessera_log_has_every_partial_tile(vectors: Path) -> None:
    log = vectors / "tessera-testdata-log"
    on_disk = {p.relative_to(log).as_posix() for p in (log / "tile").rglob("*") if p.is_file()}
    assert on_disk == {p for size in range(1, 16) for p in tile_paths(size)}


# -- paths -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "text"),
    [(0, "000"), (5, "005"), (999, "999"), (1000, "x001/000"), (1234067, "x001/x234/067")],
)
def test_index_encoding(index: int, text: str) -> None:
    assert encode_index(index) == text


def test_tile_and_bundle_paths() -> None:
    assert TileId(0, 1234067, 8).path == "tile/0/x001/x234/067.p/8"
    assert TileId(3, 5).path == "tile/3/005"
    assert BundleId(1234067).path == "tile/entries/x001/x234/067"
    assert BundleId(0, 15).path == "tile/entries/000.p/15"


@pytest.mark.parametrize(
    "path",
    ["tile/0/000", "tile/63/x001/x234/067.p/255", "tile/entries/000.p/1", "tile/1/x123/000"],
)
def test_parse_tile_path_round_trips(path: str) -> None:
    assert parse_tile_path(path).path == path


@pytest.mark.parametrize(
    "path",
    [
        "tile/0/000.p/256",
        "tile/0/000.p/0",
        "tile/0/000.p/08",
        "tile/64/000",
        "tile/01/000",
        "tile/0/x000/001",
        "tile/0/1",
        "tile/0/x001",
        "tile/8/0/000",
        "tile/data/000",
        "/tile/0/000",
    ],
)
def test_non_canonical_tile_paths_are_rejected(path: str) -> None:
    with pytest.raises(TileError):
        parse_tile_path(path)


@pytest.mark.parametrize(("level", "index", "width"), [(64, 0, 1), (0, -1, 1), (0, 0, 257)])
def test_impossible_tiles_have_no_path(level: int, index: int, width: int) -> None:
    with pytest.raises(TileError):
        _ = TileId(level, index, width).path


def test_the_spec_example_of_size_70000() -> None:
    tiles = hash_tiles(70_000)
    level0 = [t for t in tiles if t.level == 0]
    assert len(level0) == 274
    assert level0[-1] == TileId(0, 273, 112)
    assert [t for t in tiles if t.level > 0] == [TileId(1, 0), TileId(1, 1, 17), TileId(2, 0, 1)]
    assert entry_bundles(70_000)[-1] == BundleId(273, 112)


@pytest.mark.parametrize(
    ("size", "tiles"),
    [
        (0, []),
        (1, [TileId(0, 0, 1)]),
        (256, [TileId(0, 0), TileId(1, 0, 1)]),
        (257, [TileId(0, 0), TileId(0, 1, 1), TileId(1, 0, 1)]),
    ],
)
def test_small_trees(size: int, tiles: list[TileId]) -> None:
    assert hash_tiles(size) == tiles


# -- bundles ---------------------------------------------------------------------------------


def test_bundles_round_trip_including_empty_and_maximal_entries() -> None:
    entries = [b"", b"x", bytes(65_535)]
    data = encode_bundle(entries)
    assert data[:4] == b"\x00\x00\x00\x01"
    assert decode_bundle(data) == entries


@pytest.mark.parametrize(
    ("data", "message"), [(b"\x00", "length prefix"), (b"\x00\x02x", "inside")]
)
def test_truncated_bundles_are_rejected(data: bytes, message: str) -> None:
    with pytest.raises(TileError, match=message):
        decode_bundle(data)


def test_oversized_entries_are_rejected() -> None:
    with pytest.raises(TileError, match="exceeds 65535"):
        encode_bundle([bytes(65_536)])


# -- a synthetic log with full tiles at two levels -------------------------------------------

SIZE = 256 * 256 + 300
ENTRIES = [i.to_bytes(3, "big") for i in range(SIZE)]
LEAVES = [leaf_hash(e) for e in ENTRIES]


@pytest.fixture(scope="module")
def store() -> dict[str, bytes]:
    return _publish(LEAVES, ENTRIES)


@pytest.fixture(scope="module")
def root() -> bytes:
    return root_hash(LEAVES)


def test_synthetic_layout(store: dict[str, bytes], root: bytes) -> None:
    assert sorted(store) == sorted(tile_paths(SIZE))
    assert store["tile/1/000"] == b"".join(level_hashes(LEAVES, 1)[:256])
    assert store["tile/2/000.p/1"] == root_hash(LEAVES[:65_536])
    assert root_from_tiles(store.__getitem__, SIZE) == root


def test_reader_reads_verified_entries_across_tiles(store: dict[str, bytes], root: bytes) -> None:
    reader = TileReader(store.__getitem__, SIZE, root)
    assert reader.entries(250, 260) == ENTRIES[250:260]
    assert reader.entries(SIZE - 3) == ENTRIES[-3:]
    assert reader.entries(7, 7) == []
    assert reader.leaf_hash(65_535) == LEAVES[65_535]
    assert reader.hash_at(1, 3) == root_hash(LEAVES[768:1024])


def _tampered(store: dict[str, bytes], path: str, content: bytes) -> Callable[[str], bytes]:
    return {**store, path: content}.__getitem__


def _flip_first_byte(data: bytes) -> bytes:
    return bytes([data[0] ^ 1]) + data[1:]


def test_reader_rejects_a_wrong_root(store: dict[str, bytes]) -> None:
    with pytest.raises(ProofError, match="the checkpoint says"):
        TileReader(store.__getitem__, SIZE, EMPTY_ROOT).verify_root()


def test_reader_rejects_a_tampered_edge_tile(store: dict[str, bytes], root: bytes) -> None:
    fetch = _tampered(store, "tile/0/257.p/44", _flip_first_byte(store["tile/0/257.p/44"]))
    with pytest.raises(ProofError, match="tiles give root"):
        TileReader(fetch, SIZE, root).entries(0, 1)


def test_reader_rejects_a_tampered_full_tile(store: dict[str, bytes], root: bytes) -> None:
    fetch = _tampered(store, "tile/0/001", _flip_first_byte(store["tile/0/001"]))
    reader = TileReader(fetch, SIZE, root)
    assert reader.entries(0, 2) == ENTRIES[:2]
    with pytest.raises(ProofError, match="tile/0/001 does not hash to its parent"):
        reader.entries(256, 257)


def test_reader_rejects_tiles_of_the_wrong_size(store: dict[str, bytes], root: bytes) -> None:
    fetch = _tampered(store, "tile/0/002", store["tile/0/002"] + bytes(32))
    with pytest.raises(TileError, match="tile/0/002 has 8224 bytes, want 8192"):
        TileReader(fetch, SIZE, root).leaf_hash(512)


def test_reader_rejects_a_tampered_entry(store: dict[str, bytes], root: bytes) -> None:
    entries = list(ENTRIES[256:512])
    entries[5] = b"forged"
    fetch = _tampered(store, "tile/entries/001", encode_bundle(entries))
    with pytest.raises(ProofError, match="entry 261 does not match its hash"):
        TileReader(fetch, SIZE, root).entries(256, 300)


def test_reader_rejects_a_bundle_with_extra_entries(store: dict[str, bytes], root: bytes) -> None:
    fetch = _tampered(store, "tile/entries/000", store["tile/entries/000"] + encode_bundle([b"x"]))
    with pytest.raises(TileError, match="holds 257 entries, want 256"):
        TileReader(fetch, SIZE, root).entries(0, 1)


def test_reader_rejects_out_of_range_requests(store: dict[str, bytes], root: bytes) -> None:
    reader = TileReader(store.__getitem__, SIZE, root)
    with pytest.raises(TileError, match="outside"):
        reader.entries(0, SIZE + 1)
    with pytest.raises(TileError, match="no hash"):
        reader.hash_at(1, 257)
    with pytest.raises(ProofError, match="32-byte root"):
        TileReader(store.__getitem__, SIZE, b"short")


def test_an_empty_log_needs_no_tiles() -> None:
    def fetch(path: str) -> bytes:
        raise AssertionError(f"fetched {path}")

    assert root_from_tiles(fetch, 0) == EMPTY_ROOT
    assert TileReader(fetch, 0, EMPTY_ROOT).entries() == []


@settings(max_examples=60)
@given(st.integers(min_value=0, max_value=3000), st.data())
def test_tiles_of_any_size_give_the_root_and_the_entries(size: int, data: st.DataObject) -> None:
    store = _publish(LEAVES, ENTRIES, size)
    root = root_hash(LEAVES[:size])
    assert root_from_tiles(store.__getitem__, size) == root
    start = data.draw(st.integers(min_value=0, max_value=size))
    end = data.draw(st.integers(min_value=start, max_value=size))
    assert TileReader(store.__getitem__, size, root).entries(start, end) == ENTRIES[start:end]


@pytest.mark.parametrize("size", [1, 255, 256, 257, 512, 65_535, 65_536, 65_537])
def test_sizes_on_tile_boundaries(size: int) -> None:
    store = _publish(LEAVES, ENTRIES, size)
    root = root_hash(LEAVES[:size])
    assert root_from_tiles(store.__getitem__, size) == root
    reader = TileReader(store.__getitem__, size, root)
    assert reader.entries(size - 1) == [ENTRIES[size - 1]]
    assert reader.leaf_hash(0) == LEAVES[0]


@pytest.mark.parametrize("size", [2, 255, 256, 257, 600, 65_537])
def test_consistency_proofs_computed_from_tiles_are_rfc_9162_proofs(size: int) -> None:
    """A monitor builds the proof from tiles alone; it must be the proof a log would give."""
    from inwriting.tlog import consistency_proof, leaf_hash, root_hash

    leaves = [leaf_hash(b"%d" % i) for i in range(size)]
    tiles = {tile.path: data for tile, data in build_tiles(leaves).items()}
    reader = TileReader(tiles.__getitem__, size, root_hash(leaves))
    for old in sorted({1, 2, 3, size // 3 or 1, 256, size - 1, size} & set(range(1, size + 1))):
        assert reader.consistency_proof(old) == consistency_proof(leaves, old)
