"""DOCX export: a clean Word document that :mod:`~inwriting.formats.docx.reader` reads back, and the
pieces every other Word export is built from.

The layout is :mod:`~inwriting.formats.drafts.outline`'s, in Word's own styles so that Word's
navigation pane and table of contents work: ``Title`` for the title, ``Heading 1`` for groups
and annexes, ``Heading 2`` for articles ("Article 5 – Definitions") and a preamble heading,
``Normal`` for every paragraph of text. Nothing is numbered automatically: labels are written
out, so the file reads the same in any word processor.

The redline (:mod:`~inwriting.formats.docx.redline`), the response
(:mod:`~inwriting.formats.docx.response`) and the consolidated text
(:mod:`~inwriting.formats.docx.consolidated`) share :func:`new_document`, :func:`add_block`,
:func:`run` and :func:`save`, so every export names its styles, writes its text and refuses
characters XML cannot hold in the same way. Runs are written as WordprocessingML directly
(python-docx has no API for tracked changes): a run holds its text in ``w:t`` (``w:delText``
when deleted) with every space kept, a ``"\\n"`` as a line break (``w:br``) and a tab as
``w:tab`` — exactly what :func:`~inwriting.formats.docx.reader.paragraph_text` reads back.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.oxml.text.paragraph import CT_P
from docx.shared import Inches
from docx.table import Table
from lxml import etree

from inwriting.domain.documents import ParsedDocument
from inwriting.domain.notes import CALL_RE
from inwriting.domain.text_tables import TextTable, text_table
from inwriting.domain.visible import visible
from inwriting.errors import FormatError
from inwriting.formats.docx.footnotes import (
    DEFINITION_RE,
    add_footnotes,
    add_with_calls,
    word_notes,
)
from inwriting.formats.drafts.outline import Style, outline

__all__ = [
    "add_block",
    "add_table",
    "check_text",
    "fill_cell",
    "landscape",
    "new_document",
    "run",
    "save",
    "style_ids",
    "write_docx",
]

_STYLES = {Style.TITLE: "Title", Style.HEADING_1: "Heading 1", Style.HEADING_2: "Heading 2"}
# What XML 1.0 cannot hold: C0 controls other than tab, line feed and carriage return, lone
# surrogates and the two non-characters U+FFFE and U+FFFF. lxml refuses them with a
# ValueError; an export names the provision instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile(r"(\n|\t)")
# Run properties in the order the schema wants them inside w:rPr.
_RUN_PROPERTIES = ("b", "i", "color", "highlight", "u")


def write_docx(doc: ParsedDocument, *, title: str | None = None) -> bytes:
    """The version as a ``.docx`` file; ``title`` sets the file's title property (default:
    the document's title)."""
    document = new_document(title if title is not None else doc.title)
    styles = style_ids(document)
    notes = word_notes(doc)  # None: the notes stay "[^x]: ..." paragraphs
    for block in outline(doc):
        paragraph = block.style is Style.PARAGRAPH
        table = text_table(block.text) if paragraph else None
        if table:
            add_text_table(document, table)
        elif notes and paragraph and DEFINITION_RE.match(block.text):
            continue  # a note: a Word footnote, written below
        elif notes and CALL_RE.search(block.text):
            element = add_block(document, "", styles.get(block.style))
            add_with_calls(element, block.text, notes)
        else:
            add_block(document, block.text, styles.get(block.style))
    if notes:
        add_footnotes(document, notes)
    return save(document)


def add_text_table(document: Document, table: TextTable) -> None:
    """Append a table paragraph (domain/text_tables.py) as a Word table in the "Table Grid"
    style; its header row is marked to repeat at the top of each page (``w:tblHeader``),
    which is also how the reader tells it is the header."""
    rows = ([table.header] if table.header else []) + list(table.rows)
    grid = document.add_table(rows=len(rows), cols=table.width)
    grid.style = document.styles["Table Grid"]
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            grid.cell(r, c).text = text
    if table.header:
        properties = grid.rows[0]._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:tblHeader"))


def new_document(title: str) -> Document:
    """An empty document from python-docx's template (Word's built-in styles), titled."""
    document = docx.Document()
    # Word's core properties hold at most 255 characters (python-docx refuses more).
    document.core_properties.title = title[:255]
    return document


def style_ids(document: Document) -> dict[Style, str]:
    """Style ids for the outline's styles (``Normal`` is the default and needs none)."""
    return {style: document.styles[name].style_id for style, name in _STYLES.items()}


def add_block(document: Document, text: str, style_id: str | None = None) -> CT_P:
    """Append a paragraph of ``text`` in the style ``style_id`` (default ``Normal``).

    The style id is set on the paragraph's XML: python-docx's style setter looks the default
    style up in the whole style list every time, which makes a long document slow."""
    paragraph = document.add_paragraph(text)
    if style_id:
        paragraph._p.style = style_id
    return paragraph._p


def run(text: str, *, deleted: bool = False, properties: Iterable[str] = ()) -> etree._Element:
    """A ``w:r`` holding ``text`` exactly: spaces kept, ``"\\n"`` as ``w:br``, tabs as
    ``w:tab``; ``deleted`` writes ``w:delText`` (for a run inside ``w:del``). ``properties``
    are run properties by name: ``b``, ``i``, ``u`` (single underline), ``color:RRGGBB``,
    ``highlight:yellow``."""
    element = OxmlElement("w:r")
    wanted = list(properties)
    if wanted:
        element.append(_run_properties(wanted))
    tag = "w:delText" if deleted else "w:t"
    for part in _BREAKS.split(text):
        if part == "\n":
            element.append(OxmlElement("w:br"))
        elif part == "\t":
            element.append(OxmlElement("w:tab"))
        elif part:
            piece = OxmlElement(tag)
            piece.set(qn("xml:space"), "preserve")
            piece.text = part
            element.append(piece)
    return element


def _run_properties(wanted: list[str]) -> etree._Element:
    properties = OxmlElement("w:rPr")
    named = {item.split(":", 1)[0]: item.partition(":")[2] for item in wanted}
    for name in _RUN_PROPERTIES:
        if name not in named:
            continue
        element = OxmlElement(f"w:{name}")
        value = named[name] or ("single" if name == "u" else "")
        if value:
            element.set(qn("w:val"), value)
        properties.append(element)
    return properties


def add_table(
    document: Document,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    widths: Sequence[float] = (),
) -> Table:
    """A real Word table in ``Table Grid``: the ``header`` row bold and repeated on every
    page, then one row per item of ``rows``, each cell's text written as :func:`fill_cell`
    writes it; ``widths`` in inches, one per column (default: equal)."""
    body = list(rows)
    table: Table = document.add_table(rows=1 + len(body), cols=len(header))
    table.style = document.styles["Table Grid"]
    if widths:
        _set_widths(table, widths)
    first, *others = table.rows
    first._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(first.cells, header, strict=True):
        fill_cell(cell._tc, text, ("b",))
    for row, values in zip(others, body, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            fill_cell(cell._tc, text)
    return table


def _set_widths(table: Table, widths: Sequence[float]) -> None:
    """Column widths in the grid (LibreOffice reads these) and on every cell (Word does)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Inches(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Inches(width)


def fill_cell(cell: CT_Tc, text: str, properties: Iterable[str] = ()) -> None:
    """Write ``text`` into an empty ``w:tc``: one paragraph per ``"\\n\\n"`` paragraph
    (a cell always has at least one), so that reading the cell's paragraphs and joining them
    with a blank line gives ``text`` back exactly."""
    wanted = tuple(properties)
    paragraphs = cell.findall(qn("w:p")) or [cell.add_p()]
    for index, part in enumerate(text.split("\n\n")):
        paragraph = paragraphs[0] if index == 0 else cell.add_p()
        if part:
            paragraph.append(run(part, properties=wanted))


def landscape(document: Document) -> None:
    """Turn the page for wide tables."""
    section = document.sections[0]
    width, height = section.page_width, section.page_height
    if width is not None and height is not None and width < height:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = height, width


def check_text(text: str, where: str) -> None:
    """Refuse text that a Word file cannot hold (control characters), naming ``where``."""
    found = _NOT_XML.search(text)
    if found:
        code = ord(found.group())
        raise FormatError(f"{where}: the character U+{code:04X} cannot be written to a DOCX file")


def save(document: Document) -> bytes:
    """The document's bytes, every text in it shown with its invisible characters as visible
    marks (domain/visible.py): what Word shows is what was stored."""
    for element in document.element.iter(qn("w:t"), qn("w:delText")):
        if element.text:
            element.text = visible(element.text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
