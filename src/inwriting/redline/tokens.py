"""Words, punctuation and the space between them, with spans back into the text.

A text is cut into *pieces* that partition it exactly: each piece is one word (a run of
letters, digits and combining marks, in any script), one CJK character (those scripts do not
separate words with spaces, so each character is a word), or one punctuation character, each
followed by the whitespace after it. Only a text that starts with whitespace has a piece that
is whitespace alone. Concatenating the pieces gives the text back, byte for byte.

Two pieces *compare* by their :func:`key`, the piece without its whitespace: whitespace never
makes two words differ, so re-wrapped lines, doubled spaces or lost blank lines are not
changes. Keeping the whitespace inside the piece (rather than as a token of its own) halves
the number of tokens the diff has to align, which is most of the cost of a redline.

:class:`Vocabulary` maps each key to one character, so that a list of tokens becomes a string
and a diff of strings (fast, in C) is a diff of tokens. :func:`chunks` cuts coarser, at
whitespace only, for a first pass: matching provisions and finding where they differ.
:func:`tokenise` is the public view: words, punctuation, spaces and paragraph breaks as
separate :class:`Token` values with their spans, for renderers that need to walk a text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "Encoded",
    "Token",
    "TokenKind",
    "Vocabulary",
    "chunks",
    "code_character",
    "key",
    "pieces",
    "tokenise",
]

# Scripts written without spaces between words: each character is a token of its own.
_CJK = (
    "\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
# Combining marks and the vowel signs of Indic and South-East Asian scripts: Python's ``\w``
# leaves them out (they are not alphanumeric), which would cut "café" (decomposed) or
# "नमस्ते" into pieces.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0900-\u0dff"
    "\u0e00-\u0fff\u1000-\u109f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
_SPECIAL = re.compile(f"[{_CJK}{_MARKS}]")
# The fast pattern is the full one restricted to texts without those characters; most texts
# qualify, and it runs twice as fast.
_FAST = re.compile(r"(?:\w++|[^\w\s])\s*+|\s++")
_FULL = re.compile(rf"(?:(?:[^\W{_CJK}]|[{_MARKS}])++|[{_CJK}]|[^\w\s])\s*+|\s++")
_CHUNKS = re.compile(r"\S++\s*+")  # a leading space is taken apart: see chunks()
_LEADING_SPACE = re.compile(r"\s++")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def pieces(text: str) -> list[str]:
    """The pieces of ``text`` (see the module docstring); ``"".join(pieces(t)) == t``."""
    pattern = _FULL if _SPECIAL.search(text) else _FAST
    return pattern.findall(text)


def chunks(text: str) -> list[str]:
    """``text`` cut after each run of whitespace: what ``str.split`` gives, each with the
    whitespace after it. Coarser than :func:`pieces` (punctuation stays on its word) and
    faster to find; every chunk boundary is a piece boundary, so a stretch of chunks can be
    cut into pieces on its own."""
    found: list[str] = _CHUNKS.findall(text)
    if text[:1].isspace():
        leading = _LEADING_SPACE.match(text)
        found.insert(0, leading.group() if leading else "")
    return found


def key(piece: str) -> str:
    """What a piece is compared by: its word or punctuation without the whitespace."""
    return piece.rstrip()


class TokenKind(StrEnum):
    WORD = "word"
    PUNCTUATION = "punctuation"
    SPACE = "space"
    PARAGRAPH_BREAK = "paragraph_break"  # whitespace holding a blank line


@dataclass(frozen=True, slots=True)
class Token:
    """One token and where it is: ``text == source[start:end]``."""

    kind: TokenKind
    text: str
    start: int
    end: int


def tokenise(text: str) -> tuple[Token, ...]:
    """Words, punctuation, spaces and paragraph breaks of ``text``, in order, with spans."""
    tokens: list[Token] = []
    start = 0
    for piece in pieces(text):
        word = piece.rstrip()
        if word:
            tokens.append(Token(_kind(word), word, start, start + len(word)))
        space = piece[len(word) :]
        if space:
            kind = TokenKind.PARAGRAPH_BREAK if _BLANK_LINE.search(space) else TokenKind.SPACE
            tokens.append(Token(kind, space, start + len(word), start + len(piece)))
        start += len(piece)
    return tuple(tokens)


def _kind(word: str) -> TokenKind:
    first = word[0]
    if first.isalnum() or first == "_" or _SPECIAL.match(first):
        return TokenKind.WORD
    return TokenKind.PUNCTUATION


@dataclass(frozen=True, slots=True)
class Encoded:
    """A text as its pieces and as one character per piece (equal keys, equal characters)."""

    pieces: tuple[str, ...]
    codes: str


class _Codes(dict[str, str]):
    """Piece → character, filled on first sight; pieces with the same key share a character."""

    def __init__(self) -> None:
        super().__init__()
        self.by_key: dict[str, str] = {}

    def __missing__(self, piece: str) -> str:
        word = piece.rstrip()
        code = self.by_key.get(word)
        if code is None:
            code = self.by_key[word] = code_character(len(self.by_key))
        self[piece] = code
        return code


def code_character(index: int) -> str:
    """The ``index``-th code character: from U+0100 (past ASCII, whose newlines and spaces a
    diff library may treat specially), skipping surrogates, which are not characters."""
    point = 0x100 + index
    if point >= 0xD800:
        point += 0x800
    return chr(point)


class Vocabulary:
    """Codes for the keys of the texts compared together. Use one per comparison: two texts
    encoded with different vocabularies cannot be compared."""

    def __init__(self) -> None:
        self._codes = _Codes()
        self._chunked: dict[str, Encoded] = {}

    def encode(self, text: str) -> Encoded:
        """``text`` as :func:`pieces` (words, punctuation) and their codes."""
        cut = pieces(text)
        return Encoded(tuple(cut), "".join(map(self._codes.__getitem__, cut)))

    def chunked(self, text: str) -> Encoded:
        """``text`` as :func:`chunks` and their codes, worked out once per text."""
        found = self._chunked.get(text)
        if found is None:
            cut = chunks(text)
            found = Encoded(tuple(cut), "".join(map(self._codes.__getitem__, cut)))
            self._chunked[text] = found
        return found

    def encode_pieces(self, cut: Iterable[str]) -> str:
        return "".join(map(self._codes.__getitem__, cut))

    def __len__(self) -> int:
        return len(self._codes.by_key)
