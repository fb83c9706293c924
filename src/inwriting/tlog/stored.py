"""A Merkle tree kept as the hashes of its *perfect subtrees*, for logs stored in a database.

Appending leaf ``i`` completes the leaf node ``(0, i)`` and every node above it whose right edge
it closes; those nodes never change again, so a store can keep them in an append-only table
keyed by ``(level, index)`` (node ``(h, j)`` is MTH of leaves ``[j·2^h, (j+1)·2^h)``). Level 0
holds the leaf hashes; level 8·L is exactly what C2SP tile level L serves.

Every hash an RFC 9162 proof or root needs is the MTH of a range ``[lo, hi)`` whose start is
aligned to a power of two at least its length, and such a range is a right fold of at most
log2(n) perfect subtrees. So a proof from a store of any size needs O(log² n) stored hashes,
fetched at once: callers ask which nodes they need, fetch them, and fold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence

from .errors import ProofError
from .hashing import EMPTY_ROOT, node_hash

Node = tuple[int, int]  # (level, index)
Range = tuple[int, int]  # [lo, hi) of leaf indexes


def perfect_subtrees(lo: int, hi: int) -> list[Node]:
    """The perfect subtrees whose right fold is MTH(D[lo:hi]), left to right."""
    nodes: list[Node] = []
    start, remaining = lo, hi - lo
    for level in range(remaining.bit_length() - 1, -1, -1):
        if remaining >> level & 1:
            if start % (1 << level):
                raise ValueError(f"range [{lo}, {hi}) is not aligned for a stored tree")
            nodes.append((level, start >> level))
            start += 1 << level
    return nodes


def fold(nodes: Sequence[Node], hashes: Mapping[Node, bytes]) -> bytes:
    """MTH of a range from its perfect subtrees (see :func:`perfect_subtrees`)."""
    if not nodes:
        return EMPTY_ROOT
    result = hashes[nodes[-1]]
    for node in reversed(nodes[:-1]):
        result = node_hash(hashes[node], result)
    return result


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The ranges whose MTHs form the RFC 9162 inclusion proof of ``index`` in ``size``,
    from the leaf's sibling up."""
    if not 0 <= index < size:
        raise ProofError(f"index {index} is not in a tree of size {size}")
    ranges: list[Range] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo = lo + k
    return ranges[::-1]


def consistency_ranges(size1: int, size2: int) -> list[Range]:
    """The ranges whose MTHs form the RFC 9162 consistency proof from ``size1`` to ``size2``."""
    if not 0 < size1 <= size2:
        raise ProofError(f"no consistency proof from size {size1} to size {size2}")
    ranges: list[Range] = []
    lo, hi, m, whole = 0, size2, size1, True
    while m != hi - lo:
        k = _split(hi - lo)
        if m <= k:
            ranges.append((lo + k, hi))
            hi = lo + k
        else:
            ranges.append((lo, lo + k))
            lo, m, whole = lo + k, m - k, False
    if not whole:
        ranges.append((lo, hi))
    return ranges[::-1]


def nodes_for(ranges: Iterable[Range]) -> set[Node]:
    return {node for lo, hi in ranges for node in perfect_subtrees(lo, hi)}


def hashes_for(ranges: Sequence[Range], hashes: Mapping[Node, bytes]) -> list[bytes]:
    return [fold(perfect_subtrees(lo, hi), hashes) for lo, hi in ranges]


def appended_nodes(
    size: int, frontier: Mapping[Node, bytes], entries: Sequence[bytes]
) -> dict[Node, bytes]:
    """Every node completed by appending ``entries`` to a tree of ``size`` leaves.

    ``frontier`` holds the nodes of ``perfect_subtrees(0, size)`` (the left siblings the new
    leaves may need); the result includes the new leaf nodes.

    This is the append hot path (bench/record.py), so it works a level at a time: all the
    new nodes of a level hashed in one comprehension, RFC 9162's prefixes inlined. At each
    level the new nodes start at index ``size >> level``; when that index is odd, the first
    new node is a right child whose left sibling is the stored frontier node.
    """
    sha256 = hashlib.sha256
    hashes = [sha256(b"\x00" + entry).digest() for entry in entries]
    created: dict[Node, bytes] = {(0, size + k): h for k, h in enumerate(hashes)}
    level, start = 0, size
    while hashes:
        if start & 1:
            hashes.insert(0, frontier[(level, start - 1)])
            start -= 1
        pairs = len(hashes) // 2
        if not pairs:
            break
        hashes = [
            sha256(b"\x01" + hashes[2 * k] + hashes[2 * k + 1]).digest() for k in range(pairs)
        ]
        level, start = level + 1, start >> 1
        created.update({(level, start + k): h for k, h in enumerate(hashes)})
    return created


def _split(n: int) -> int:
    """The largest power of two smaller than ``n`` (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)
