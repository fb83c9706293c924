"""The answer level (issue 12, point 2): one document cut by article, section or paragraph.

US-style texts (ARTICLEs grouping Sections), UK-style texts (a UK Act's sections with
subsections "(1)", Parts and Schedules; a UK contract's clauses with subclauses "1.1"), in
every format the product reads, and treaties from the corpora; with the invariants every cut
keeps: keys unique, every answerable provision has text, no group holds text, the same keys
from the same file, a re-wrapped copy and a re-styled one.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inwriting.domain.documents import AnswerLevel, ParsedDocument, ProvisionKind
from inwriting.errors import ValidationError
from inwriting.formats import parse_bytes, parse_document, read_document, render_document
from inwriting.formats.levels import (
    answer_by,
    default_level,
    level_named,
    us_style,
    whole_articles,
)
from tests.conftest import DATA
from tests.unit.formats import docx_builders as build
from tests.unit.formats.test_parsing_traditions import US_MARKDOWN, US_TEXT

UK = DATA / "uk"
ACT = UK / "widget-safety-act.txt"
INTAKE = DATA / "intake"
CORPUS = DATA / "corpus"


def outline(doc: ParsedDocument) -> list[tuple[str, str, str, str | None]]:
    return [(p.key, p.kind.value, p.label, p.parent) for p in doc.provisions]


def keys(doc: ParsedDocument) -> list[str]:
    return [p.key for p in doc.provisions]


def check_invariants(doc: ParsedDocument) -> None:
    """What every level keeps: unique keys, answerable text, no text under a heading."""
    assert len(set(keys(doc))) == len(doc.provisions)
    for provision in doc.provisions:
        if provision.kind is ProvisionKind.GROUP:
            assert provision.text == "", provision.key
        elif provision.kind is not ProvisionKind.PREAMBLE:
            assert provision.text.strip() or provision.heading, provision.key
        if provision.kind is ProvisionKind.PARAGRAPH:
            assert provision.text.strip(), provision.key
            assert provision.parent is not None
    known = set(keys(doc))
    assert all(p.parent is None or p.parent in known for p in doc.provisions)


# -- naming a level --------------------------------------------------------------------------


def test_level_names_are_read_case_blind_and_empty_means_default() -> None:
    assert level_named("Paragraph") is AnswerLevel.PARAGRAPH
    assert level_named(" section ") is AnswerLevel.SECTION
    assert level_named("") is None
    assert level_named(None) is None


def test_an_unknown_level_is_refused_with_the_levels_there_are() -> None:
    with pytest.raises(ValidationError) as raised:
        level_named("clause")
    assert str(raised.value) == (
        "unknown answer level 'clause': expected one of article, section, paragraph"
    )
    assert raised.value.problems[0].field == "answer_by"
    with pytest.raises(ValidationError):
        answer_by(parse_document(US_TEXT), "sentence")


# -- US style: ARTICLEs grouping Sections ----------------------------------------------------


@pytest.mark.parametrize("text", [US_MARKDOWN, US_TEXT], ids=["markdown", "text"])
def test_us_style_defaults_to_sections(text: str) -> None:
    doc = parse_document(text)
    assert us_style(doc)
    assert default_level(doc) is AnswerLevel.SECTION
    assert answer_by(doc, None) == doc == answer_by(doc, "section")


@pytest.mark.parametrize("text", [US_MARKDOWN, US_TEXT], ids=["markdown", "text"])
def test_us_style_by_article_makes_each_article_one_answer(text: str) -> None:
    doc = answer_by(parse_document(text), AnswerLevel.ARTICLE)
    check_invariants(doc)
    units = [p for p in doc.provisions if p.kind is not ProvisionKind.PREAMBLE]
    assert [(p.key, p.kind.value, p.heading) for p in units] == [
        ("art-1", "article", "DEFINITIONS"),
        ("art-2", "article", "SERVICES"),
        ("closing", "closing", ""),
    ]
    first = doc.by_key()["art-1"]
    assert first.label == "ARTICLE I"
    paragraphs = first.text.split("\n\n")
    assert paragraphs[0] == "Section 1.1 Defined Terms"
    assert "Section 1.2 Interpretation" in paragraphs
    assert "Headings do not affect interpretation." in first.text


def test_us_style_by_paragraph_cuts_sections_at_their_subsections() -> None:
    text = US_TEXT.replace(
        "Section 2.1 Scope. The Provider shall perform the Services.",
        "Section 2.1 Scope\n\n(a) The Provider shall perform the Services.\n\n"
        "(b) The Customer shall cooperate.",
    )
    doc = answer_by(parse_document(text), "paragraph")
    check_invariants(doc)
    by_key = doc.by_key()
    assert by_key["art-2.1"].kind is ProvisionKind.GROUP
    assert by_key["art-2.1"].parent == "article-2"
    assert by_key["art-2.1.p-a"].label == "Section 2.1(a)"
    assert by_key["art-2.1.p-b"].text == "(b) The Customer shall cooperate."
    assert by_key["art-1.1"].kind is ProvisionKind.ARTICLE  # no subsections: answered whole


def test_a_text_without_articles_over_sections_is_the_same_by_section_and_by_article() -> None:
    doc = read_document(INTAKE / "north-atlantic-treaty-1949.md")
    assert not us_style(doc)
    assert default_level(doc) is AnswerLevel.ARTICLE
    assert answer_by(doc, "section") == doc == answer_by(doc, "article")


# -- UK style: sections with subsections, Parts, Schedules; clauses with subclauses -----------

ACT_BY_PARAGRAPH = [
    ("preamble", "preamble", "Preamble", None),
    ("part-1", "group", "PART 1", None),
    ("art-1", "group", "1", "part-1"),
    ("art-1.p-1", "paragraph", "1(1)", "art-1"),
    ("art-1.p-2", "paragraph", "1(2)", "art-1"),
    ("art-2", "article", "2", "part-1"),
    ("part-2", "group", "PART 2", None),
    ("art-3", "group", "3", "part-2"),
    ("art-3.p-1", "paragraph", "3(1)", "art-3"),
    ("art-3.p-2", "paragraph", "3(2)", "art-3"),
    ("art-3.p-3", "paragraph", "3(3)", "art-3"),
    ("art-4", "group", "4", "part-2"),
    ("art-4.p-1", "paragraph", "4(1)", "art-4"),
    ("art-4.p-2", "paragraph", "4(2)", "art-4"),
    ("art-5", "article", "5", "part-2"),
    ("schedule-1", "annex", "SCHEDULE 1", None),
    ("schedule-2", "annex", "SCHEDULE 2", None),
]


def test_a_uk_act_is_read_into_parts_sections_and_schedules() -> None:
    doc = read_document(ACT)
    assert default_level(doc) is AnswerLevel.ARTICLE
    by_key = doc.by_key()
    assert [p.key for p in doc.answerable()] == [
        "preamble", "art-1", "art-2", "art-3", "art-4", "art-5", "schedule-1", "schedule-2",
    ]  # fmt: skip
    assert (by_key["art-3"].label, by_key["art-3"].heading) == ("3", "Duty of suppliers")
    assert by_key["art-3"].text.startswith("(1) A supplier must not supply")
    assert (by_key["part-2"].heading, by_key["schedule-2"].heading) == (
        "SAFETY REQUIREMENTS",
        "SAFETY REQUIREMENTS",
    )


def test_a_uk_act_by_paragraph_answers_each_subsection() -> None:
    doc = answer_by(read_document(ACT), "paragraph")
    check_invariants(doc)
    assert outline(doc) == ACT_BY_PARAGRAPH
    by_key = doc.by_key()
    assert by_key["art-3"].heading == "Duty of suppliers"
    assert by_key["art-3.p-3"].text == (
        "(3) A supplier who contravenes subsection (1) commits an offence."
    )


def _act_as_docx() -> bytes:
    """The Act as a drafter types it in Word: headings styled, subsections as paragraphs."""
    document = build.new()
    document.add_paragraph("Widget Safety Act 2026", style="Title")
    document.add_paragraph("An Act to make provision about the safety of widgets.")
    blocks = read_document(ACT)
    for provision in blocks.provisions:
        if provision.kind is ProvisionKind.PREAMBLE:
            continue
        style = "Heading 2" if provision.kind is ProvisionKind.ARTICLE else "Heading 1"
        document.add_paragraph(f"{provision.label} {provision.heading}".strip(), style=style)
        for paragraph in provision.text.split("\n\n"):
            document.add_paragraph(paragraph)
    return build.save(document)


def test_a_uk_act_gives_the_same_paragraph_keys_in_text_docx_markdown_and_akn() -> None:
    wanted = [k for k in keys(answer_by(read_document(ACT), "paragraph")) if k != "preamble"]
    from_docx = answer_by(parse_bytes(_act_as_docx(), source="act.docx"), "paragraph")
    markdown = render_document(answer_by(read_document(ACT), "paragraph"), "markdown")
    from_markdown = answer_by(parse_bytes(markdown, source="act.md"), "paragraph")
    for doc in (from_docx, from_markdown):
        check_invariants(doc)
        assert [k for k in keys(doc) if k != "preamble"] == wanted
    from_akn = answer_by(read_document(UK / "widget-safety-act.akn.xml"), "paragraph")
    check_invariants(from_akn)
    assert [p.key for p in from_akn.provisions if p.kind is ProvisionKind.PARAGRAPH] == [
        "art-1.p-1", "art-1.p-2", "art-3.p-1", "art-3.p-2",
    ]  # fmt: skip
    assert from_akn.by_key()["art-3.p-2"].label == "Section 3(2)"


@pytest.mark.parametrize("name", ["services-agreement.md", "services-agreement.txt"])
def test_a_uk_contract_by_paragraph_answers_each_subclause(name: str) -> None:
    doc = answer_by(read_document(UK / name), "paragraph")
    check_invariants(doc)
    units = [(p.key, p.kind.value, p.label) for p in doc.provisions if p.answerable]
    assert units[1:8] == [
        ("art-1.p-1", "paragraph", "1.1"),
        ("art-1.p-2", "paragraph", "1.2"),
        ("art-2.p-1", "paragraph", "2.1"),
        ("art-2.p-2", "paragraph", "2.2"),
        ("art-3", "article", "3."),
        ("art-4.p-1", "paragraph", "4.1"),
        ("art-4.p-2", "paragraph", "4.2"),
    ]
    by_key = doc.by_key()
    assert by_key["art-4.p-2"].text == "4.2 Clause 4.1 does not affect accrued rights."
    assert [p.key for p in doc.provisions if p.kind is ProvisionKind.ANNEX] == [
        "schedule-1",
        "schedule-2",
    ]
    if name.endswith(".txt"):  # the attestation and signatures close the text
        assert by_key["closing"].text.startswith("This Agreement has been entered into")


def test_a_uk_contract_typed_in_word_gives_the_same_keys() -> None:
    """Clause headings styled as headings, subclauses as plain paragraphs."""
    source = read_document(UK / "services-agreement.md")
    document = build.new()
    document.add_paragraph(source.title, style="Title")
    for provision in source.provisions:
        if provision.kind is not ProvisionKind.PREAMBLE:
            heading = f"{provision.label} {provision.heading}".strip()
            document.add_paragraph(heading, style="Heading 1")
        for paragraph in provision.text.split("\n\n"):
            document.add_paragraph(paragraph)
    from_word = answer_by(parse_bytes(build.save(document), source="c.docx"), "paragraph")
    check_invariants(from_word)
    assert keys(from_word) == keys(answer_by(source, "paragraph"))


# -- treaties: paragraphs "1." / "2." and the words before them -------------------------------


def test_a_regulation_by_paragraph_labels_paragraphs_as_they_are_cited() -> None:
    doc = answer_by(read_document(CORPUS / "gdpr-2016-679.en.txt"), "paragraph")
    check_invariants(doc)
    by_key = doc.by_key()
    assert by_key["art-5"].kind is ProvisionKind.GROUP
    assert by_key["art-5"].heading == "Principles relating to processing of personal data"
    assert by_key["art-5.p-2"].label == "Article 5(2)"
    assert by_key["art-5.p-2"].text.startswith("2.")
    assert by_key["art-5.p-1"].parent == "art-5"
    assert "art-5.intro" not in by_key  # paragraph 1 opens the article
    assert by_key["art-99.p-2"].label == "Article 99(2)"


def test_the_words_before_paragraph_1_are_answered_on_their_own() -> None:
    text = (
        "# Agreement\n\n## Article 1 – Obligations\n\nThe Parties agree that:\n\n"
        "1. Each shall notify the other.\n\n(a) in writing;\n\n(b) promptly.\n\n"
        "2. Neither shall disclose.\n\n## Article 2\n\nThis Agreement enters into force.\n"
    )
    doc = answer_by(parse_document(text), "paragraph")
    check_invariants(doc)
    assert outline(doc) == [
        ("art-1", "group", "Article 1", None),
        ("art-1.intro", "paragraph", "Article 1, introductory words", "art-1"),
        ("art-1.p-1", "paragraph", "Article 1(1)", "art-1"),
        ("art-1.p-2", "paragraph", "Article 1(2)", "art-1"),
        ("art-2", "article", "Article 2", None),
    ]
    by_key = doc.by_key()
    assert by_key["art-1"].heading == "Obligations"
    assert by_key["art-1.intro"].text == "The Parties agree that:"
    assert by_key["art-1.p-1"].text == (
        "1. Each shall notify the other.\n\n(a) in writing;\n\n(b) promptly."
    )


def test_a_list_inside_a_paragraph_does_not_restart_the_count() -> None:
    text = (
        "Article 1\n\n(1) The Parties shall:\n\n1. meet;\n\n2. report.\n\n"
        "(2) The Committee shall decide.\n\n(4) A stray number is text.\n"
    )
    doc = answer_by(parse_document(text), "paragraph")
    assert [p.key for p in doc.provisions] == ["art-1", "art-1.p-1", "art-1.p-2"]
    assert doc.by_key()["art-1.p-2"].text.endswith("(4) A stray number is text.")


def test_an_article_with_one_numbered_paragraph_stays_whole() -> None:
    doc = answer_by(
        parse_document("Article 1\n\n1. Only one.\n\nArticle 2\n\nText.\n"), "paragraph"
    )
    assert [(p.key, p.kind.value) for p in doc.provisions] == [
        ("art-1", "article"),
        ("art-2", "article"),
    ]


# -- every document of the corpora, at every level -------------------------------------------

DOCUMENTS = (
    sorted(INTAKE.glob("*-*.md"))
    + sorted(INTAKE.glob("*.txt"))
    + sorted(p for p in UK.glob("*.*") if p.name != "README.md")
)


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
@pytest.mark.parametrize("level", list(AnswerLevel))
def test_every_level_of_every_document_keeps_the_invariants(path: Path, level: AnswerLevel) -> None:
    parsed = read_document(path)
    first = answer_by(parsed, level)
    check_invariants(first)
    assert answer_by(read_document(path), level) == first  # same file, same keys
    if level is not AnswerLevel.ARTICLE or not us_style(parsed):  # nothing folded: reversible
        assert whole_articles(first) == parsed


def test_paragraph_levels_of_the_corpus_count_what_a_reader_counts() -> None:
    mpl = answer_by(read_document(INTAKE / "mpl-2.0.txt"), "paragraph")
    units = [p for p in mpl.provisions if p.answerable and p.kind is not ProvisionKind.ANNEX]
    # The manifest's 38 units: 1.1-1.14, 2.1-2.7, 3.1-3.5, 4, 5.1-5.3, 6-9, 10.1-10.4.
    assert len(units) == 38
    assert (units[0].label, units[-1].label) == ("1.1", "10.4")
    law = answer_by(read_document(INTAKE / "us-public-law-114-190.txt"), "paragraph")
    assert law.by_key()["art-1101.p-b"].label == "SEC. 1101(b)"


# -- stable keys: a re-wrapped copy, a re-styled copy ----------------------------------------


_STARTS_LINE = re.compile(r"^(?:\(?\d+|\([a-z]+\)|[^a-z]+$|Article |CHAPTER |SECTION )")


def _rewrapped(text: str, width: int) -> str:
    """The text with every run of running text broken again at ``width``: its lines joined
    and filled, as another editor or a PDF would have broken them. A line that starts a
    paragraph ("(2) ...", "Article 5", a heading in capitals) or follows a short one (a
    heading, a paragraph's last line) starts a new run, as it did."""
    runs: list[list[str]] = []
    for line in text.split("\n"):
        previous = runs[-1][-1] if runs and runs[-1] else ""
        starts = not line.strip() or not previous.strip() or _STARTS_LINE.match(line)
        if starts or len(previous) < 50:
            runs.append([line])
        else:
            runs[-1].append(line)
    out = []
    for run in runs:
        joined = " ".join(run)
        running = len(joined) > 70 and joined.rstrip()[-1:] in (".", ";", ":", ",")
        out.append(textwrap.fill(joined, width, break_on_hyphens=False) if running else joined)
    return "\n".join(out)


@pytest.mark.parametrize(
    "path",
    [ACT, UK / "services-agreement.txt", CORPUS / "gdpr-2016-679.en.txt"],
    ids=lambda p: p.name,
)
@pytest.mark.parametrize("level", list(AnswerLevel))
def test_a_rewrapped_copy_gives_the_same_keys(path: Path, level: AnswerLevel) -> None:
    text = path.read_text(encoding="utf-8")
    original = answer_by(parse_document(text, source=path.name), level)
    for width in (48, 93):
        copy = answer_by(parse_document(_rewrapped(text, width), source=path.name), level)
        assert keys(copy) == keys(original)
        assert [_words(p.text) for p in copy.provisions] == [
            _words(p.text) for p in original.provisions
        ]


def _words(text: str) -> list[str]:
    return text.split()


def test_a_restyled_copy_gives_the_same_paragraph_keys() -> None:
    text = ACT.read_text(encoding="utf-8")
    restyled = re.sub(r"^\((\d+)\) ", r"\1. ", text, flags=re.MULTILINE)
    assert restyled != text
    original = answer_by(parse_document(text), "paragraph")
    copy = answer_by(parse_document(restyled), "paragraph")
    assert keys(copy) == keys(original)
    assert [p.label for p in copy.provisions] == [p.label for p in original.provisions]


# -- writers lay out whole articles ----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "docx", "akn", "json"])
def test_a_version_by_paragraph_is_written_and_read_back_to_the_same_paragraphs(fmt: str) -> None:
    doc = answer_by(read_document(ACT), "paragraph")
    data = render_document(doc, fmt)
    suffix = {"markdown": "md", "docx": "docx", "akn": "xml", "json": "json"}[fmt]
    back = parse_bytes(data, source=f"act.{suffix}")
    again = back if fmt == "json" else answer_by(back, "paragraph")
    assert outline(again) == outline(doc)


def test_whole_articles_puts_the_paragraphs_back_together() -> None:
    original = read_document(ACT)
    assert whole_articles(answer_by(original, "paragraph")) == original


# -- any document the parsers give ------------------------------------------------------------

_BLOCK = st.sampled_from(
    [
        "(1) One.", "(2) Two.", "(3) Three.", "(2A) Inserted.", "1. One.", "2. Two.",
        "3. Three.", "5.1 Sub.", "5.2 Sub.", "(a) point;", "(b) point.", "The Parties agree:",
        "Text.", "(7) stray.", "**1.** Bold.", "1\\. Escaped.",
    ]
)  # fmt: skip


@given(
    st.lists(st.lists(_BLOCK, min_size=1, max_size=8), min_size=1, max_size=6),
    st.sampled_from(list(AnswerLevel)),
)
@settings(max_examples=150, deadline=None)
def test_any_cut_keeps_the_invariants_and_can_be_made_whole(
    articles: list[list[str]], level: AnswerLevel
) -> None:
    text = "# Draft\n\n" + "".join(
        f"## Article {n}\n\n" + "\n\n".join(blocks) + "\n\n"
        for n, blocks in enumerate(articles, start=1)
    )
    parsed = parse_document(text)
    cut = answer_by(parsed, level)
    check_invariants(cut)
    assert whole_articles(cut) == parsed
    paragraphs = [p for p in cut.provisions if p.kind is ProvisionKind.PARAGRAPH]
    # A number written twice gets a suffix (art-1.p-a-2), as repeated labels do everywhere.
    assert all(re.fullmatch(r"art-\d+\.(?:p-\w+(?:-\d+)?|intro)", p.key) for p in paragraphs)
