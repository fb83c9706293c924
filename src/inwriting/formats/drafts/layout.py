"""Lines in, paragraphs out: the layout rules shared by the Markdown and plain-text readers.

Both readers turn their input into :class:`Line` values (text without markup, the line number
in the source for error messages, whether the source marks the line as a heading). The
structure is then found on lines, and each provision's lines are turned into its text here:

* paragraphs are separated by blank lines, and a line starting with an enumerator ("1.",
  "(a)", "(iv)", "- ") starts a new paragraph even without one, because drafts often list
  points on consecutive lines;
* an enumerator alone on its line ("1." then the text on the next line, as in EUR-Lex and
  OJ PDF layouts) is joined to the text it numbers;
* the lines of one paragraph are joined with a space; a word split across lines by a soft
  hyphen (U+00AD, as PDF text layers have it) is rejoined; a line ending with an ordinary
  hyphen is joined without a space and keeps its hyphen ("data-" + "protection"), since the
  hyphen may be part of the word;
* in hard-wrapped text (lines cut at a fixed width), a line ending a sentence well short of
  that width ends its paragraph, which recovers paragraphs from PDF text that has no blank
  lines between them;
* runs of white space inside a paragraph become one space;
* a Markdown table (a block of "| ... |" rows) keeps one row per line.

Paragraphs are joined with ``"\\n\\n"``, the form :class:`~inwriting.domain.documents.Provision`
documents.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from inwriting.errors import FormatError
from inwriting.formats.drafts.headings import CLOSING_RE, ENUMERATOR_RE

_BARE_ENUMERATOR_RE = re.compile(
    r"^(?:\(?\d{1,3}[a-z]?[.)]|\([a-z]{1,4}\)|\([A-Z]\)|[a-z]\)|[-–—•*])$"
)
# "(2) and (3) of Article 58" at the start of a wrapped line is a reference, not a point.
_REFERENCE_RE = re.compile(r"^\S+\s+(?:and|or)\s")
# "... referred to in Article" / "10." and "pursuant to Article 55 or" / "56." are
# references wrapped at a number, not points (a copy of the text broken at another width must
# read the same).
_CITED = (
    r"(?:articles?|paragraphs?|points?|sections?|subsections?|subparagraphs?|regulation"
    r"|directive|annex|chapter|part|no\.?)"
)
_CITING_END_RE = re.compile(
    rf"\b(?:in|to|of|under|by|see|and|or|with|from)\s+{_CITED}$"
    rf"|\b{_CITED}\s+[\d(][\w().]*,?\s+(?:or|and|to)$",
    re.IGNORECASE,
)
_SEPARATOR_RE = re.compile(r"^\s*([-=_*~#])(?:\s*\1){2,}\s*$")
_CONTROL_RE = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_SENTENCE_END = '.:;!?’”")'


@dataclass(frozen=True)
class Line:
    """One line of the source, as the structure finder sees it."""

    text: str  # without markup (heading hashes, bold markers, page furniture)
    number: int  # 1-based line number in the source, for error messages
    marked: bool = False  # the source marks it as a heading (Markdown "#", a bold line)
    literal: bool = False  # inside a code block: text, never structure

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def check_text(text: str, source: str) -> None:
    """Refuse what is not a text document, naming the line, before any parsing."""
    if not text.strip():
        raise FormatError("empty document: there is no text to parse", source=source, line=1)
    for pattern, what in ((re.compile("\x00"), "a NUL byte"), (_SURROGATE_RE, "a lone surrogate")):
        found = pattern.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            raise FormatError(f"not a text document: {what} found", source=source, line=line)
    controls = _CONTROL_RE.findall(text)
    if len(controls) > max(8, len(text) // 100):
        first = _CONTROL_RE.search(text)
        line = text.count("\n", 0, first.start()) + 1 if first else 1
        raise FormatError(
            "not a text document: too many control characters (binary data?)",
            source=source,
            line=line,
        )


def source_lines(text: str) -> list[str]:
    """The text split into lines, numbered as an editor numbers them (from index 0)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return [_CONTROL_RE.sub(" ", line.expandtabs(4)).rstrip() for line in text.split("\n")]


def is_separator(text: str) -> bool:
    """A rule drawn with characters ("----", "===", "* * *"): layout, not text.

    A line of more than one character besides spaces is none, which is seen without the
    regular expression: it backtracks over a long line that almost is one ("- - - ... x")."""
    if len(set("".join(text.split()))) != 1:
        return False
    return bool(_SEPARATOR_RE.match(text))


def wrap_width(lines: Iterable[Line]) -> int:
    """The width at which a hard-wrapped text was cut, or 0 when it does not look wrapped.

    Measured on lines followed by another line of the same paragraph: in wrapped text most of
    them end near the same column. One paragraph per line (Markdown converters, EUR-Lex HTML
    text) has too few such lines, or lines far too long, to call it wrapped.
    """
    items = list(lines)
    inner = sorted(
        len(a.text.strip()) for a, b in itertools.pairwise(items) if not a.blank and not b.blank
    )
    if len(inner) < 20:
        return 0
    width = inner[int(len(inner) * 0.9)]
    return width if 50 <= width <= 160 else 0


def paragraphs(lines: Sequence[Line], width: int = 0) -> str:
    """The text of a provision: its lines joined into paragraphs, separated by a blank line."""
    result: list[str] = []
    pending_number = ""
    for block in _split_paragraphs(lines, width):
        text = _join(block)
        if not text:
            continue
        if pending_number:
            text = f"{pending_number} {text}"
            pending_number = ""
        if _BARE_ENUMERATOR_RE.match(text):
            pending_number = text
            continue
        result.append(text)
    if pending_number:
        result.append(pending_number)
    return "\n\n".join(result)


def _split_paragraphs(lines: Sequence[Line], width: int) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        text = line.text.strip()
        if not text:
            if current:
                blocks.append(current)
            current = []
            continue
        if current and _starts_paragraph(current[-1], text, width):
            blocks.append(current)
            current = []
        current.append(text)
    if current:
        blocks.append(current)
    return blocks


def _starts_paragraph(previous: str, text: str, width: int) -> bool:
    """Whether ``text`` starts a new paragraph although no blank line precedes it."""
    if ENUMERATOR_RE.match(text) and not _REFERENCE_RE.match(text):
        return not _CITING_END_RE.search(previous)
    if CLOSING_RE.match(text) and previous[-1] in _SENTENCE_END:
        return True
    if not width or len(previous) >= width * 0.7:
        return False
    # In hard-wrapped text a line ending well short of the margin ends its paragraph.
    return previous[-1] in _SENTENCE_END or (previous[-1] == "," and text[:1].isupper())


def _join(block: Sequence[str]) -> str:
    """The lines of a paragraph as one line (see the module docstring), built as a list of
    pieces, never empty: gluing strings one line at a time is quadratic in a long paragraph.

    A Markdown table (every line a "| ... |" row) keeps one row per line: it stays a table."""
    if all(part.startswith("|") for part in block):
        return "\n".join(" ".join(part.split()) for part in block)
    pieces: list[str] = []
    for part in block:
        if not pieces:
            pieces.append(part)
        elif pieces[-1].endswith("\u00ad"):
            pieces[-1] = pieces[-1][:-1]
            if not pieces[-1]:
                pieces.pop()
            pieces.append(part)
        elif _ends_with_hyphenated_letter(pieces) and part[:1].islower():
            pieces.append(part)
        else:
            pieces.append(" " + part)
    return " ".join("".join(pieces).split())


def _ends_with_hyphenated_letter(pieces: Sequence[str]) -> bool:
    """Whether the text so far ends with a letter and a hyphen ("data-")."""
    end = "".join(pieces[-2:])[-2:]
    return len(end) == 2 and end[1] == "-" and end[0].isalpha()
