"""The general rules behind the intake corpus fixes (issue 12), each on small synthetic texts
of at least two traditions: the parser meets documents nobody on the project has seen."""

from __future__ import annotations

import re

import pytest

from inwriting.domain.documents import AnswerLevel, ParsedDocument, ProvisionKind
from inwriting.formats import parse_document
from inwriting.formats.drafts.headings import status_note
from inwriting.formats.levels import answer_by, default_level
from tests.unit.formats.test_levels import check_invariants


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


# -- (b) numbered sections that only group titled subsections: answered by subsection -----

LICENCE = """Example Licence

1. Definitions

1.1. “Contributor”

     means each person that contributes.

1.2. “Software”

     means the program.

2. Grants

2.1. Grant

     Each Contributor grants You a licence.

2.2. Date

     The licence starts on publication.

3. Law

This Licence is governed by Dutch law.
"""

VERTRAG = """Rahmenvertrag

1. Begriffe

1.1 Auftraggeber

Die Gesellschaft, die den Auftrag erteilt.

1.2 Leistungen

Die in Anlage 1 beschriebenen Arbeiten.

2. Vergütung

2.1 Preise

Es gelten die Preise der Anlage 2.

2.2 Zahlung

Rechnungen sind binnen 30 Tagen zu zahlen.
"""


@pytest.mark.parametrize("text", [LICENCE, VERTRAG])
def test_sections_grouping_titled_subsections_are_answered_by_subsection(text: str) -> None:
    parsed = parse_document(text, format="text")
    assert default_level(parsed) is AnswerLevel.PARAGRAPH
    doc = answer_by(parsed, None)
    check_invariants(doc)
    units = [(p.key, p.label) for p in doc.provisions if p.answerable]
    assert units[:4] == [
        ("art-1.p-1", "1.1"),
        ("art-1.p-2", "1.2"),
        ("art-2.p-1", "2.1"),
        ("art-2.p-2", "2.2"),
    ]
    assert doc.by_key()["art-1"].kind is ProvisionKind.GROUP
    # the keys are those of the paragraph level, whatever the default: re-parsing, or the
    # same text re-wrapped, gives them again
    rewrapped = re.sub(r"\n {5}", "\n", text)
    assert answer_by(parse_document(rewrapped, format="text"), None) == doc
    assert answer_by(parsed, "paragraph") == doc


UK_CLAUSES = """SERVICES AGREEMENT

1. DEFINITIONS

1.1 In this Agreement the following definitions apply.

1.2 Clause headings shall not affect the interpretation of this Agreement.

2. SERVICES

2.1 The Supplier shall provide the Services to the Customer.

2.2 The Supplier shall use reasonable care and skill.
"""

RFC = """Network Working Group

1.  Introduction

   This document defines the generic syntax.

1.1.  Overview

   A short overview.

1.2.  Design

   The design considerations.

2.  Characters

   Characters are encoded.
"""

CONTRAT = """Contrat de prestation

1. Définitions

Les termes suivants ont le sens indiqué ci-dessous.

1.1 Client

La société qui commande.

1.2 Prestataire

La société qui exécute.

2. Prix

2.1 Montant

Le prix est fixé à l'annexe.

2.2 Paiement

Le paiement intervient à 30 jours.
"""


@pytest.mark.parametrize("text", [UK_CLAUSES, RFC, CONTRAT])
def test_sections_with_words_of_their_own_or_untitled_subclauses_stay_units(text: str) -> None:
    """UK subclauses are sentences, not titled provisions; an RFC's or a contract's
    section with an introduction of its own is one unit with parts."""
    parsed = parse_document(text, format="text")
    assert default_level(parsed) is AnswerLevel.ARTICLE
    assert [p.key for p in answer_by(parsed, None).answerable()] == ["art-1", "art-2"]
