"""Inclusion and consistency proofs, generated and verified exactly as RFC 9162 §2.1.3–2.1.4.

An *inclusion proof* shows that a leaf hash sits at a given index of the tree whose root is
known; a *consistency proof* shows that the tree of size2 is the tree of size1 with leaves
appended, i.e. that the log only grew. Both are lists of 32-byte sibling hashes, leaf end first.

Verification follows the RFC's iterative algorithms (fn/sn bit walking) rather than rebuilding
the recursion, and additionally checks, before doing any hashing:

* every hash (leaf, roots, proof elements) is exactly 32 bytes;
* the proof has exactly the length the tree shape requires (the formula of transparency-dev's
  ``proof/verify.go``), so padded or truncated proofs are rejected with a clear message.

``verify_consistency`` behaves like the reference verifier, including rejecting size1 == 0 (an
empty tree is trivially a prefix of everything, so a proof "from 0" proves nothing).
``verify_append_only`` is the policy for the API boundary (C2SP tlog-witness): from size 0 it
needs no proof, but the old root must be the empty-tree hash.

*Subtree* proofs (Merkle Tree Certificates draft, tlog-witness ``sign-subtree``) generalize
both to an aligned range [start, end) of leaves instead of a prefix [0, size).
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import ProofError
from .hashing import EMPTY_ROOT, HASH_SIZE, largest_power_of_two_below, node_hash, root_hash


def _check_hash(what: str, value: bytes) -> None:
    if len(value) != HASH_SIZE:
        raise ProofError(f"{what} must be {HASH_SIZE} bytes, got {len(value)}")


def _check_proof_hashes(proof: Sequence[bytes]) -> None:
    for i, element in enumerate(proof):
        _check_hash(f"proof[{i}]", element)


def _tree_size(leaf_hashes: Sequence[bytes], size: int | None) -> int:
    if size is None:
        return len(leaf_hashes)
    if not 0 <= size <= len(leaf_hashes):
        raise ProofError(f"tree size {size} is outside 0..{len(leaf_hashes)} (leaves available)")
    return size


def is_valid_subtree(start: int, end: int) -> bool:
    """Whether [start, end) is a subtree in the MTC draft's sense: non-empty and aligned.

    Aligned means start is a multiple of BIT_CEIL(end - start), so the range sits inside a
    single node of every tree that contains it.
    """
    if not 0 <= start < end:
        return False
    span = end - start
    return start % (1 << (span - 1).bit_length()) == 0


def _check_subtree(start: int, end: int, size: int) -> None:
    """Accept a valid subtree, or the empty range start == end, within ``size`` leaves."""
    if not (is_valid_subtree(start, end) or 0 <= start == end) or end > size:
        raise ProofError(f"[{start}, {end}) is not a valid subtree of a tree of size {size}")


_RIGHT, _LEFT, _INSIDE = range(3)


def _subtree_steps(start: int, end: int, size: int) -> tuple[list[int], bool]:
    """Walk down from the root to subtree [start, end) as ``subtree_consistency_proof`` does.

    Returns, top-down, where each proof hash joins (_RIGHT: a sibling right of the subtree;
    _LEFT: left of it; _INSIDE: the subtree's own left part), and whether the subtree's hash is
    "known" (a node of the tree) rather than carried by the proof's first element.
    """
    steps: list[int] = []
    lo, hi, known = 0, size, True
    while (lo, hi) != (start, end):
        mid = lo + largest_power_of_two_below(hi - lo)
        if end <= mid:
            steps.append(_RIGHT)
            hi = mid
        else:
            steps.append(_LEFT if start >= mid else _INSIDE)
            known = known and start >= mid
            lo, start = mid, max(start, mid)
    return steps, known


def _decompose(index: int, size: int) -> tuple[int, int]:
    """Split the path from leaf ``index`` to the root of a ``size``-leaf tree in two parts.

    *inner* is the number of levels where the path has a sibling because the tree is perfect
    there; *border* is the number of levels on the right edge where a subtree is complete.
    """
    inner = (index ^ (size - 1)).bit_length()
    border = (index >> inner).bit_count()
    return inner, border


def inclusion_proof_length(index: int, size: int) -> int:
    """Return the exact number of hashes in an inclusion proof for ``index`` in ``size`` leaves."""
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} must be below tree size {size}")
    inner, border = _decompose(index, size)
    return inner + border


def consistency_proof_length(size1: int, size2: int) -> int:
    """Return the exact number of hashes in a consistency proof from size1 to size2 (0 < s1 < s2).

    The proof omits the old root when size1 is a power of two, because the verifier knows it.
    """
    if not 0 < size1 < size2:
        raise ProofError(f"a consistency proof needs 0 < size1 < size2, got {size1}, {size2}")
    inner, border = _decompose(size1 - 1, size2)
    shift = (size1 & -size1).bit_length() - 1
    seed = 0 if size1 == 1 << shift else 1
    return seed + inner - shift + border


# -- generation ------------------------------------------------------------------------------


def inclusion_proof(
    leaf_hashes: Sequence[bytes], index: int, size: int | None = None
) -> list[bytes]:
    """Return PATH(index, D[size]) (RFC 9162 §2.1.3.1): the sibling hashes from the leaf up.

    ``size`` defaults to ``len(leaf_hashes)``; a smaller size proves against an older tree.
    Walks down from the root, so each sibling subtree is hashed once: O(size) hash calls.
    """
    n = _tree_size(leaf_hashes, size)
    if not 0 <= index < n:
        raise ProofError(f"leaf index {index} must be below tree size {n}")
    siblings: list[bytes] = []
    lo, hi = 0, n
    while hi - lo > 1:
        mid = lo + largest_power_of_two_below(hi - lo)
        if index < mid:
            siblings.append(root_hash(leaf_hashes[mid:hi]))
            hi = mid
        else:
            siblings.append(root_hash(leaf_hashes[lo:mid]))
            lo = mid
    siblings.reverse()
    return siblings


def consistency_proof(
    leaf_hashes: Sequence[bytes], size1: int, size2: int | None = None
) -> list[bytes]:
    """Return PROOF(size1, D[size2]) (RFC 9162 §2.1.4.1), leaf end first.

    ``size2`` defaults to ``len(leaf_hashes)``. From size1 == size2 the proof is empty; from
    size1 == 0 it is also empty (nothing to prove, see ``verify_append_only``). The RFC's
    SUBPROOF recursion is the special case start = 0 of the subtree consistency proof.
    """
    n = _tree_size(leaf_hashes, size2)
    if not 0 <= size1 <= n:
        raise ProofError(f"size1 {size1} must be within 0..{n}")
    return subtree_consistency_proof(leaf_hashes, 0, size1, n)


def subtree_consistency_proof(
    leaf_hashes: Sequence[bytes], start: int, end: int, size: int | None = None
) -> list[bytes]:
    """Return the proof that subtree [start, end) is part of the tree of ``size`` leaves.

    This is SUBTREE_PROOF of the Merkle Tree Certificates draft (C2SP tlog-witness
    ``sign-subtree``): RFC 9162's SUBPROOF, except that the known part need not start at 0.
    Walking down, a sibling wholly outside the subtree is recorded and the walk continues on
    the side holding it; once the subtree straddles a split, its left part is recorded and
    the subtree's own hash has to be recomputed from the proof (it is no longer "known").
    """
    n = _tree_size(leaf_hashes, size)
    _check_subtree(start, end, n)
    if start == end:
        return []
    steps, known = _subtree_steps(start, end, n)
    proof: list[bytes] = []
    lo, hi = 0, n
    for step in steps:
        mid = lo + largest_power_of_two_below(hi - lo)
        if step == _RIGHT:
            proof.append(root_hash(leaf_hashes[mid:hi]))
            hi = mid
        else:
            proof.append(root_hash(leaf_hashes[lo:mid]))
            lo = mid
    if not known:
        proof.append(root_hash(leaf_hashes[lo:hi]))
    proof.reverse()
    return proof


def subtree_inclusion_proof(
    leaf_hashes: Sequence[bytes], index: int, start: int, end: int
) -> list[bytes]:
    """Return the proof that leaf ``index`` is in subtree [start, end): PATH within the subtree."""
    _check_subtree(start, end, len(leaf_hashes))
    if not start <= index < end:
        raise ProofError(f"leaf index {index} is outside the subtree [{start}, {end})")
    return inclusion_proof(leaf_hashes[start:end], index - start)


# -- verification ----------------------------------------------------------------------------


def _shift_until_odd(fn: int, sn: int) -> tuple[int, int]:
    """Right-shift fn and sn together until LSB(fn) is set or fn is 0 (the RFC's inner loop)."""
    while fn and not fn & 1:
        fn, sn = fn >> 1, sn >> 1
    return fn, sn


def root_from_inclusion_proof(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes]
) -> bytes:
    """Return the root that ``proof`` implies for ``leaf_hash`` at ``index`` (RFC 9162 §2.1.3.2).

    Raises ProofError if the index is out of range or the proof is malformed; the caller still
    has to compare the result with a trusted root (``verify_inclusion`` does).
    """
    if index < 0 or size < 0:
        raise ProofError(f"index and size must be non-negative, got {index}, {size}")
    if index >= size:
        raise ProofError(f"leaf index {index} is not below tree size {size}")
    _check_hash("leaf hash", leaf_hash)
    _check_proof_hashes(proof)
    want = inclusion_proof_length(index, size)
    if len(proof) != want:
        raise ProofError(
            f"wrong inclusion proof length {len(proof)} for index {index} in size {size}, "
            f"want {want}"
        )
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("inclusion proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            fn, sn = _shift_until_odd(fn, sn)
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("inclusion proof is shorter than the path to the root")
    return r


def verify_inclusion(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of the ``size``-leaf tree with ``root``.

    Returns None on success and raises ProofError otherwise.
    """
    _check_hash("root hash", root)
    computed = root_from_inclusion_proof(index, size, leaf_hash, proof)
    if computed != root:
        raise ProofError(
            f"inclusion proof for index {index} in size {size} does not lead to the root: "
            f"computed {computed.hex()}, expected {root.hex()}"
        )


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Check that the tree (size2, root2) extends the tree (size1, root1) (RFC 9162 §2.1.4.2).

    As the reference verifier: size1 must be > 0; equal sizes need an empty proof and equal
    roots. Returns None on success and raises ProofError otherwise.
    """
    if size1 < 0 or size2 < 0:
        raise ProofError(f"sizes must be non-negative, got {size1}, {size2}")
    if size1 > size2:
        raise ProofError(f"size1 {size1} > size2 {size2}: a log never shrinks")
    if size1 == 0:
        raise ProofError("a consistency proof from the empty tree (size1 = 0) proves nothing")
    if size1 == size2:
        if proof:
            raise ProofError(f"sizes are equal ({size1}) but the proof is not empty")
        if root1 != root2:
            raise ProofError(f"different roots for the same tree size {size1}")
        return
    if not proof:
        raise ProofError(f"empty consistency proof from size {size1} to {size2}")
    _check_hash("root1", root1)
    _check_hash("root2", root2)
    _check_proof_hashes(proof)
    want = consistency_proof_length(size1, size2)
    if len(proof) != want:
        raise ProofError(
            f"wrong consistency proof length {len(proof)} from size {size1} to {size2}, want {want}"
        )
    fr, sr = _roots_from_consistency_proof(size1, size2, proof, root1)
    if fr != root1:
        raise ProofError(f"consistency proof does not reproduce root1 of size {size1}")
    if sr != root2:
        raise ProofError(f"consistency proof does not reproduce root2 of size {size2}")


def _roots_from_consistency_proof(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes
) -> tuple[bytes, bytes]:
    """Run the RFC 9162 §2.1.4.2 walk and return (fr, sr), the recomputed old and new roots."""
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # an exact power of two: the old root is a node of the proof
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is longer than the path to the root")
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            fn, sn = _shift_until_odd(fn, sn)
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        raise ProofError("consistency proof is shorter than the path to the root")
    return fr, sr


def verify_append_only(
    old_size: int, new_size: int, proof: Sequence[bytes], old_root: bytes, new_root: bytes
) -> None:
    """Check that (new_size, new_root) only appended to (old_size, old_root): the witness view.

    Differs from ``verify_consistency`` at the edges, as C2SP tlog-witness requires: from the
    empty tree the proof must be empty and ``old_root`` must be SHA-256(""), and every root must
    be 32 bytes even when the sizes are equal.
    """
    _check_hash("old root", old_root)
    _check_hash("new root", new_root)
    if old_size == 0 and new_size >= 0:
        if proof:
            raise ProofError("a proof from the empty tree must be empty")
        if old_root != EMPTY_ROOT:
            raise ProofError("the root of an empty tree must be SHA-256 of the empty string")
        if new_size == 0 and new_root != EMPTY_ROOT:
            raise ProofError("the root of an empty tree must be SHA-256 of the empty string")
        return
    verify_consistency(old_size, new_size, proof, old_root, new_root)


def verify_subtree_inclusion(
    index: int, start: int, end: int, leaf_hash: bytes, proof: Sequence[bytes], subtree: bytes
) -> None:
    """Check that ``leaf_hash`` is leaf ``index`` of subtree [start, end) with hash ``subtree``.

    A subtree inclusion proof is the RFC inclusion proof of ``index - start`` within the subtree.
    """
    if not is_valid_subtree(start, end):
        raise ProofError(f"[{start}, {end}) is not a valid subtree")
    if not start <= index < end:
        raise ProofError(f"leaf index {index} is outside the subtree [{start}, {end})")
    verify_inclusion(index - start, end - start, leaf_hash, proof, subtree)


def verify_subtree_consistency(
    start: int, end: int, size: int, proof: Sequence[bytes], subtree: bytes, root: bytes
) -> None:
    """Check that subtree [start, end), hashing to ``subtree``, is part of the tree (size, root).

    Recomputes both hashes from the proof along the path ``subtree_consistency_proof`` takes.
    As in the reference verifier, an empty range needs an empty proof and SHA-256("") as its
    hash (it is part of every tree), and the whole tree needs an empty proof and equal roots.
    """
    _check_subtree(start, end, size)
    if start == end or (start, end) == (0, size):
        if proof:
            raise ProofError(f"the proof for [{start}, {end}) in size {size} must be empty")
        if start == end and subtree != EMPTY_ROOT:
            raise ProofError("the hash of an empty subtree must be SHA-256 of the empty string")
        if start != end and subtree != root:
            raise ProofError(f"the subtree is the whole tree of size {size} but hashes differ")
        return
    _check_hash("subtree hash", subtree)
    _check_hash("root hash", root)
    _check_proof_hashes(proof)
    steps, known = _subtree_steps(start, end, size)
    want = len(steps) + (0 if known else 1)
    if len(proof) != want:
        raise ProofError(
            f"wrong subtree proof length {len(proof)} for [{start}, {end}) in {size}, want {want}"
        )
    fr = sr = subtree if known else proof[0]
    for step, p in zip(reversed(steps), proof[len(proof) - len(steps) :], strict=True):
        if step == _INSIDE:
            fr = node_hash(p, fr)
        sr = node_hash(sr, p) if step == _RIGHT else node_hash(p, sr)
    if fr != subtree:
        raise ProofError(f"subtree proof does not reproduce the hash of [{start}, {end})")
    if sr != root:
        raise ProofError(f"subtree proof does not reproduce the root of size {size}")
