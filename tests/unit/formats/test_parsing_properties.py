"""Properties of the draft parser, on arbitrary and on generated well-formed documents.

* Any text at all gives a parsed document or a :class:`FormatError`, never another exception;
  when it parses, keys are unique and every parent names a group that comes before.
* A document generated from a known structure (chapters or none, articles numbered on or
  restarting per chapter, label and heading styles, wrapped or unwrapped paragraphs, a
  preamble, a closing, annexes), written as plain text or as Markdown, parses back into
  exactly that structure.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inwriting.domain.documents import ParsedDocument
from inwriting.errors import FormatError
from inwriting.formats import parse_document

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
ROMAN += ["XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX"]
WORDS = ["water", "river", "fish", "boat", "party", "commission", "season", "limit", "report"]
WORDS += ["annual", "joint", "stock", "measure", "shall", "each", "member", "state", "catch"]
WORDS += ["vessel", "licence", "quota", "data", "notice"]

# Fragments of the syntax the parser looks for, so that random texts come close to it.
FRAGMENTS = st.sampled_from(
    [
        "Article", "ARTICLE", "Art.", "§", "Section", "CHAPTER", "PART", "Annex", "Appendix",
        "1", "2", "3", "0.", "1.", "2.", "V", "II", "(1)", "(2)", "-", "–", ":", ".", "\n",
        "\n\n", "\f", "#", "##", "**", "```", "---", "***********************", "Done at",
        "HAVE ADOPTED THIS REGULATION:", "Whereas:", "END OF TERMS AND CONDITIONS", "Scope",
        "premier", "One", "Sec ti on", "(a)", "1er", "5 bis", "Статья", "\u00ad", "\t", "text.",
    ]
)  # fmt: skip


def check_invariants(doc: ParsedDocument) -> None:
    keys = [p.key for p in doc.provisions]
    assert len(keys) == len(set(keys))
    groups: set[str] = set()
    for provision in doc.provisions:
        assert provision.parent is None or provision.parent in groups
        if not provision.answerable:
            groups.add(provision.key)
    assert any(p.answerable for p in doc.provisions)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(), fmt=st.sampled_from(["auto", "markdown", "text"]))
def test_any_text_parses_or_raises_format_error(text: str, fmt: str) -> None:
    try:
        doc = parse_document(text, format=fmt, source="fuzz")
    except FormatError as error:
        message = str(error)
    else:
        check_invariants(doc)
        return
    assert message.startswith("fuzz")  # every error names its source


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.lists(FRAGMENTS | st.text(max_size=5), max_size=80).map(" ".join),
    fmt=st.sampled_from(["auto", "markdown", "text"]),
)
def test_near_miss_texts_parse_or_raise_format_error(text: str, fmt: str) -> None:
    try:
        doc = parse_document(text, format=fmt)
    except FormatError:
        return
    check_invariants(doc)


# --- generated well-formed documents -------------------------------------------------------


@dataclass(frozen=True)
class Article:
    number: int
    label: str
    heading: str
    heading_style: str  # "none", "dash", "dot", "next"
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Chapter:
    number: int
    heading: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Document:
    title: str
    preamble: tuple[str, ...]
    chapters: tuple[Chapter, ...]  # a single chapter numbered 0 stands for "no chapters"
    closing: str
    annexes: tuple[tuple[str, str], ...]  # (label, text)
    wrap: int  # 0: one paragraph per line


words = st.sampled_from(WORDS)
sentence = st.lists(words, min_size=3, max_size=14).map(lambda w: " ".join(w).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=3).map(" ".join)
heading_text = st.lists(words, min_size=1, max_size=5).map(lambda w: " ".join(w).capitalize())
LABELS = ["Article {n}", "ARTICLE {roman}", "Art. {n}", "§ {n}", "Artikel {n}", "Статья {n}"]


@st.composite
def documents(draw: st.DrawFn) -> Document:
    style = draw(st.sampled_from(LABELS))
    restart = draw(st.booleans())
    chapter_count = draw(st.integers(0, 3))
    chapters: list[Chapter] = []
    number = 0
    for chapter in range(1, max(chapter_count, 1) + 1):
        if restart and chapter_count:
            number = 0
        articles = []
        for _ in range(draw(st.integers(1, 4))):
            number += 1
            label = style.format(n=number, roman=ROMAN[number - 1])
            articles.append(
                Article(
                    number,
                    label,
                    draw(heading_text),
                    draw(st.sampled_from(["none", "dash", "dot", "next"])),
                    tuple(draw(st.lists(paragraph, min_size=1, max_size=3))),
                )
            )
        heading = draw(heading_text) if chapter_count else ""
        chapters.append(Chapter(chapter if chapter_count else 0, heading, tuple(articles)))
    annex_count = draw(st.integers(0, 2))
    annexes = tuple((f"Annex {ROMAN[i]}", draw(paragraph)) for i in range(annex_count))
    return Document(
        title="Agreement on " + " ".join(draw(st.lists(words, min_size=1, max_size=4))),
        preamble=tuple(draw(st.lists(paragraph, max_size=2))),
        chapters=tuple(chapters),
        closing=draw(st.sampled_from(["", "Done at Geneva on the first day of June."])),
        annexes=annexes,
        wrap=draw(st.sampled_from([0, 50, 64, 79])),
    )


def _para(text: str, wrap: int) -> str:
    return textwrap.fill(text, wrap) if wrap else text


def render_text(doc: Document) -> str:
    out = [doc.title, ""]
    out += [_para(p, doc.wrap) + "\n" for p in doc.preamble]
    for chapter in doc.chapters:
        if chapter.number:
            out += [f"CHAPTER {ROMAN[chapter.number - 1]}", chapter.heading, ""]
        for article in chapter.articles:
            out += _article_lines(article)
            out += [_para(p, doc.wrap) + "\n" for p in article.paragraphs]
    if doc.closing:
        out += [doc.closing, ""]
    for label, text in doc.annexes:
        out += [label, "", _para(text, doc.wrap), ""]
    return "\n".join(out)


def _article_lines(article: Article) -> list[str]:
    if article.heading_style == "dash":
        return [f"{article.label} – {article.heading}", ""]
    if article.heading_style == "dot":
        return [f"{article.label}. {article.heading}", ""]
    if article.heading_style == "next":
        return [article.label, article.heading, ""]
    return [article.label, ""]


def render_markdown(doc: Document) -> str:
    out = [f"# {doc.title}", ""]
    out += [_para(p, doc.wrap) + "\n" for p in doc.preamble]
    for chapter in doc.chapters:
        if chapter.number:
            out += [f"## CHAPTER {ROMAN[chapter.number - 1]}", "", f"### {chapter.heading}", ""]
        for article in chapter.articles:
            if article.heading_style == "none":
                out += [f"### {article.label}", ""]
            elif article.heading_style == "next":
                out += [f"### {article.label}", "", f"#### {article.heading}", ""]
            else:
                out += [f"### {article.label} – {article.heading}", ""]
            out += [_para(p, doc.wrap) + "\n" for p in article.paragraphs]
    if doc.closing:
        out += [doc.closing, ""]
    for label, text in doc.annexes:
        out += [f"## {label}", "", _para(text, doc.wrap), ""]
    return "\n".join(out)


def expected(doc: Document) -> list[tuple[str, str, str, str, str, str | None]]:
    """(kind, label, number, heading, text, parent number) in document order."""
    rows: list[tuple[str, str, str, str, str, str | None]] = []
    if doc.preamble:
        rows.append(("preamble", "Preamble", "", "", "\n\n".join(doc.preamble), None))
    for chapter in doc.chapters:
        parent = None
        if chapter.number:
            parent = str(chapter.number)
            label = f"CHAPTER {ROMAN[chapter.number - 1]}"
            rows.append(("group", label, parent, chapter.heading, "", None))
        for a in chapter.articles:
            heading = "" if a.heading_style == "none" else a.heading
            text = "\n\n".join(a.paragraphs)
            rows.append(("article", a.label, str(a.number), heading, text, parent))
    if doc.closing:
        rows.append(("closing", "Closing", "", "", doc.closing, None))
    for label, text in doc.annexes:
        rows.append(("annex", label, str(ROMAN.index(label.split()[1]) + 1), "", text, None))
    return rows


def parsed_rows(parsed: ParsedDocument) -> list[tuple[str, str, str, str, str, str | None]]:
    numbers = {p.key: p.number for p in parsed.provisions}
    return [
        (
            p.kind.value,
            p.label,
            p.number,
            p.heading,
            p.text,
            numbers[p.parent] if p.parent else None,
        )
        for p in parsed.provisions
    ]


def check_keys(parsed: ParsedDocument) -> None:
    check_invariants(parsed)
    numbers = [p.number for p in parsed.provisions if p.kind.value == "article"]
    for p in parsed.provisions:
        if p.kind.value == "article":
            repeated = numbers.count(p.number) > 1
            assert p.key == (f"{p.parent}.art-{p.number}" if repeated else f"art-{p.number}")


@settings(max_examples=150, deadline=None)
@given(doc=documents())
def test_generated_plain_text_parses_back(doc: Document) -> None:
    parsed = parse_document(render_text(doc), source="generated.txt")
    assert parsed.title == doc.title
    assert parsed_rows(parsed) == expected(doc)
    check_keys(parsed)


@settings(max_examples=150, deadline=None)
@given(doc=documents())
def test_generated_markdown_parses_back(doc: Document) -> None:
    parsed = parse_document(render_markdown(doc), source="generated.md")
    assert parsed.title == doc.title
    assert parsed_rows(parsed) == expected(doc)
    check_keys(parsed)
