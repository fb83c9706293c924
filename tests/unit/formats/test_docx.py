"""DOCX import and export: headings, Word's automatic numbering, tables, tracked changes, and
hostile packages refused in bounded time.

Word files are built in the tests (``docx_builders``); ``tests/data/docx/numbered-articles.docx``
is one of them saved to disk, so that a real file goes through the whole reader
(regenerate it with ``INWRITING_UPDATE_GOLDEN=1``).
"""

from __future__ import annotations

import io
import os
import struct
import time
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement
from hypothesis import given, settings
from hypothesis import strategies as st

from inwriting.domain.documents import ProvisionKind
from inwriting.errors import FormatError
from inwriting.formats import parse_bytes, read_document
from inwriting.formats.docx.numbering import format_number
from inwriting.formats.docx.reader import import_docx, read_docx
from inwriting.formats.docx.writer import write_docx
from tests.conftest import DATA
from tests.unit.formats import docx_builders as build

FIXTURE = DATA / "docx" / "numbered-articles.docx"


def rows(data: bytes) -> list[tuple[str, str, str, str, str, str | None]]:
    doc = read_docx(data, source="test.docx")
    return [(p.key, p.kind.value, p.label, p.heading, p.text, p.parent) for p in doc.provisions]


# --- headings --------------------------------------------------------------------------------


def test_heading_styles_open_groups_and_articles() -> None:
    document = build.new()
    document.add_paragraph("Agreement on Rivers", style="Title")
    document.add_paragraph("The Parties agree as follows:")
    document.add_paragraph("CHAPTER I – General", style="Heading 1")
    document.add_paragraph("Article 1 – Scope", style="Heading 2")
    document.add_paragraph("This Agreement applies to rivers.")
    document.add_paragraph("Article 2", style="Heading 2")
    document.add_paragraph("Definitions", style="Heading 3")
    document.add_paragraph("Article 3 of the Treaty is not a heading here.")
    doc = read_docx(build.save(document))
    assert doc.title == "Agreement on Rivers"
    assert [(p.key, p.heading, p.parent) for p in doc.provisions] == [
        ("preamble", "", None),
        ("ch-1", "General", None),
        ("art-1", "Scope", "ch-1"),
        ("art-2", "Definitions", "ch-1"),
    ]
    assert doc.by_key()["art-2"].text == "Article 3 of the Treaty is not a heading here."


def test_without_heading_styles_labels_are_read_from_the_text() -> None:
    document = build.new()
    for text in ("Agreement", "Article 1", "Scope", "Text one.", "Article 2 – Term", "Text two."):
        document.add_paragraph(text)
    doc = read_docx(build.save(document))
    assert [(p.key, p.heading, p.text) for p in doc.provisions] == [
        ("art-1", "Scope", "Text one."),
        ("art-2", "Term", "Text two."),
    ]


def test_a_style_with_an_outline_level_is_a_heading() -> None:
    document = build.new()
    style = document.styles.add_style("Clause Heading", 1)  # 1: a paragraph style
    style.element.get_or_add_pPr().append(build.parse_xml(f'<w:outlineLvl {build.W} w:val="1"/>'))
    document.add_paragraph("Contract")
    document.add_paragraph("Section 1 Parties", style="Clause Heading")
    document.add_paragraph("Section 2 of the old contract is repealed.")
    doc = read_docx(build.save(document))
    assert [(p.key, p.heading) for p in doc.provisions] == [("art-1", "Parties")]


def test_line_breaks_and_tabs_are_spaces_in_a_paragraph() -> None:
    document = build.new()
    document.add_paragraph("Agreement")
    document.add_paragraph("Article 1", style="Heading 2")
    document.add_paragraph("One line\nand the next\tafter a tab.")
    assert read_docx(build.save(document)).provisions[0].text == (
        "One line and the next after a tab."
    )


# --- automatic numbering ---------------------------------------------------------------------


def test_numbered_fixture_recovers_labels_that_are_not_in_the_text() -> None:
    doc = read_document(FIXTURE)
    assert doc.title == "Agreement on Numbered Things"
    assert [(p.key, p.label, p.number, p.heading, p.parent) for p in doc.provisions] == [
        ("preamble", "Preamble", "", "", None),
        ("ch-1", "CHAPTER I", "1", "General provisions", None),
        ("art-1", "Article 1", "1", "Scope", "ch-1"),
        ("art-2", "Article 2", "2", "Definitions", "ch-1"),
        ("ch-2", "CHAPTER II", "2", "Final provisions", None),
        ("art-3", "Article 3", "3", "Entry into force", "ch-2"),
        ("closing", "Closing", "", "", None),
    ]
    provisions = doc.by_key()
    assert provisions["art-2"].text == (
        "In this Agreement:\n\n(a) “thing” means a thing;\n\n(b) “number” means a number."
    )
    assert provisions["art-3"].text.endswith(
        "(a) for the first Party;\n\n(b) for the second Party."
    )


def test_numbered_fixture_on_disk_is_the_one_the_builder_makes() -> None:
    if os.environ.get("INWRITING_UPDATE_GOLDEN"):
        FIXTURE.write_bytes(build.numbered_articles())
    assert read_document(FIXTURE) == read_docx(build.numbered_articles())


def numbered_document(levels: dict[int, list[str]], nums: str) -> docx.document.Document:
    document = build.new()
    build.define_numbering(document, levels, nums)
    document.add_paragraph("Agreement")
    return document


def test_start_value_and_normal_style_numbered_labels() -> None:
    document = numbered_document({1: [build.level(0, "Article %1", start=5)]}, build.num(1, 1))
    build.numbered(document.add_paragraph("Scope"), 1)
    document.add_paragraph("Text.")
    build.numbered(document.add_paragraph(""), 1)
    document.add_paragraph("More text.")
    assert [(k, label, h) for k, _, label, h, _, _ in rows(build.save(document))] == [
        ("art-5", "Article 5", "Scope"),
        ("art-6", "Article 6", ""),
    ]


def test_lower_levels_restart_after_a_higher_level_unless_told_otherwise() -> None:
    levels = [build.level(0, "Article %1"), build.level(1, "%1.%2.")]
    levels.append(build.level(2, "(%3)", "lowerRoman", extra='<w:lvlRestart w:val="0"/>'))
    document = numbered_document({1: levels}, build.num(1, 1))
    for ilvl in (0, 1, 2, 1, 0, 1, 2):
        paragraph = document.add_paragraph("Heading" if ilvl == 0 else "text.")
        build.numbered(paragraph, 1, ilvl)
    doc = read_docx(build.save(document))
    assert [p.label for p in doc.provisions] == ["Article 1", "Article 2"]
    assert doc.provisions[0].text == "1.1. text.\n\n(i) text.\n\n1.2. text."
    assert doc.provisions[1].text == "2.1. text.\n\n(ii) text."  # level 3 never restarts


def test_instances_of_one_definition_continue_unless_one_restarts() -> None:
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    document = numbered_document(
        {1: [build.level(0, "Article %1")]},
        build.num(1, 1) + build.num(2, 1) + build.num(3, 1, restart),
    )
    for num_id in (1, 2, 3):
        build.numbered(document.add_paragraph("Heading"), num_id)
    assert [label for _, _, label, _, _, _ in rows(build.save(document))] == [
        "Article 1",
        "Article 2",
        "Article 1",
    ]


def test_an_override_replaces_a_level_and_num_id_0_removes_numbering() -> None:
    override = (
        '<w:lvlOverride w:ilvl="0">' + build.level(0, "Clause %1", start=3) + "</w:lvlOverride>"
    )
    document = numbered_document({1: [build.level(0, "Article %1")]}, build.num(7, 1, override))
    build.numbered(document.add_paragraph("Scope"), 7)
    build.numbered(document.add_paragraph("Article 9 – Not numbered by Word"), 0)
    doc = read_docx(build.save(document))
    assert [(p.label, p.heading) for p in doc.provisions] == [
        ("Clause 3", "Scope"),
        ("Article 9", "Not numbered by Word"),
    ]


def test_numbering_defined_by_the_heading_style() -> None:
    document = numbered_document({4: [build.level(0, "Article %1")]}, build.num(4, 4))
    heading = document.styles["Heading 2"]
    heading.element.get_or_add_pPr().append(
        build.parse_xml(f'<w:numPr {build.W}><w:numId w:val="4"/></w:numPr>')
    )
    for title in ("Scope", "Term"):
        document.add_paragraph(title, style="Heading 2")
        document.add_paragraph("Text.")
    assert [(k, h) for k, _, _, h, _, _ in rows(build.save(document))] == [
        ("art-1", "Scope"),
        ("art-2", "Term"),
    ]


def test_legal_numbering_and_bullets() -> None:
    legal = build.level(1, "%1.%2", extra="<w:isLgl/>")
    bullet = build.level(0, "\uf0b7", "bullet")
    document = numbered_document(
        {1: [build.level(0, "ARTICLE %1", "upperRoman"), legal], 2: [bullet]},
        build.num(1, 1) + build.num(2, 2),
    )
    build.numbered(document.add_paragraph("Scope"), 1, 0)
    build.numbered(document.add_paragraph("point."), 1, 1)
    build.numbered(document.add_paragraph("item."), 2, 0)
    doc = read_docx(build.save(document))
    assert doc.provisions[0].label == "ARTICLE I"
    assert doc.provisions[0].text == "1.1 point.\n\n• item."


@pytest.mark.parametrize(
    ("number", "fmt", "shown"),
    [
        (4, "decimal", "4"),
        (4, "upperRoman", "IV"),
        (1994, "lowerRoman", "mcmxciv"),
        (28, "upperLetter", "BB"),
        (3, "lowerLetter", "c"),
        (7, "decimalZero", "07"),
        (12, "ordinal", "12th"),
        (22, "ordinal", "22nd"),
        (3, "cardinalText", "Three"),
        (2, "ordinalText", "Second"),
        (30, "ordinalText", "30"),
        (5, "none", ""),
        (5, "chineseCounting", "5"),
    ],
)
def test_number_formats(number: int, fmt: str, shown: str) -> None:
    assert format_number(number, fmt) == shown


# --- tables and tracked changes --------------------------------------------------------------


def test_a_table_stays_a_table_one_row_per_line() -> None:
    document = build.new()
    document.add_paragraph("Agreement")
    document.add_paragraph("Article 1 – Quotas", style="Heading 2")
    table = document.add_table(rows=3, cols=3)
    for r, cells in enumerate((("Party", "Quota", ""), ("A", "10 t", "note"), ("B", "", ""))):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    document.add_paragraph("After the table.")
    assert read_docx(build.save(document)).provisions[0].text == (
        "| Party | Quota | |\n| A | 10 t | note |\n| B | | |\n\nAfter the table."
    )
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))  # repeated on every page: the header row
    assert read_docx(build.save(document)).provisions[0].text == (
        "| Party | Quota | |\n| --- | --- | --- |\n| A | 10 t | note |\n| B | | |\n\n"
        "After the table."
    )


def test_tracked_changes_are_accepted_and_reported() -> None:
    document = build.new()
    document.add_paragraph("Agreement")
    document.add_paragraph("Article 1", style="Heading 2")
    build.add_runs(
        document,
        build.run("The Parties ")
        + build.delete("may ")
        + build.ins("shall ")
        + build.run("cooperate."),
    )
    imported = import_docx(build.save(document), source="tracked.docx")
    assert imported.document.provisions[0].text == "The Parties shall cooperate."
    assert len(imported.notes) == 1
    assert imported.notes[0].startswith("tracked changes were accepted (1 insertions, 1 deletions)")


def test_a_deleted_paragraph_mark_joins_the_paragraphs() -> None:
    document = build.new()
    document.add_paragraph("Agreement")
    document.add_paragraph("Article 1", style="Heading 2")
    first = build.add_runs(document, build.run("First part,"))
    first._p.get_or_add_pPr().append(
        build.parse_xml(
            f'<w:rPr {build.W}><w:del w:id="9" w:author="B" w:date="2024-05-01T00:00:00Z"/></w:rPr>'
        )
    )
    document.add_paragraph(" second part.")
    imported = import_docx(build.save(document))
    assert imported.document.provisions[0].text == "First part, second part."
    assert "1 deletions" in imported.notes[0]


def test_a_document_without_changes_has_no_notes() -> None:
    assert import_docx(FIXTURE.read_bytes()).notes == ()


# --- export ----------------------------------------------------------------------------------


def test_export_uses_real_word_headings_and_reads_back() -> None:
    doc = read_document(FIXTURE)
    data = write_docx(doc)
    document = docx.Document(io.BytesIO(data))
    styled = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert styled[:4] == [
        ("Title", "Agreement on Numbered Things"),
        ("Normal", "The Parties have agreed as follows:"),
        ("Heading 1", "CHAPTER I – General provisions"),
        ("Heading 2", "Article 1 – Scope"),
    ]
    assert document.core_properties.title == "Agreement on Numbered Things"
    assert read_docx(data) == doc


def test_export_title_property_can_be_set() -> None:
    data = write_docx(read_document(FIXTURE), title="Draft of 1 May")
    assert docx.Document(io.BytesIO(data)).core_properties.title == "Draft of 1 May"


# --- what is refused -------------------------------------------------------------------------


def zipped(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def refused(data: bytes, match: str, source: str = "hostile.docx") -> FormatError:
    started = time.perf_counter()
    with pytest.raises(FormatError, match=match) as caught:
        parse_bytes(data, source=source)
    assert time.perf_counter() - started < 5, "refusal must come in bounded time"
    assert str(caught.value).startswith(source)
    return caught.value


def test_a_zip_bomb_is_refused_from_its_declared_sizes() -> None:
    bomb = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(60 << 20)})
    assert len(bomb) < 1 << 20
    refused(bomb, r"unpacks to 60 MB \(at most 50 MB; a ZIP bomb\?\)")


def test_a_zip_that_lies_about_its_sizes_is_refused_without_unpacking() -> None:
    """Declared small, 100 MB inside: zipfile stops at the declared size and the CRC fails."""
    real = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(100 << 20)})
    data = bytearray(real)
    name = b"word/document.xml"
    for offset, field in ((30, 22), (46, 24)):  # local header, central directory entry
        start = data.find(name)
        while start >= 0:
            header = start - offset
            if data[header : header + 2] == b"PK":
                struct.pack_into("<I", data, header + field, 1000)
            start = data.find(name, start + 1)
    refused(bytes(data), "damaged ZIP package")


def test_too_many_parts_are_refused() -> None:
    refused(zipped({f"part{i}.bin": b"" for i in range(2100)}), "2100 parts")


def test_a_doctype_in_any_part_is_refused() -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><w/>'
    refused(zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": xxe}), "DOCTYPE")


def test_oversized_files_are_refused_before_unzipping(tmp_path) -> None:
    refused(b"PK\x03\x04" + bytes(21 << 20), "file too large")


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"PK\x03\x04" + bytes(200), "damaged ZIP package"),
        (b"just some text, named .docx", "a DOCX is a ZIP package"),
        (b"\xd0\xcf\x11\xe0" + bytes(200), "Word 97-2003 .doc file"),
        (b"", "a DOCX is a ZIP package"),
    ],
)
def test_what_is_not_a_docx_is_refused(data: bytes, match: str) -> None:
    refused(data, match)


def test_an_old_doc_is_recognised_whatever_its_name() -> None:
    refused(b"\xd0\xcf\x11\xe0" + bytes(200), "Word 97-2003", source="upload.bin")


def test_a_zip_that_is_not_a_word_document_is_refused() -> None:
    refused(zipped({"[Content_Types].xml": b"<Types/>", "a.txt": b"x"}), "not a readable DOCX")
    refused(zipped({"mimetype": b"application/zip"}), r"no \[Content_Types\]\.xml")


def test_empty_and_unstructured_documents_are_refused() -> None:
    refused(build.save(build.new()), "empty document")
    document = build.new()
    document.add_paragraph("Minutes of the meeting")
    document.add_paragraph("We met and talked.")
    refused(build.save(document), "no provisions found")


def test_format_docx_is_needed_for_bytes_and_auto_detects_by_signature() -> None:
    data = FIXTURE.read_bytes()
    assert parse_bytes(data, source="upload.bin") == parse_bytes(data, format="docx")
    assert read_docx(data).provisions[1].kind is ProvisionKind.GROUP


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), min_size=1, max_size=6))
def test_damaged_docx_files_give_format_errors_only(edits: list[tuple[int, int]]) -> None:
    data = bytearray(FIXTURE.read_bytes())
    for offset, value in edits:
        data[offset % len(data)] = value
    try:
        parse_bytes(bytes(data), source="damaged.docx")
    except FormatError as error:
        message = str(error)
    else:
        return  # a change in a part nobody reads
    assert message.startswith("damaged.docx")
