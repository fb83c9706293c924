"""The building blocks of the draft parser: labels and numbers, keys, paragraphs, PDF pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from inwriting.formats import parse_document
from inwriting.formats.drafts.headings import (
    LabelRole,
    match_label,
    normalise_number,
    rest_is_heading,
)
from inwriting.formats.drafts.keys import heading_slug, numbered, unique_keys
from inwriting.formats.drafts.layout import Line, paragraphs, source_lines, wrap_width
from inwriting.formats.drafts.pages import remove_page_furniture, respace_letter_spaced

DATA = Path(__file__).resolve().parents[2] / "data" / "formats"


# --- numbers and labels ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "letters", "number"),
    [
        ("5", False, "5"),
        ("05", False, "5"),
        ("V", False, "5"),
        ("XIV", False, "14"),
        ("xiv", False, "14"),
        ("MCMXCIX", False, "1999"),
        ("Five", False, "5"),
        ("TWENTIETH", False, "20"),
        ("premier", False, "1"),
        ("1er", False, "1"),
        ("5a", False, "5a"),
        ("5 bis", False, "5bis"),
        ("1.2", False, "1.2"),
        ("A", True, "A"),
        ("I", True, "1"),
        ("A", False, None),
        ("Of", False, None),
        ("IIII", False, None),
        ("Xi", False, None),
    ],
)
def test_normalise_number(token: str, letters: bool, number: str | None) -> None:
    assert normalise_number(token, letters=letters) == number


@pytest.mark.parametrize(
    ("line", "role", "prefix", "label", "number", "rest"),
    [
        ("Article 5", LabelRole.ARTICLE, "art", "Article 5", "5", ""),
        ("Art.3 – Scope", LabelRole.ARTICLE, "art", "Art.3", "3", "Scope"),
        ("§ 12a Geltung", LabelRole.ARTICLE, "art", "§ 12a", "12a", "Geltung"),
        ("Статья 7. Предмет", LabelRole.ARTICLE, "art", "Статья 7", "7", "Предмет"),
        ("CHAPTER  IV", LabelRole.GROUP, "ch", "CHAPTER IV", "4", ""),
        ("Hoofdstuk 2", LabelRole.GROUP, "ch", "Hoofdstuk 2", "2", ""),
        ("PART ONE", LabelRole.GROUP, "part", "PART ONE", "1", ""),
        ("Titre II", LabelRole.GROUP, "title", "Titre II", "2", ""),
        ("Section 3", LabelRole.GROUP, "sec", "Section 3", "3", ""),
        ("Annex C", LabelRole.ANNEX, "annex", "Annex C", "C", ""),
        ("Appendix: Licences", LabelRole.ANNEX, "appendix", "Appendix", "", "Licences"),
    ],
)
def test_match_label(
    line: str, role: LabelRole, prefix: str, label: str, number: str, rest: str
) -> None:
    found = match_label(line)
    assert found is not None
    assert (found.role, found.prefix, found.label, found.number, found.rest) == (
        role,
        prefix,
        label,
        number,
        rest,
    )


@pytest.mark.parametrize(
    "line",
    [
        "Article 16(2) TFEU mandates the Parliament",
        "Article 5 of the Treaty applies",
        "Articles 5 and 6",
        "Article 5 (2) applies",
        "Partial agreement",
        "Annex to the Convention",
        "Chapters 2 and 3",
        "article",
    ],
)
def test_lines_that_are_not_labels(line: str) -> None:
    assert match_label(line) is None


def test_any_rest_is_a_heading_on_a_marked_line() -> None:
    found = match_label("Article 5 of the Treaty", marked=True)
    assert found is not None
    assert found.rest == "of the Treaty"


@pytest.mark.parametrize(
    ("rest", "continues", "heading"),
    [
        ("Definitions", True, True),
        ("Definitions.", False, True),
        ("Protecting Users' Legal Rights From Anti-Circumvention Law.", False, True),
        ("This License applies to any program or other work which contains", True, False),
        ("You may copy and distribute verbatim copies of the Program's", True, False),
        ("The Licensee shall pay the fee.", False, False),
        ("definitions", False, False),
    ],
)
def test_rest_is_heading(rest: str, continues: bool, heading: bool) -> None:
    assert rest_is_heading(rest, continues=continues) is heading


# --- keys ---------------------------------------------------------------------------------


def test_numbered_keys() -> None:
    assert numbered("art", "5") == "art-5"
    assert numbered("art", "1.2") == "art-1.2"
    assert numbered("annex", "A") == "annex-a"
    assert numbered("appendix", "") == "appendix"


def test_heading_slugs() -> None:
    assert heading_slug("NO WARRANTY") == "no-warranty"
    assert heading_slug("Functions and Powers") == "functions-and-powers"
    assert (
        heading_slug("Action with respect to threats to the peace")
        == "action-with-respect-to-threats"
    )
    assert heading_slug("—") == "heading"


def test_unique_keys_qualify_repeated_bases_by_parent_then_suffix() -> None:
    bases = ["ch-1", "art-1", "art-2", "ch-2", "art-1", "art-1", "art-9", "art-9"]
    parents = [None, 0, 0, None, 3, 3, None, None]
    assert unique_keys(bases, parents) == [
        "ch-1",
        "ch-1.art-1",
        "art-2",
        "ch-2",
        "ch-2.art-1",
        "ch-2.art-1-2",
        "art-9",
        "art-9-2",
    ]


# --- paragraphs -------------------------------------------------------------------------------


def lines(text: str) -> list[Line]:
    return [Line(t, n) for n, t in enumerate(source_lines(text), 1)]


def test_paragraphs_from_blank_lines_and_enumerators() -> None:
    text = "Intro line\ncontinued.\n\n1.\n\nFirst.\n(a) point\n(b) point\n\n\n2. Second."
    assert paragraphs(lines(text)) == (
        "Intro line continued.\n\n1. First.\n\n(a) point\n\n(b) point\n\n2. Second."
    )


def test_references_at_line_start_do_not_split_paragraphs() -> None:
    text = "the powers referred to in Article 58(1),\n(2) and (3) and the fines."
    assert paragraphs(lines(text)) == (
        "the powers referred to in Article 58(1), (2) and (3) and the fines."
    )


def test_short_sentence_ends_a_paragraph_in_hard_wrapped_text() -> None:
    wrapped = "x" * 60 + " word\nend of the first paragraph.\nSecond paragraph begins here."
    assert paragraphs(lines(wrapped), width=66).split("\n\n") == [
        "x" * 60 + " word end of the first paragraph.",
        "Second paragraph begins here.",
    ]
    assert "\n\n" not in paragraphs(lines(wrapped), width=0)


def test_wrap_width_needs_enough_wrapped_lines() -> None:
    assert wrap_width(lines("a b c\nd e f\n")) == 0
    body = "\n".join("word " * 14 for _ in range(30))
    assert wrap_width(lines(body)) == 69


def test_source_lines_normalise_line_ends_and_bom() -> None:
    assert source_lines("\ufeffa\r\nb\rc\u2028d\te") == ["a", "b", "c", "d   e"]


# --- PDF text layers --------------------------------------------------------------------------


def pdf_page(number: int, body: list[str]) -> str:
    header = ["4.5.2016", "", "EN", "", "Official Journal of the European Union", ""]
    header.append(f"L 119/{number}")
    return "\n".join([*header, "", *body, ""])


def test_running_headers_are_removed_and_pages_joined() -> None:
    pages = [
        pdf_page(1, ["Title", "", "Article 1", "", "The text runs on the"]),
        pdf_page(2, ["next page without a break."]),
        pdf_page(3, ["Article 2", "", "More text."]),
    ]
    cleaned = remove_page_furniture(lines("\f".join(pages)))
    assert [line.text for line in cleaned if not line.blank] == [
        "Title",
        "Article 1",
        "The text runs on the",
        "next page without a break.",
        "Article 2",
        "More text.",
    ]


def test_page_foot_notes_become_notes_of_what_calls_them() -> None:
    body = [
        "Title",
        "",
        "Article 1",
        "",
        "The Committee (1), and the Court (2), agree.",
        "",
        "(1) OJ C 1.",
        "(2) OJ C 2,",
        "p. 3.",
    ]
    pages = [pdf_page(1, body), pdf_page(2, ["More."]), pdf_page(3, ["End."])]
    cleaned = [line.text for line in remove_page_furniture(lines("\f".join(pages)))]
    assert "The Committee[^1], and the Court[^2], agree." in cleaned
    assert cleaned[-2:] == ["[^1]: OJ C 1.", "[^2]: OJ C 2, p. 3."]
    assert [text for text in cleaned if "OJ C" in text] == cleaned[-2:]
    doc = parse_document("\f".join(pages), format="text")
    assert doc.by_key()["art-1"].notes == ("OJ C 1.", "OJ C 2, p. 3.")


def test_numbered_points_closing_a_page_are_not_footnotes() -> None:
    body = ["Definitions:", "(1) 'data' means information;", "(2) 'person' means a human."]
    pages = [pdf_page(1, body), pdf_page(2, ["More."]), pdf_page(3, ["End."])]
    cleaned = [line.text for line in remove_page_furniture(lines("\f".join(pages)))]
    assert "(1) 'data' means information;" in cleaned


def test_letter_spaced_lines_are_rebuilt_from_the_document_vocabulary() -> None:
    prose = [
        f"The transparency of processing and the modalities of exercise matter greatly {i}."
        for i in range(60)
    ]
    prose += [
        f"Each controller shall keep records of processing activities number {w}."
        for w in range(200)
    ]
    words = " ".join(f"word{chr(97 + i % 26)}{chr(97 + i // 26 % 26)} alpha" for i in range(300))
    prose.append(words)
    text = "\n".join(["Sec ti on 1", "Tr an s p ar enc y a nd mo da li tie s", *prose])
    rebuilt = respace_letter_spaced(lines(text))
    assert rebuilt[0].text == "Section 1"
    assert rebuilt[1].text == "Transparency and modalities"
    assert rebuilt[2].text == prose[0]


def test_letter_spacing_is_left_alone_in_short_documents() -> None:
    text = "Sec ti on 1\nA short text."
    assert [line.text for line in respace_letter_spaced(lines(text))] == [
        "Sec ti on 1",
        "A short text.",
    ]


def test_pdf_excerpt_sample() -> None:
    """Two pages of recitals and nine of articles from the OJ PDF text layer of the GDPR."""
    doc = parse_document((DATA / "gdpr-oj-pdf-excerpt.txt").read_text(encoding="utf-8"))
    provisions = doc.by_key()
    assert [p.number for p in doc.provisions if p.kind.value == "recital"] == [
        str(n) for n in range(1, 11)
    ]
    assert [p.number for p in doc.provisions if p.kind.value == "article"] == [
        str(n) for n in range(1, 14)
    ]
    assert provisions["sec-1"].heading == "Transparency and modalities"
    assert provisions["art-12"].parent == "sec-1"
    assert "Economic and Social Committee[^1]," in provisions["preamble"].text
    assert provisions["preamble"].notes[0] == "OJ C 229, 31.7.2012, p. 90."
    assert not any("L 119/" in p.text or "OJ C 229" in p.text for p in doc.provisions)


def test_page_foot_notes_take_labels_the_text_does_not_call_yet() -> None:
    """A text layer whose other notes were already made calls (the PDF reader's) keeps them."""
    body = [
        "Title",
        "",
        "Article 1",
        "",
        "Seen before[^1] and the Court (1), agree.",
        "",
        "(1) OJ C 1.",
    ]
    pages = [pdf_page(1, body), pdf_page(2, ["More."]), pdf_page(3, ["End.", "", "[^1]: Earlier."])]
    doc = parse_document("\f".join(pages), format="text")
    article = doc.by_key()["art-1"]
    assert "Seen before[^1] and the Court[^2], agree." in article.text
    assert article.notes == ("Earlier.", "OJ C 1.")
