"""Footnotes at the foot of PDF pages become notes of the provision that calls them.

The fixtures are real PDFs typeset by LibreOffice from Word files with real footnotes
(``tests/data/pdf/make_footnote_pdfs.py``): ``footnotes.md`` as the product's DOCX export,
A5 with a "Page N" footer,

* ``footnotes.running.pdf``: notes numbered through the document, set in the body size
  below Word's short separator rule;
* ``footnotes.per-page.pdf``: numbering restarting on every page, notes set smaller than
  the body and no separator rule;

in both, note 5 runs on from page 2 to page 3, Article 3 calls two notes, page 4 has no
footnote but its page number, and numbered paragraphs in the body size close pages.
``superscripts.pdf`` has raised numbers that call no footnote.
"""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pdfminer.high_level import extract_text

from inwriting.domain.documents import ParsedDocument
from inwriting.domain.notes import note_labels
from inwriting.formats import parse_bytes, parse_document
from inwriting.formats.pdf_notes import PdfLine, Rule, find_notes
from inwriting.formats.pdf_text import pdf_text
from tests.conftest import DATA

PDFS = DATA / "pdf"
NOTES = ["footnotes.running.pdf", "footnotes.per-page.pdf"]


@pytest.fixture(scope="module")
def source() -> ParsedDocument:
    return parse_document((PDFS / "footnotes.md").read_text(encoding="utf-8"), source="f.md")


def _pages(name: str) -> list[str]:
    return extract_text(io.BytesIO((PDFS / name).read_bytes())).split("\f")


@pytest.mark.parametrize("name", NOTES)
def test_page_foot_footnotes_read_as_the_notes_of_the_provisions_calling_them(
    name: str, source: ParsedDocument
) -> None:
    parsed = parse_bytes((PDFS / name).read_bytes(), source=name)
    assert parsed.title == source.title
    assert parsed.provisions == source.provisions  # texts with their calls, and the notes
    by_key = parsed.by_key()
    assert by_key["art-3"].notes == (
        "A request made by electronic means is in writing when its origin and integrity can "
        "be established.",
        "Working days are counted according to the calendar of the requested Party.",
    )
    assert "making it.[^3] It shall be answered within twenty working days.[^4]" in (
        by_key["art-3"].text
    )
    for provision in parsed.provisions:
        assert "Page" not in provision.text
        assert "Treaty Series" not in provision.text and "supervisory" not in provision.text


def test_a_note_running_on_to_the_next_page_is_joined(source: ParsedDocument) -> None:
    for name in NOTES:
        pages = _pages(name)
        assert "Including, where they are bound" in pages[1]  # note 5 starts on page 2
        assert "published in the official journal" in pages[2]  # and ends on page 3
        (note,) = parse_bytes((PDFS / name).read_bytes(), source=name).by_key()["art-4"].notes
        assert note == source.by_key()["art-4"].notes[0]
        assert note.endswith("of each Party concerned and notified to the depositary.")


def test_numbering_restarting_on_each_page_is_numbered_through_the_document() -> None:
    printed = _pages("footnotes.per-page.pdf")[1]
    assert "1 A request made by electronic means" in printed  # page 2 starts again at 1
    layer = pdf_text((PDFS / "footnotes.per-page.pdf").read_bytes())
    assert "authority making it.[^3] It shall be answered within twenty working days.[^4]" in (
        layer
    )
    assert "[^3]: A request made by electronic means" in layer
    assert "[^1]: European Treaty Series No. 30." in layer


def test_the_text_layer_keeps_the_page_footers_and_lists_the_notes_after_the_last_page() -> None:
    layer = pdf_text((PDFS / "footnotes.running.pdf").read_bytes())
    body, _, notes = layer.partition("\n\n[^1]: ")
    pages = body.split("\f")
    assert len(pages) == 4
    assert pages[3].rstrip().endswith("Page 4")  # a page without notes: its number stays
    assert "each date of entry into force.\n\nPage 4" in pages[3]
    assert "European Treaty Series" not in body and "[^1]" in pages[0]
    assert notes.startswith("European Treaty Series No. 30.\n\n[^2]: The central authorities")
    assert notes.count("[^") == 4  # notes 2 to 5, each once


def test_raised_numbers_that_call_no_footnote_stay_in_the_text() -> None:
    parsed = parse_bytes((PDFS / "superscripts.pdf").read_bytes(), source="s.pdf")
    by_key = parsed.by_key()
    assert by_key["art-1"].text == "The premises have a floor area of 120 m2."
    assert by_key["art-2"].text == "The lease begins on the 1st day of May 2026, as agreed.3"
    # A small-print last paragraph starting with a number no call names is text, not a note.
    assert "1 copy for each Party, 1 for the land registry." in by_key["art-3"].text
    assert all(provision.notes == () for provision in parsed.provisions)
    assert "[^" not in pdf_text((PDFS / "superscripts.pdf").read_bytes())


def test_a_label_after_a_sentence_ending_in_a_call_starts_an_article() -> None:
    # A PDF page ending on a call ("... law.[^5]") with the next article on the next page.
    text = (
        "Agreement\n\nArticle 1\nThe Parties act under international law.[^5]\n"
        "Article 2\nThis Agreement enters into force on signature.\n\n[^5]: A note.\n"
    )
    parsed = parse_document(text, source="a.txt")
    assert [p.key for p in parsed.provisions] == ["art-1", "art-2"]
    assert parsed.provisions[0].notes == ("A note.",)


def test_the_products_own_pdf_export_reads_back_with_its_notes(source: ParsedDocument) -> None:
    # The export prints each note, smaller and with a raised number, after its provision.
    pytest.importorskip("weasyprint")
    from inwriting.formats.pdf import version_pdf

    pdf = version_pdf(source, title="Agreement", version_label="Draft 1")
    parsed = parse_bytes(pdf, source="export.pdf")
    assert [(p.key, p.notes) for p in parsed.provisions] == [
        (p.key, p.notes) for p in source.provisions
    ]
    for read, written in zip(parsed.provisions, source.provisions, strict=True):
        # The same calls (the text itself keeps this two-page PDF's running header and
        # footer: they are removed from three pages on).
        assert note_labels(read.text) == note_labels(written.text)


GDPR_TEXT = DATA / "corpus" / "gdpr-2016-679.en.txt"
_GDPR_NOTE_RE = re.compile(r"^\((\d{1,2})\)\s+(\S.*)$")
_GDPR_CALL_RE = re.compile(r" \((\d{1,2})\)(?=[\s,.;:)]|$)")


def _squeezed(text: str) -> str:
    """A text without spaces and hyphens: what this test compares (see below)."""
    return re.sub(r"[\s\-\u2010]", "", text)


def test_the_gdpr_in_the_official_journals_layout_reads_with_its_footnotes_as_notes() -> None:
    """The GDPR's clean text (tests/data/corpus), typeset as the Official Journal prints it,
    its 21 footnotes at the foot of the pages (make_footnote_pdfs.py), reads as the clean text
    does, except where the PDF is now read better than the clean text: the clean text keeps
    the footnotes as a list after the signatures (EUR-Lex gathers them there) and the calls
    as " (4)" in the text, while the PDF gives each footnote to the recital or article that
    calls it, as a note, its call "[^4]" where it stands. Before footnotes were read from the
    layout, the PDF's footnotes were read into the text (note 1 into recital 4, note 9 into
    recital 35, ...).

    Spaces and hyphens are left out of the comparison: where a line breaks at a real hyphen
    ("pre-" + "formulated"), after a slash ("95/46/" + "EC") or a page breaks between two
    paragraphs, the text layer of a PDF says less than the clean text (the PDF tests above
    cover those rules)."""
    data = (PDFS / "gdpr-2016-679.oj-layout.pdf").read_bytes()
    parsed = parse_bytes(data, source="gdpr.pdf")
    clean = parse_document(GDPR_TEXT.read_text(encoding="utf-8"), source=GDPR_TEXT.name)
    footnotes = {
        found[1]: found[2]
        for paragraph in clean.by_key()["closing"].text.split("\n\n")
        if (found := _GDPR_NOTE_RE.match(paragraph))
    }
    assert len(footnotes) == 21
    assert parsed.title == clean.title
    fields = [(p.key, p.kind, p.label, p.heading, p.parent) for p in parsed.provisions]
    assert fields == [(p.key, p.kind, p.label, p.heading, p.parent) for p in clean.provisions]
    notes = 0
    for read, text in zip(parsed.provisions, clean.provisions, strict=True):
        calls = [found[1] for found in _GDPR_CALL_RE.finditer(text.text) if read.notes]
        expected = _GDPR_CALL_RE.sub(r"[^\1]", text.text) if read.notes else text.text
        if text.key == "closing":
            expected = "\n\n".join(p for p in expected.split("\n\n") if not _GDPR_NOTE_RE.match(p))
        assert _squeezed(read.text) == _squeezed(expected), read.key
        assert read.notes == tuple(footnotes[label] for label in calls), read.key
        notes += len(read.notes)
    assert notes == 21
    preamble = parsed.by_key()["preamble"]
    assert preamble.notes[0] == "OJ C 229, 31.7.2012, p. 90."
    assert "European Economic and Social Committee[^1]," in preamble.text
    assert "OJ C" not in parsed.by_key()["rec-4"].text


_PIECE = st.tuples(
    st.sampled_from(["1", "2", "(1)", "*", "12", "Article 5", "1 See page 3.", "text", " ", "."]),
    st.booleans(),
)


@st.composite
def _pages_of_lines(draw: st.DrawFn) -> tuple[list[list[PdfLine]], list[list[Rule]]]:
    pages, rules = [], []
    for _ in range(draw(st.integers(1, 4))):
        lines = []
        top = 800.0
        for box in range(draw(st.integers(0, 8))):
            size = draw(st.sampled_from([7.0, 8.5, 10.0, 11.0, 14.0]))
            top -= draw(st.sampled_from([size + 2, 3 * size]))
            pieces = tuple(draw(st.lists(_PIECE, min_size=1, max_size=4)))
            left = draw(st.sampled_from([50.0, 200.0]))
            layout = SimpleNamespace(x1=left + 300)
            lines.append(PdfLine(pieces, size, top, top - size, left, box, layout))
        pages.append(lines)
        rules.append(
            draw(
                st.lists(
                    st.builds(Rule, st.just(50.0), st.just(150.0), st.floats(0, 800)), max_size=1
                )
            )
        )
    return pages, rules


@given(_pages_of_lines())
def test_no_line_is_lost_or_doubled_and_only_calls_change(
    found: tuple[list[list[PdfLine]], list[list[Rule]]],
) -> None:
    pages, rules = found
    read = find_notes(pages, rules)
    for page, notes in zip(pages, read, strict=True):
        kept = [line for line, _ in notes.lines]
        assert len(kept) + sum(len(lines) for _, lines in notes.notes) == len(page)
        assert all(any(line is kept_line for line in page) for kept_line in kept)
        for line, text in notes.lines:
            if text != line.text:  # only raised runs became calls: nothing else changed
                assert "[^" in text
                assert _squeezed(re.sub(r"\[\^[^\]]+\]", "", text)) in _readings(line)


def _readings(line: PdfLine) -> set[str]:
    """The line's text with any of its raised runs left out, squeezed."""
    raised = [i for i, (_, up) in enumerate(line.pieces) if up]
    readings = set()
    for mask in range(2 ** len(raised)):
        dropped = {i for bit, i in enumerate(raised) if mask >> bit & 1}
        kept = "".join(t for i, (t, _) in enumerate(line.pieces) if i not in dropped)
        readings.add(_squeezed(kept))
    return readings
