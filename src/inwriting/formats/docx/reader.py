"""DOCX import: Word documents read as their readers see them.

A Word file is turned into the same lines the Markdown reader produces, and the shared
structure finder (:mod:`~inwriting.formats.drafts.structure`) does the rest — recitals, closing,
annexes and keys work exactly as for text. What is Word-specific happens on the way:

* **Headings.** A paragraph in a heading style (``Heading 1`` ... ``Heading 9``, ``Title``,
  ``Subtitle``, or any style or paragraph with an outline level) is a marked line, as a
  Markdown ``#`` heading is: "Article 5" in a heading style opens an article, and when some
  headings are labels only headings do. Documents without heading styles are read from the
  words of their text, as plain text is ("Article 5", "CHAPTER II", "§ 3").
* **Automatic numbering.** A label Word draws from ``numbering.xml`` ("Article %1",
  "%1.", "(%1)") is computed (:mod:`~inwriting.formats.docx.numbering`) and written before
  the paragraph's text, so "Article 5" produced by numbering opens article 5.
* **Tables** stay tables: a table is one paragraph written as a Markdown pipe table, one
  row per line (:mod:`inwriting.domain.text_tables`), its first row the header when Word
  repeats it on every page; a table inside a cell is that cell's text, rows joined.
* **Tracked changes** are read as accepted — inserted text kept, deleted text dropped, moves
  at their destination — and the import says so in its notes.
* **Footnotes** stay with the provision that calls them, as its notes: a footnote
  reference becomes a Markdown call numbered as Word shows it (``[^2]``) and the footnote's
  text the note
  (:mod:`~inwriting.formats.drafts.notes`). Endnotes are left out.
* Text boxes, drawings, comments, headers and footers are not part of the text.

A DOCX is a ZIP package, so before python-docx opens it the package is checked: at most
20 MB as uploaded, 50 MB and 2,000 parts once unpacked (as the package itself declares, which
:mod:`zipfile` enforces while reading), no part with a document type declaration.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.document import Document
from lxml import etree

from inwriting.domain.documents import ParsedDocument
from inwriting.domain.notes import CALL_RE
from inwriting.domain.text_tables import table_paragraph
from inwriting.domain.visible import restored
from inwriting.errors import FormatError
from inwriting.formats.docx.numbering import Numbering, W
from inwriting.formats.drafts.layout import Line
from inwriting.formats.drafts.notes import attach_notes, split_definitions
from inwriting.formats.drafts.structure import build
from inwriting.formats.imported import Imported
from inwriting.formats.safety.xml import parse_xml

__all__ = ["MAX_DOCX_BYTES", "MAX_DOCX_PARTS", "MAX_DOCX_UNPACKED", "import_docx", "read_docx"]

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_DOCX_UNPACKED = 50 * 1024 * 1024
MAX_DOCX_PARTS = 2000
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Never text: deleted and moved-away content, properties, field codes, drawings, notes.
_HIDDEN = frozenset(
    f"{W}{name}"
    for name in (
        "del", "moveFrom", "pPr", "rPr", "instrText", "delInstrText", "delText", "drawing",
        "pict", "object", "footnoteReference", "endnoteReference", "commentReference",
    )
)  # fmt: skip
_HIDDEN |= {_MC_FALLBACK}
# What zipfile raises on a damaged package: its own errors, zlib's on a corrupt stream,
# ValueError (UnicodeDecodeError) on a mangled name, NotImplementedError on an odd method,
# RuntimeError on an encrypted part.
_DAMAGED: tuple[type[Exception], ...] = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error)
_DAMAGED += (EOFError, OSError, ValueError, NotImplementedError, RuntimeError)
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_CHANGES = {f"{W}ins": "insertions", f"{W}del": "deletions"}
_CHANGES |= {f"{W}moveTo": "moves", f"{W}moveFrom": ""}


def read_docx(data: bytes, *, source: str = "") -> ParsedDocument:
    """Parse a DOCX into provisions. Raises :class:`FormatError` only."""
    return import_docx(data, source=source).document


def import_docx(data: bytes, *, source: str = "") -> Imported:
    """Like :func:`read_docx`, with notes (tracked changes accepted)."""
    check_package(data, source)
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        numbering = document.part.numbering_part.element
        styles = _Styles(document.styles.element)
    except Exception as error:  # python-docx raises what its parts raise; all mean "unreadable"
        raise FormatError(f"not a readable DOCX file: {error}", source=source) from error
    footnotes = _footnotes(document, source)
    reader = _Reader(Numbering(numbering, styles.numbers), styles)
    lines = reader.lines(body)
    if not any(not line.blank for line in lines):
        raise FormatError("empty document: there is no text to parse", source=source, line=1)
    lines, footnotes = _numbered_calls(lines, footnotes)
    lines, typed = split_definitions(lines)
    parsed = attach_notes(build(lines, source=source), typed | footnotes)
    return Imported(parsed, tuple(_notes(body)))


_WORD_CALL_RE = re.compile(r"\[\^\x00(?P<id>-?\d{1,9})\]")


def _numbered_calls(
    lines: list[Line], footnotes: dict[str, str]
) -> tuple[list[Line], dict[str, str]]:
    """Word's footnote calls numbered 1, 2, ... in the order the text calls them, as Word
    shows them (its ids are arbitrary: LibreOffice starts at 2), skipping numbers the text's
    own Markdown calls use; a call of a footnote that is not there is dropped."""
    typed = {m["label"] for line in lines for m in CALL_RE.finditer(line.text)}
    numbers: dict[str, str] = {}

    def renumber(found: re.Match[str]) -> str:
        if found["id"] not in footnotes:
            return ""
        if found["id"] not in numbers:
            number = len(numbers) + 1
            while str(number) in typed or str(number) in numbers.values():
                number += 1
            numbers[found["id"]] = str(number)
        return f"[^{numbers[found['id']]}]"

    result = [
        Line(_WORD_CALL_RE.sub(renumber, line.text), line.number, line.marked, line.literal)
        if "\x00" in line.text
        else line
        for line in lines
    ]
    return result, {number: footnotes[key] for key, number in numbers.items()}


def _footnotes(document: Document, source: str) -> dict[str, str]:
    """Word's footnotes by id (the separators Word keeps there left out): the notes the
    ``[^id]`` calls written for ``w:footnoteReference`` stand for."""
    part = next(
        (rel.target_part for rel in document.part.rels.values() if rel.reltype == _FOOTNOTES),
        None,
    )
    if part is None:
        return {}
    root = parse_xml(part.blob, source=source)
    notes: dict[str, str] = {}
    for note in root.iterfind(f"{W}footnote"):
        if note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = " ".join(" ".join(paragraph_text(p) for p in note.iter(f"{W}p")).split())
        if text and note.get(f"{W}id"):
            notes[str(note.get(f"{W}id"))] = text
    return notes


def check_package(data: bytes, source: str, *, kind: str = "DOCX") -> None:
    """Refuse what is not a DOCX, or would unpack to more than a draft ever needs. ``kind``
    names the package in messages: the same checks guard XLSX comment matrices."""
    if len(data) > MAX_DOCX_BYTES:
        raise FormatError(f"file too large: {kind} files are limited to 20 MB", source=source)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FormatError(_OLD_FORMATS.get(kind, f"not a {kind} file"), source=source)
    if not data.startswith(b"PK\x03\x04"):
        a = _ARTICLES.get(kind, "a")
        raise FormatError(f"not {a} {kind} file: {a} {kind} is a ZIP package", source=source)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
            _check_sizes(parts, source, kind)
            for part in parts:
                if part.filename.endswith((".xml", ".rels")):
                    _check_part(package.read(part), part.filename, source)
    except _DAMAGED as error:
        message = f"not {_ARTICLES.get(kind, 'a')} {kind} file: damaged ZIP package ({error})"
        raise FormatError(message, source=source) from error


_ARTICLES = {"XLSX": "an"}  # "an XLSX", read letter by letter
_OLD_FORMATS = {
    "DOCX": "a Word 97-2003 .doc file: save it as .docx (Word document)",
    "XLSX": "an Excel 97-2003 .xls file: save it as .xlsx (Excel workbook)",
}


def _check_sizes(parts: list[zipfile.ZipInfo], source: str, kind: str) -> None:
    if len(parts) > MAX_DOCX_PARTS:
        raise FormatError(
            f"refused: the {kind} package has {len(parts)} parts (at most {MAX_DOCX_PARTS})",
            source=source,
        )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_DOCX_UNPACKED:
        raise FormatError(
            f"refused: the {kind} package unpacks to {unpacked // (1024 * 1024)} MB "
            "(at most 50 MB; a ZIP bomb?)",
            source=source,
        )
    if not any(part.filename == "[Content_Types].xml" for part in parts):
        a = _ARTICLES.get(kind, "a")
        raise FormatError(
            f"not {a} {kind} file: the package has no [Content_Types].xml", source=source
        )


def _check_part(content: bytes, name: str, source: str) -> None:
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise FormatError(
            f"refused: the part {name} has a document type declaration (<!DOCTYPE>), "
            "which can read local files or expand without bound",
            source=source,
        )


class _Styles:
    """Paragraph styles: which are headings, and which carry numbering."""

    def __init__(self, styles: etree._Element) -> None:
        self.names: dict[str, str] = {}
        self.based_on: dict[str, str] = {}
        self.outline: dict[str, int] = {}
        self.numbers: dict[str, tuple[str, int | None]] = {}
        self.default = ""
        for style in styles.iterfind(f"{W}style"):
            self._add(style)

    def _add(self, style: etree._Element) -> None:
        style_id = style.get(f"{W}styleId", "")
        if style.get(f"{W}type") == "paragraph" and style.get(f"{W}default") in ("1", "true"):
            self.default = style_id
        self.names[style_id] = _val(style.find(f"{W}name")).casefold()
        self.based_on[style_id] = _val(style.find(f"{W}basedOn"))
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        if outline is not None:
            self.outline[style_id] = _number(_val(outline), 9)
        num_pr = style.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            ilvl = num_pr.find(f"{W}ilvl")
            level = _number(_val(ilvl), 0) if ilvl is not None else None
            self.numbers[style_id] = (_val(num_pr.find(f"{W}numId")), level)

    def chain(self, style_id: str) -> Iterator[str]:
        """The style and the styles it is based on, nearest first."""
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            yield style_id
            style_id = self.based_on.get(style_id, "")

    def is_heading(self, style_id: str) -> bool:
        for link in self.chain(style_id):
            name = self.names.get(link, "")
            if name.startswith("heading") or name in ("title", "subtitle"):
                return True
            if self.outline.get(link, 9) < 9:
                return True
        return False

    def numbering(self, style_id: str) -> tuple[str, int | None] | None:
        return next((self.numbers[s] for s in self.chain(style_id) if s in self.numbers), None)


class _Reader:
    """Word paragraphs and table rows, as lines for the structure finder."""

    def __init__(self, numbering: Numbering, styles: _Styles) -> None:
        self.numbering = numbering
        self.styles = styles
        self.result: list[Line] = []
        self.count = 0  # paragraphs so far: a paragraph's number stands for its "line"
        self.carried = ""  # text of a paragraph whose mark was deleted: it joins the next

    def lines(self, body: etree._Element) -> list[Line]:
        for block in _blocks(body):
            if block.tag == f"{W}tbl":
                table = _table(block)
                if table:
                    self._add(table, marked=False)
            else:
                self._paragraph(block)
        if self.carried:
            self._add(self.carried, marked=False)
        return self.result

    def _paragraph(self, paragraph: etree._Element) -> None:
        style = _val(paragraph.find(f"{W}pPr/{W}pStyle")) or self.styles.default
        text = self.carried + self._label(paragraph, style) + paragraph_text(paragraph, calls=True)
        if paragraph.find(f"{W}pPr/{W}rPr/{W}del") is not None:
            self.carried = text  # its paragraph mark was deleted: accepted, it runs on
            return
        self.carried = ""
        self._add(text, marked=self.styles.is_heading(style))

    def _label(self, paragraph: etree._Element, style: str) -> str:
        num_pr = paragraph.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num_id = _val(num_pr.find(f"{W}numId"))
            ilvl = num_pr.find(f"{W}ilvl")
            level = _number(_val(ilvl), 0) if ilvl is not None else None
        else:
            linked = self.styles.numbering(style)
            if linked is None:
                return ""
            num_id, level = linked
        if not num_id or num_id == "0":
            return ""
        if level is None:
            level = self.numbering.level_for_style(num_id, style)
        return self.numbering.label(num_id, level)

    def _add(self, text: str, *, marked: bool) -> None:
        self.count += 1
        for part in text.replace("\t", " ").split("\n"):
            self.result.append(Line(part, self.count, marked=marked and bool(part.strip())))
        self.result.append(Line("", self.count))


def _blocks(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables in reading order, through content controls and custom XML."""
    for child in container:
        if child.tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml", f"{W}sdtContent", f"{W}ins"):
            yield from _blocks(child)


def _table(table: etree._Element) -> str:
    """A top-level table as one table paragraph (domain/text_tables.py): one row per line,
    the first row its header when Word repeats it on each page (``w:tblHeader``)."""
    rows: list[list[str]] = []
    header = False
    for index, row in enumerate(table.iterfind(f"{W}tr")):
        if row.find(f"{W}trPr/{W}del") is not None:
            continue  # a deleted row: the change is accepted
        cells = [_cell_text(cell) for cell in row.iterfind(f"{W}tc")]
        if any(cells):
            header = header or (index == 0 and row.find(f"{W}trPr/{W}tblHeader") is not None)
            rows.append(cells)
    return table_paragraph(rows, header=header)


def _rows(table: etree._Element) -> Iterator[str]:
    for row in table.iterfind(f"{W}tr"):
        if row.find(f"{W}trPr/{W}del") is not None:
            continue  # a deleted row: the change is accepted
        cells = [_cell_text(cell) for cell in row.iterfind(f"{W}tc")]
        text = " ".join(" | ".join(cells).split())
        if text.strip(" |"):
            yield text


def _cell_text(cell: etree._Element) -> str:
    parts: list[str] = []
    for block in _blocks(cell):
        if block.tag == f"{W}tbl":
            parts.extend(_rows(block))
        else:
            parts.append(paragraph_text(block))
    return " ".join(" ".join(parts).split())


def paragraph_text(paragraph: etree._Element, *, calls: bool = False) -> str:
    """The text of a ``w:p`` with tracked changes accepted; line breaks as ``"\\n"``; the
    marks our exports write for invisible characters read back as the characters. With
    ``calls``, a footnote reference is written as a call with Word's id (``[^\\x002]``), which
    :func:`_numbered_calls` numbers as Word shows it."""
    parts: list[str] = []
    _collect(paragraph, parts, calls)
    return restored("".join(parts))


def _collect(element: etree._Element, parts: list[str], calls: bool = False) -> None:
    for child in element:
        tag = child.tag
        if calls and tag == f"{W}footnoteReference" and child.get(f"{W}id"):
            parts.append(f"[^\x00{child.get(f'{W}id')}]")  # numbered in _numbered_calls
            continue
        if tag in _HIDDEN or not isinstance(tag, str):
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        else:
            _collect(child, parts, calls)


def _notes(body: etree._Element) -> list[str]:
    counts = {what: 0 for what in _CHANGES.values() if what}
    for element in body.iter(*_CHANGES):
        what = _CHANGES[str(element.tag)]
        if what:
            counts[what] += 1
    if not any(counts.values()):
        return []
    found = ", ".join(f"{n} {what}" for what, n in counts.items() if n)
    return [
        f"tracked changes were accepted ({found}): the text is read as it stands with every "
        "change accepted; open the file in Word to see who changed what"
    ]


def _val(element: etree._Element | None) -> str:
    return "" if element is None else element.get(f"{W}val", "")


def _number(text: str, default: int) -> int:
    return int(text) if text.isascii() and text.isdigit() else default
