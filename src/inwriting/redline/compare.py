"""A redline: two versions aligned provision by provision, each pair diffed word by word.

:func:`compare` cuts every provision into tokens once, with one vocabulary for both
versions, and uses the same encoding to align (:mod:`~inwriting.redline.align`) and to diff
(:mod:`~inwriting.redline.diff`). Each :class:`RedlinePair` carries the operations for its
text and for its heading; for a pair the ``equal`` and ``delete`` texts concatenate to the
old provision's text and the ``equal`` and ``insert`` texts to the new one's — an added
provision is all ``insert``, a removed one all ``delete``. In a split each part is compared
with the whole old provision (and in a merger each source with the whole new one), so every
pair stands on its own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from inwriting.domain.documents import Provision
from inwriting.redline.align import Pair, PairState, align
from inwriting.redline.diff import Op, Operation, changed_tokens, diff_texts
from inwriting.redline.tokens import Vocabulary

__all__ = ["Redline", "RedlinePair", "compare"]


@dataclass(frozen=True)
class RedlinePair:
    """One aligned pair and its word diff."""

    state: PairState
    old: Provision | None
    new: Provision | None
    operations: tuple[Operation, ...]
    heading_operations: tuple[Operation, ...] = ()
    text_changed: bool = False
    similarity: float = 0.0

    @property
    def old_key(self) -> str | None:
        return self.old.key if self.old else None

    @property
    def new_key(self) -> str | None:
        return self.new.key if self.new else None

    @property
    def old_label(self) -> str | None:
        return self.old.label if self.old else None

    @property
    def new_label(self) -> str | None:
        return self.new.label if self.new else None

    @property
    def label(self) -> str:
        """How to name the pair to a reader: the new label, or the old one if it is gone."""
        shown = self.new or self.old
        return (shown.label or shown.key) if shown else ""


@dataclass(frozen=True)
class Redline:
    pairs: tuple[RedlinePair, ...]

    def counts(self) -> dict[PairState, int]:
        """How many pairs are in each state, in the order of :class:`PairState`."""
        found = Counter(p.state for p in self.pairs)
        return {state: found[state] for state in PairState if found[state]}

    def changed_tokens(self) -> int:
        return sum(changed_tokens(p.operations) for p in self.pairs)


def compare(old: Sequence[Provision], new: Sequence[Provision], *, by_key: bool = False) -> Redline:
    """The redline from ``old`` to ``new`` (provisions in document order). ``by_key``: the
    new version was derived from the old in the product, so equal keys are the same
    provision whatever their labels."""
    vocabulary = Vocabulary()
    pairs = align(old, new, by_key=by_key, vocabulary=vocabulary)
    return Redline(tuple(_diffed(pair, vocabulary) for pair in pairs))


def _diffed(pair: Pair, vocabulary: Vocabulary) -> RedlinePair:
    old, new = pair.old, pair.new
    if old is None or new is None:
        op, shown = (Op.INSERT, new) if old is None else (Op.DELETE, old)
        return RedlinePair(
            pair.state,
            old,
            new,
            _whole(op, shown.text if shown else ""),
            _whole(op, shown.heading if shown else ""),
            True,
            pair.similarity,
        )
    return RedlinePair(
        pair.state,
        old,
        new,
        diff_texts(
            old.text,
            new.text,
            vocabulary=vocabulary,
            # the alignment has compared heading and text without whitespace already
            whitespace_only=not pair.text_changed if old.heading == new.heading else None,
        ),
        diff_texts(old.heading, new.heading, vocabulary=vocabulary),
        pair.text_changed,
        pair.similarity,
    )


def _whole(op: Op, text: str) -> tuple[Operation, ...]:
    return (Operation(op, text),) if text else ()
