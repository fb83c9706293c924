"""RFC 9162 §2.1 hashing: known answers, the reference tree, and an independent cross-check."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inwriting.tlog import EMPTY_ROOT, leaf_hash, node_hash, root_from_entries, root_hash
from inwriting.tlog.hashing import largest_power_of_two_below


def _kat(folder: Path) -> dict[str, object]:
    return json.loads((folder / "rfc6962-kat" / "rfc6962-kat.json").read_text())  # type: ignore[no-any-return]


def _recursive_mth(hashes: list[bytes]) -> bytes:
    """MTH straight from the RFC's recursive definition, as an independent oracle."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return node_hash(_recursive_mth(hashes[:k]), _recursive_mth(hashes[k:]))


def _stack_mth(hashes: list[bytes]) -> bytes:
    """MTH by merging equal-height perfect subtrees left to right, another independent oracle."""
    stack: list[tuple[int, bytes]] = []
    for h in hashes:
        height, node = 0, h
        while stack and stack[-1][0] == height:
            node = node_hash(stack.pop()[1], node)
            height += 1
        stack.append((height, node))
    if not stack:
        return EMPTY_ROOT
    acc = stack.pop()[1]
    while stack:
        acc = node_hash(stack.pop()[1], acc)
    return acc


def test_hasher_known_answers(data: Path) -> None:
    kats = _kat(data)["hasher_kats"]
    assert isinstance(kats, list)
    empty, empty_leaf, leaf, node = kats
    assert EMPTY_ROOT.hex() == empty["want"]
    assert root_hash([]).hex() == empty["want"]
    assert leaf_hash(bytes.fromhex(empty_leaf["leaf_hex"])).hex() == empty_leaf["want"]
    assert leaf_hash(bytes.fromhex(leaf["leaf_hex"])).hex() == leaf["want"]
    left, right = bytes.fromhex(node["left_hex"]), bytes.fromhex(node["right_hex"])
    assert node_hash(left, right).hex() == node["want"]


def test_reference_tree_leaf_hashes_and_roots_for_every_size(data: Path) -> None:
    tree = _kat(data)["reference_tree"]
    assert isinstance(tree, dict)
    entries = [bytes.fromhex(x) for x in tree["leaf_inputs_hex"]]
    assert [leaf_hash(e).hex() for e in entries] == tree["leaf_hashes"]
    for size, want in tree["root_by_size"].items():
        assert root_from_entries(entries[: int(size)]).hex() == want


def test_single_leaf_root_is_the_leaf_hash() -> None:
    assert root_hash([leaf_hash(b"x")]) == leaf_hash(b"x")


def test_leaf_and_node_hashes_are_domain_separated() -> None:
    a, b = leaf_hash(b"a"), leaf_hash(b"b")
    assert leaf_hash(a + b) != node_hash(a, b)


@pytest.mark.parametrize(
    ("n", "k"), [(2, 1), (3, 2), (4, 2), (5, 4), (8, 4), (9, 8), (1 << 40, 1 << 39)]
)
def test_largest_power_of_two_below(n: int, k: int) -> None:
    assert largest_power_of_two_below(n) == k


@pytest.mark.parametrize("n", [-1, 0, 1])
def test_largest_power_of_two_below_needs_two_leaves(n: int) -> None:
    with pytest.raises(ValueError, match="at least 2"):
        largest_power_of_two_below(n)


@given(st.integers(min_value=0, max_value=300))
def test_root_hash_matches_the_recursive_definition(n: int) -> None:
    hashes = [leaf_hash(i.to_bytes(4, "big")) for i in range(n)]
    assert root_hash(hashes) == _recursive_mth(hashes)


def test_root_hash_of_100k_leaves_matches_an_independent_implementation() -> None:
    hashes = [leaf_hash(i.to_bytes(4, "big")) for i in range(100_003)]
    assert root_hash(hashes) == _stack_mth(hashes)


def test_package_imports_only_the_standard_library_and_cryptography() -> None:
    # Modules loaded at start-up (site hooks such as setuptools' _distutils_hack) are not ours.
    code = (
        "import sys, json\n"
        "before = set(sys.modules)\n"
        "import inwriting.tlog\n"
        "print(json.dumps(sorted(m for m in set(sys.modules) - before if m.split('.')[0] not in "
        "sys.stdlib_module_names)))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(run.stdout)
    ours = {m for m in loaded if m.split(".")[0] == "inwriting"}
    others = {m.split(".")[0] for m in loaded} - {"inwriting", "__main__"}
    assert others <= {"cryptography", "_cffi_backend", "cffi", "_openssl"}, others
    assert all(
        m in ("inwriting", "inwriting.tlog") or m.startswith("inwriting.tlog.") for m in ours
    )
