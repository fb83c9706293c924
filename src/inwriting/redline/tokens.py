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
whitespace only, for a first pass: matching provisions and finding where they differ (coded
from ``str.split`` and found with :func:`chunk_end`, so the unchanged bulk of a text is
never cut into strings).
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
    "chunk_end",
    "chunks",
    "code_character",
    "key",
    "pieces",
    "shared_start",
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


def chunk_end(text: str, start: int, count: int) -> int:
    """Where the ``count`` chunks of ``text`` from ``start`` (a chunk boundary) end: so a
    diff can find the stretches it must cut without cutting the whole text. ``str.split``
    finds them, on a window that grows until it holds them all."""
    if count and start == 0 and text[:1].isspace():  # the leading space is a chunk
        start, count = len(text) - len(text.lstrip()), count - 1
    size = 16 * (count + 4)
    while count:
        window = text[start : start + size]
        found = window.split(None, count)
        if len(found) > count:  # the last is the rest of the window, from the next word
            return start + len(window) - len(found[count])
        if start + size >= len(text):
            break
        size *= 2
    return len(text) if count else start


def shared_start(a: str, b: str) -> int:
    """The length of the longest common prefix (a binary search over C-speed slices)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[:mid] == b[:mid]:
            low = mid
        else:
            high = mid - 1
    return low


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
    """Key → character, given on first sight."""

    def __missing__(self, word: str) -> str:
        code = self[word] = code_character(len(self))
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
        self._coded: dict[str, str] = {}

    def encode(self, text: str) -> Encoded:
        """``text`` as :func:`pieces` (words, punctuation) and their codes."""
        cut = pieces(text)
        return Encoded(tuple(cut), self.encode_pieces(cut))

    def coded(self, text: str) -> str:
        """One code per :func:`chunk <chunks>` of ``text``, worked out once per text. The
        keys of the chunks are what ``str.split`` gives (and the leading space, if any),
        which is cheaper than cutting the chunks and keeps no strings but the codes."""
        found = self._coded.get(text)
        if found is None:
            found = "".join(map(self._codes.__getitem__, text.split()))
            if text[:1].isspace():
                found = self._codes[""] + found
            self._coded[text] = found
        return found

    def encode_pieces(self, cut: Iterable[str]) -> str:
        return "".join([self._codes[key(piece)] for piece in cut])

    def __len__(self) -> int:
        return len(self._codes)
