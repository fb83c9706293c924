"""The drafting traditions of issue 12, each rule on the issue's own small examples."""

from __future__ import annotations

import re

from inwriting.domain.documents import ParsedDocument, ProvisionKind
from inwriting.formats import parse_document
from inwriting.formats.drafts.headings import run_in_heading
from inwriting.formats.levels import answer_by
from tests.conftest import DATA

US_MARKDOWN = """# Services Agreement

This Agreement is made between Alpha Inc. and Beta LLC.

## ARTICLE I — DEFINITIONS

### Section 1.1 Defined Terms

Capitalised terms have the meanings given in this Article.

### Section 1.2 Interpretation

Headings do not affect interpretation.

## ARTICLE II — SERVICES

### Section 2.1 Scope

The Provider shall perform the Services.

### Section 2.2 Standard of Care

The Provider shall act with reasonable care.

IN WITNESS WHEREOF, the parties have signed this Agreement.
"""

US_TEXT = """SERVICES AGREEMENT

ARTICLE I
DEFINITIONS

Section 1.1 Defined Terms. Capitalised terms have the meanings given here.

Section 1.2 Interpretation. Headings do not affect interpretation.

ARTICLE II
SERVICES

Section 2.1 Scope. The Provider shall perform the Services.

Section 2.2 Standard of Care. The Provider shall act with reasonable care.

IN WITNESS WHEREOF, the parties have signed this Agreement.
"""

US_OUTLINE = [
    ("article-1", "group", None, "DEFINITIONS"),
    ("art-1.1", "article", "article-1", "Defined Terms"),
    ("art-1.2", "article", "article-1", "Interpretation"),
    ("article-2", "group", None, "SERVICES"),
    ("art-2.1", "article", "article-2", "Scope"),
    ("art-2.2", "article", "article-2", "Standard of Care"),
    ("closing", "closing", None, ""),
]


def outline(doc: ParsedDocument) -> list[tuple[str, str, str | None, str]]:
    return [
        (p.key, p.kind.value, p.parent, p.heading)
        for p in doc.provisions
        if p.kind is not ProvisionKind.PREAMBLE
    ]


def test_us_articles_group_answerable_sections_in_markdown() -> None:
    doc = parse_document(US_MARKDOWN, format="markdown")
    assert outline(doc) == US_OUTLINE
    units = {p.key: p for p in doc.provisions}
    assert units["art-1.1"].text == "Capitalised terms have the meanings given in this Article."
    assert units["art-2.2"].text == "The Provider shall act with reasonable care."
    assert all(p.text for p in doc.provisions if p.kind is ProvisionKind.ARTICLE)
    assert all(not p.text for p in doc.provisions if p.kind is ProvisionKind.GROUP)


def test_us_articles_group_sections_with_run_in_headings_in_text() -> None:
    doc = parse_document(US_TEXT, format="text")
    assert outline(doc) == US_OUTLINE
    assert doc.by_key()["art-1.2"].text == "Headings do not affect interpretation."


def test_sections_grouping_articles_stay_groups() -> None:
    """The GDPR's way round: sections follow articles less often than articles do."""
    text = (
        "Regulation\n\nSection 1\n\nArticle 1\n\nOne.\n\nArticle 2\n\nTwo.\n\n"
        "Section 2\n\nArticle 3\n\nThree.\n\nArticle 4\n\nFour.\n"
    )
    doc = parse_document(text, format="text")
    assert [(p.key, p.kind.value) for p in doc.provisions if p.key.startswith("sec")] == [
        ("sec-1", "group"),
        ("sec-2", "group"),
    ]
    assert doc.by_key()["art-4"].parent == "sec-2"


def test_run_in_heading() -> None:
    assert run_in_heading("Defined Terms. Capitalised terms apply.") == (
        "Defined Terms",
        "Capitalised terms apply.",
    )
    assert run_in_heading("of the Treaty applies. It binds.") is None
    assert run_in_heading("The Provider shall act. It must.") is None


def test_closing_run_onto_the_last_paragraph() -> None:
    text = (
        "Convention\n\nArticle premier\n\nLes Parties s'engagent.\n\nArticle 2\n\n"
        "La présente Convention restera ouverte jusqu'au premier janvier 1934.EN FOI DE QUOI, "
        "les Plénipotentiaires ont signé la présente Convention.\n"
    )
    units = parse_document(text, format="text").by_key()
    assert units["art-2"].text == (
        "La présente Convention restera ouverte jusqu'au premier janvier 1934."
    )
    assert units["closing"].text.startswith("EN FOI DE QUOI, les Plénipotentiaires")


def test_a_closing_word_mid_sentence_is_no_closing() -> None:
    text = "Convention\n\nArticle 1\n\nOne.\n\nArticle 2\n\nThe Convention, fait à Rome, binds.\n"
    assert "closing" not in parse_document(text, format="text").by_key()


def test_a_sentence_with_a_footnote_call_is_no_heading() -> None:
    text = (
        "# Protocol\n\n## Article 1\n\nThis Protocol amends the Convention.[^1]\n\n"
        "## Article 2\n\nTwo.\n"
    )
    article = parse_document(text, format="markdown").by_key()["art-1"]
    assert article.heading == ""
    assert article.text == "This Protocol amends the Convention.[^1]"


def test_a_table_stays_a_table_of_its_article() -> None:
    text = (
        "# Protocol\n\n## Article 1\n\nOne.\n\n## Article 2 bis\n\n"
        "| Party | Central authority |\n| --- | --- |\n| Austria | Ministry of Justice |\n"
    )
    article = parse_document(text, format="markdown").by_key()["art-2bis"]
    assert article.heading == ""
    assert article.text == (
        "| Party | Central authority |\n| --- | --- |\n| Austria | Ministry of Justice |"
    )


QUESTIONS = """Letter on security guarantees

Dear Secretary General,

1. Indivisibility of security
Do the Parties agree that no State shall strengthen its security at the expense of others?

2. Freedom to choose alliances
Does each State remain free to choose its own security arrangements?

3. Transparency of exercises
Will the Parties notify large exercises in advance?
"""


def test_numbered_questions_take_their_heading_line() -> None:
    doc = parse_document(QUESTIONS, format="text")
    articles = [p for p in doc.provisions if p.kind is ProvisionKind.ARTICLE]
    assert [p.heading for p in articles] == [
        "Indivisibility of security",
        "Freedom to choose alliances",
        "Transparency of exercises",
    ]
    assert (
        articles[1].text == "Does each State remain free to choose its own security arrangements?"
    )


def test_an_article_takes_the_heading_line_below_it() -> None:
    text = QUESTIONS.replace("1. ", "Article 1\n").replace("2. ", "Article 2\n")
    doc = parse_document(text.replace("3. ", "Article 3\n"), format="text")
    articles = [p for p in doc.provisions if p.kind is ProvisionKind.ARTICLE]
    assert articles[1].heading == "Freedom to choose alliances"
    assert articles[1].text.startswith("Does each State")


MIXED = """# Charter

### CHAPTER I: PURPOSES AND PRINCIPLES

Article 1

The Purposes of the United Nations are:

1. To maintain international peace and security;

2. To develop friendly relations among nations;

### CHAPTER II: MEMBERSHIP

ARTICLE II

Membership is open to all peace-loving states.

Art. 3

The admission of a state is effected by a decision.
"""


def test_plain_article_lines_under_markdown_chapters() -> None:
    doc = parse_document(MIXED, format="markdown")
    articles = [p for p in doc.provisions if p.kind is ProvisionKind.ARTICLE]
    assert [(p.key, p.parent) for p in articles] == [
        ("art-1", "ch-1"),
        ("art-2", "ch-2"),
        ("art-3", "ch-2"),
    ]


def test_the_un_charter_with_plain_article_lines_has_its_111_articles() -> None:
    text = (DATA / "corpus" / "un-charter.en.md").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^### (Article)", r"\1", text)
    doc = parse_document(text, format="markdown")
    assert sum(1 for p in doc.provisions if p.kind is ProvisionKind.ARTICLE) == 111


def test_a_place_and_date_line_after_the_last_article_is_the_closing() -> None:
    text = (
        "Agreement\n\nArticle 1\n\nThe Parties agree.\n\nVienna, 28 January 2022\n\nFor Austria\n"
    )
    doc = parse_document(text, format="text")
    assert [p.key for p in doc.provisions] == ["art-1", "closing"]
    assert doc.provisions[0].text == "The Parties agree."
    assert doc.provisions[1].text.startswith("Vienna, 28 January 2022")


def test_a_place_and_date_inside_a_sentence_is_no_closing() -> None:
    text = "Agreement\n\nArticle 1\n\nThe Parties agree.\n\nSigned in\nVienna, 28 January 2022\n"
    doc = parse_document(text, format="text")
    assert [p.key for p in doc.provisions] == ["art-1"]


WHEREAS_TEXT = """SERVICES AGREEMENT

This Agreement is made between Alpha Inc. and Beta LLC.

WHEREAS, Alpha wishes to obtain services;

WHEREAS, Beta is willing to provide them;

NOW, THEREFORE, the parties agree as follows:

Section 1. Services

Beta shall provide the services.
"""


def test_whereas_paragraphs_are_recitals() -> None:
    doc = parse_document(WHEREAS_TEXT, format="text")
    assert [(p.key, p.kind) for p in doc.provisions[:3]] == [
        ("preamble", ProvisionKind.PREAMBLE),
        ("rec-1", ProvisionKind.RECITAL),
        ("rec-2", ProvisionKind.RECITAL),
    ]
    assert doc.provisions[2].text == "WHEREAS, Beta is willing to provide them;"
    assert doc.provisions[0].text.endswith("NOW, THEREFORE, the parties agree as follows:")


def test_considerant_paragraphs_are_recitals() -> None:
    text = (
        "Résolution\n\nL'Assemblée,\n\nConsidérant que la paix est indivisible,\n\n"
        "Considérant la Charte,\n\nDécide :\n\nArticle premier\n\nLa paix est maintenue.\n"
    )
    doc = parse_document(text, format="text")
    recitals = [p for p in doc.provisions if p.kind is ProvisionKind.RECITAL]
    assert [p.text for p in recitals] == [
        "Considérant que la paix est indivisible,",
        "Considérant la Charte,",
    ]


REPEALED = """Act

Article 1

Text one.

Article 2 [Repealed]

Article 3 (Repealed)

Article 4

[Deleted]

Article 5

Text five.
"""


def test_repealed_articles_keep_their_place_with_that_text() -> None:
    doc = parse_document(REPEALED, format="text")
    assert [(p.key, p.heading, p.text) for p in doc.provisions] == [
        ("art-1", "", "Text one."),
        ("art-2", "", "[Repealed]"),
        ("art-3", "", "(Repealed)"),
        ("art-4", "", "[Deleted]"),
        ("art-5", "", "Text five."),
    ]
    assert all(p.answerable for p in doc.provisions)


def test_a_repealed_markdown_heading_is_the_article_text() -> None:
    text = "# Act\n\n### Article 1\n\nOne.\n\n### Article 2\n\n#### [Repealed]\n\n"
    text += "### Article 3\n\nThree.\n"
    doc = parse_document(text, format="markdown")
    assert [(p.key, p.text) for p in doc.provisions] == [
        ("art-1", "One."),
        ("art-2", "[Repealed]"),
        ("art-3", "Three."),
    ]


US_STATUTE = """An Act

To extend the airport programs.

Be it enacted by the Senate and House of Representatives,

SECTION 1. SHORT TITLE; TABLE OF CONTENTS.

(b) Table of Contents.—The table of contents for this Act is as follows:

Sec. 1. Short title; table of contents.

TITLE I—EXTENSION

Subtitle A—Programs

Sec. 101. Extension of airport program.

[[Page 130 STAT. 616]]

Sec. 102. Extension of authorities.

SEC. 2. DEFINITIONS.

In this Act, the term “committees” means the committees.

TITLE I—EXTENSION

Subtitle A—Programs

SEC. 101. EXTENSION OF AIRPORT PROGRAM.

Section 48103 is amended.

[[Page 130 STAT. 617]]

SEC. 102. EXTENSION OF AUTHORITIES.

Section 47107 is amended.

Approved July 15, 2016.
"""


def test_a_us_statute_has_sec_units_and_its_table_of_contents_is_text() -> None:
    doc = parse_document(US_STATUTE, format="text")
    assert [(p.key, p.parent) for p in doc.provisions if p.kind is not ProvisionKind.PREAMBLE] == [
        ("art-1", None),
        ("art-2", None),
        ("title-1", None),
        ("subtitle-a", "title-1"),
        ("art-101", "subtitle-a"),
        ("art-102", "subtitle-a"),
        ("closing", None),
    ]
    by_key = doc.by_key()
    assert "Sec. 101. Extension of airport program." in by_key["art-1"].text
    assert "[[Page" not in by_key["art-1"].text + by_key["art-101"].text
    assert by_key["closing"].text == "Approved July 15, 2016."


def test_bodiless_labels_that_do_not_come_back_are_provisions() -> None:
    text = "Act\n\nSec. 1. One.\n\nText.\n\nSec. 2. [Repealed]\n\nSec. 3. [Repealed]\n\n"
    doc = parse_document(text + "Sec. 4. [Repealed]\n\nSec. 5. Five.\n\nText.\n", format="text")
    assert [p.key for p in doc.provisions] == ["art-1", "art-2", "art-3", "art-4", "art-5"]


CJK = """# 宪法

<!-- INFO END -->

## 序言

中国是世界上历史最悠久的国家之一。

## 第一章 总纲

第一条 中华人民共和国是社会主义国家。

社会主义制度是根本制度。

第二十三条 国家培养为社会主义服务的知识分子。

### 第一节 全国人民代表大会

第一百四十三条 中华人民共和国首都是北京。
"""


def test_cjk_article_labels_run_into_their_text() -> None:
    doc = parse_document(CJK, format="markdown")
    assert [(p.key, p.label, p.heading, p.parent) for p in doc.provisions] == [
        ("preamble", "序言", "", None),
        ("ch-1", "第一章", "总纲", None),
        ("art-1", "第一条", "", "ch-1"),
        ("art-23", "第二十三条", "", "ch-1"),
        ("sec-1", "第一节", "全国人民代表大会", "ch-1"),
        ("art-143", "第一百四十三条", "", "sec-1"),
    ]
    assert doc.provisions[2].text == "中华人民共和国是社会主义国家。\n\n社会主义制度是根本制度。"
    assert doc.provisions[0].text == "中国是世界上历史最悠久的国家之一。"


def test_a_cjk_reference_opening_a_paragraph_is_no_label() -> None:
    doc = parse_document("法\n\n第一条 总则。\n\n第三十三条规定的权利。\n", format="text")
    assert [p.key for p in doc.provisions] == ["art-1"]


METADATA = """---
Title: Gleichbehandlungsgesetz
slug: agg
---

# Allgemeines Gleichbehandlungsgesetz (AGG)

Ausfertigungsdatum
:   2006-08-14

Fundstelle
:   BGBl I: 2006, 1897

### § 1 Ziel des Gesetzes

Ziel des Gesetzes ist, Benachteiligungen zu verhindern.
"""


def test_front_matter_and_metadata_fields_are_no_preamble() -> None:
    doc = parse_document(METADATA, format="markdown")
    assert doc.title == "Allgemeines Gleichbehandlungsgesetz (AGG)"
    assert [p.key for p in doc.provisions] == ["art-1"]


def test_a_preamble_with_a_sentence_among_fields_stays() -> None:
    enacting = "Der Bundestag hat das folgende Gesetz beschlossen.\n\n### § 1"
    text = METADATA.replace("### § 1", enacting)
    doc = parse_document(text, format="markdown")
    assert [p.key for p in doc.provisions] == ["preamble", "art-1"]


def test_a_bold_heading_run_into_a_numbered_section() -> None:
    text = (
        "# Standard Terms\n\n1. **Introduction**. This Agreement governs disclosures.\n\n"
        "2. **Use of Information**. The Receiving Party shall protect it.\n"
    )
    doc = parse_document(text, format="markdown")
    assert [(p.key, p.heading, p.text) for p in doc.provisions] == [
        ("art-1", "Introduction", "This Agreement governs disclosures."),
        ("art-2", "Use of Information", "The Receiving Party shall protect it."),
    ]


def test_a_roman_number_with_a_latin_suffix() -> None:
    text = (
        "# GATT\n\n### Article XXVIII\n\nModification.\n\n### Article XXVIII bis\n\nNegotiations.\n"
    )
    doc = parse_document(text, format="markdown")
    assert [(p.key, p.label) for p in doc.provisions] == [
        ("art-28", "Article XXVIII"),
        ("art-28bis", "Article XXVIII bis"),
    ]


def test_cjk_labels_without_blank_lines_in_plain_text() -> None:
    text = (
        "中华人民共和国宪法\n第一章 总纲\n第一条 国家是社会主义国家。\n第二条 一切权力属于人民。\n"
    )
    doc = parse_document(text, format="text")
    assert [(p.key, p.heading, p.text) for p in doc.provisions] == [
        ("ch-1", "总纲", ""),
        ("art-1", "", "国家是社会主义国家。"),
        ("art-2", "", "一切权力属于人民。"),
    ]


DEFINITIONS = """# Master Services Agreement

This Agreement is made by Acme Corp. and Beta LLC.

## ARTICLE I — DEFINITIONS

{s11}

{s12}

## ARTICLE II — TERM

Section 2.1 Term. This Agreement begins on the Effective Date.

Section 2.2 Renewal. It renews each year.

IN WITNESS WHEREOF, the parties have signed this Agreement.

[^1]: Fees exclude taxes.
"""

DEFINITIONS_OUTLINE = [
    ("article-1", "group", None, "DEFINITIONS"),
    ("art-1.1", "article", "article-1", "Services"),
    ("art-1.2", "article", "article-1", "Fees"),
    ("article-2", "group", None, "TERM"),
    ("art-2.1", "article", "article-2", "Term"),
    ("art-2.2", "article", "article-2", "Renewal"),
    ("closing", "closing", None, ""),
]


def _definitions(s11: str, s12: str) -> ParsedDocument:
    return parse_document(DEFINITIONS.format(s11=s11, s12=s12), format="markdown")


def test_a_bold_section_heading_run_into_a_quoted_definition() -> None:
    """US contracts define terms in their first sections: '**Section 1.1 Services.**
    "Services" means ...'. The bold words are the heading; the definition is the text, and
    the plain sections of the next ARTICLE (a converter dropped their bold) still open."""
    doc = _definitions(
        '**Section 1.1 Services.** "Services" means the services in Exhibit A.',
        '**Section 1.2 Fees.** "Fees" means the amounts in Exhibit B.[^1]',
    )
    assert outline(doc) == DEFINITIONS_OUTLINE
    units = doc.by_key()
    assert units["art-1.1"].text == '"Services" means the services in Exhibit A.'
    assert units["art-1.2"].notes == ("Fees exclude taxes.",)
    assert units["art-2.1"].text == "This Agreement begins on the Effective Date."


def test_the_same_contract_in_every_way_of_setting_its_headings_has_one_outline() -> None:
    styles = [
        ('Section 1.1 Services. "Services" means A.', 'Section 1.2 Fees. "Fees" means B.[^1]'),
        ('**Section 1.1** Services. "Services" means A.', "**Section 1.2** Fees. Fees are B.[^1]"),
        ('**Section 1.1 Services**. "Services" means A.', "**Section 1.2 Fees**: Fees are B.[^1]"),
        ('### Section 1.1 Services\n\n"Services" means A.', "### Section 1.2 Fees\n\nB.[^1]"),
    ]
    for s11, s12 in styles:
        doc = _definitions(s11, s12)
        assert outline(doc) == DEFINITIONS_OUTLINE, (s11, s12)
        assert doc.by_key()["art-1.1"].text == '"Services" means A.', s11
        assert doc.by_key()["art-1.2"].text[:2] in ('"F', "Fe", "B."), s12
        assert doc.by_key()["art-1.2"].notes == ("Fees exclude taxes.",), s12


def test_a_definition_after_a_run_in_heading() -> None:
    assert run_in_heading('Services. "Services" means A.') == ("Services", '"Services" means A.')
    assert run_in_heading("Services. «Services» means A.") == ("Services", "«Services» means A.")
    assert run_in_heading('Services. "and so" it goes.') is None


def test_a_plain_article_sentence_under_marked_articles_stays_text() -> None:
    """Marked beats unmarked still holds for a sentence that merely starts with a label."""
    text = (
        "# Treaty\n\n## Article 1\n\nOne.\n\nArticle 1 of the Convention applies. It binds.\n\n"
        "## Article 2\n\nTwo.\n"
    )
    doc = parse_document(text, format="markdown")
    assert [p.key for p in doc.provisions if p.kind is ProvisionKind.ARTICLE] == ["art-1", "art-2"]
    assert "Article 1 of the Convention applies" in doc.by_key()["art-1"].text


FRENCH_CODE = """# Code de la consommation

## Titre Ier : Information des consommateurs

### Chapitre Ier : Obligation générale d'information

#### {first}

Avant que le consommateur ne soit lié par un contrat, le professionnel l'informe.

#### Article L111-2

Outre les mentions prévues à l'article L. 111-1, le professionnel informe.

#### Article R*111-3

Le fabricant informe le vendeur professionnel.

### Chapitre II : Dispositions particulières

#### Article 16-1

Chacun a droit au respect de son corps.

#### Article 16-1-1

Le respect dû au corps humain ne cesse pas avec la mort.
"""


def test_french_code_numbers_are_article_numbers_however_typeset() -> None:
    """ "Article L. 111-1" is article L111-1 (not "Article L", the Roman fifty, with the
    heading "111-1"); inserted articles "16-1" keep their hyphen; "Ier" is the first."""
    keys = None
    for first in ("Article L111-1", "Article L. 111-1", "Art. L. 111-1", "ARTICLE L 111-1"):
        doc = parse_document(FRENCH_CODE.format(first=first), format="markdown")
        found = [(p.key, p.kind.value, p.parent) for p in doc.provisions]
        assert keys is None or found == keys, first
        keys = found
    assert keys == [
        ("title-1", "group", None),
        ("ch-1", "group", "title-1"),
        ("art-l111-1", "article", "ch-1"),
        ("art-l111-2", "article", "ch-1"),
        ("art-r-111-3", "article", "ch-1"),
        ("ch-2", "group", "title-1"),
        ("art-16-1", "article", "ch-2"),
        ("art-16-1-1", "article", "ch-2"),
    ]
    assert doc.by_key()["art-l111-1"].heading == ""
    assert doc.by_key()["title-1"].heading == "Information des consommateurs"


def test_a_hyphen_between_spaces_still_separates_the_heading() -> None:
    doc = parse_document("# T\n\n## Article 2 - Objet\n\nTexte.\n", format="markdown")
    assert [(p.key, p.heading) for p in doc.provisions] == [("art-2", "Objet")]


ENGLISH_RECITALS = """SERVICES AGREEMENT

THIS AGREEMENT is dated 1 January 2027

PARTIES

(1) ACME LIMITED, company number 12345678 (Supplier).

(2) BETA LIMITED, company number 87654321 (Customer).

{heading}

(A) The Supplier provides services.

(B) The Customer wishes to buy them
on the terms of this agreement.

(D) Not in order: framing text, not a recital.

AGREED TERMS

1. INTERPRETATION

The definitions in this clause apply.

2. CHARGES

The Customer shall pay the Charges.
"""


def test_lettered_recitals_under_their_heading_are_recitals() -> None:
    for heading in ("BACKGROUND", "Recitals", "WHEREAS:"):
        doc = parse_document(ENGLISH_RECITALS.format(heading=heading), format="text")
        recitals = [(p.key, p.label, p.text) for p in doc.provisions if p.kind.value == "recital"]
        assert recitals == [
            ("rec-a", "(A)", "The Supplier provides services."),
            ("rec-b", "(B)", "The Customer wishes to buy them on the terms of this agreement."),
        ], heading
        preamble = doc.by_key()["preamble"].text
        assert "(1) ACME LIMITED" in preamble and "(A)" not in preamble
        assert preamble.endswith("(D) Not in order: framing text, not a recital.")


def test_lettered_paragraphs_without_a_recitals_heading_stay_in_the_preamble() -> None:
    text = ENGLISH_RECITALS.format(heading="")
    doc = parse_document(text, format="text")
    assert not [p for p in doc.provisions if p.kind.value == "recital"]
    assert "(A) The Supplier provides services." in doc.by_key()["preamble"].text


PORTUGUESE = """CONSTITUIÇÃO

Artigo 1.º
República Portuguesa
Portugal é uma República soberana.

Artigo 2.º
Estado de direito democrático
A República Portuguesa é um Estado de direito democrático.
"""

BRAZILIAN = """LEI Nº 10.406, DE 10 DE JANEIRO DE 2002

Institui o Código Civil.

Art. 1º Toda pessoa é capaz de direitos e deveres na ordem civil.

Art. 2º A personalidade civil da pessoa começa do nascimento com vida.

Art. 10. Far-se-á averbação em registro público.

Art. 10 da Lei anterior fica revogado, e assim se lê esta frase.

Brasília, 10 de janeiro de 2002; 181º da Independência e 114º da República.
"""


def test_portuguese_ordinal_numbers_and_headings_below() -> None:
    doc = parse_document(PORTUGUESE, format="text")
    assert [(p.key, p.label, p.heading, p.text) for p in doc.provisions] == [
        ("art-1", "Artigo 1.º", "República Portuguesa", "Portugal é uma República soberana."),
        (
            "art-2",
            "Artigo 2.º",
            "Estado de direito democrático",
            "A República Portuguesa é um Estado de direito democrático.",
        ),
    ]


def test_brazilian_articles_run_into_their_text_and_the_closing_has_the_years() -> None:
    doc = parse_document(BRAZILIAN, format="text")
    units = [(p.key, p.text) for p in doc.provisions if p.kind is ProvisionKind.ARTICLE]
    assert units == [
        ("art-1", "Toda pessoa é capaz de direitos e deveres na ordem civil."),
        ("art-2", "A personalidade civil da pessoa começa do nascimento com vida."),
        (
            "art-10",
            "Far-se-á averbação em registro público.\n\n"
            "Art. 10 da Lei anterior fica revogado, e assim se lê esta frase.",
        ),
    ]
    assert doc.by_key()["closing"].text.startswith("Brasília, 10 de janeiro de 2002;")


POLISH = """USTAWA z dnia 23 kwietnia 1964 r. Kodeks cywilny

Art. 1. Kodeks niniejszy reguluje stosunki cywilnoprawne.

Art. 4. § 1. Pierwszy paragraf.

§ 2. Drugi paragraf.

Art. 5. § 1. Trzeci.

§ 2. Czwarty.

Art. 6. Stosuje się przepis § 2 art. 5.
"""


def test_paragraph_signs_inside_articles_are_paragraphs() -> None:
    """Polish codes: "Art." numbers the articles, "§" their paragraphs, restarting."""
    doc = parse_document(POLISH, format="text")
    assert [(p.key, p.text) for p in doc.provisions if p.kind is ProvisionKind.ARTICLE] == [
        ("art-1", "Kodeks niniejszy reguluje stosunki cywilnoprawne."),
        ("art-4", "§ 1. Pierwszy paragraf.\n\n§ 2. Drugi paragraf."),
        ("art-5", "§ 1. Trzeci.\n\n§ 2. Czwarty."),
        ("art-6", "Stosuje się przepis § 2 art. 5."),
    ]
    by_paragraph = answer_by(doc, "paragraph")
    assert [(p.key, p.label) for p in by_paragraph.provisions if p.parent == "art-4"] == [
        ("art-4.p-1", "Art. 4(1)"),
        ("art-4.p-2", "Art. 4(2)"),
    ]


def test_paragraph_signs_numbering_a_german_code_stay_its_articles() -> None:
    text = "BGB\n\n§ 1 Beginn\n\nDie Fähigkeit beginnt.\n\n§ 2 Volljährigkeit\n\nSie tritt ein.\n"
    doc = parse_document(text, format="text")
    assert [p.key for p in doc.provisions if p.kind is ProvisionKind.ARTICLE] == ["art-1", "art-2"]


def test_paragraph_signs_on_lines_of_their_own_group_articles() -> None:
    """The Dutch constitution: "Hoofdstuk 2", "§ 1", "Koning", then its "Artikel"s."""
    text = (
        "# Grondwet\n\n## Hoofdstuk 1\n\n### Artikel 1\n\nEen.\n\n## Hoofdstuk 2\n\n"
        "### § 1\n\n#### Koning\n\n### Artikel 24\n\nHet koningschap.\n\n### § 2\n\n"
        "### Artikel 42\n\nDe regering.\n\n## Hoofdstuk 3\n\n### § 1\n\n"
        "### Artikel 50\n\nDe Staten.\n"
    )
    doc = parse_document(text, format="markdown")
    assert [(p.key, p.kind.value, p.parent, p.heading) for p in doc.provisions] == [
        ("ch-1", "group", None, ""),
        ("art-1", "article", "ch-1", ""),
        ("ch-2", "group", None, ""),
        ("ch-2.sec-1", "group", "ch-2", "Koning"),
        ("art-24", "article", "ch-2.sec-1", ""),
        ("sec-2", "group", "ch-2", ""),
        ("art-42", "article", "sec-2", ""),
        ("ch-3", "group", None, ""),
        ("ch-3.sec-1", "group", "ch-3", ""),
        ("art-50", "article", "ch-3.sec-1", ""),
    ]


KOREAN = """민법

제1편 총칙

제1장 통칙

제1조(법원) 민사에 관하여 법률에 규정이 없으면 관습법에 의한다.

제2조(신의성실) ① 권리의 행사와 의무의 이행은 성실히 하여야 한다.
② 권리는 남용하지 못한다.

제3조 사람은 생존한 동안 권리와 의무의 주체가 된다.
"""


def test_korean_captions_after_the_label_and_circled_paragraphs() -> None:
    doc = parse_document(KOREAN, format="text")
    units = [(p.key, p.heading, p.text) for p in doc.provisions if p.kind is ProvisionKind.ARTICLE]
    assert units == [
        ("art-1", "법원", "민사에 관하여 법률에 규정이 없으면 관습법에 의한다."),
        (
            "art-2",
            "신의성실",
            "① 권리의 행사와 의무의 이행은 성실히 하여야 한다.\n\n② 권리는 남용하지 못한다.",
        ),
        ("art-3", "", "사람은 생존한 동안 권리와 의무의 주체가 된다."),
    ]
    assert doc.by_key()["art-1"].parent == "ch-1"
    by_paragraph = answer_by(doc, "paragraph")
    assert [p.key for p in by_paragraph.provisions if p.parent == "art-2"] == [
        "art-2.p-1",
        "art-2.p-2",
    ]
    japanese = parse_document(
        "民法\n\n第一条（基本原則） 私権は、公共の福祉に適合しなければならない。\n", format="text"
    )
    assert [(p.key, p.heading) for p in japanese.provisions] == [("art-1", "基本原則")]


def test_groups_nest_in_the_order_the_document_puts_them() -> None:
    """German codes: Buch > Abschnitt > Titel, where a treaty has Title > Chapter > Section."""
    text = (
        "Bürgerliches Gesetzbuch\n\nBuch 1\nAllgemeiner Teil\n\nAbschnitt 1\nPersonen\n\n"
        "Titel 1\nNatürliche Personen\n\n§ 1 Beginn\n\nDie Fähigkeit beginnt.\n\n"
        "Titel 2\nJuristische Personen\n\n§ 21 Vereine\n\nEin Verein.\n\n"
        "Abschnitt 2\nSachen\n\n§ 90 Begriff\n\nSachen sind Gegenstände.\n"
    )
    doc = parse_document(text, format="text")
    assert [(p.key, p.parent) for p in doc.provisions if p.kind is not ProvisionKind.PREAMBLE] == [
        ("book-1", None),
        ("sec-1", "book-1"),
        ("title-1", "sec-1"),
        ("art-1", "title-1"),
        ("title-2", "sec-1"),
        ("art-21", "title-2"),
        ("sec-2", "book-1"),
        ("art-90", "sec-2"),
    ]
    treaty = parse_document(
        "Treaty\n\nTITLE I\n\nCHAPTER 1\n\nSection 1\n\nArticle 1\n\nOne.\n\nTITLE II\n\n"
        "CHAPTER 1\n\nArticle 2\n\nTwo.\n",
        format="text",
    )
    assert [(p.key, p.parent) for p in treaty.provisions] == [
        ("title-1", None),
        ("title-1.ch-1", "title-1"),
        ("sec-1", "title-1.ch-1"),
        ("art-1", "sec-1"),
        ("title-2", None),
        ("title-2.ch-1", "title-2"),
        ("art-2", "title-2.ch-1"),
    ]


def test_a_one_word_sentence_after_the_label_is_the_articles_text_when_nothing_follows() -> None:
    """ "Art. 6. Koniec." is an article whose text is one word, not a heading over nothing."""
    text = "Ustawa\n\nArt. 5. Pierwszy.\n\nArt. 6. Koniec.\n\nArt. 7. Scope\n\nThe text.\n"
    doc = parse_document(text, format="text")
    assert [(p.key, p.heading, p.text) for p in doc.provisions] == [
        ("art-5", "", "Pierwszy."),
        ("art-6", "", "Koniec."),
        ("art-7", "Scope", "The text."),
    ]
