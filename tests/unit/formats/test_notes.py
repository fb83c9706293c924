"""Footnotes stay with the provision that cites them, as notes, in every format.

Issue 12's known failure: ``## Article 1`` with ``This Protocol amends the Convention.[^1]``
and a ``[^1]: ...`` definition made the sentence the heading and left the article no text.
``tests/data/docx/footnotes-libreoffice.docx`` is ``protocol-notes-and-table.md`` exported
to DOCX, opened and saved again as DOCX by LibreOffice 7.4 (whose footnote ids start at 2).
"""

from __future__ import annotations

import io
import json

import docx
import pytest
from lxml import etree

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.domain.notes import numbered_notes
from inwriting.errors import FormatError
from inwriting.formats import parse_bytes, parse_document, render_document
from inwriting.formats.pdf import version_html
from tests.conftest import DATA
from tests.unit.formats.test_akoma_ntoso import assert_valid

SOURCE = DATA / "formats" / "protocol-notes-and-table.md"
NOTE = "As signed at Strasbourg on 1 May 2020."
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def doc() -> ParsedDocument:
    return parse_document(SOURCE.read_text(encoding="utf-8"), source=SOURCE.name)


@pytest.mark.parametrize("name", ["protocol.md", "protocol.txt"])
def test_a_cited_footnote_is_a_note_not_a_heading(name: str) -> None:
    parsed = parse_document(SOURCE.read_text(encoding="utf-8"), source=name)
    article = parsed.by_key()["art-1"]
    assert (article.heading, article.text, article.notes) == (
        "",
        "This Protocol amends the Convention.[^1]",
        (NOTE,),
    )
    assert [p.key for p in parsed.provisions] == ["art-1", "art-2", "art-2bis", "art-3"]
    assert all("[^1]:" not in p.text for p in parsed.provisions)


def test_notes_follow_their_calls_and_continue_on_indented_lines() -> None:
    text = (
        "# T\n\n## Article 1\n\nFirst[^b] and second[^a], first again[^b].\n\n"
        "## Article 2\n\nNo call here.\n\n"
        "[^a]: Note A,\n    continued.\n[^b]: Note B.\n[^c]: Never called.\n"
    )
    parsed = parse_document(text)
    first, second = parsed.provisions
    assert first.notes == ("Note B.", "Note A, continued.")
    assert numbered_notes(first) == [("b", "Note B."), ("a", "Note A, continued.")]
    assert second.text == "No call here.\n\n[^c]: Never called."  # uncalled: text, as written


def test_a_definition_inside_a_code_block_is_text() -> None:
    text = "# T\n\n## Article 1\n\nSee[^1].\n\n```\n[^1]: not a note\n```\n"
    assert parse_document(text).provisions[0].notes == ()


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("markdown", "x.md"), ("docx", "x.docx"), ("akn", "x.xml"), ("json", "x.json")],
)
def test_notes_read_back_from_every_export(doc: ParsedDocument, fmt: str, name: str) -> None:
    assert parse_bytes(render_document(doc, fmt), source=name) == doc


def test_the_docx_export_has_real_word_footnotes(doc: ParsedDocument) -> None:
    data = render_document(doc, "docx")
    word = docx.Document(io.BytesIO(data))
    assert word.paragraphs[2].text == "This Protocol amends the Convention."
    assert word.paragraphs[2]._p.find(f".//{W}footnoteReference") is not None
    assert all("[^" not in p.text for p in word.paragraphs)
    part = next(r.target_part for r in word.part.rels.values() if r.reltype.endswith("/footnotes"))
    assert NOTE in "".join(etree.fromstring(part.blob).itertext())


def test_notes_with_word_labels_are_written_as_definitions_in_docx() -> None:
    text = "# T\n\n## Article 1\n\nSee[^note].\n\n[^note]: A named note.\n"
    named = parse_document(text)
    word = docx.Document(io.BytesIO(render_document(named, "docx")))
    assert "[^note]: A named note." in [p.text for p in word.paragraphs]
    assert parse_bytes(render_document(named, "docx"), source="x.docx") == named


def test_word_footnotes_from_libreoffice_are_numbered_as_shown(doc: ParsedDocument) -> None:
    data = (DATA / "docx" / "footnotes-libreoffice.docx").read_bytes()
    assert parse_bytes(data, source="lo.docx").provisions == doc.provisions


def test_akoma_ntoso_writes_an_authorial_note_where_the_call_stands(doc: ParsedDocument) -> None:
    data = render_document(doc, "akn")
    assert_valid(data)
    (note,) = etree.fromstring(data).iter("{*}authorialNote")
    assert note.get("marker") == "1"
    assert note.getparent().text == "This Protocol amends the Convention."
    assert "".join(note.itertext()).strip() == NOTE


def test_the_pdf_export_prints_the_note_after_its_provision(doc: ParsedDocument) -> None:
    html = version_html(doc)
    assert '<p>This Protocol amends the Convention.<sup class="call">1</sup></p>' in html
    assert f'<p class="note"><sup>1</sup> {NOTE}</p>' in html
    assert "[^1]" not in html


def test_the_json_export_lists_notes_only_where_there_are_some(doc: ParsedDocument) -> None:
    exported = json.loads(render_document(doc, "json"))
    assert exported["provisions"][0]["notes"] == [NOTE]
    assert "notes" not in exported["provisions"][1]
    broken = dict(exported)
    broken["provisions"] = [{**exported["provisions"][0], "notes": "not a list"}]
    with pytest.raises(FormatError, match="notes must be a list of texts"):
        parse_document(json.dumps(broken), format="json")


def test_a_note_no_call_names_is_numbered_after_the_called_ones() -> None:
    provision = Provision(
        "art-1", ProvisionKind.ARTICLE, "Article 1", "1", "", "See[^1].", notes=("A.", "B.")
    )
    assert numbered_notes(provision) == [("1", "A."), ("2", "B.")]
