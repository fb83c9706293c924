"""Per-language wordings of a proposed text in the formats that carry a response (YAML and
JSON response files, the Word table) and in the derivation file; and the consolidated text
written in another language, each proposal in its wording there."""

from __future__ import annotations

import io
from dataclasses import replace

import docx
import pytest

from inwriting.domain.derivation import Action, Choice
from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.errors import FormatError
from inwriting.formats.docx.response import read_response_docx, write_response_docx
from inwriting.formats.responses.choices import read_choices
from inwriting.formats.responses.files import read_response, write_response
from inwriting.redline.bracket_render import consolidated_html, consolidated_text
from inwriting.redline.brackets import consolidate

K = PositionKind
VERSION = (
    Provision("art-1", ProvisionKind.ARTICLE, "Article 1", "1", "", "The seat is in Lysra."),
    Provision("art-2", ProvisionKind.ARTICLE, "Article 2", "2", "", "Data yearly."),
)
DUTCH = (
    replace(VERSION[0], label="Artikel 1", text="De zetel is in Lysra."),
    replace(VERSION[1], label="Artikel 2", text="Gegevens jaarlijks."),
)
DRAFT = ResponseContent(
    "Party B",
    positions=(
        Position(
            K.AMEND,
            "art-1",
            text="The seat rotates.",
            reason="Equality.",
            wordings={"fr": "Le siège tourne.", "nl": "De zetel rouleert."},
        ),
        Position(K.AMEND, "art-2", text="Data monthly.", reason="Floods."),
        Position(
            K.ADD, after="art-2", text="A new one.", reason="R", wordings={"nl": "Een nieuw."}
        ),
    ),
)


def _unreffed(draft: ResponseContent) -> ResponseContent:
    return replace(draft, positions=tuple(replace(p, ref="") for p in draft.positions))


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_response_file_carries_the_wordings(fmt: str) -> None:
    written = write_response(DRAFT, fmt=fmt)  # type: ignore[arg-type]
    assert "De zetel rouleert." in written
    assert _unreffed(read_response(written).content) == DRAFT


def test_a_response_file_reads_wordings_as_written_by_hand() -> None:
    text = (
        "party: P\npositions:\n  - provision: art-1\n    position: amend\n"
        "    text: T\n    reason: R\n    wordings:\n      NL: Tekst\n      zh-hans: 文本\n"
    )
    position = read_response(text).content.positions[0]
    assert position.wordings == {"nl": "Tekst", "zh-Hans": "文本"}


@pytest.mark.parametrize(
    ("wordings", "says", "line"),
    [
        ("wordings: Tekst", "wordings must map a language to its text", 7),
        ("wordings:\n      n l: Tekst", "'n l' is not a language tag", 8),
        ("wordings:\n      nl: [a, b]", "the nl wording must be text", 8),
        ("wordings:\n      nl: A\n      NL: B", "nl is given twice", 9),
    ],
)
def test_a_malformed_wording_is_refused_with_its_line(wordings: str, says: str, line: int) -> None:
    text = (
        "party: P\npositions:\n  - provision: art-1\n    position: amend\n"
        f"    text: T\n    reason: R\n    {wordings}\n"
    )
    with pytest.raises(FormatError, match=says) as refused:
        read_response(text, source="b.yaml")
    assert refused.value.line == line


def test_the_word_table_has_a_column_per_language_and_reads_back() -> None:
    data = write_response_docx(
        DRAFT, VERSION, version_label="Draft 1", title="Response", languages=("fr", "nl")
    )
    table = docx.Document(io.BytesIO(data)).tables[1]
    header = [cell.text for cell in table.rows[0].cells]
    assert header[3:6] == ["Proposed text", "Proposed text (fr)", "Proposed text (nl)"]
    assert _unreffed(read_response_docx(data)) == DRAFT
    plain = write_response_docx(DRAFT, VERSION, version_label="Draft 1", title="Response")
    assert "Proposed text (nl)" not in [
        c.text for c in docx.Document(io.BytesIO(plain)).tables[1].rows[0].cells
    ]


def test_a_word_table_with_a_column_that_names_no_language_is_refused() -> None:
    data = write_response_docx(
        DRAFT, VERSION, version_label="Draft 1", title="Response", languages=("nl",)
    )
    document = docx.Document(io.BytesIO(data))
    document.tables[1].rows[0].cells[4].paragraphs[0].runs[0].text = "Proposed text (n l)"
    edited = io.BytesIO()
    document.save(edited)
    with pytest.raises(FormatError, match="not a language tag"):
        read_response_docx(edited.getvalue())


def test_the_derivation_file_carries_the_drafters_wordings() -> None:
    read = read_choices(
        "choices:\n  - provision: art-1\n    action: compromise\n    text: T\n"
        "    wordings:\n      NL: Tekst\n"
    )
    assert read.choices == (Choice("art-1", Action.COMPROMISE, "", "T", {"nl": "Tekst"}),)
    for bad in ("wordings: Tekst", "wordings:\n      nl: [a]", "wordings:\n      n l: T"):
        with pytest.raises(FormatError, match="wordings"):
            read_choices(f"choices:\n  - provision: art-1\n    action: compromise\n    {bad}\n")


def test_the_consolidated_text_in_dutch_brackets_the_dutch_wordings() -> None:
    text = consolidate(DUTCH, {"Party B": DRAFT}, ["Party B"], language="nl")
    written = consolidated_text(text)
    assert "De zetel [is in Lysra] [Party B: rouleert]." in written
    assert "rotates" not in written
    # Article 2's amendment has no Dutch wording: said, over the whole provision.
    assert "[Gegevens jaarlijks.]\n[Party B: (proposed wording not given in nl)]" in written
    assert "new provision after Artikel 2:\nEen nieuw.]" in written
    lacking = [o for item in text.provisions() for o in item.whole]
    assert [(o.parties, o.lacking) for o in lacking] == [(("Party B",), "nl")]
    html = consolidated_html(text)
    assert "(proposed wording not given in nl)" in html
    in_french = consolidated_text(consolidate(VERSION, {"Party B": DRAFT}, [], language="fr"))
    assert "(proposed provision not given in fr)" in in_french
    # In the version's own language, nothing changes.
    own = consolidated_text(consolidate(VERSION, {"Party B": DRAFT}, ["Party B"]))
    assert "rotates" in own and "not given" not in own
