"""The ISO/IEC comment matrix: the rows written, the spreadsheet, and reading it back —
our own sheets, hand-filled templates, refused rows and hostile files."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.errors import FormatError
from inwriting.formats.responses import comment_matrix as matrix
from inwriting.formats.responses.comment_matrix import (
    HEADER,
    comment_matrix,
    matrix_rows,
    read_comment_matrix,
)

K = PositionKind


def article(number: int) -> Provision:
    return Provision(
        f"art-{number}", ProvisionKind.ARTICLE, f"Article {number}", str(number), "", "Text."
    )


VERSION = (
    Provision("ch-1", ProvisionKind.GROUP, "CHAPTER I", "1", "", ""),
    article(1),
    article(2),
    article(3),
)
B = ResponseContent(
    "Party B",
    positions=(
        Position(K.ACCEPT, "art-1"),
        Position(K.AMEND, "art-2", text="=SUM(A1) is not a formula here", reason="- a list"),
        Position(K.ADD, after="art-2", text="New article.", reason="Needed."),
        Position(K.ACCEPT_WITH_EXCEPTION, "art-3", exception="Not before 2027."),
    ),
)
C = ResponseContent(
    "Party C",
    positions=(
        Position(K.REJECT, "art-1", reason="Too broad.", text="Narrower wording."),
        Position(K.DELETE, "art-2", reason="Redundant."),
        Position(K.ACCEPT_WITH_EXCEPTION, "art-3", exception="Only for rivers.", reason="Lakes."),
    ),
)
RESPONSES = {"Party B": B, "Party C": C}


def unreffed(drafts: dict[str, ResponseContent]) -> dict[str, ResponseContent]:
    return {
        party: replace(d, positions=tuple(replace(p, ref="") for p in d.positions))
        for party, d in drafts.items()
    }


def by_provision(draft: ResponseContent) -> ResponseContent:
    """The draft's positions in the matrix's order: the version's, additions after."""
    order = {p.key: i for i, p in enumerate(VERSION)}
    ranked = sorted(draft.positions, key=lambda p: (order[p.target], p.kind is K.ADD))
    return replace(draft, positions=tuple(ranked))


def test_one_row_per_position_in_the_iso_columns() -> None:
    rows = matrix_rows(VERSION, RESPONSES, base_url="https://example.org/v/7")
    assert HEADER[:8] == (
        "MB/NC",
        "Line number",
        "Clause/Subclause",
        "Paragraph/Figure/Table",
        "Type of comment",
        "Comments",
        "Proposed change",
        "Observations of the secretariat",
    )
    assert HEADER[8:] == ("Status", "Link")
    shown = [(r[0], r[2], r[3], r[4], r[5], r[6], r[8]) for r in rows]
    assert shown == [
        ("Party B", "Article 1", "art-1", "", "", "", "accept"),
        ("Party C", "Article 1", "art-1", "te", "Too broad.", "Narrower wording.", "reject"),
        ("Party B", "Article 2", "art-2", "te", "- a list", B.positions[1].text, "amend"),
        ("Party C", "Article 2", "art-2", "te", "Redundant.", "Delete", "delete"),
        ("Party B", "after Article 2", "art-2", "te", "Needed.", "New article.", "add"),
        ("Party B", "Article 3", "art-3", "ge", "Not before 2027.", "", "accept_with_exception"),
        ("Party C", "Article 3", "art-3", "ge", "Only for rivers.\n\nReason: Lakes.", "",
         "accept_with_exception"),
    ]  # fmt: skip
    assert {r[1] for r in rows} == {""} and {r[7] for r in rows} == {""}
    assert rows[0][9] == "https://example.org/v/7#art-1"
    assert matrix_rows(VERSION, RESPONSES)[0][9] == ""


def test_the_workbook_has_a_frozen_filtered_bold_header_and_safe_cells() -> None:
    book = openpyxl.load_workbook(io.BytesIO(comment_matrix(VERSION, RESPONSES)))
    sheet = book["Comments"]
    assert [c.value for c in sheet[1]] == list(HEADER)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:J8"
    assert all(c.font.bold for c in sheet[1])
    # a cell starting like a formula is written as text, not run
    assert sheet["G4"].value == "'=SUM(A1) is not a formula here"
    book.close()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_our_matrix_reads_back_as_the_responses(fmt: matrix.MatrixFormat) -> None:
    data = comment_matrix(VERSION, RESPONSES, fmt=fmt, base_url="https://example.org")
    read = read_comment_matrix(data, source=f"matrix.{fmt}", fmt=fmt)
    assert unreffed(read) == {party: by_provision(d) for party, d in RESPONSES.items()}
    assert read["Party B"].positions[2].ref == "art-2"


TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from(["\n", "\t", " ", "=", "-", "+", "@", "'"]),
    min_size=1,
    max_size=30,
).filter(lambda text: text.strip() and not text.startswith("'"))


@settings(max_examples=40, deadline=None)
@given(text=TEXT, reason=TEXT)
def test_any_wording_survives_both_formats(text: str, reason: str) -> None:
    draft = ResponseContent(
        "Party B", positions=(Position(K.AMEND, "art-1", text=text, reason=reason),)
    )
    formats: tuple[matrix.MatrixFormat, ...] = ("xlsx", "csv")
    for fmt in formats:
        data = comment_matrix(VERSION, {"Party B": draft}, fmt=fmt)
        read = read_comment_matrix(data, fmt=fmt)
        assert unreffed(read) == {"Party B": draft}, fmt


def test_text_a_workbook_cannot_hold_is_refused() -> None:
    bad = ResponseContent("Party B", positions=(Position(K.REJECT, "art-1", reason="a\x07"),))
    with pytest.raises(FormatError, match=r"Party B, Article 1: the character U\+0007"):
        comment_matrix(VERSION, {"Party B": bad})


# A template filled in by hand

TEMPLATE_HEADER = [
    "MB/NC1",
    "Line number\n(e.g. 17)",
    "Clause/ Subclause\n(e.g. 3.1)",
    "Paragraph/ Figure/ Table/\n(e.g. Table 1)",
    "Type of comment2",
    "Comments",
    "Proposed change",
    "Observations of the secretariat",
]


def template(*rows: list[object]) -> bytes:
    """The ISO template's layout: a title block, the header on row 4, then ``rows``."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Template"
    sheet.append(["Template for comments and secretariat observations"])
    sheet.append(["Date:", "2024-05-01", None, "Document:", "ISO/CD 12345"])
    sheet.append([])
    sheet.append(TEMPLATE_HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_hand_filled_template_maps_onto_positions() -> None:
    data = template(
        ["DE", 17, "Article 1", None, "te", "Too broad.", "Narrower wording."],
        ["DE", None, "Article 2", None, "ed", "Typo in line 3.", None],
        ["FR", None, "Article 2", None, "te", "We object.", None],
        ["FR", None, None, "art-3", "ge", "Why?", "Delete clause."],
        [],
        ["US", None, "3.1", None, "ED", "Unclear term.", None],
    )
    read = read_comment_matrix(data, source="template.xlsx")
    assert unreffed(read) == {
        "DE": ResponseContent(
            "DE",
            positions=(
                Position(K.AMEND, "Article 1", text="Narrower wording.", reason="Too broad."),
                Position(K.ACCEPT_WITH_EXCEPTION, "Article 2", exception="Typo in line 3."),
            ),
        ),
        "FR": ResponseContent(
            "FR",
            positions=(
                Position(K.REJECT, "Article 2", reason="We object."),
                Position(K.DELETE, "art-3", reason="Why?"),
            ),
        ),
        "US": ResponseContent(
            "US", positions=(Position(K.ACCEPT_WITH_EXCEPTION, "3.1", exception="Unclear term."),)
        ),
    }
    assert read["DE"].positions[0].ref == "Article 1"


@pytest.mark.parametrize(
    ("row", "match"),
    [
        (["DE", None, "Article 1", None, None, "A comment.", None], r"row 5: a comment without"),
        (["DE", None, "Article 1", None, "te", None, None], r"row 5: nothing to read"),
        ([None, None, "Article 1", None, "te", "No party.", None], r"row 5: no MB/NC"),
        (["DE", None, None, None, "te", "Where?", "Text."], r"row 5: no provision"),
    ],
)
def test_rows_that_cannot_be_mapped_are_refused_naming_the_row(
    row: list[object], match: str
) -> None:
    with pytest.raises(FormatError, match=match) as caught:
        read_comment_matrix(template(row), source="template.xlsx")
    assert str(caught.value).startswith("template.xlsx")


def test_an_unknown_status_and_an_add_without_a_place_are_refused() -> None:
    header = ",".join(HEADER)
    with pytest.raises(FormatError, match=r"row 2: unknown status 'maybe'"):
        read_comment_matrix(f"{header}\nDE,,Article 1,art-1,,,,,maybe,\n".encode(), fmt="csv")
    with pytest.raises(FormatError, match=r"row 2: add names no provision"):
        read_comment_matrix(f"{header}\nDE,,,,te,Why,Text,,add,\n".encode(), fmt="csv")


def test_a_semicolon_csv_with_a_byte_order_mark_and_spoken_statuses() -> None:
    text = "\ufeffMB/NC;Clause/Subclause;Comments;Proposed change;Status\n"
    text += "DE;Article 3;Fine.;;Accept with exception\n"
    read = read_comment_matrix(text.encode(), fmt="csv")
    assert read["DE"].positions == (
        Position(K.ACCEPT_WITH_EXCEPTION, "Article 3", exception="Fine.", ref="Article 3"),
    )


def test_a_sheet_without_the_template_header_is_refused() -> None:
    with pytest.raises(FormatError, match="not a comment matrix: no header row with MB/NC"):
        read_comment_matrix(b"party,position\nDE,accept\n", source="x.csv", fmt="csv")


# Hostile files


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


def refused(data: bytes, match: str, fmt: matrix.MatrixFormat = "xlsx") -> None:
    started = time.perf_counter()
    with pytest.raises(FormatError, match=match) as caught:
        read_comment_matrix(data, source="hostile.xlsx", fmt=fmt)
    assert time.perf_counter() - started < 5
    assert str(caught.value).startswith("hostile.xlsx")


def test_zip_bombs_doctypes_and_wrong_files_are_refused() -> None:
    sheet = "xl/worksheets/sheet1.xml"
    refused(
        zipped({"[Content_Types].xml": b"<Types/>", sheet: bytes(60 << 20)}), "unpacks to 60 MB"
    )
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x/>'
    refused(zipped({"[Content_Types].xml": b"<Types/>", sheet: xxe}), "document type declaration")
    refused(zipped({f"p{i}": b"" for i in range(2100)}), "XLSX package has 2100 parts")
    refused(b"\xd0\xcf\x11\xe0" + bytes(100), r"Excel 97-2003 \.xls file")
    refused(b"MB/NC,Comments\n", "not an XLSX file: an XLSX is a ZIP package")
    refused(zipped({"[Content_Types].xml": b"<Types/>"}), "not a readable XLSX file")
    refused(comment_matrix(VERSION, RESPONSES)[:300], "damaged ZIP package|not a readable")


def test_too_many_rows_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(matrix, "MAX_ROWS", 3)
    refused(comment_matrix(VERSION, RESPONSES), "more than 3 rows")
    refused(comment_matrix(VERSION, RESPONSES, fmt="csv"), "more than 3 rows", fmt="csv")


def test_csv_that_is_not_utf8_or_not_csv_is_refused() -> None:
    refused("MB/NC,Comments\nDÉ,x\n".encode("latin-1"), "not UTF-8 text", fmt="csv")
    huge_field = '"' + "x" * (csv.field_size_limit() + 1) + '"\n'
    refused(huge_field.encode(), "not valid CSV", fmt="csv")
    refused(bytes(21 << 20), "CSV files are limited to 20 MB", fmt="csv")
