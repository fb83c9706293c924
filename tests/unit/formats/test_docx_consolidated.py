"""The consolidated text in Word reads as the plain-text renderer prints it."""

from __future__ import annotations

import io

import docx
import pytest

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.errors import FormatError
from inwriting.formats.docx.consolidated import write_consolidated_docx
from inwriting.redline.bracket_render import consolidated_text
from inwriting.redline.brackets import consolidate
from tests.unit.redline.test_brackets import VERSION, B, consolidated

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]


def test_every_line_of_the_plain_text_is_a_paragraph_of_the_word_file() -> None:
    text = consolidated()
    data = write_consolidated_docx(text, title="Consolidated text")
    shown = [line for _, line in paragraphs(data)]
    plain = consolidated_text(text).splitlines()
    assert shown[0] == plain[0] == "Consolidated text"
    assert shown[1] == plain[1] + "."
    for line in plain[3:]:
        if not line or "  (" in line:  # a heading line: label and state are two paragraphs
            continue
        assert line in shown
    assert (
        "The judges shall be elected for [nine] [Party B, Party C: six] years. They may "
        "[Party B: not] be re-elected [Party C: once]." in shown
    )
    assert "[The Commission shall meet twice a year.]" in shown
    assert "[Party C: delete]" in shown
    assert "Exception (Party B): Not before 2027." in shown


def test_headings_states_and_counts() -> None:
    data = write_consolidated_docx(consolidated(), title="T")
    shown = paragraphs(data)
    assert ("Heading 1", "CHAPTER I — General") in shown
    assert ("Heading 2", "Article 1 — Scope") in shown
    after_article_2 = shown[shown.index(("Heading 2", "Article 2")) + 1]
    assert after_article_2 == ("Normal", "open: 4 brackets, 3 options")
    table = docx.Document(io.BytesIO(data)).tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["State", "Provisions"],
        ["agreed", "1"],
        ["agreed with exceptions", "1"],
        ["open", "2"],
        ["unanswered", "0"],
        ["brackets", "7"],
        ["options", "5"],
    ]


def test_disputed_words_are_highlighted_and_parties_bold() -> None:
    document = docx.Document(io.BytesIO(write_consolidated_docx(consolidated(), title="T")))
    article_2 = next(p for p in document.paragraphs if p.text.startswith("The judges"))
    runs = [(r.text, bool(r.bold), bool(r.italic), r.font.highlight_color) for r in article_2.runs]
    highlighted = [text for text, _, _, colour in runs if colour is not None]
    assert highlighted == ["[nine]"]
    assert [text for text, bold, _, _ in runs if bold] == [
        "Party B, Party C:",
        "Party B:",
        "Party C:",
    ]
    assert ("[", False, True, None) in runs


def test_a_party_asked_who_has_not_answered_is_named() -> None:
    text = consolidate(VERSION, {"Party B": B}, ["Party B", "Party D"])
    shown = [line for _, line in paragraphs(write_consolidated_docx(text, title="T"))]
    assert "unanswered; not answered by Party D" in shown
    assert "Parties asked: Party B, Party D." in shown


def test_paragraphs_of_a_provision_stay_paragraphs() -> None:
    two = Provision(
        "art-1", ProvisionKind.ARTICLE, "Article 1", "1", "", "First one.\n\nSecond one."
    )
    answer = ResponseContent(
        "Party B",
        positions=(
            Position(PositionKind.AMEND, "art-1", text="First two.\n\nSecond one.", reason="r"),
        ),
    )
    text = consolidate([two], {"Party B": answer}, ["Party B", "Party C"])
    shown = [line for _, line in paragraphs(write_consolidated_docx(text, title="T"))]
    assert "First [one] [Party B: two]." in shown
    assert "Second one." in shown


def test_text_a_word_file_cannot_hold_is_refused() -> None:
    bad = Provision("art-1", ProvisionKind.ARTICLE, "Article 1", "1", "", "Bell\x07")
    with pytest.raises(FormatError, match=r"Article 1: the character U\+0007"):
        write_consolidated_docx(consolidate([bad], {}, []), title="T")
