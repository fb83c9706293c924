"""The neutral result of a word diff: operations, and what can be read off them.

An :class:`Operation` is ``equal``, ``insert`` or ``delete`` with the exact text it covers.
Reading the operations in order, the ``equal`` and ``delete`` texts concatenate to the old
text and the ``equal`` and ``insert`` texts to the new one, exactly (:func:`old_text`,
:func:`new_text`). Every renderer — HTML, CriticMarkup, plain text, JSON, and DOCX tracked
changes later — works from these plain frozen values and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from inwriting.redline.tokens import pieces

__all__ = ["Op", "Operation", "Region", "changed_tokens", "new_text", "old_text"]


class Op(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class Operation:
    """One step of a diff. ``layout`` marks a delete or insert that differs from the other
    side only in whitespace: part of the exact texts, but not a change of wording."""

    op: Op
    text: str
    layout: bool = False

    @property
    def changes(self) -> bool:
        """Whether a reader should see this as a change."""
        return self.op is not Op.EQUAL and not self.layout


@dataclass(frozen=True, slots=True)
class Region:
    """Where two token lists differ in wording: ``old[old_start:old_end]`` became
    ``new[new_start:new_end]`` (token indices; an empty old range is an insertion point)."""

    old_start: int
    old_end: int
    new_start: int
    new_end: int


def old_text(operations: Iterable[Operation]) -> str:
    return "".join(o.text for o in operations if o.op is not Op.INSERT)


def new_text(operations: Iterable[Operation]) -> str:
    return "".join(o.text for o in operations if o.op is not Op.DELETE)


def changed_tokens(operations: Iterable[Operation]) -> int:
    """Words and punctuation inserted or deleted (layout changes excluded): the size of a
    redline, comparable with any other diff's output re-cut into the same tokens."""
    return sum(len(pieces(o.text.strip())) for o in operations if o.changes and o.text.strip())
