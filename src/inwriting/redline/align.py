"""Pair the provisions of two versions, so a redline compares like with like.

A renumbered, moved or split article must read as renumbered, moved or split — not as one
article deleted and another added. The pairing, in order of confidence:

1. **By key**, when the new version was derived from the old one in the product
   (``by_key=True``): keys survive renumbering there, so equal keys are the same provision.
2. **Same text** (whitespace aside): the label and text, or the text alone when no other
   provision on either side has it.
3. **Same label, similar text**: ``Article 5`` and ``Art. 5`` (labels compare by kind and
   normalised number, so documents of different origin pair too) if their texts are at least
   :data:`LABEL_SIMILARITY` alike.
4. **Most similar text** among what is left, best first: at least :data:`SIMILARITY` alike,
   or :data:`LABEL_FLOOR` when the labels agree (an article rewritten under its number).
5. **Parts**: a new provision left over whose words are nearly all in an old provision next
   to it (and not in that provision's own partner) was *split* off it; an old one left over
   whose words are nearly all in a new provision next to it was *merged* into it.

Similarity is the Indel ratio (rapidfuzz) of the provisions' words in order, whitespace
ignored (see :mod:`~inwriting.redline.matching`). Headings (kind ``group``) pair only with
headings. What is left is ``added`` or ``removed``. A pair is ``moved`` when it is not on
the longest run of pairs in the same order in both versions, ``renumbered`` when its label
changed, ``changed`` when its text or heading did (ignoring whitespace), ``same``
otherwise. Pure: values in, values out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from inwriting.domain.documents import Provision
from inwriting.redline.matching import (
    LABEL_FLOOR,
    LABEL_SIMILARITY,
    SIMILARITY,
    Matching,
    contained,
)
from inwriting.redline.tokens import Vocabulary

__all__ = ["LABEL_FLOOR", "LABEL_SIMILARITY", "SIMILARITY", "Pair", "PairState", "align"]


class PairState(StrEnum):
    SAME = "same"
    CHANGED = "changed"
    RENUMBERED = "renumbered"
    MOVED = "moved"
    ADDED = "added"
    REMOVED = "removed"
    SPLIT = "split"
    MERGED = "merged"


@dataclass(frozen=True)
class Pair:
    """An old provision and its counterpart in the new version (either may be ``None``).

    ``text_changed`` says whether text or heading differ other than in whitespace;
    ``similarity`` (0 to 1) how alike the texts are. In a split, each part is a pair with the
    same ``old``; in a merger, each source is a pair with the same ``new``."""

    state: PairState
    old: Provision | None
    new: Provision | None
    text_changed: bool = False
    similarity: float = 0.0


def align(
    old: Sequence[Provision],
    new: Sequence[Provision],
    *,
    by_key: bool = False,
    vocabulary: Vocabulary | None = None,
) -> tuple[Pair, ...]:
    """Pair ``old`` with ``new`` (each in document order); the pairs in new-document order,
    removed provisions after the pair of the provision that preceded them. ``vocabulary``:
    the one a caller goes on to diff the pairs with, so texts are cut into words once."""
    match = Matching(old, new, Vocabulary() if vocabulary is None else vocabulary)
    if by_key:
        match.by_key()
    match.same_text()
    match.by_label()
    match.most_similar()
    match.parts()
    ordered = _in_order(match)
    return _sorted(match, ordered, _classify(match, ordered))


def _in_order(match: Matching) -> set[int]:
    """Old indexes of the primary pairs on a longest common order (the rest moved)."""
    olds = sorted(match.to_new)
    news = [match.to_new[i] for i in olds]
    tails: list[int] = []  # index into olds of the smallest tail of each length
    previous: list[int] = [-1] * len(olds)
    for k, value in enumerate(news):
        low, high = 0, len(tails)
        while low < high:
            mid = (low + high) // 2
            if news[tails[mid]] < value:
                low = mid + 1
            else:
                high = mid
        previous[k] = tails[low - 1] if low else -1
        if low == len(tails):
            tails.append(k)
        else:
            tails[low] = k
    kept: set[int] = set()
    k = tails[-1] if tails else -1
    while k >= 0:
        kept.add(olds[k])
        k = previous[k]
    return kept


def _classify(match: Matching, ordered: set[int]) -> dict[tuple[int | None, int | None], Pair]:
    """Every pair, keyed by (old index, new index); ``ordered``: see :func:`_in_order`."""
    old, new = match.old_provision, match.new_provision
    pairs: dict[tuple[int | None, int | None], Pair] = {}
    for i, j in match.to_new.items():
        changed = match.changed(i, j)
        state = _state(match, ordered, i, j, changed)
        pairs[i, j] = Pair(state, old(i), new(j), changed, match.similarity[i])
    for j, i in match.split.items():
        ratio = contained(match.new.coded(j), match.old.coded(i))
        pairs[i, j] = Pair(PairState.SPLIT, old(i), new(j), True, ratio)
    for i, j in match.merged.items():
        ratio = contained(match.old.coded(i), match.new.coded(j))
        pairs[i, j] = Pair(PairState.MERGED, old(i), new(j), True, ratio)
    taken_new = set(match.to_old) | set(match.split)
    for j in range(len(match.new.provisions)):
        if j not in taken_new:
            pairs[None, j] = Pair(PairState.ADDED, None, new(j), True, 0.0)
    for i in range(len(match.old.provisions)):
        if i not in match.to_new and i not in match.merged:
            pairs[i, None] = Pair(PairState.REMOVED, old(i), None, True, 0.0)
    return pairs


def _state(match: Matching, ordered: set[int], i: int, j: int, changed: bool) -> PairState:
    """The state of a primary (one-to-one) pair; ``ordered``: see :func:`_in_order`."""
    if i in match.split.values():
        return PairState.SPLIT
    if j in match.merged.values():
        return PairState.MERGED
    if i not in ordered:
        return PairState.MOVED
    if not match.same_label(i, j):
        return PairState.RENUMBERED
    return PairState.CHANGED if changed else PairState.SAME


def _sorted(
    match: Matching, ordered: set[int], pairs: dict[tuple[int | None, int | None], Pair]
) -> tuple[Pair, ...]:
    """New-document order; a removed provision goes after the (unmoved) pair of the old
    provision before it, so a reader finds it where it used to be."""
    anchor = -1
    anchors: dict[int, int] = {}
    for i in range(len(match.old.provisions)):
        if i in ordered:
            anchor = match.to_new[i]
        anchors[i] = anchor

    def place(where: tuple[int | None, int | None]) -> tuple[int, int, int]:
        i, j = where
        if j is not None:
            return j, 0, -1 if i is None else i
        return (anchors[i], 1, i) if i is not None else (-1, 1, -1)

    return tuple(pairs[where] for where in sorted(pairs, key=place))
