"""What a reader sees must be what is stored: invisible characters shown as visible marks.

Bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what a reader
sees ("Trojan Source"); zero-width characters (U+200B-U+200F, U+2060-U+2064, U+FEFF) and
other format characters (Unicode category Cf), control characters (Cc) and the line and
paragraph separators (Zl, Zp) hide in text that looks identical to other text. Every renderer
(pages, DOCX, PDF) passes text through :func:`visible`, which writes each such character as
``⟦U+202E⟧``; the stored text and its digest are never changed.

A file we exported may come back (a response filled in in Word): :func:`restored` turns the
marks of hidden characters back into the characters, so the round trip loses nothing and a
mark typed by hand is a hidden character shown as a mark again.

Allowed, because ordinary text needs them: tab and newline; and the zero-width non-joiner
and joiner (U+200C, U+200D) between two letters, where Persian, Indic scripts and emoji use
them to shape a word; anywhere else they are shown too.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache

HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})
ALLOWED = frozenset("\t\n")
JOINERS = frozenset("\u200c\u200d")


@cache
def _pattern() -> re.Pattern[str]:
    """One character class of every hidden code point, built once (about 0.2 s)."""
    hidden = [
        chr(c)
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) in HIDDEN_CATEGORIES and chr(c) not in ALLOWED
    ]
    return re.compile("[" + "".join(re.escape(c) for c in hidden) + "]")


def marker(char: str) -> str:
    return f"⟦U+{ord(char):04X}⟧"


def visible(text: str) -> str:
    """``text`` with every invisible character written as its visible :func:`marker`."""
    if text.isascii() and text.isprintable():
        return text  # the common case, without a regular expression

    def show(found: re.Match[str]) -> str:
        char, at = found.group(), found.start()
        joining = 0 < at < len(text) - 1 and text[at - 1].isalpha() and text[at + 1].isalpha()
        return char if char in JOINERS and joining else marker(char)

    return _pattern().sub(show, text)


_MARK = re.compile(r"⟦U\+([0-9A-F]{4,6})⟧")


def restored(text: str) -> str:
    """``text`` with each :func:`marker` of a hidden character turned back into it (marks
    of ordinary characters stay as they are)."""

    def back(found: re.Match[str]) -> str:
        code = int(found.group(1), 16)
        char = chr(code) if code <= sys.maxunicode else ""
        return char if char and _pattern().fullmatch(char) else found.group()

    return _MARK.sub(back, text) if "⟦" in text else text
