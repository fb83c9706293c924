"""C2SP tlog-tiles: the static layout a log publishes its Merkle tree and entries in.

A *hash tile* at level L, index N holds up to 256 consecutive hashes of that level, 32 bytes
each, where hash i is MTH of leaves [(N·256+i)·256^L, (N·256+i+1)·256^L): level 0 holds leaf
hashes, level 1 the roots of 256-leaf subtrees, and so on (tile height 8). Only complete
subtrees are stored, so a tree of size n has ``n >> 8L`` hashes at level L; the last tile of a
level is *partial* (width W < 256) when that count is not a multiple of 256. An *entry bundle*
holds the entries of one level-0 tile, each as ``u16 big-endian length ‖ bytes``.

Paths: ``tile/<L>/<N>[.p/<W>]`` and ``tile/entries/<N>[.p/<W>]``, with N written in 3-digit
groups, all but the last prefixed with "x" (1234067 → ``x001/x234/067``).

The reader (``TileReader``) needs only a ``fetch(path) -> bytes`` function, so it works the same
over HTTP, a directory or a dict. It authenticates everything it returns: the partial tiles at
the right edge of the tree determine the root, which must equal the checkpoint's; each full
tile must hash to its entry one level up; each entry must hash to its level-0 hash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from .errors import ProofError, TileError
from .hashing import EMPTY_ROOT, HASH_SIZE, leaf_hash, node_hash, root_hash
from .stored import consistency_ranges, fold, perfect_subtrees

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
MAX_LEVEL = 63
MAX_ENTRY_SIZE = 0xFFFF

Fetch = Callable[[str], bytes]
"""Returns the bytes published at a path such as ``tile/0/000.p/15``, or raises."""

_PATH = re.compile(r"tile/(entries|0|[1-9][0-9]?)/((?:x[0-9]{3}/)*[0-9]{3})(?:\.p/([1-9][0-9]*))?")


def encode_index(index: int) -> str:
    """Write a tile index in 3-digit groups, "x" on all but the last: 1234067 → x001/x234/067."""
    if index < 0:
        raise TileError(f"tile index {index} is negative")
    groups = [f"{index % 1000:03d}"]
    while index >= 1000:
        index //= 1000
        groups.append(f"x{index % 1000:03d}")
    return "/".join(reversed(groups))


def _suffix(width: int) -> str:
    if not 1 <= width <= TILE_WIDTH:
        raise TileError(f"tile width {width} is outside 1..{TILE_WIDTH}")
    return "" if width == TILE_WIDTH else f".p/{width}"


@dataclass(frozen=True, order=True)
class TileId:
    """A hash tile: level 0..63, index, and width (256 for a full tile)."""

    level: int
    index: int
    width: int = TILE_WIDTH

    @property
    def path(self) -> str:
        if not 0 <= self.level <= MAX_LEVEL:
            raise TileError(f"tile level {self.level} is outside 0..{MAX_LEVEL}")
        return f"tile/{self.level}/{encode_index(self.index)}{_suffix(self.width)}"


@dataclass(frozen=True, order=True)
class BundleId:
    """An entry bundle: the entries of level-0 tile ``index``, ``width`` of them."""

    index: int
    width: int = TILE_WIDTH

    @property
    def path(self) -> str:
        return f"tile/entries/{encode_index(self.index)}{_suffix(self.width)}"


def parse_tile_path(path: str) -> TileId | BundleId:
    """Parse a tile or entry-bundle path; raise TileError unless it is in canonical form."""
    match = _PATH.fullmatch(path)
    if match is None:
        raise TileError(f"not a tile path: {path!r}")
    level, digits, width_text = match.groups()
    index = int(digits.replace("x", "").replace("/", ""))
    width = int(width_text) if width_text else TILE_WIDTH
    tile: TileId | BundleId = (
        BundleId(index, width) if level == "entries" else TileId(int(level), index, width)
    )
    if tile.path != path:  # rejects widths of 256 and more, levels over 63, "x000" prefixes
        raise TileError(f"tile path is not canonical: {path!r}")
    return tile


def _level_tiles(count: int) -> list[tuple[int, int]]:
    """Return (index, width) of the tiles holding ``count`` hashes of one level."""
    full, rest = divmod(count, TILE_WIDTH)
    tiles = [(index, TILE_WIDTH) for index in range(full)]
    return [*tiles, (full, rest)] if rest else tiles


def hash_tiles(size: int) -> list[TileId]:
    """Return every hash tile a tree of ``size`` leaves has, level by level (e.g. 70,000 → 277)."""
    tiles: list[TileId] = []
    level = 0
    while size >> (TILE_HEIGHT * level):
        count = size >> (TILE_HEIGHT * level)
        tiles.extend(TileId(level, index, width) for index, width in _level_tiles(count))
        level += 1
    return tiles


def entry_bundles(size: int) -> list[BundleId]:
    """Return every entry bundle a log of ``size`` entries has."""
    return [BundleId(index, width) for index, width in _level_tiles(size)]


def tile_paths(size: int) -> list[str]:
    """Return the paths of all hash tiles, then all entry bundles, of a log of ``size``."""
    return [t.path for t in hash_tiles(size)] + [b.path for b in entry_bundles(size)]


# -- writing ---------------------------------------------------------------------------------


def encode_bundle(entries: Iterable[bytes]) -> bytes:
    """Serialize entries as ``u16 length ‖ bytes`` each; an entry is at most 65,535 bytes."""
    out = bytearray()
    for entry in entries:
        if len(entry) > MAX_ENTRY_SIZE:
            raise TileError(f"entry of {len(entry)} bytes exceeds {MAX_ENTRY_SIZE}")
        out += len(entry).to_bytes(2, "big") + entry
    return bytes(out)


def decode_bundle(data: bytes) -> list[bytes]:
    """Split an entry bundle into its entries; raise TileError if it is truncated."""
    entries: list[bytes] = []
    offset = 0
    while offset < len(data):
        if offset + 2 > len(data):
            raise TileError("entry bundle ends inside a length prefix")
        length = int.from_bytes(data[offset : offset + 2], "big")
        offset += 2
        if offset + length > len(data):
            raise TileError("entry bundle ends inside an entry")
        entries.append(data[offset : offset + length])
        offset += length
    return entries


def level_hashes(leaf_hashes: Sequence[bytes], level: int) -> list[bytes]:
    """Return the level-``level`` hashes of the tree: roots of its complete 256^level subtrees."""
    hashes = list(leaf_hashes)
    for _ in range(level):
        full = len(hashes) - len(hashes) % TILE_WIDTH
        hashes = [root_hash(hashes[i : i + TILE_WIDTH]) for i in range(0, full, TILE_WIDTH)]
    return hashes


def build_tiles(leaf_hashes: Sequence[bytes], size: int | None = None) -> dict[TileId, bytes]:
    """Return the content of every hash tile of the tree of ``size`` (default: all) leaves."""
    size = len(leaf_hashes) if size is None else size
    if not 0 <= size <= len(leaf_hashes):
        raise TileError(f"tree size {size} is outside 0..{len(leaf_hashes)}")
    tiles: dict[TileId, bytes] = {}
    hashes, level = list(leaf_hashes[:size]), 0
    while hashes:
        for index, width in _level_tiles(len(hashes)):
            start = index * TILE_WIDTH
            tiles[TileId(level, index, width)] = b"".join(hashes[start : start + width])
        hashes, level = level_hashes(hashes, 1), level + 1
    return tiles


def build_bundles(entries: Sequence[bytes], size: int | None = None) -> dict[BundleId, bytes]:
    """Return the content of every entry bundle of a log of ``size`` (default: all) entries."""
    size = len(entries) if size is None else size
    if not 0 <= size <= len(entries):
        raise TileError(f"log size {size} is outside 0..{len(entries)}")
    return {
        BundleId(index, width): encode_bundle(
            entries[index * TILE_WIDTH : index * TILE_WIDTH + width]
        )
        for index, width in _level_tiles(size)
    }


# -- reading ---------------------------------------------------------------------------------


def _split_hashes(data: bytes, tile: TileId) -> list[bytes]:
    """Check a fetched tile holds exactly ``width`` hashes (never trust the server's length)."""
    if len(data) != tile.width * HASH_SIZE:
        raise TileError(f"{tile.path} has {len(data)} bytes, want {tile.width * HASH_SIZE}")
    return [data[i : i + HASH_SIZE] for i in range(0, len(data), HASH_SIZE)]


def _edge_subtrees(hashes: Sequence[bytes]) -> list[bytes]:
    """Split a partial tile's hashes into perfect subtrees by the bits of its width, left first."""
    roots: list[bytes] = []
    offset = 0
    for bit in reversed(range(TILE_HEIGHT)):
        if len(hashes) & (1 << bit):
            roots.append(root_hash(hashes[offset : offset + (1 << bit)]))
            offset += 1 << bit
    return roots


def _edge_tiles(size: int) -> list[TileId]:
    """The partial tile of each level, highest level first: together they fix the root."""
    tiles = [tile for tile in hash_tiles(size) if tile.width < TILE_WIDTH]
    return sorted(tiles, key=lambda tile: -tile.level)


def _fold_root(edge: Iterable[Sequence[bytes]]) -> bytes:
    """Combine the edge tiles' hashes (highest level first) into the tree's root."""
    roots = [subtree for hashes in edge for subtree in _edge_subtrees(hashes)]
    if not roots:
        return EMPTY_ROOT
    acc = roots[-1]
    for subtree in reversed(roots[:-1]):
        acc = node_hash(subtree, acc)
    return acc


def root_from_tiles(fetch: Fetch, size: int) -> bytes:
    """Compute MTH of the first ``size`` leaves from the log's tiles (fetches one per level).

    Only the partial tiles on the right edge are needed: every complete part of the tree is a
    single hash in the partial tile one level up.
    """
    return _fold_root(_split_hashes(fetch(tile.path), tile) for tile in _edge_tiles(size))


class TileReader:
    """Reads leaf hashes and entries of a tiled log at a trusted (size, root), verifying them.

    Typically ``size`` and ``root`` come from an opened checkpoint. Tiles are cached, so reading
    all entries fetches each tile once.
    """

    def __init__(self, fetch: Fetch, size: int, root: bytes) -> None:
        if size < 0 or len(root) != HASH_SIZE:
            raise ProofError("a tiled log needs a size >= 0 and a 32-byte root hash")
        self._fetch = fetch
        self.size = size
        self.root = root
        self._tiles: dict[TileId, list[bytes]] = {}
        self._root_checked = False

    def verify_root(self) -> None:
        """Check the tiles on the right edge reproduce the trusted root; raise ProofError."""
        if self._root_checked:
            return
        edge = {
            tile: _split_hashes(self._fetch(tile.path), tile) for tile in _edge_tiles(self.size)
        }
        computed = _fold_root(edge.values())
        if computed != self.root:
            raise ProofError(
                f"tiles give root {computed.hex()} for size {self.size}, "
                f"the checkpoint says {self.root.hex()}"
            )
        self._tiles.update(edge)
        self._root_checked = True

    def _tile(self, tile: TileId) -> list[bytes]:
        if tile not in self._tiles:
            hashes = _split_hashes(self._fetch(tile.path), tile)
            if tile.width == TILE_WIDTH:
                parent = self.hash_at(tile.level + 1, tile.index)
                if root_hash(hashes) != parent:
                    raise ProofError(f"{tile.path} does not hash to its parent")
            self._tiles[tile] = hashes
        return self._tiles[tile]

    def hash_at(self, level: int, index: int) -> bytes:
        """Return the verified hash of the complete subtree ``index`` at ``level``."""
        self.verify_root()
        count = self.size >> (TILE_HEIGHT * level)
        if not 0 <= index < count:
            raise TileError(f"no hash {index} at level {level} in a tree of size {self.size}")
        tile_index, offset = divmod(index, TILE_WIDTH)
        width = min(TILE_WIDTH, count - tile_index * TILE_WIDTH)
        return self._tile(TileId(level, tile_index, width))[offset]

    def leaf_hash(self, index: int) -> bytes:
        """Return the verified leaf hash at ``index``."""
        return self.hash_at(0, index)

    def entries(self, start: int = 0, end: int | None = None) -> list[bytes]:
        """Return entries [start, end) (default: all), each checked against its leaf hash."""
        end = self.size if end is None else end
        if not 0 <= start <= end <= self.size:
            raise TileError(f"entry range {start}..{end} is outside 0..{self.size}")
        out: list[bytes] = []
        for index in range(start // TILE_WIDTH, -(-end // TILE_WIDTH)):
            first = index * TILE_WIDTH
            bundle = self._bundle(BundleId(index, min(TILE_WIDTH, self.size - first)))
            lo, hi = max(start, first) - first, min(end, first + TILE_WIDTH) - first
            out.extend(bundle[lo:hi])
        return out

    def _bundle(self, bundle: BundleId) -> list[bytes]:
        entries = decode_bundle(self._fetch(bundle.path))
        if len(entries) != bundle.width:
            raise TileError(f"{bundle.path} holds {len(entries)} entries, want {bundle.width}")
        for i, entry in enumerate(entries):
            if leaf_hash(entry) != self.leaf_hash(bundle.index * TILE_WIDTH + i):
                raise ProofError(f"entry {bundle.index * TILE_WIDTH + i} does not match its hash")
        return entries

    def node_hash(self, height: int, index: int) -> bytes:
        """Return the verified MTH of leaves ``[index·2^height, (index+1)·2^height)``.

        Tiles hold only every eighth level; a node in between is the root of ``2^(height % 8)``
        adjacent hashes of the tile level below it.
        """
        level, rest = divmod(height, TILE_HEIGHT)
        first = index << rest
        return root_hash([self.hash_at(level, first + i) for i in range(1 << rest)])

    def consistency_proof(self, old_size: int) -> list[bytes]:
        """Return the RFC 9162 consistency proof from ``old_size`` to this tree, from its tiles.

        A monitor checks it with ``verify_consistency`` against the old checkpoint's root, so a
        log cannot serve tiles that agree with its new checkpoint but rewrite the old tree.
        """
        ranges = consistency_ranges(old_size, self.size)
        nodes = {node for span in ranges for node in perfect_subtrees(*span)}
        hashes = {node: self.node_hash(*node) for node in nodes}
        return [fold(perfect_subtrees(*span), hashes) for span in ranges]
