"""A response as a Word table, and back: the round trip, the shape, and hostile files."""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import replace

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.domain.responses import Position, PositionKind, ResponseContent, ResponseKind
from inwriting.errors import FormatError
from inwriting.formats.docx.response import COLUMNS, read_response_docx, write_response_docx

K = PositionKind
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def article(number: int, text: str = "Text.") -> Provision:
    return Provision(
        f"art-{number}", ProvisionKind.ARTICLE, f"Article {number}", str(number), "", text
    )


VERSION = (
    Provision("preamble", ProvisionKind.PREAMBLE, "Preamble", "", "", "The Parties,"),
    Provision("ch-1", ProvisionKind.GROUP, "CHAPTER I", "1", "General", ""),
    article(1),
    article(2),
    article(3),
)
DRAFT = ResponseContent(
    "Party B",
    ResponseKind.FORMAL,
    "Dear colleagues,\n\nWe answer every article below.",
    (
        Position(K.ACCEPT, "preamble"),
        Position(K.AMEND, "art-1", text="New words,\n\ntwo paragraphs\tand a tab.", reason="R."),
        Position(K.ADD, after="art-1", text="A new article.", reason="Needed."),
        Position(K.ACCEPT_WITH_EXCEPTION, "art-2", exception="Not before 2027.", reason=""),
        Position(K.DELETE, "art-3", reason='Redundant <with> & "marks".'),
    ),
)


def unreffed(draft: ResponseContent) -> ResponseContent:
    """The draft without the ``ref`` a reader fills in (what the file said: the key)."""
    return replace(draft, positions=tuple(replace(p, ref="") for p in draft.positions))


def write(draft: ResponseContent = DRAFT, receipt: str | None = None) -> bytes:
    return write_response_docx(
        draft, VERSION, version_label="Draft 2", title="Response of Party B", receipt=receipt
    )


def test_the_response_reads_back_as_written() -> None:
    read = read_response_docx(write(), source="answer.docx")
    assert unreffed(read) == DRAFT
    assert [p.ref for p in read.positions] == ["preamble", "art-1", "art-1", "art-2", "art-3"]


def test_it_is_a_real_table_with_a_repeating_header_and_the_particulars() -> None:
    document = docx.Document(io.BytesIO(write(receipt="entry 42, sha256 9f2c0e")))
    particulars, positions = document.tables
    assert [[c.text for c in row.cells] for row in particulars.rows] == [
        ["Particulars", ""],
        ["Party", "Party B"],
        ["Version", "Draft 2"],
        ["Response", "formal"],
        ["Record receipt", "entry 42, sha256 9f2c0e"],
        ["Format version", "1"],
    ]
    rows = [[c.text for c in row.cells] for row in positions.rows]
    assert rows[0] == list(COLUMNS)
    assert [row[:3] for row in rows[1:]] == [
        ["Preamble", "preamble", "accept"],
        ["Article 1", "art-1", "amend"],
        ["New provision after Article 1", "art-1", "add"],
        ["Article 2", "art-2", "accept_with_exception"],
        ["Article 3", "art-3", "delete"],
    ]
    assert positions._tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Cover note", "Positions"]
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape


def test_an_interim_response_shows_what_is_not_answered_and_reads_back() -> None:
    interim = ResponseContent("Party C", ResponseKind.INTERIM, "", (Position(K.ACCEPT, "art-2"),))
    data = write(interim)
    rows = [[c.text for c in row.cells] for row in docx.Document(io.BytesIO(data)).tables[1].rows]
    assert [row[2] for row in rows[1:]] == [
        "not answered",
        "not answered",
        "accept",
        "not answered",
    ]
    assert unreffed(read_response_docx(data)) == interim
    headings = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "Cover note" not in headings  # no cover note, no heading


def test_answers_to_keys_the_version_lacks_are_kept_at_the_end() -> None:
    odd = ResponseContent("Party B", positions=(Position(K.REJECT, "art-9", reason="Which?"),))
    assert unreffed(read_response_docx(write(odd))).positions[-1] == odd.positions[0]


def test_text_a_word_file_cannot_hold_is_refused() -> None:
    bad = ResponseContent("Party B", cover_note="Bell\x07")
    with pytest.raises(FormatError, match=r"Cover note: the character U\+0007"):
        write(bad)


TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from(["\n", "\t", " "]),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(text=TEXT, reason=TEXT, exception=TEXT, note=TEXT)
def test_any_text_survives_the_round_trip(
    text: str, reason: str, exception: str, note: str
) -> None:
    draft = ResponseContent(
        "Party B",
        ResponseKind.FORMAL,
        note,
        (
            Position(K.AMEND, "art-1", text=text, reason=reason),
            Position(K.ACCEPT_WITH_EXCEPTION, "art-2", exception=exception, reason=reason),
        ),
    )
    read = unreffed(read_response_docx(write(draft)))
    assert read.positions == draft.positions
    assert read.cover_note == note


def test_edits_made_in_word_with_tracked_changes_are_read_accepted() -> None:
    data = write()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    # Word's way of replacing the reason of art-3: a tracked deletion, then an insertion
    root = etree.fromstring(parts["word/document.xml"])
    run = next(r for r in root.iter(f"{W}r") if "".join(r.itertext()).startswith("Redundant"))
    deletion = etree.Element(f"{W}del", {f"{W}id": "90", f"{W}author": "B"})
    run.addprevious(deletion)
    deletion.append(run)
    for t in run.iter(f"{W}t"):
        t.tag = f"{W}delText"
    insertion = etree.Element(f"{W}ins", {f"{W}id": "91", f"{W}author": "B"})
    deletion.addnext(insertion)
    new_run = etree.SubElement(insertion, f"{W}r")
    etree.SubElement(new_run, f"{W}t").text = "Superseded by Article 2."
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    read = read_response_docx(zipped(parts))
    assert read.positions[-1].reason == "Superseded by Article 2."


# Hostile and wrong files


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def refused(data: bytes, match: str) -> None:
    started = time.perf_counter()
    with pytest.raises(FormatError, match=match) as caught:
        read_response_docx(data, source="answer.docx")
    assert time.perf_counter() - started < 5
    assert str(caught.value).startswith("answer.docx")


def test_zip_bombs_doctypes_and_non_packages_are_refused_before_parsing() -> None:
    refused(
        zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": bytes(60 << 20)}),
        r"unpacks to 60 MB",
    )
    xxe = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><w/>'
    refused(zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": xxe}), "DOCTYPE")
    refused(zipped({f"p{i}": b"" for i in range(2100)}), "2100 parts")
    refused(b"\xd0\xcf\x11\xe0" + bytes(100), "Word 97-2003")
    refused(b"party,position\n", "a DOCX is a ZIP package")
    refused(write()[:500], "damaged ZIP package|not a readable DOCX")


def test_a_word_file_without_the_tables_is_refused() -> None:
    document = docx.Document()
    document.add_paragraph("We accept everything.")
    buffer = io.BytesIO()
    document.save(buffer)
    refused(buffer.getvalue(), "not an InWriting response: expected a table of particulars")


def edited(change: str, value: str, row: int = 2) -> bytes:
    """The response with one cell of the positions table changed."""
    document = docx.Document(io.BytesIO(write()))
    table = document.tables[1]
    column = COLUMNS.index(change)
    table.rows[row - 1].cells[column].text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_rows_that_cannot_be_read_are_refused_by_row_number() -> None:
    refused(edited("Position", "maybe", row=3), r"positions table, row 3: unknown position 'maybe'")
    refused(edited("Key", "  ", row=4), r"positions table, row 4: no key")


def test_merged_cells_and_nested_tables_are_refused() -> None:
    document = docx.Document(io.BytesIO(write()))
    table = document.tables[1]
    table.rows[2].cells[4].merge(table.rows[2].cells[5])
    buffer = io.BytesIO()
    document.save(buffer)
    refused(buffer.getvalue(), r"positions table, row 3: 5 cells, expected 6")
    document = docx.Document(io.BytesIO(write()))
    document.tables[1].rows[1].cells[5].add_table(rows=1, cols=1)
    buffer = io.BytesIO()
    document.save(buffer)
    refused(buffer.getvalue(), r"table row 2: a cell holds a table")


def test_a_response_without_a_party_or_with_an_odd_kind_is_refused() -> None:
    for label, value, match in (
        ("Party", "", "names no party"),
        ("Response", "final", "expected formal or interim"),
    ):
        document = docx.Document(io.BytesIO(write()))
        row = next(r for r in document.tables[0].rows if r.cells[0].text == label)
        row.cells[1].text = value
        buffer = io.BytesIO()
        document.save(buffer)
        refused(buffer.getvalue(), match)
