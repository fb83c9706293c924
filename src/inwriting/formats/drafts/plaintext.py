"""Plain text: drafts typed or exported as ``.txt``, licences, the text layer of a PDF.

Structure is found from the words of the text alone (see
:mod:`inwriting.formats.drafts.markers`): "Article 5" on its own line or followed by its heading
("Article 5 – Definitions", "Article 5. Definitions"), "CHAPTER II", "Annex I", or, in a
document with no article word at all, licence-style sections "1. Definitions".

Before that, what is layout rather than text is removed: page headers, footers and page-foot
notes of PDF text layers (:mod:`~.pages`), letter-spaced headings, rules drawn
with characters ("-----", "====="), and the asterisk frames some licences draw around their
warranty sections.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from inwriting.domain.documents import ParsedDocument
from inwriting.formats.drafts.layout import Line, check_text, is_separator, source_lines, wrap_width
from inwriting.formats.drafts.notes import attach_notes, split_definitions
from inwriting.formats.drafts.pages import (
    remove_page_furniture,
    remove_page_marks,
    respace_letter_spaced,
)
from inwriting.formats.drafts.structure import build

_FRAME_EDGE_RE = re.compile(r"^\s*\*{20,}\s*$")
_FRAMED_RE = re.compile(r"^\s*\*(?:\s(?P<inner>.*?))?\s*\*\s*$")


def parse_text(text: str, *, source: str = "") -> ParsedDocument:
    """Parse a plain-text draft. Raises :class:`~inwriting.errors.FormatError` only."""
    check_text(text, source)
    lines = [Line(line, number) for number, line in enumerate(source_lines(text), 1)]
    lines = remove_page_furniture(remove_page_marks(lines))
    lines = respace_letter_spaced(lines)
    lines = _unframed(lines)
    lines = [Line("", line.number) if is_separator(line.text) else line for line in lines]
    lines, definitions = split_definitions(lines)
    return attach_notes(build(lines, source=source, wrap=wrap_width(lines)), definitions)


def _unframed(lines: Sequence[Line]) -> list[Line]:
    """Text drawn inside a frame of asterisks, without the frame."""
    if sum(1 for line in lines if _FRAME_EDGE_RE.match(line.text)) < 2:
        return list(lines)
    result: list[Line] = []
    for line in lines:
        framed = _FRAMED_RE.match(line.text)
        if framed and not _FRAME_EDGE_RE.match(line.text):
            line = Line(framed["inner"] or "", line.number)
        result.append(line)
    return result
