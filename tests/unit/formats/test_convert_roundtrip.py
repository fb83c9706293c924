"""Every export reads back to the provisions it was made from.

For Markdown, DOCX, Akoma Ntoso and JSON: a document parsed from a text, written in the format
and read again, gives the same title and the same provisions — keys, kinds, labels, numbers,
headings, text with its paragraph breaks, parents. Checked on generated documents
(Hypothesis) and on the corpus: the UN Charter, the GDPR, the EUPL 1.2 and the ECHR.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inwriting.domain.documents import ParsedDocument, ProvisionKind
from inwriting.errors import FormatError
from inwriting.formats import (
    EXPORT_FORMATS,
    detect_format,
    parse_bytes,
    parse_document,
    read_document,
    render_document,
)
from inwriting.formats.native_json import read_json, write_json
from tests.conftest import CORPUS
from tests.unit.formats.test_parsing_properties import (
    ROMAN,
    documents,
    paragraph,
    render_markdown,
    render_text,
    words,
)

SUFFIX = {"markdown": ".md", "docx": ".docx", "akn": ".xml", "json": ".json"}


def round_trip(doc: ParsedDocument, fmt: str) -> ParsedDocument:
    """Write ``doc`` in ``fmt`` and read it back, detecting the format from the file name."""
    return parse_bytes(render_document(doc, fmt), source=f"version{SUFFIX[fmt]}")


def assert_same(doc: ParsedDocument, back: ParsedDocument) -> None:
    assert back.title == doc.title
    assert [p.key for p in back.provisions] == [p.key for p in doc.provisions]
    for before, after in zip(doc.provisions, back.provisions, strict=True):
        assert after == before, f"{before.key} changed"


# --- generated documents ---------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents(), fmt=st.sampled_from(EXPORT_FORMATS), markdown=st.booleans())
def test_generated_documents_round_trip(doc: object, fmt: str, markdown: bool) -> None:
    text = render_markdown(doc) if markdown else render_text(doc)  # type: ignore[arg-type]
    parsed = parse_document(text, source="generated.md" if markdown else "generated.txt")
    assert_same(parsed, round_trip(parsed, fmt))


heading = st.lists(words, min_size=1, max_size=4).map(lambda w: " ".join(w).title())


@st.composite
def richer_texts(draw: st.DrawFn) -> str:
    """Markdown with what the simple generator leaves out: recitals and an enacting formula,
    a preamble heading, parts and sections, unnumbered group headings, licence-style
    sections, lines in capitals, a closing formula inside an article, tables as text."""
    out = [f"# Regulation on {draw(heading)}", ""]
    if draw(st.booleans()):
        out += [f"## {draw(heading)}", ""]
    out += ["THE PARTIES,", ""]
    recitals = draw(st.integers(0, 3))
    if recitals:
        out += ["Whereas:", ""] + [f"({n}) {draw(paragraph)}\n" for n in range(1, recitals + 1)]
    out += ["HAVE ADOPTED THIS REGULATION:", ""]
    licence = draw(st.booleans())
    number = 0
    for part in range(1, draw(st.integers(1, 2)) + 1):
        if not licence and draw(st.booleans()):
            out += [f"## PART {ROMAN[part - 1]} – {draw(heading)}", ""]
        if not licence and draw(st.booleans()):
            out += [f"## {draw(heading)}", ""]  # an unnumbered group heading
        for _ in range(draw(st.integers(1, 3))):
            number += 1
            out += _article(draw, number, licence)
    if draw(st.booleans()):
        out += ["Done at Brussels, 1 June 2024.", "", "For the Parties", ""]
    if draw(st.booleans()):
        out += ["## Annex I – Projects", "", draw(paragraph), ""]
    return "\n".join(out)


def _article(draw: st.DrawFn, number: int, licence: bool) -> list[str]:
    title = draw(heading)
    if licence:
        lines = [f"{number}. {title}", ""]
    else:
        lines = [f"### Article {number}" + (f" – {title}" if draw(st.booleans()) else ""), ""]
    extras = st.sampled_from(
        [
            "Party | Quota | Season",
            "NO WARRANTY FOR THE PROGRAM",
            "This Regulation shall be binding in its entirety.",
            "(a) the first point;",
            "1. The first paragraph.",
        ]
    )
    body = draw(st.lists(paragraph | extras, min_size=1, max_size=4))
    return lines + [f"{p}\n" for p in body]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=richer_texts(), fmt=st.sampled_from(EXPORT_FORMATS))
def test_richer_generated_documents_round_trip(text: str, fmt: str) -> None:
    try:
        parsed = parse_document(text, format="markdown", source="generated.md")
    except FormatError:
        return  # a generated text the parser refuses has nothing to round-trip
    assert_same(parsed, round_trip(parsed, fmt))


@settings(max_examples=20, deadline=None)
@given(generated=documents())
def test_a_chain_through_every_format_ends_where_it_started(generated: object) -> None:
    doc = parse_document(render_markdown(generated), source="generated.md")  # type: ignore[arg-type]
    current = doc
    for fmt in ("docx", "akn", "json", "markdown", "docx"):
        current = round_trip(current, fmt)
    assert_same(doc, current)


# --- the corpus ------------------------------------------------------------------------------

CORPUS_DOCUMENTS = {
    "un-charter.en.md": (111, "ch-19"),
    "gdpr-2016-679.en.txt": (99, "ch-11"),
    "versions/eupl-1.2.txt": (15, None),
    "versions/echr.en.dutch-db-2014-05-01.md": (59, "sec-3"),
}


@cache
def corpus_document(name: str) -> ParsedDocument:
    return read_document(CORPUS / name)


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
@pytest.mark.parametrize("name", list(CORPUS_DOCUMENTS))
def test_corpus_documents_round_trip(name: str, fmt: str) -> None:
    doc = corpus_document(name)
    articles, last_group = CORPUS_DOCUMENTS[name]
    assert sum(1 for p in doc.provisions if p.kind is ProvisionKind.ARTICLE) == articles
    assert last_group is None or last_group in doc.by_key()
    assert_same(doc, round_trip(doc, fmt))


# --- JSON ------------------------------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(generated=documents())
def test_json_is_versioned_and_is_as_dict(generated: object) -> None:
    doc = parse_document(render_markdown(generated), source="generated.md")  # type: ignore[arg-type]
    data = json.loads(write_json(doc))
    assert data == {"format_version": 1, **doc.as_dict()}
    assert detect_format(write_json(doc)) == "json"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("{", r"line 1: not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ('{"format_version": 2, "provisions": []}', "unsupported format_version 2"),
        ('{"format_version": 1, "title": 3, "provisions": []}', "a string 'title'"),
        ('{"format_version": 1, "provisions": [7]}', "provision 1: expected an object"),
        ('{"format_version": 1, "provisions": [{"key": "a", "kind": "clause"}]}', "unknown kind"),
        ('{"format_version": 1, "provisions": [{"kind": "article"}]}', "the key is missing"),
        ('{"format_version": 1, "provisions": [{"key": "a", "kind": "article", "text": 1}]}',
         "text must be text"),
        ('{"format_version": 1, "provisions": [{"key": "a", "kind": "article", "parent": "g"}]}',
         "parent 'g' is not a group before it"),
        ('{"format_version": 1, "provisions": [{"key": "a", "kind": "article"},'
         ' {"key": "a", "kind": "article"}]}', "duplicate key 'a'"),
        ('{"format_version": 1, "provisions": [{"key": "g", "kind": "group"}]}',
         "no provisions found"),
        ("[" * 100_000, "not valid JSON"),
    ],
)  # fmt: skip
def test_json_reader_refuses_what_it_cannot_trust(text: str, match: str) -> None:
    with pytest.raises(FormatError, match=match) as caught:
        read_json(text, source="version.json")
    assert str(caught.value).startswith("version.json")


# --- dispatch --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a.docx", "docx"),
        ("a.XML", "akn"),
        ("a.akn", "akn"),
        ("a.json", "json"),
        ("a.md", "markdown"),
    ],
)
def test_formats_are_detected_by_file_name(source: str, expected: str) -> None:
    assert detect_format("Article 1\n\nText.", source) == expected


def test_docx_cannot_be_parsed_from_text() -> None:
    with pytest.raises(FormatError, match="binary"):
        parse_document("PK", format="docx", source="a.docx")


@pytest.mark.parametrize("call", [render_document, lambda d, f: parse_bytes(b"x", format=f)])
def test_unknown_formats_are_refused(call: Callable[[ParsedDocument, str], object]) -> None:
    doc = parse_document("Article 1\n\nText.")
    with pytest.raises(FormatError, match="'rtf'"):
        call(doc, "rtf")
