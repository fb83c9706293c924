"""The import preview's outline, counts and warnings (issue 12, point 4)."""

from __future__ import annotations

from inwriting.domain.documents import AnswerLevel, ParsedDocument, Provision, ProvisionKind
from inwriting.formats import parse_document, read_document
from inwriting.formats.preview import LONG_PROVISION, preview
from tests.conftest import DATA
from tests.unit.formats.test_parsing_traditions import US_TEXT

A, G = ProvisionKind.ARTICLE, ProvisionKind.GROUP


def _doc(*provisions: Provision) -> ParsedDocument:
    return ParsedDocument("A draft", provisions)


def test_a_clean_text_shows_its_outline_counts_and_no_warning() -> None:
    shown = preview(read_document(DATA / "uk" / "widget-safety-act.txt"), "paragraph")
    assert shown.level is AnswerLevel.PARAGRAPH and shown.default is AnswerLevel.ARTICLE
    assert shown.warnings == ()
    assert dict(shown.counts) == {
        "preamble": 1, "group": 5, "paragraph": 7, "article": 2, "annex": 2,
    }  # fmt: skip
    assert shown.answerable == 12
    rows = {row.key: row for row in shown.rows}
    assert (rows["part-1"].depth, rows["art-1"].depth, rows["art-1.p-1"].depth) == (0, 1, 2)
    assert rows["art-1"].heading == "Overview" and not rows["art-1"].answerable
    assert rows["art-1.p-1"].characters == len(
        "(1) This Act makes provision about the safety of widgets."
    )


def test_the_default_follows_the_structure() -> None:
    assert preview(parse_document(US_TEXT)).level is AnswerLevel.SECTION
    by_article = preview(parse_document(US_TEXT), "article")
    assert by_article.default is AnswerLevel.SECTION and by_article.level is AnswerLevel.ARTICLE


def test_empty_provisions_repeated_labels_and_long_ones_are_flagged() -> None:
    doc = _doc(
        Provision("art-1", A, "Article 1", "1", "", "Text."),
        Provision("art-1-2", A, "Article 1", "1", "", "Other text."),
        Provision("art-2", A, "Article 2", "2", "Heading only", ""),
        Provision("art-3", A, "Article 3", "3", "", "word " * (LONG_PROVISION // 4)),
    )
    warnings = preview(doc, "article").warnings
    assert warnings == (
        "1 provision with no text: art-2",
        "2 provisions share a label with another: 'Article 1' (their keys tell them apart)",
        f"1 provision over {LONG_PROVISION:,} characters, answered as one unit: art-3",
    )


def test_a_text_with_no_article_and_a_level_that_changes_nothing_are_flagged() -> None:
    doc = _doc(
        Provision("ch-1", G, "Chapter 1", "1", "", ""),
        Provision("annex-1", ProvisionKind.ANNEX, "Annex I", "1", "", "Tables.", "ch-1"),
    )
    shown = preview(doc, "paragraph")
    assert shown.warnings == (
        "no articles found: parties would answer only annex",
        "no article has numbered paragraphs: answering by paragraph is answering by article",
    )
    assert "answering by section is answering by article" in preview(doc, "section").warnings[-1]


def test_more_than_five_keys_are_counted_not_listed() -> None:
    doc = _doc(*(Provision(f"art-{n}", A, f"Article {n}", str(n), "", "") for n in range(1, 9)))
    assert preview(doc).warnings[0] == (
        "8 provisions with no text: art-1, art-2, art-3, art-4, art-5 and 3 more"
    )
