"""The general rules behind the intake corpus fixes (issue 12), each on small synthetic texts
of at least two traditions: the parser meets documents nobody on the project has seen."""

from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# -- (c) a label word quoted or cited is a reference, not a heading -------------------------


@pytest.mark.parametrize(
    "reference",
    [
        "**Artikel 54, tweede lid**Van het kiesrecht is uitgesloten:",
        "**Article 54, paragraphe 2**Est exclu du droit de vote :",
        "**Artikel 54, Absatz 2**Vom Wahlrecht ist ausgeschlossen:",
        "« Article 5 » est remplacé par le texte suivant.",
        "„Artikel 5“ wird wie folgt gefasst.",
        "Article 5” shall read as follows.",
        "Artikel *81* Het formulier van afkondiging der wetten is het volgende:",
    ],
)
def test_a_quoted_or_cited_label_opens_nothing(reference: str) -> None:
    """Additional articles quote old text ("*Artikel 54, tweede lid*"); amending texts quote
    the article they replace. A heading starts its line, unquoted, and its number is not
    followed by a comma or a closing quotation mark."""
    text = f"# Wet\n\n### Artikel 1\n\nDe tekst luidt:\n\n{reference}\n\n### Artikel 2\n\nSlot.\n"
    doc = parse_document(text, format="markdown")
    assert [p.key for p in doc.provisions] == ["art-1", "art-2"]
    plain = parse_document(text.replace("### ", "").replace("# ", ""), format="text")
    assert [p.key for p in plain.provisions] == ["art-1", "art-2"]


# -- (d) nested groups: the outer level holds the inner; a label word can group another ------

RAZDEL = """КОНСТИТУЦИЯ

РАЗДЕЛ ПЕРВЫЙ

ГЛАВА 1

ОСНОВЫ

Статья 1

Текст.

ГЛАВА 2

ПРАВА

Статья 2

Текст.

Статья 2а

Текст.

РАЗДЕЛ ВТОРОЙ

Заключительные положения

1. Конституция вступает в силу.
"""

PARTS = """TREATY

PART ONE

CHAPTER 1

Principles

Article 1

Text.

CHAPTER 2

Organs

Article 2

Text.

PART TWO

CHAPTER 3

Finance

Article 3

Text.
"""


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            RAZDEL,
            [
                ("part-1", "group", None),
                ("ch-1", "group", "part-1"),
                ("art-1", "article", "ch-1"),
                ("ch-2", "group", "part-1"),
                ("art-2", "article", "ch-2"),
                ("art-2a", "article", "ch-2"),  # "2а" with a Cyrillic "а"
                ("part-2", "group", None),
            ],
        ),
        (
            PARTS,
            [
                ("part-1", "group", None),
                ("ch-1", "group", "part-1"),
                ("art-1", "article", "ch-1"),
                ("ch-2", "group", "part-1"),
                ("art-2", "article", "ch-2"),
                ("part-2", "group", None),
                ("ch-3", "group", "part-2"),
                ("art-3", "article", "ch-3"),
            ],
        ),
    ],
)
def test_parts_written_as_ordinals_hold_their_chapters(
    text: str, wanted: list[tuple[str, str, str | None]]
) -> None:
    assert _outline(parse_document(text, format="text")) == wanted


def test_a_cyrillic_letter_suffix_reads_as_its_latin_lookalike() -> None:
    latin = RAZDEL.replace("Статья 2а", "Статья 2a")
    assert _outline(parse_document(latin, format="text")) == _outline(
        parse_document(RAZDEL, format="text")
    )
    doc = parse_document("Статья 1\n\nТекст.\n\nСтатья 1б\n\nЕще.\n", format="text")
    assert [p.key for p in doc.provisions] == ["art-1", "art-1б"]


PARAGRAAF = """# Grondwet

## Hoofdstuk 1

### Artikel 1

Gelijke behandeling.

## Hoofdstuk 2

### § 1

#### Koning

### Artikel 2

Het koningschap.

### Artikel 3

De opvolging.

### § 2

#### Koning en ministers

### Artikel 4

De ministers.
"""

ABSCHNITT = """# Gesetz

### Artikel 1

Änderung des Gesetzes über X.

### § 1

#### Einheit

### Artikel 2

Die Einheit.

### Artikel 3

Die Verwaltung.

### § 2

#### Schluss

### Artikel 4

Das Inkrafttreten.
"""


@pytest.mark.parametrize(
    ("text", "headings"),
    [(PARAGRAAF, ["Koning", "Koning en ministers"]), (ABSCHNITT, ["Einheit", "Schluss"])],
)
def test_a_label_word_that_only_holds_articles_of_another_is_a_group(
    text: str, headings: list[str]
) -> None:
    doc = parse_document(text, format="markdown")
    by_key = doc.by_key()
    groups = [p for p in doc.provisions if p.label.startswith("§")]
    assert [p.kind for p in groups] == [ProvisionKind.GROUP, ProvisionKind.GROUP]
    assert [p.heading for p in groups] == headings
    assert by_key["art-2"].parent == groups[0].key
    assert by_key["art-4"].parent == groups[1].key
    assert all(p.kind is ProvisionKind.ARTICLE for p in doc.provisions if p.key.startswith("art"))


def test_paragraph_signs_with_text_of_their_own_stay_units() -> None:
    """A German statute's "§ 1" is its unit, also beside a cited "Artikel"."""
    text = (
        "# Gesetz\n\n## Abschnitt 1\n\n### § 1 Ziel\n\nZiel des Gesetzes.\n\n"
        "### § 2 Anwendungsbereich\n\nNach Artikel 3 gilt es.\n\n### § 3 Begriffe\n\nText.\n"
    )
    doc = parse_document(text, format="markdown")
    assert [(p.key, p.kind.value) for p in doc.provisions] == [
        ("sec-1", "group"),
        ("art-1", "article"),
        ("art-2", "article"),
        ("art-3", "article"),
    ]


@pytest.mark.parametrize(
    ("heading", "article"),
    [
        ("Additionele artikelen", "Artikel"),
        ("Transitional provisions", "Article"),
        ("Dispositions transitoires", "Article"),
    ],
)
def test_a_heading_starting_the_numbering_again_is_a_block_of_its_own(
    heading: str, article: str
) -> None:
    text = (
        f"# Constitution\n\n## Chapter 1\n\n### {article} 1\n\nText.\n\n"
        f"### {article} 2\n\nText.\n\n## Chapter 2\n\n### {article} 3\n\nText.\n\n"
        f"#### {heading}\n\n### {article} I\n\n"
        f"Text.\n\n### {article} II\n\nText.\n"
    )
    doc = parse_document(text, format="markdown")
    top = [p.label for p in doc.provisions if p.kind is ProvisionKind.GROUP and p.parent is None]
    assert top == ["Chapter 1", "Chapter 2", heading]


def test_a_heading_inside_a_chapter_numbered_on_stays_inside() -> None:
    for heading, article in (("Composition", "Article"), ("Samenstelling", "Artikel")):
        text = (
            f"# Charter\n\n## Chapter 1\n\n### {article} 1\n\nText.\n\n## Chapter 2\n\n"
            f"### {article} 2\n\nText.\n\n#### {heading}\n\n### {article} 3\n\nText.\n"
        )
        doc = parse_document(text, format="markdown")
        sub = next(p for p in doc.provisions if p.label == heading)
        assert sub.parent == "ch-2"


# -- keys stay what they were: notes and wrapping change no key ------------------------------

_NOTES = st.sampled_from(
    [
        "In force from 1 January 2020",
        "Wordt voorlopig toegepast per 01-01-1948",
        "In Kraft seit 01.01.2009",
        "Version en vigueur au 1er janvier 2020",
    ]
)
_WORDS = st.sampled_from(["Article", "Artikel", "Art."])


@settings(max_examples=60, deadline=None)
@given(
    word=_WORDS,
    count=st.integers(min_value=1, max_value=6),
    noted=st.sets(st.integers(min_value=0, max_value=6)),
    note=_NOTES,
    width=st.integers(min_value=30, max_value=90),
)
def test_status_notes_and_wrapping_change_no_key(
    word: str, count: int, noted: set[int], note: str, width: int
) -> None:
    body = "The Parties shall cooperate in good faith on every matter this provision covers."
    plain = ["TREATY", ""]
    annotated = ["TREATY", ""] + ([note, ""] if 0 in noted else [])
    for number in range(1, count + 1):
        block = [f"{word} {number}", "", *textwrap.wrap(body, width), ""]
        plain += block
        annotated += block[:2] + ([note, ""] if number in noted else []) + block[2:]
    expected = parse_document("\n".join(plain), format="text")
    found = parse_document("\n".join(annotated), format="text")
    assert found == expected
    assert [p.key for p in found.provisions] == [f"art-{n}" for n in range(1, count + 1)]


def test_a_paragraph_sign_with_text_on_its_line_stays_a_unit() -> None:
    text = (
        "# Vertrag\n\n### § 1 Der Vertrag gilt ab heute.\n\n### Artikel 2\n\nText.\n\n"
        "### § 3 Die Parteien schweigen.\n\n### Artikel 4\n\nText.\n\n### Artikel 5\n\nText.\n"
    )
    doc = parse_document(text, format="markdown")
    assert all(p.kind is ProvisionKind.ARTICLE for p in doc.provisions)
