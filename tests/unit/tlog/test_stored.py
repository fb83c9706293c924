"""The stored-tree helpers agree with the reference proofs and roots for every shape."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inwriting.tlog import ProofError, consistency_proof, inclusion_proof, leaf_hash, root_hash
from inwriting.tlog.stored import (
    appended_nodes,
    consistency_ranges,
    hashes_for,
    inclusion_ranges,
    nodes_for,
    perfect_subtrees,
)


def _store(entries: list[bytes], batches: list[int]) -> dict[tuple[int, int], bytes]:
    """Append ``entries`` in batches of the given sizes, as a database would."""
    store: dict[tuple[int, int], bytes] = {}
    size = 0
    for count in [*batches, len(entries)]:
        batch = entries[size : size + count]
        frontier = {n: store[n] for n in perfect_subtrees(0, size)}
        store.update(appended_nodes(size, frontier, batch))
        size += len(batch)
        if size == len(entries):
            break
    return store


@given(
    st.integers(min_value=1, max_value=200),
    st.lists(st.integers(min_value=1, max_value=40), max_size=10),
    st.data(),
)
def test_stored_proofs_equal_reference_proofs(
    size: int, batches: list[int], data: st.DataObject
) -> None:
    entries = [f"entry {i}".encode() for i in range(size)]
    store = _store(entries, batches)
    leaves = [leaf_hash(e) for e in entries]
    assert len([n for n in store if n[0] == 0]) == size
    root = hashes_for([(0, size)], store)[0]
    assert root == root_hash(leaves)
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    assert set(nodes_for(inclusion_ranges(index, size))) <= set(store)
    assert hashes_for(inclusion_ranges(index, size), store) == inclusion_proof(leaves, index)
    old = data.draw(st.integers(min_value=1, max_value=size))
    assert hashes_for(consistency_ranges(old, size), store) == consistency_proof(leaves, old, size)


def test_every_completed_node_is_stored_exactly_once() -> None:
    store = _store([bytes([i]) for i in range(70)], [3, 5, 30])
    assert len(store) == 70 + 35 + 17 + 8 + 4 + 2 + 1  # floor(70 / 2^h) for each level


def test_out_of_range_proofs_are_refused() -> None:
    with pytest.raises(ProofError):
        inclusion_ranges(5, 5)
    with pytest.raises(ProofError):
        consistency_ranges(0, 5)
    with pytest.raises(ProofError):
        consistency_ranges(6, 5)
    with pytest.raises(ValueError, match="not aligned"):
        perfect_subtrees(3, 7)
