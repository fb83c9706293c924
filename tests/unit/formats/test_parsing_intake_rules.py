"""The general rules behind the intake corpus fixes (issue 12), each on small synthetic texts
of at least two traditions: the parser meets documents nobody on the project has seen."""

from __future__ import annotations

import pytest

from inwriting.domain.documents import ParsedDocument
from inwriting.formats import parse_document
from inwriting.formats.drafts.headings import status_note


def _outline(doc: ParsedDocument) -> list[tuple[str, str, str | None]]:
    return [(p.key, p.kind.value, p.parent) for p in doc.provisions]


# -- (a) a database's note on a provision's force is not part of the instrument -----------


@pytest.mark.parametrize(
    "note",
    [
        "In force from 1 January 2020",
        "Provisionally applied from 1 January 1948.",
        "Wordt voorlopig toegepast per 01-01-1948",
        "Geldend van 01-01-2002 t/m heden",
        "In Kraft seit 01.01.2009",
        "Version en vigueur au 1er janvier 2020",
        "Вступила в силу с 01.01.2021",
        "Status as of 2020-01-01",
    ],
)
def test_a_status_note_under_each_heading_is_no_text(note: str) -> None:
    markdown = (
        f"# Agreement\n\n{note}\n\n## Article 1\n\n{note}\n\nThe Parties shall cooperate.\n\n"
        f"## Article 2\n{note}\n\nThis Agreement enters into force on signature.\n"
    )
    text = markdown.replace("# ", "").replace("#", "")
    for doc in (parse_document(markdown, format="markdown"), parse_document(text, format="text")):
        assert doc.title == "Agreement"
        assert [(p.key, p.heading, p.text) for p in doc.provisions] == [
            ("art-1", "", "The Parties shall cooperate."),
            ("art-2", "", "This Agreement enters into force on signature."),
        ]


def test_a_status_note_before_the_title_is_not_the_title() -> None:
    for note in ("In force from 1 January 2020", "Geldend van 01-01-2002 t/m heden"):
        doc = parse_document(f"{note}\n\nTREATY\n\nArticle 1\n\nPeace.\n", format="text")
        assert doc.title == "TREATY"
        assert [(p.key, p.text) for p in doc.provisions] == [("art-1", "Peace.")]


@pytest.mark.parametrize(
    "sentence",
    [
        "In force from 1 January 2020, the Parties shall apply the tariff.",
        "In Kraft seit 01.01.2009 sind die Vorschriften des Abschnitts 2.",
        "Entry into force",  # a heading: no date
        "The Agreement was in force from 1 January 2020",  # the wording does not open it
    ],
)
def test_a_sentence_about_force_is_text(sentence: str) -> None:
    assert not status_note(sentence)
    text = f"TREATY\n\nArticle 1\n\n{sentence}\n\nArticle 2\n\nPeace.\n"
    doc = parse_document(text, format="text")
    assert sentence.rstrip(".") in " ".join(p.text + " " + p.heading for p in doc.provisions)


def test_a_status_note_inside_a_paragraph_stays() -> None:
    text = (
        "TREATY\n\nArticle 1\n\nThe Parties shall cooperate, and the following applies.\n"
        "In force from 1 January 2020\n\nArticle 2\n\nPeace.\n"
    )
    doc = parse_document(text, format="text")
    assert "In force from 1 January 2020" in doc.provisions[0].text


def test_an_html_meta_line_is_not_the_title() -> None:
    meta = "<meta http-equiv='Content-Type' content='text/html; charset=utf-8' />"
    for title, article in (("Grondwet", "Artikel"), ("Convention", "Article")):
        text = f"{meta}\n\n## {title}\n\n### {article} 1\n\nText.\n"
        doc = parse_document(text, format="markdown")
        assert doc.title == title
        assert [p.key for p in doc.provisions] == ["art-1"]
