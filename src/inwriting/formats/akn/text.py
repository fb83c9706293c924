"""The text of an Akoma Ntoso element, as InWriting's paragraphs.

A provision's text is a list of paragraphs separated by a blank line. Akoma Ntoso nests its
text much deeper — paragraphs, subsections, lists, points, intro and wrap-up blocks, tables —
so the reader flattens it:

* every block (``<p>``, ``<block>``, ``<heading>`` of an inner unit, a list's intro) becomes one
  paragraph, its inline markup dropped and white space collapsed;
* the ``<num>`` of an inner unit is written before its first paragraph ("1. This
  Regulation ...", "(a) the data ..."), as a printed text shows it — a bare "1" or "a" (as UK
  acts mark subsections) in parentheses;
* a table becomes one table paragraph, a Markdown pipe table (domain/text_tables.py);
* authorial notes (footnotes) the reader keeps as notes are written as their call
  (``[^1]``) where they stand; others are left out of the sentence that calls them: their text
  would land in the middle of it.
"""

from __future__ import annotations

import re

from lxml import etree

from inwriting.domain.text_tables import table_paragraph

# Elements whose content is one paragraph however it is marked up inside.
_BLOCKS = frozenset((
    "p", "block", "listIntroduction", "listWrapUp", "heading", "subheading", "crossHeading",
    "docTitle", "longTitle", "tocItem",
))  # fmt: skip
# Never text: metadata, footnotes (see the module docstring), pictures.
_SKIPPED = frozenset(["meta", "authorialNote", "noteRef", "img", "componentRef"])
_BREAKS = frozenset(("eol", "eop", "br"))
_BARE_NUMBER = re.compile(r"\d{1,4}[A-Za-z]{0,2}|[a-z]{1,3}|[A-Z]")


def local(element: etree._Element) -> str:
    """The element's name without its namespace ("" for comments and processing instructions)."""
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def children(element: etree._Element) -> list[etree._Element]:
    """Child elements, without comments and processing instructions."""
    return [child for child in element if isinstance(child.tag, str)]


def source_line(element: etree._Element) -> int | None:
    """The line ``element`` starts on, where the parser kept it."""
    line = element.sourceline
    return line if isinstance(line, int) else None


def collapse(text: str) -> str:
    return " ".join(text.split())


def inline_text(element: etree._Element) -> str:
    """All the text inside ``element``, notes left out, white space collapsed."""
    parts: list[str] = []
    _inline(element, parts)
    return collapse("".join(parts))


# Set by the reader on each authorialNote it keeps as a note: the label of its call.
NOTE_CALL = "{urn:inwriting}call"


def _inline(element: etree._Element, parts: list[str]) -> None:
    name = local(element)
    if name == "authorialNote" and element.get(NOTE_CALL):
        parts.append(f"[^{element.get(NOTE_CALL)}]")
        return
    if not name or name in _SKIPPED:
        return
    if name in _BREAKS:
        parts.append(" ")
    parts.append(element.text or "")
    for child in element:
        _inline(child, parts)
        parts.append(child.tail or "")


def paragraphs(element: etree._Element, skip: frozenset[int] = frozenset()) -> list[str]:
    """The paragraphs of ``element``'s content; children whose ``id()`` is in ``skip`` (the
    provision's own number and heading) are left out."""
    result: list[str] = []
    number = ""
    for child in children(element):
        name = local(child)
        if id(child) in skip or name in _SKIPPED:
            continue
        if name == "num":
            number = collapse(f"{number} {_printed(inline_text(child))}")
            continue
        found = [text for text in block_paragraphs(child) if text]
        if number and found:
            found[0] = f"{number} {found[0]}"
            number = ""
        result.extend(found)
    if number:
        result.append(number)
    return result


def _printed(number: str) -> str:
    """A bare inner number as print shows it: UK subsections are "1", "a" in the XML."""
    return f"({number})" if _BARE_NUMBER.fullmatch(number) else number


def block_paragraphs(child: etree._Element) -> list[str]:
    if local(child) == "table":
        return table_rows(child)
    if local(child) in _BLOCKS or _mixed(child):
        return [inline_text(child)]
    return paragraphs(child)


def _mixed(element: etree._Element) -> bool:
    """Whether text stands directly in the element (inline content, not nested blocks)."""
    if (element.text or "").strip():
        return True
    return any((child.tail or "").strip() for child in element)


def table_rows(table: etree._Element) -> list[str]:
    """The table as one table paragraph (domain/text_tables.py), its first row the header
    when that row's cells are ``<th>``."""
    rows: list[list[str]] = []
    header = False
    for index, row in enumerate(child for child in children(table) if local(child) == "tr"):
        cells = [c for c in children(row) if local(c) in ("td", "th")]
        texts = [collapse(" ".join(block_paragraphs(c))) for c in cells]
        if any(texts):
            header = header or (index == 0 and all(local(c) == "th" for c in cells))
            rows.append(texts)
    return [table_paragraph(rows, header=header)] if rows else []
