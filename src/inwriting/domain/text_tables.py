"""Tables inside a provision's text, written as Markdown (GFM) pipe tables.

A provision's text is paragraphs separated by a blank line. A paragraph whose every line is a
row written between pipes (``| Party | Central authority |``) is a **table**: the parsers
keep such a block as one paragraph, one row per line, and every renderer (web pages, DOCX,
PDF, Akoma Ntoso) shows it as a real table instead of a line of text. A second line of
dashes (``| --- | --- |``) makes the first row the header, as in Markdown. A pipe inside a
cell is written ``\\|``.

The form is the text's own: the digest of a version covers it as written, and a table read
from Word or Akoma Ntoso is written in the same form (:func:`table_paragraph`), so the same
table reads the same whatever the format it came in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_DELIMITER_CELL = re.compile(r"^\s*:?-+:?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class TextTable:
    """A table's cells as text: the header row (empty when it has none) and the body rows."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def width(self) -> int:
        return max((len(row) for row in (self.header, *self.rows)), default=0)


def text_table(paragraph: str) -> TextTable | None:
    """The table a paragraph writes, or ``None`` when it is no table."""
    lines = paragraph.split("\n")
    if not all(_is_row(line) for line in lines):
        return None
    rows = [_cells(line) for line in lines]
    header: tuple[str, ...] = ()
    if len(rows) >= 2 and _is_delimiter(rows[1]):
        header, rows = rows[0], rows[2:]
    return TextTable(header, tuple(row for row in rows if not _is_delimiter(row)))


def table_paragraph(rows: Sequence[Sequence[str]], *, header: bool = True) -> str:
    """Rows of cells as a table paragraph; the first row is the header when ``header``."""
    width = max((len(row) for row in rows), default=0)
    if not width:
        return ""
    lines = [_row(row, width) for row in rows]
    if header:
        lines.insert(1, _row(["---"] * width, width))
    return "\n".join(lines)


def _is_row(line: str) -> bool:
    """A line opening with a pipe and holding another (the closing pipe is optional)."""
    stripped = line.strip()
    return stripped.startswith("|") and len(_CELL_SPLIT.split(stripped)) >= 3


def _cells(line: str) -> tuple[str, ...]:
    inner = line.strip()[1:]
    if _CELL_SPLIT.split(inner)[-1].strip() == "":
        inner = inner[: inner.rstrip().rfind("|")]
    return tuple(" ".join(c.split()).replace("\\|", "|") for c in _CELL_SPLIT.split(inner))


def _is_delimiter(row: Sequence[str]) -> bool:
    return bool(row) and all(_DELIMITER_CELL.match(cell) for cell in row)


def _row(cells: Sequence[str], width: int) -> str:
    padded = [" ".join(c.split()).replace("|", "\\|") for c in cells]
    padded += [""] * (width - len(padded))
    return " ".join(("| " + " | ".join(padded) + " |").split())  # as the parsers keep a row
