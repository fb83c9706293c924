"""A pipe table in a provision stays a table in every export, and reads back as the same text.

Issue 12's known failure: a Markdown table in ``Article 2 bis`` became the heading
``| Party | Central authority |`` with its rows joined into one line.
"""

from __future__ import annotations

import io

import docx
import pytest
from lxml import etree

from inwriting.domain.documents import ParsedDocument
from inwriting.formats import parse_bytes, parse_document, render_document
from inwriting.formats.pdf import version_html
from tests.conftest import DATA
from tests.unit.formats.test_akoma_ntoso import assert_valid

SOURCE = DATA / "formats" / "protocol-notes-and-table.md"
TABLE = (
    "| Party | Central authority |\n| --- | --- |\n"
    "| France | Ministry of Justice |\n| Germany | Federal Office of Justice |"
)
AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"


@pytest.fixture(scope="module")
def doc() -> ParsedDocument:
    return parse_document(SOURCE.read_text(encoding="utf-8"), source=SOURCE.name)


def test_the_table_is_the_articles_text_not_its_heading(doc: ParsedDocument) -> None:
    article = doc.by_key()["art-2bis"]
    assert (article.label, article.heading, article.text) == ("Article 2 bis", "", TABLE)


@pytest.mark.parametrize(
    ("fmt", "name"), [("markdown", "x.md"), ("docx", "x.docx"), ("akn", "x.xml")]
)
def test_the_table_reads_back_from_each_export(doc: ParsedDocument, fmt: str, name: str) -> None:
    back = parse_bytes(render_document(doc, fmt), source=name)
    assert back.by_key()["art-2bis"].text == TABLE


def test_the_docx_export_has_a_word_table_with_a_repeated_header_row(doc: ParsedDocument) -> None:
    word = docx.Document(io.BytesIO(render_document(doc, "docx")))
    (table,) = word.tables
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Party", "Central authority"],
        ["France", "Ministry of Justice"],
        ["Germany", "Federal Office of Justice"],
    ]
    assert (
        table.rows[0]._tr.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader"
        )
        is not None
    )
    assert all("|" not in p.text for p in word.paragraphs)


def test_the_akoma_ntoso_export_has_a_valid_table(doc: ParsedDocument) -> None:
    data = render_document(doc, "akn")
    assert_valid(data)
    root = etree.fromstring(data)
    (table,) = root.iter(f"{AKN}table")
    cells = [[("".join(c.itertext()).strip(), etree.QName(c).localname) for c in r] for r in table]
    assert cells[0] == [("Party", "th"), ("Central authority", "th")]
    assert cells[2] == [("Germany", "td"), ("Federal Office of Justice", "td")]


def test_the_pdf_export_typesets_a_table(doc: ParsedDocument) -> None:
    html = version_html(doc)
    assert '<th scope="col">Central authority</th>' in html
    assert "<td>Ministry of Justice</td>" in html and "| France |" not in html
    pytest.importorskip("weasyprint")
    from inwriting.formats.pdf import version_pdf
    from inwriting.formats.pdf_text import pdf_text

    layer = pdf_text(version_pdf(doc, title="Protocol"))
    assert "Central authority" in layer and "Ministry of Justice" in layer and "|" not in layer


def test_cells_are_escaped_in_html(doc: ParsedDocument) -> None:
    hostile = parse_document(
        "# T\n\n## Article 1\n\n| <script>x</script> | a |\n| --- | --- |\n| b | c |"
    )
    assert "&lt;script&gt;" in version_html(hostile) and "<script>" not in version_html(hostile)
