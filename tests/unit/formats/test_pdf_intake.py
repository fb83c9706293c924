"""PDF drafts: text PDFs read like their source text; scanned, locked and damaged ones refused.

The fixtures in ``tests/data/pdf`` are real PDFs made from ``protocol.txt`` by
``make_pdfs.py`` (WeasyPrint with hyphenation, LibreOffice from a Word file with a header and
a page-number footer); one more is typeset here, by the product's own PDF export.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdfminer.high_level import extract_text

from inwriting.domain.documents import ParsedDocument
from inwriting.errors import FormatError
from inwriting.formats import detect_format, import_bytes, parse_bytes, parse_document
from inwriting.formats.drafts.layout import Line, paragraphs
from inwriting.formats.drafts.pages import rejoin_hyphenated
from inwriting.formats.pdf_text import pdf_text
from tests.conftest import DATA

PDFS = DATA / "pdf"
SOURCE = PDFS / "protocol.txt"


def _source() -> ParsedDocument:
    return parse_document(SOURCE.read_text(encoding="utf-8"), source="protocol.txt")


def _fields(doc: ParsedDocument) -> list[tuple[str, str, str, str, str, str | None]]:
    return [(p.key, p.kind.value, p.label, p.heading, p.text, p.parent) for p in doc.provisions]


@pytest.mark.parametrize("name", ["protocol.weasyprint.pdf", "protocol.libreoffice.pdf"])
def test_a_text_pdf_reads_as_its_source_text(name: str) -> None:
    parsed = parse_bytes((PDFS / name).read_bytes(), source=name)
    source = _source()
    assert parsed.title == source.title
    assert _fields(parsed) == _fields(source)


def test_running_headers_footers_and_page_numbers_are_in_the_text_layer_and_not_in_the_draft() -> (
    None
):
    data = (PDFS / "protocol.weasyprint.pdf").read_bytes()
    layer = pdf_text(data)
    assert layer.count("\f") == 3  # four pages
    assert "Page 2 of 4" in layer and "Draft 2 of 12 May 2026" in layer
    raw = extract_text(io.BytesIO(data))  # the lines as typeset, hyphenated
    assert "self-determ\u2010\n" in raw and "not\u2010\n" in raw
    assert "self-determination" in layer and "notwithstanding" in layer
    text = "\n".join(p.text for p in parse_bytes(data, source="p.pdf").provisions)
    assert "Page " not in text and "Draft 2" not in text and "\u2010" not in text
    assert "self-determination" in text and "notwithstanding" in text


def test_the_products_own_pdf_export_reads_back_as_the_version() -> None:
    pytest.importorskip("weasyprint")
    from inwriting.formats.pdf import version_pdf

    source = _source()
    pdf = version_pdf(source, title="Protocol on judicial co-operation", version_label="Draft 7")
    assert _fields(parse_bytes(pdf, source="export.pdf")) == _fields(source)


def test_a_pdf_is_told_by_its_header_whatever_its_name() -> None:
    data = (PDFS / "protocol.libreoffice.pdf").read_bytes()
    assert _fields(parse_bytes(data, source="upload")) == _fields(_source())
    assert _fields(parse_bytes(data, source="upload.bin", format="pdf")) == _fields(_source())
    assert detect_format("", "Treaty.PDF") == "pdf"
    assert import_bytes(data, source="x.pdf").notes == ()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "scanned.pdf",
            (PDFS / "scanned.pdf").read_bytes(),
            "this PDF has no text layer: it looks scanned; run OCR first",
        ),
        ("encrypted.pdf", (PDFS / "encrypted.pdf").read_bytes(), "protected by a password"),
        (
            "cut.pdf",
            (PDFS / "protocol.weasyprint.pdf").read_bytes()[:3000],
            "not a readable PDF (damaged or truncated?)",
        ),
        ("junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40, "not a readable PDF"),
        ("fake.pdf", b"# Treaty\n\n## Article 1\n\nText.\n", "not a PDF file"),
        ("empty.pdf", b"", "not a PDF file"),
    ],
)
def test_an_unreadable_pdf_is_refused_naming_why(name: str, data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as raised:
        parse_bytes(data, source=name)
    assert message in raised.value.detail
    assert raised.value.source == name


def test_a_pdf_given_as_text_is_refused() -> None:
    with pytest.raises(FormatError, match="a PDF file is binary"):
        parse_document("%PDF-1.7", format="pdf")


def _joined(*lines: str) -> str:
    marked = rejoin_hyphenated([Line(text, n) for n, text in enumerate(lines, 1)])
    return paragraphs(marked)


PROSE = "The negotiation of the self-determination clause went on"


def test_a_word_hyphenated_at_a_line_end_is_joined_again() -> None:
    assert _joined(PROSE, "during the negoti-", "ation of the text.").endswith(
        "during the negotiation of the text."
    )
    # A word the document never writes whole, neither half a word of its own: joined.
    assert _joined("the parties’ inter-", "locutors agreed") == "the parties’ interlocutors agreed"
    # The hyphen typesetters insert (U+2010) too.
    assert _joined(PROSE, "the negoti\u2010", "ation ended") == f"{PROSE} the negotiation ended"


def test_a_real_hyphen_at_a_line_end_stays() -> None:
    assert _joined(PROSE, "the self-", "determination of peoples").endswith(
        "the self-determination of peoples"
    )
    # Both halves are words the document uses: a compound.
    assert _joined("where goods cross the border, the", "cross-", "border trade") == (
        "where goods cross the border, the cross-border trade"
    )
    # A capital after the break is never hyphenation.
    assert _joined("each Member-", "State shall") == "each Member- State shall"


def test_a_hyphen_with_a_blank_line_after_it_is_left_alone() -> None:
    assert _joined("negoti-", "", "ation") == "negoti-\n\nation"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_damaged_pdf_raises_only_format_errors(data: st.DataObject) -> None:
    """Bytes of a real PDF flipped, cut or spliced: a document or a FormatError, nothing else
    (docs/decisions/0005)."""
    pdf = bytearray((PDFS / "protocol.libreoffice.pdf").read_bytes())
    for _ in range(data.draw(st.integers(1, 20))):
        at = data.draw(st.integers(0, len(pdf) - 1))
        pdf[at] = data.draw(st.integers(0, 255))
    end = data.draw(st.integers(8, len(pdf)))
    outcome: ParsedDocument | FormatError
    try:
        outcome = parse_bytes(bytes(pdf[:end]), source="damaged.pdf")
    except FormatError as error:
        outcome = error
    if isinstance(outcome, FormatError):
        assert outcome.source == "damaged.pdf" and outcome.detail
    else:
        assert outcome.provisions
