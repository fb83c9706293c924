"""Inclusion, consistency and subtree proofs: published vectors, error cases and properties."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inwriting.tlog import (
    EMPTY_ROOT,
    ProofError,
    consistency_proof,
    inclusion_proof,
    is_valid_subtree,
    leaf_hash,
    root_from_inclusion_proof,
    root_hash,
    subtree_consistency_proof,
    subtree_inclusion_proof,
    verify_append_only,
    verify_consistency,
    verify_inclusion,
    verify_subtree_consistency,
    verify_subtree_inclusion,
)
from inwriting.tlog.proofs import consistency_proof_length, inclusion_proof_length

LEAVES = [leaf_hash(i.to_bytes(2, "big")) for i in range(300)]


def _b64(text: str) -> bytes:
    return base64.b64decode(text)


def _run_vector(kind: str, v: dict[str, Any]) -> None:
    """Feed one transparency-dev JSON vector to the matching verifier."""
    proof = [_b64(p) for p in v["proof"] or []]
    if kind == "inclusion":
        verify_inclusion(v["leafIdx"], v["treeSize"], _b64(v["leafHash"]), proof, _b64(v["root"]))
    elif kind == "consistency":
        verify_consistency(v["size1"], v["size2"], proof, _b64(v["root1"]), _b64(v["root2"]))
    elif kind == "subtreeinclusion":
        start, end = v["start"], v["end"]
        verify_subtree_inclusion(
            v["leafIdx"], start, end, _b64(v["leafHash"]), proof, _b64(v["root"])
        )
    elif kind == "subtreeconsistency":
        start, end, size = v["start"], v["end"], v["size"]
        verify_subtree_consistency(start, end, size, proof, _b64(v["root1"]), _b64(v["root2"]))
    else:
        raise AssertionError(f"unknown vector kind {kind}")


def _assert_outcome(path: Path) -> None:
    """The vector verifies if its file says wantErr: false, and raises ProofError otherwise."""
    vector = json.loads(path.read_text())
    kind = path.parts[path.parts.index("testdata") + 1]
    if vector["wantErr"]:
        with pytest.raises(ProofError):
            _run_vector(kind, vector)
    else:
        _run_vector(kind, vector)


def test_transparency_dev_vector(merkle_vector: Path) -> None:
    _assert_outcome(merkle_vector)


def test_the_corpus_holds_all_518_transparency_dev_files(vectors: Path) -> None:
    files = list((vectors / "transparency-dev-merkle" / "testdata").rglob("*.json"))
    assert len(files) == 518


def _reference_tree(data: Path) -> dict[str, Any]:
    kat = json.loads((data / "rfc6962-kat" / "rfc6962-kat.json").read_text())
    return kat["reference_tree"]  # type: ignore[no-any-return]


def test_rfc6962_kat_inclusion_proofs_are_generated_and_verified(data: Path) -> None:
    tree = _reference_tree(data)
    leaves = [bytes.fromhex(h) for h in tree["leaf_hashes"]]
    for case in tree["inclusion_proofs"]:
        index, size = case["leaf_index"], case["tree_size"]
        proof = inclusion_proof(leaves, index, size)
        assert [p.hex() for p in proof] == case["path"]
        root = bytes.fromhex(tree["root_by_size"][str(size)])
        verify_inclusion(index, size, leaves[index], proof, root)


def test_rfc6962_kat_consistency_proofs_are_generated_and_verified(data: Path) -> None:
    tree = _reference_tree(data)
    leaves = [bytes.fromhex(h) for h in tree["leaf_hashes"]]
    for case in tree["consistency_proofs"]:
        size1, size2 = case["size1"], case["size2"]
        proof = consistency_proof(leaves, size1, size2)
        assert [p.hex() for p in proof] == case["path"]
        roots = tree["root_by_size"]
        root1, root2 = bytes.fromhex(roots[str(size1)]), bytes.fromhex(roots[str(size2)])
        verify_consistency(size1, size2, proof, root1, root2)


# -- error cases, with the message a caller will see ---------------------------------------

N = 11
ROOT = root_hash(LEAVES[:N])
PROOF_3 = inclusion_proof(LEAVES, 3, N)


@pytest.mark.parametrize(
    ("index", "size", "leaf", "proof", "root", "message"),
    [
        (11, 11, LEAVES[3], PROOF_3, ROOT, "not below tree size"),
        (0, 0, LEAVES[0], [], EMPTY_ROOT, "not below tree size"),
        (-1, 11, LEAVES[3], PROOF_3, ROOT, "non-negative"),
        (3, 11, LEAVES[3], PROOF_3[:-1], ROOT, "wrong inclusion proof length 3 .* want 4"),
        (3, 11, LEAVES[3], [*PROOF_3, ROOT], ROOT, "wrong inclusion proof length"),
        (3, 11, LEAVES[4], PROOF_3, ROOT, "does not lead to the root"),
        (3, 11, LEAVES[3], PROOF_3, LEAVES[0], "does not lead to the root"),
        (3, 11, LEAVES[3][:31], PROOF_3, ROOT, "leaf hash must be 32 bytes"),
        (3, 11, LEAVES[3], [PROOF_3[0] + b"\0", *PROOF_3[1:]], ROOT, r"proof\[0\] must be 32"),
        (3, 11, LEAVES[3], PROOF_3, b"", "root hash must be 32 bytes"),
    ],
)
def test_inclusion_errors(
    index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes, message: str
) -> None:
    with pytest.raises(ProofError, match=message):
        verify_inclusion(index, size, leaf, proof, root)


def test_root_from_inclusion_proof_returns_the_root() -> None:
    assert root_from_inclusion_proof(3, N, LEAVES[3], PROOF_3) == ROOT


R = [root_hash(LEAVES[:n]) for n in range(20)]


@pytest.mark.parametrize(
    ("size1", "size2", "proof", "root1", "root2", "message"),
    [
        (5, 4, [], R[5], R[4], "never shrinks"),
        (0, 4, [], EMPTY_ROOT, R[4], "proves nothing"),
        (0, 0, [], EMPTY_ROOT, EMPTY_ROOT, "proves nothing"),
        (4, 4, [R[4]], R[4], R[4], "proof is not empty"),
        (4, 4, [], R[4], R[5], "different roots"),
        (3, 7, [], R[3], R[7], "empty consistency proof"),
        (3, 7, consistency_proof(LEAVES, 3, 7)[1:], R[3], R[7], "wrong consistency proof length"),
        (3, 7, [*consistency_proof(LEAVES, 3, 7), R[1]], R[3], R[7], "proof length"),
        (3, 7, consistency_proof(LEAVES, 3, 7), R[4], R[7], "reproduce root1"),
        (3, 7, consistency_proof(LEAVES, 3, 7), R[3], R[8], "reproduce root2"),
        (4, 7, consistency_proof(LEAVES, 4, 7), R[3], R[7], "reproduce root2"),
        (3, 7, consistency_proof(LEAVES, 3, 7), R[3][:4], R[7], "root1 must be 32 bytes"),
        (-1, 7, [], R[3], R[7], "non-negative"),
    ],
)
def test_consistency_errors(
    size1: int, size2: int, proof: list[bytes], root1: bytes, root2: bytes, message: str
) -> None:
    with pytest.raises(ProofError, match=message):
        verify_consistency(size1, size2, proof, root1, root2)


def test_append_only_from_the_empty_tree_needs_no_proof_and_the_empty_root() -> None:
    verify_append_only(0, 7, [], EMPTY_ROOT, R[7])
    verify_append_only(0, 0, [], EMPTY_ROOT, EMPTY_ROOT)
    with pytest.raises(ProofError, match="must be empty"):
        verify_append_only(0, 7, [R[1]], EMPTY_ROOT, R[7])
    with pytest.raises(ProofError, match="empty tree must be SHA-256"):
        verify_append_only(0, 7, [], R[1], R[7])
    with pytest.raises(ProofError, match="empty tree must be SHA-256"):
        verify_append_only(0, 0, [], EMPTY_ROOT, R[1])


def test_append_only_checks_root_lengths_even_for_equal_sizes() -> None:
    verify_append_only(3, 7, consistency_proof(LEAVES, 3, 7), R[3], R[7])
    verify_append_only(7, 7, [], R[7], R[7])
    with pytest.raises(ProofError, match="old root must be 32 bytes"):
        verify_append_only(1, 1, [], b"short", b"short")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: inclusion_proof(LEAVES[:5], 5), "below tree size 5"),
        (lambda: inclusion_proof(LEAVES[:5], 0, 6), "outside 0..5"),
        (lambda: consistency_proof(LEAVES[:5], 6), "within 0..5"),
        (lambda: subtree_consistency_proof(LEAVES[:8], 2, 5), "not a valid subtree"),
        (lambda: subtree_inclusion_proof(LEAVES[:8], 1, 4, 8), "outside the subtree"),
        (lambda: inclusion_proof_length(0, 0), "below tree size"),
        (lambda: consistency_proof_length(3, 3), "0 < size1 < size2"),
    ],
)
def test_generation_rejects_impossible_requests(call: Any, message: str) -> None:
    with pytest.raises(ProofError, match=message):
        call()


def test_consistency_from_zero_or_to_the_same_size_is_empty() -> None:
    assert consistency_proof(LEAVES, 0, 9) == []
    assert consistency_proof(LEAVES, 9, 9) == []


@pytest.mark.parametrize("size", range(1, 70))
def test_generated_proofs_have_exactly_the_lengths_the_verifiers_require(size: int) -> None:
    for index in range(size):
        assert len(inclusion_proof(LEAVES, index, size)) == inclusion_proof_length(index, size)
    for size1 in range(1, size):
        assert len(consistency_proof(LEAVES, size1, size)) == consistency_proof_length(size1, size)


def test_every_bit_flip_in_a_proof_is_caught() -> None:
    size, index, size1 = 300, 137, 101
    inclusion = inclusion_proof(LEAVES, index, size)
    consistency = consistency_proof(LEAVES, size1, size)
    root, root1 = root_hash(LEAVES[:size]), root_hash(LEAVES[:size1])
    for position, bit in [(p, b) for p in range(len(inclusion)) for b in range(256)]:
        with pytest.raises(ProofError):
            verify_inclusion(index, size, LEAVES[index], _flip(inclusion, position, bit), root)
    for position, bit in [(p, b) for p in range(len(consistency)) for b in range(256)]:
        with pytest.raises(ProofError):
            verify_consistency(size1, size, _flip(consistency, position, bit), root1, root)


# -- properties ------------------------------------------------------------------------------


def _flip(proof: list[bytes], position: int, bit: int) -> list[bytes]:
    element = bytearray(proof[position])
    element[bit // 8] ^= 1 << (bit % 8)
    return [*proof[:position], bytes(element), *proof[position + 1 :]]


@st.composite
def _size_and_index(draw: st.DrawFn) -> tuple[int, int]:
    size = draw(st.integers(min_value=1, max_value=300))
    return size, draw(st.integers(min_value=0, max_value=size - 1))


@st.composite
def _two_sizes(draw: st.DrawFn) -> tuple[int, int]:
    size2 = draw(st.integers(min_value=1, max_value=300))
    return draw(st.integers(min_value=1, max_value=size2)), size2


@given(_size_and_index(), st.data())
def test_inclusion_proofs_verify_and_any_bit_flip_fails(
    case: tuple[int, int], data: st.DataObject
) -> None:
    size, index = case
    proof = inclusion_proof(LEAVES, index, size)
    root = root_hash(LEAVES[:size])
    verify_inclusion(index, size, LEAVES[index], proof, root)
    if proof:
        position = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
        bit = data.draw(st.integers(min_value=0, max_value=255))
        with pytest.raises(ProofError):
            verify_inclusion(index, size, LEAVES[index], _flip(proof, position, bit), root)


@given(_two_sizes(), st.data())
def test_consistency_proofs_verify_and_any_bit_flip_fails(
    sizes: tuple[int, int], data: st.DataObject
) -> None:
    size1, size2 = sizes
    proof = consistency_proof(LEAVES, size1, size2)
    root1, root2 = root_hash(LEAVES[:size1]), root_hash(LEAVES[:size2])
    verify_consistency(size1, size2, proof, root1, root2)
    verify_append_only(size1, size2, proof, root1, root2)
    if proof:
        position = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
        bit = data.draw(st.integers(min_value=0, max_value=255))
        with pytest.raises(ProofError):
            verify_consistency(size1, size2, _flip(proof, position, bit), root1, root2)


@given(_size_and_index(), st.data())
def test_subtree_proofs_verify_and_any_bit_flip_fails(
    case: tuple[int, int], data: st.DataObject
) -> None:
    size, end = case[0], case[1] + 1
    start = data.draw(st.sampled_from([s for s in range(end) if is_valid_subtree(s, end)]))
    index = data.draw(st.integers(min_value=start, max_value=end - 1))
    subtree, root = root_hash(LEAVES[start:end]), root_hash(LEAVES[:size])
    inclusion = subtree_inclusion_proof(LEAVES, index, start, end)
    verify_subtree_inclusion(index, start, end, LEAVES[index], inclusion, subtree)
    consistency = subtree_consistency_proof(LEAVES, start, end, size)
    verify_subtree_consistency(start, end, size, consistency, subtree, root)
    if consistency:
        position = data.draw(st.integers(min_value=0, max_value=len(consistency) - 1))
        bit = data.draw(st.integers(min_value=0, max_value=255))
        flipped = _flip(consistency, position, bit)
        with pytest.raises(ProofError):
            verify_subtree_consistency(start, end, size, flipped, subtree, root)


def _rfc_subproof(m: int, hashes: list[bytes], whole: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) transcribed from RFC 9162 §2.1.4.1, as an independent oracle."""
    n = len(hashes)
    if m == n:
        return [] if whole else [root_hash(hashes)]
    k = 1 << ((n - 1).bit_length() - 1)
    if m <= k:
        return [*_rfc_subproof(m, hashes[:k], whole), root_hash(hashes[k:])]
    return [*_rfc_subproof(m - k, hashes[k:], False), root_hash(hashes[:k])]


def _rfc_path(m: int, hashes: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) transcribed from RFC 9162 §2.1.3.1, as an independent oracle."""
    n = len(hashes)
    if n == 1:
        return []
    k = 1 << ((n - 1).bit_length() - 1)
    if m < k:
        return [*_rfc_path(m, hashes[:k]), root_hash(hashes[k:])]
    return [*_rfc_path(m - k, hashes[k:]), root_hash(hashes[:k])]


@given(_two_sizes(), st.data())
def test_generated_proofs_match_the_rfc_recursive_definitions(
    sizes: tuple[int, int], data: st.DataObject
) -> None:
    size1, size2 = sizes
    expected = _rfc_subproof(size1, LEAVES[:size2], True)
    assert consistency_proof(LEAVES, size1, size2) == expected
    index = data.draw(st.integers(min_value=0, max_value=size2 - 1))
    assert inclusion_proof(LEAVES, index, size2) == _rfc_path(index, LEAVES[:size2])
