"""Continental codes and CJK numbering as drafters write them (issue 12, intake point 1).

Each rule is tried on small texts in the conventions of at least two traditions, in plain
text, Markdown and DOCX (the DOCX reader shares the structure rules), and keys must come back
the same from a re-parse and from a copy wrapped differently.
"""

from __future__ import annotations

import io

import docx

from inwriting.domain.documents import ParsedDocument, ProvisionKind
from inwriting.formats import parse_bytes, parse_document
from inwriting.formats.docx.writer import write_docx
from inwriting.formats.drafts.headings import caption_line, match_label
from inwriting.formats.drafts.markdown_writer import write_markdown
from inwriting.formats.levels import answer_by

Row = tuple[str, str, str | None, str, str]


def rows(doc: ParsedDocument) -> list[Row]:
    """(key, kind, parent, heading, text) of every provision but the preamble."""
    return [
        (p.key, p.kind.value, p.parent, p.heading, p.text)
        for p in doc.provisions
        if p.kind is not ProvisionKind.PREAMBLE
    ]


def as_markdown(text: str) -> str:
    """The plain text as a Markdown file: a blank line after every line, the title a heading."""
    lines = text.strip("\n").split("\n")
    return "\n\n".join([f"# {lines[0]}", *(line for line in lines[1:] if line.strip())]) + "\n"


def as_docx(text: str) -> bytes:
    """The plain text as a Word file: one paragraph a line, no heading styles."""
    document = docx.Document()
    for line in text.strip("\n").split("\n"):
        if line.strip():
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def every_format(text: str) -> list[ParsedDocument]:
    return [
        parse_document(text, format="text"),
        parse_document(as_markdown(text), format="markdown"),
        parse_bytes(as_docx(text), source="draft.docx"),
    ]


def keys(doc: ParsedDocument) -> list[str]:
    return [p.key for p in doc.provisions]


# -- CJK captions and full-width paragraph numbers ----------------------------------------

JAPANESE = """民法

第一編　総則

第一章　通則

（基本原則）
第一条　私権は、公共の福祉に適合しなければならない。
２　権利の行使及び義務の履行は、信義に従い誠実に行わなければならない。
３　権利の濫用は、これを許さない。

（解釈の基準）
第二条　この法律は、個人の尊厳と両性の本質的平等を旨として、解釈しなければならない。

第二章　人

第三条　私権の享有は、出生に始まる。

（成年）
第四条の二　年齢十八歳をもって、成年とする。
"""

JAPANESE_ROWS: list[Row] = [
    ("part-1", "group", None, "総則", ""),
    ("ch-1", "group", "part-1", "通則", ""),
    (
        "art-1",
        "article",
        "ch-1",
        "基本原則",
        "私権は、公共の福祉に適合しなければならない。\n\n"
        "２ 権利の行使及び義務の履行は、信義に従い誠実に行わなければならない。\n\n"
        "３ 権利の濫用は、これを許さない。",
    ),
    (
        "art-2",
        "article",
        "ch-1",
        "解釈の基準",
        "この法律は、個人の尊厳と両性の本質的平等を旨として、解釈しなければならない。",
    ),
    ("ch-2", "group", "part-1", "人", ""),
    ("art-3", "article", "ch-2", "", "私権の享有は、出生に始まる。"),
    ("art-4-2", "article", "ch-2", "成年", "年齢十八歳をもって、成年とする。"),
]

# Korea runs the caption into the label; Taiwan spaces its Arabic numbers.
KOREAN = """민법

제1장 통칙

제1조(법원) 민사에 관하여 법률에 규정이 없으면 관습법에 의한다.

제2조(신의성실) 권리의 행사와 의무의 이행은 신의에 좇아 성실히 하여야 한다.
"""

TAIWANESE = """民法

第 1 章 法例

第 1 條 民事，法律所未規定者，依習慣。

第 2 條 民事所適用之習慣，以不背於公共秩序或善良風俗者為限。
"""


def test_a_japanese_caption_above_an_article_is_its_heading() -> None:
    for doc in every_format(JAPANESE):
        assert rows(doc) == JAPANESE_ROWS


def test_a_korean_caption_run_into_the_label_is_its_heading() -> None:
    for doc in every_format(KOREAN):
        assert rows(doc) == [
            ("ch-1", "group", None, "통칙", ""),
            (
                "art-1",
                "article",
                "ch-1",
                "법원",
                "민사에 관하여 법률에 규정이 없으면 관습법에 의한다.",
            ),
            (
                "art-2",
                "article",
                "ch-1",
                "신의성실",
                "권리의 행사와 의무의 이행은 신의에 좇아 성실히 하여야 한다.",
            ),
        ]


def test_taiwanese_spaced_numbers() -> None:
    doc = parse_document(TAIWANESE, format="text")
    assert [(p.key, p.parent, p.heading) for p in doc.provisions] == [
        ("ch-1", None, "法例"),
        ("art-1", "ch-1", ""),
        ("art-2", "ch-1", ""),
    ]
    assert doc.provisions[1].text == "民事，法律所未規定者，依習慣。"


def test_a_caption_in_latin_script_above_an_article() -> None:
    text = "Act\n\n(Scope)\nArticle 1\nThis Act applies.\n\n(Definitions)\nArticle 2\nTerms.\n"
    for doc in every_format(text):
        assert [(p.key, p.heading, p.text) for p in doc.provisions] == [
            ("art-1", "Scope", "This Act applies."),
            ("art-2", "Definitions", "Terms."),
        ]


def test_what_is_no_caption() -> None:
    assert caption_line("（基本原則）") == "基本原則"
    assert caption_line("(Scope of application)") == "Scope of application"
    for line in ("(a)", "(iv)", "(12)", "(weggefallen)", "[Repealed]", "(See Article 7.)", "()"):
        assert caption_line(line) == "", line
    # a bracketed line glued to the text before it stays text
    text = "Act\n\nArticle 1\nThe rules.\n(as amended)\n\nArticle 2\nMore rules.\n"
    doc = parse_document(text, format="text")
    assert [(p.key, p.heading, p.text) for p in doc.provisions] == [
        ("art-1", "", "The rules. (as amended)"),
        ("art-2", "", "More rules."),
    ]
    # an article with its own heading keeps it
    text = "Act\n\n(Old caption)\nArticle 1 – Scope\nThe rules.\n"
    doc = parse_document(text, format="text")
    assert [(p.key, p.heading) for p in doc.provisions if p.key != "preamble"] == [
        ("art-1", "Scope")
    ]


def test_full_width_paragraph_numbers_are_paragraphs_of_the_article() -> None:
    doc = answer_by(parse_document(JAPANESE, format="text"), "paragraph")
    article = [
        (p.key, p.kind.value, p.label, p.text) for p in doc.provisions if p.key.startswith("art-1")
    ]
    assert article == [
        ("art-1", "group", "第一条", ""),
        ("art-1.p-1", "paragraph", "第一条(1)", "私権は、公共の福祉に適合しなければならない。"),
        (
            "art-1.p-2",
            "paragraph",
            "第一条(2)",
            "２ 権利の行使及び義務の履行は、信義に従い誠実に行わなければならない。",
        ),
        ("art-1.p-3", "paragraph", "第一条(3)", "３ 権利の濫用は、これを許さない。"),
    ]
    # an article with one paragraph stays whole
    assert next(p for p in doc.provisions if p.key == "art-2").kind is ProvisionKind.ARTICLE


def test_cjk_captions_round_trip_through_the_writers() -> None:
    doc = parse_document(JAPANESE, format="text")
    again = parse_document(write_markdown(doc), format="markdown")
    assert rows(again) == JAPANESE_ROWS
    assert rows(parse_bytes(write_docx(doc), source="civil.docx")) == JAPANESE_ROWS
    assert match_label("第一条 – 基本原則") is not None


def test_cjk_keys_are_stable_on_a_rewrapped_copy() -> None:
    wrapped = JAPANESE.replace("ならない。\n２", "ならない。\n\n２").replace("\n（", "\n\n（")
    assert keys(parse_document(wrapped, format="text")) == keys(
        parse_document(JAPANESE, format="text")
    )
    assert rows(parse_document(JAPANESE, format="text")) == rows(
        parse_document(JAPANESE, format="text")
    )
