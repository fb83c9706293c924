"""Search terms and snippets, as functions of text: the same on every engine.

A query is read as plain words (letters and digits); everything else — quotes, ``NEAR``'s
parentheses, ``*``, ``-``, NUL — separates words and has no meaning, so no query can be a
syntax error or an injection in either engine's full-text language. Words are matched
whole and case-insensitively; every word must appear in the text found (AND).

Snippets are built here rather than by FTS5's ``snippet()`` or PostgreSQL's
``ts_headline``, so that both engines show the same words, and as segments (text, matched)
so a page can mark matches while escaping all the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TERMS = 16  # a query of 10,000 characters is cut here, not sent whole to the engine
MAX_TERM_LENGTH = 64
CONTEXT_WORDS = 12  # words shown before and after the first match

_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Segment:
    text: str
    matched: bool


def terms(query: str) -> tuple[str, ...]:
    """The distinct words of ``query``, lowercased (as both engines do), in order; at most
    :data:`MAX_TERMS` of them."""
    found: list[str] = []
    for word in _WORD.findall(query):
        term = word.lower()[:MAX_TERM_LENGTH]
        if term not in found:
            found.append(term)
        if len(found) == MAX_TERMS:
            break
    return tuple(found)


def fts5_query(words: tuple[str, ...]) -> str:
    """An FTS5 MATCH expression: each word a quoted string (implicit AND). Words hold only
    letters and digits; the quotes are doubled anyway, as FTS5 escapes them."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def hits_in(text: str, words: tuple[str, ...]) -> int:
    """How many of ``words`` occur in ``text``: picks which field of a row to show."""
    present = {w.lower() for w in _WORD.findall(text)}
    return sum(w in present for w in words)


def snippet(text: str, words: tuple[str, ...]) -> tuple[Segment, ...]:
    """A window of ``text`` around its first matching word, matches marked; ``…`` where cut."""
    wanted = set(words)
    spans = list(_WORD.finditer(text))
    first = next((i for i, m in enumerate(spans) if m.group().lower() in wanted), 0)
    if not spans:
        return (Segment(text[:200], False),) if text else ()
    low, high = max(0, first - CONTEXT_WORDS), min(len(spans), first + CONTEXT_WORDS + 1)
    start = 0 if low == 0 else spans[low].start()
    end = len(text) if high == len(spans) else spans[high - 1].end()
    segments: list[Segment] = [Segment("…", False)] if start else []
    at = start
    for m in spans[low:high]:
        if m.group().lower() in wanted:
            if m.start() > at:
                segments.append(Segment(text[at : m.start()], False))
            segments.append(Segment(m.group(), True))
            at = m.end()
    if end > at:
        segments.append(Segment(text[at:end], False))
    if end < len(text):
        segments.append(Segment("…", False))
    return tuple(_joined(segments))


def _joined(segments: list[Segment]) -> list[Segment]:
    """Neighbouring unmatched segments as one, with whitespace runs as one space."""
    out: list[Segment] = []
    for s in segments:
        if not s.matched:
            s = Segment(_SPACES.sub(" ", s.text), False)
        if out and not s.matched and not out[-1].matched:
            out[-1] = Segment(out[-1].text + s.text, False)
        else:
            out.append(s)
    return out
