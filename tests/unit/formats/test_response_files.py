"""Response files (inwriting.formats.responses.files) and check-response
(inwriting.formats.responses.checking)."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.domain.responses import Position, PositionKind, ResponseContent, ResponseKind
from inwriting.errors import FormatError, Problem
from inwriting.formats.responses.checking import CheckReport, check_response
from inwriting.formats.responses.files import (
    MAX_BYTES,
    POSITION_FIELDS,
    TOP_LEVEL_FIELDS,
    ResponseFile,
    read_response,
    read_response_bytes,
    read_response_file,
    write_response,
)

DATA = Path(__file__).resolve().parents[2] / "data" / "responses"
A = PositionKind


def article(n: int, heading: str, text: str) -> Provision:
    return Provision(f"art-{n}", ProvisionKind.ARTICLE, f"Article {n}", str(n), heading, text)


# tests/data/responses/draft.md, as provisions (built here, not parsed: the importer is
# tested on its own).
DOCUMENT = ParsedDocument(
    "Draft agreement on the joint management of the Ardent river fisheries",
    (
        Provision(
            "preamble",
            ProvisionKind.PREAMBLE,
            "Preamble",
            "",
            "",
            "The Parties,\n\nRecognising their shared interest in the sustainable use of the "
            "fish stocks of the Ardent river,\n\nHave agreed as follows:",
        ),
        article(
            1,
            "Purpose",
            "This Agreement establishes a framework for the joint management of the fish "
            "stocks of the Ardent river.",
        ),
        article(
            2,
            "Definitions",
            'For the purposes of this Agreement, "fishing season" means the period from '
            "1 April to 30 September of each year.",
        ),
        article(
            3,
            "Joint Commission",
            "1. The Parties shall establish a Joint Commission composed of three members "
            "appointed by each Party.\n\n2. The Joint Commission shall meet at least twice a year.",
        ),
        article(
            4,
            "Catch limits",
            "The Joint Commission shall set annual catch limits before the start of each "
            "fishing season.",
        ),
        article(
            5,
            "Entry into force",
            "This Agreement shall enter into force thirty days after the date of the last "
            "signature.",
        ),
    ),
)

MINIMAL = "party: Party B\npositions:\n  - provision: Article 1\n    position: accept\n"


def sample(name: str) -> ResponseFile:
    return read_response((DATA / name).read_text(encoding="utf-8"), source=name)


def refusal(text: str, source: str = "response.yaml") -> FormatError:
    with pytest.raises(FormatError) as caught:
        read_response(text, source=source)
    return caught.value


# --- reading -------------------------------------------------------------------------------


def test_the_documented_example_reads_as_written() -> None:
    text = """\
format_version: 1
party: Party B
kind: formal
cover_note: Our answer.
positions:
  - provision: Article 1
    position: accept
  - provision: art-3
    position: amend
    text: |
      New first paragraph.

      New second paragraph.
    reason: Clearer.
  - after: Article 5
    position: add
    text: A new article.
    reason: A gap.
"""
    read = read_response(text, source="b.yaml")
    assert read.content == ResponseContent(
        party="Party B",
        kind=ResponseKind.FORMAL,
        cover_note="Our answer.",
        positions=(
            Position(A.ACCEPT, provision="Article 1", ref="Article 1"),
            Position(
                A.AMEND,
                provision="art-3",
                text="New first paragraph.\n\nNew second paragraph.\n",
                reason="Clearer.",
                ref="art-3",
            ),
            Position(
                A.ADD, after="Article 5", text="A new article.", reason="A gap.", ref="Article 5"
            ),
        ),
    )
    assert read.lines == (6, 8, 15)
    assert read.source == "b.yaml"
    assert read.format == "yaml"


def test_defaults_kind_formal_no_cover_note() -> None:
    read = read_response(MINIMAL)
    assert read.content.kind is ResponseKind.FORMAL
    assert read.content.cover_note == ""


@pytest.mark.parametrize("written", ["interim", "Interim", " INTERIM "])
def test_kind_interim(written: str) -> None:
    read = read_response(f"party: P\nkind: {written!r}\npositions: []\n")
    assert read.content.kind is ResponseKind.INTERIM
    assert read.content.positions == ()


@pytest.mark.parametrize("written", ["positions: []", "positions:", "positions: null"])
def test_an_empty_list_of_positions(written: str) -> None:
    assert read_response(f"party: P\n{written}\n").content.positions == ()


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("accept", A.ACCEPT),
        ("Accept", A.ACCEPT),
        ("accept_with_exception", A.ACCEPT_WITH_EXCEPTION),
        ("accept with exception", A.ACCEPT_WITH_EXCEPTION),
        ("Accept-With-Exception", A.ACCEPT_WITH_EXCEPTION),
        ("AMEND", A.AMEND),
        ("reject", A.REJECT),
        ("delete", A.DELETE),
        ("add", A.ADD),
    ],
)
def test_position_kinds_forgive_case_and_separators(written: str, kind: PositionKind) -> None:
    read = read_response(f"party: P\npositions:\n  - provision: x\n    position: {written}\n")
    assert read.content.positions[0].kind is kind


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("yes", "yes"),
        ("No", "No"),
        ("1.50", "1.50"),
        ("0x10", "0x10"),
        ("2024-01-01", "2024-01-01"),
        ("3", "3"),
        ("~", ""),
        ("null", ""),
        ("", ""),
        ("'yes'", "yes"),
        ('"  padded  "', "  padded  "),
    ],
)
def test_text_is_taken_exactly_as_written(written: str, value: str) -> None:
    read = read_response(
        f"party: P\npositions:\n  - provision: art-1\n    position: reject\n    reason: {written}\n"
    )
    assert read.content.positions[0].reason == value


def test_yaml_value_and_merge_keys_are_plain_text() -> None:
    read = read_response(
        "party: P\npositions:\n  - {provision: '<<', position: reject, reason: =}\n"
    )
    assert (read.content.positions[0].provision, read.content.positions[0].reason) == ("<<", "=")
    error = refusal("<<: {party: P}\npositions: []\n")
    assert "unknown field '<<'" in str(error)


def test_missing_references_are_left_blank_for_the_rules_to_report() -> None:
    read = read_response("party: P\npositions:\n  - position: amend\n  - position: add\n")
    assert [(p.provision, p.after, p.ref) for p in read.content.positions] == [("", "", "")] * 2


def test_ref_keeps_what_the_author_wrote() -> None:
    read = read_response(
        "party: P\npositions:\n"
        "  - {provision: '  Article  3 ', position: accept}\n"
        "  - {after: art-2, position: add, provision: art-1}\n"
    )
    first, second = read.content.positions
    assert (first.provision, first.ref) == ("  Article  3 ", "  Article  3 ")
    # a provision on an add is kept (the rules refuse it), ref follows the target
    assert (second.provision, second.after, second.ref) == ("art-1", "art-2", "art-2")


def test_flow_style_and_a_byte_order_mark() -> None:
    read = read_response(
        "\ufeff{party: P, positions: [{provision: art-1, position: accept}]}", source="r.yaml"
    )
    assert read.content.positions[0].provision == "art-1"
    read = read_response("\ufeffparty: P\npositions: []\n", source="r.yaml")
    assert read.content.party == "P"


def test_line_of() -> None:
    read = read_response(MINIMAL)
    assert read.line_of(0) == 3
    assert read.line_of(None) is None
    assert read.line_of(1) is None
    assert read.line_of(-1) is None


# --- JSON ----------------------------------------------------------------------------------


def test_the_json_sample() -> None:
    read = sample("interim.json")
    assert read.format == "json"
    assert read.content.party == "Party A"
    assert read.content.kind is ResponseKind.INTERIM
    assert read.lines == (7, 11)
    assert read.content.positions[1].text.startswith("1. The Parties")
    assert "\n\n2. The Joint" in read.content.positions[1].text


@pytest.mark.parametrize(
    ("source", "text", "expected"),
    [
        ("r.json", '{"party": "P", "positions": []}', "json"),
        ("", '  \n {"party": "P", "positions": []}', "json"),
        ("r.txt", '{"party": "P", "positions": []}', "json"),
        ("r.yaml", "{party: P, positions: []}", "yaml"),
        ("r.YML", "{party: P, positions: []}", "yaml"),
        ("", "party: P\npositions: []", "yaml"),
    ],
)
def test_the_format_is_chosen_by_extension_then_first_character(
    source: str, text: str, expected: str
) -> None:
    assert read_response(text, source=source).format == expected


def test_the_format_can_be_forced() -> None:
    assert read_response('{"party": "P", "positions": []}', fmt="yaml").format == "yaml"
    with pytest.raises(FormatError, match="not valid JSON"):
        read_response("party: P\npositions: []\n", fmt="json")
    with pytest.raises(ValueError, match="unknown response file format"):
        read_response("party: P", fmt="toml")  # type: ignore[arg-type]


def test_json_numbers_and_constants_are_typed_like_yaml_ones() -> None:
    text = (
        '{"party": "P", "positions": [\n'
        '  {"provision": "art-1", "position": "reject", "reason": 1.50},\n'
        '  {"provision": "art-2", "position": "reject", "reason": true, "text": null}\n'
        "]}"
    )
    first, second = read_response(text).content.positions
    assert first.reason == "1.50"
    assert (second.reason, second.text) == ("true", "")


def test_minified_json_reads_with_every_position_on_line_one() -> None:
    text = json.dumps({"party": "P", "positions": [{"provision": "a", "position": "accept"}] * 3})
    assert read_response(text).lines == (1, 1, 1)


# --- refusals: every structural problem names the line -------------------------------------------

REFUSALS = [
    # (text, line, words in the message)
    ("party: P\npositions: [\n", 3, "not valid YAML"),
    ("party: P\npositions:\n  - provision: a\n   position: accept\n", 4, "not valid YAML"),
    ("party: P\n\tpositions: []\n", 2, "not valid YAML"),
    ("party: 'P\npositions: []\n", 3, "not valid YAML"),
    ("- party: P\n", 1, "holds a list, not a mapping"),
    ("just some words\n", 1, "holds text, not a mapping"),
    ("party: P\npositions: []\n---\nparty: Q\n", 3, "more than one YAML document"),
    ("party: P\nparties: [Q]\npositions: []\n", 2, "unknown field 'parties'"),
    ("party: P\npositions: []\nnote: x\nextra: y\n", 3, "unknown fields 'note', 'extra'"),
    ("format_version: 2\nparty: P\npositions: []\n", 1, "format_version 2 is not known"),
    ("format_version: '1'\nparty: P\npositions: []\n", 1, "format_version 1 is not known"),
    ("positions: []\n", 1, "no party"),
    ("party: '  '\npositions: []\n", 1, "party is blank"),
    ("party: [P, Q]\npositions: []\n", 1, "party must be text, not a list"),
    ("party: P\nkind: final\npositions: []\n", 2, "kind 'final' is not one of formal, interim"),
    ("party: P\nkind: [formal]\npositions: []\n", 2, "kind a list is not one of"),
    ("party: P\ncover_note:\n  a: b\npositions: []\n", 3, "cover_note must be text, not a map"),
    ("party: P\n", 1, "no positions"),
    ("party: P\npositions: accept all\n", 2, "positions must be a list"),
    ("party: P\npositions:\n  art-1: accept\n", 3, "positions must be a list"),
    ("party: P\npositions:\n  - accept\n", 3, "position 1: each entry must be a mapping"),
    (
        "party: P\npositions:\n  - provision: a\n    position: accept\n  - [a, accept]\n",
        5,
        "position 2: each entry must be a mapping",
    ),
    ("party: P\npositions:\n  - provision: a\n", 3, "position 1: no position given"),
    ("party: P\npositions:\n  - provision: a\n    position:\n", 3, "no position given"),
    (
        "party: P\npositions:\n  - provision: a\n    position: acept\n",
        4,
        "position 'acept' is not one of accept, accept_with_exception, amend, reject, delete, "
        "add (did you mean 'accept'?)",
    ),
    ("party: P\npositions:\n  - provision: a\n    position: maybe\n", 4, "'maybe' is not one"),
    (
        "party: P\npositions:\n  - provision: a\n    position: reject\n    reasons: x\n",
        5,
        "position 1: unknown field 'reasons' (did you mean 'reason'?); a position takes "
        "provision, after, position, text, reason, exception",
    ),
    (
        "party: P\npositions:\n  - provision: a\n    kind: accept\n",
        4,
        "unknown field 'kind' (did you mean 'position'?)",
    ),
    (
        "party: P\npositions:\n  - provision: a\n    position: amend\n    text: [one, two]\n",
        5,
        "position 1: text must be text, not a list; for several paragraphs write a block (|)",
    ),
    (
        "party: P\npositions:\n  - provision: a\n    position: reject\n    reason:\n      x: y\n",
        6,
        "reason must be text, not a mapping",
    ),
    (
        "party: P\npositions:\n  - provision: 3\n    position: accept\n",
        3,
        "provision is the bare number 3; write 'Article 3' or a key like art-3",
    ),
    (
        "party: P\npositions:\n  - after: 5\n    position: add\n",
        3,
        "after is the bare number 5; write 'Article 5' or a key like art-5",
    ),
    ("party: P\npositions:\n  - provision: 2.1\n    position: accept\n", 3, "'Article 2.1'"),
    ("party: P\npositions:\n  - provision: yes\n    position: accept\n", 3, "not a yes/no"),
    ("party: P\npositions:\n  - provision: [a]\n    position: accept\n", 3, "not a list"),
    (
        "party: P\nparty: Q\npositions: []\n",
        2,
        "'party' given twice in one mapping (first on line 1)",
    ),
    (
        "party: P\npositions:\n  - provision: a\n    position: reject\n    reason: x\n"
        "    reason: y\n",
        6,
        "'reason' given twice",
    ),
    ("party: !!python/object:os.system P\npositions: []\n", 1, "the tag !!python/object:os.system"),
    ("party: !!binary aGVsbG8=\npositions: []\n", 1, "the tag !!binary is not allowed"),
    ("party: !custom P\npositions: []\n", 1, "the tag !custom is not allowed"),
    ("party: P\npositions: !!set {a, b}\n", 2, "the tag !!set is not allowed"),
    ("party: &p P\npositions: []\n", 1, "anchors and aliases"),
    ("party: P\nx: &a [1]\npositions: *a\n", 2, "anchors and aliases"),
    ("party: P\n? [a, b]\n: c\npositions: []\n", 2, "a list used as a key"),
    ("party: P\npositions: []\nnote: bell \x07 here\n", 3, "U+0007, column 12"),
    ("party: P\npositions: " + "[" * 40 + "]" * 40 + "\n", 2, "nested too deeply"),
]


@pytest.mark.parametrize(("text", "line", "words"), REFUSALS)
def test_structural_problems_are_refused_naming_source_and_line(
    text: str, line: int, words: str
) -> None:
    error = refusal(text)
    assert error.line == line
    assert error.source == "response.yaml"
    assert str(error).startswith(f"response.yaml, line {line}: ")
    assert words in str(error)


JSON_REFUSALS = [
    (
        '{"party": "P",\n "positions": [\n  {"provision": "a" "position": "accept"}]}',
        3,
        "column 21",
    ),
    ('{"party": "P", "positions": []', 1, "not valid JSON"),
    ('{"party": "P",\n "positions": [],\n}', 3, "not valid JSON"),
    ('{"party": "P", "positions": []}\n{"party": "Q"}', 2, "Extra data"),
    ("{'party': 'P'}", 1, "not valid JSON"),
    ('{"party": "P",\n"party": "Q", "positions": []}', 2, "'party' given twice"),
    (
        '{"party": "P",\n "positions": [\n  {"provision": 3, "position": "accept"}]}',
        3,
        "'Article 3'",
    ),
    (
        '{"party": "P",\n "positions": [\n  {"provision": "a",\n   "position": "accept",\n'
        '   "reasons": "x"}]}',
        5,
        "unknown field 'reasons'",
    ),
    ('{"party": "P",\n "positions": {"a": "accept"}}', 2, "positions must be a list"),
    ('{"party": "P",\n "positions": [\n  "accept"]}', 3, "each entry must be a mapping"),
    ('{"party": "P",\n "positions": [\n  {"provision": "a"}]}', 3, "no position given"),
    ('{"party": "P", "positions": ' + "[" * 40 + "]" * 40 + "}", 1, "nested too deeply"),
    ("[]", 1, "holds a list, not a mapping"),
    ('"party"', 1, "holds text, not a mapping"),
    ("", None, "not valid JSON"),
]


@pytest.mark.parametrize(("text", "line", "words"), JSON_REFUSALS)
def test_json_problems_are_refused_naming_source_and_line(
    text: str, line: int | None, words: str
) -> None:
    error = refusal(text, source="response.json")
    if line is not None:
        assert error.line == line
        assert str(error).startswith(f"response.json, line {line}: ")
    assert words in str(error)


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_an_empty_file_is_refused(text: str) -> None:
    assert "empty file" in str(refusal(text))


@pytest.mark.parametrize("text", ["---\n", "null\n", "~\n"])
def test_a_null_document_is_refused(text: str) -> None:
    assert "holds empty, not a mapping" in str(refusal(text))


def test_without_a_source_the_message_starts_with_the_line() -> None:
    with pytest.raises(FormatError, match=r"^line 2: unknown field 'oops'"):
        read_response("party: P\noops: 1\npositions: []\n")


BILLION_LAUGHS = """\
lol1: &lol1 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]
lol2: &lol2 [*lol1,*lol1,*lol1,*lol1,*lol1,*lol1,*lol1,*lol1,*lol1,*lol1]
lol3: &lol3 [*lol2,*lol2,*lol2,*lol2,*lol2,*lol2,*lol2,*lol2,*lol2,*lol2]
lol4: &lol4 [*lol3,*lol3,*lol3,*lol3,*lol3,*lol3,*lol3,*lol3,*lol3,*lol3]
lol5: &lol5 [*lol4,*lol4,*lol4,*lol4,*lol4,*lol4,*lol4,*lol4,*lol4,*lol4]
lol6: &lol6 [*lol5,*lol5,*lol5,*lol5,*lol5,*lol5,*lol5,*lol5,*lol5,*lol5]
lol7: &lol7 [*lol6,*lol6,*lol6,*lol6,*lol6,*lol6,*lol6,*lol6,*lol6,*lol6]
lol8: &lol8 [*lol7,*lol7,*lol7,*lol7,*lol7,*lol7,*lol7,*lol7,*lol7,*lol7]
lol9: &lol9 [*lol8,*lol8,*lol8,*lol8,*lol8,*lol8,*lol8,*lol8,*lol8,*lol8]
party: P
cover_note: *lol9
positions: []
"""


def test_billion_laughs_is_refused_at_once() -> None:
    started = time.perf_counter()
    error = refusal(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1.0
    assert error.line == 1
    assert "anchors and aliases" in str(error)


def test_an_alias_without_an_anchor_is_refused_too() -> None:
    error = refusal("party: P\npositions: []\ncover_note: *nowhere\n")
    assert error.line == 3


@pytest.mark.parametrize("source", ["deep.yaml", "deep.json"])
def test_very_deep_nesting_is_refused_without_recursing(source: str) -> None:
    started = time.perf_counter()
    error = refusal("[" * 200_000, source=source)
    assert "nested too deeply" in str(error) or "not valid" in str(error)
    assert time.perf_counter() - started < 2.0


def test_oversized_input_is_refused_before_parsing() -> None:
    started = time.perf_counter()
    error = refusal("party: P\n" + "#" * MAX_BYTES)
    assert "5 MB" in str(error)
    assert error.line is None
    assert time.perf_counter() - started < 1.0


def test_oversized_is_measured_in_utf8_bytes() -> None:
    text = "party: P\npositions: []\ncover_note: " + "é" * (MAX_BYTES // 2)
    assert len(text) < MAX_BYTES
    error = refusal(text)
    assert "5 MB" in str(error)
    assert f"{MAX_BYTES:,} bytes" in str(error)


def test_text_that_is_not_unicode_is_refused_with_its_line() -> None:
    error = refusal("party: P\npositions: []\ncover_note: x\ud800y\n")
    assert error.line == 3
    assert "not valid Unicode" in str(error)


# --- bytes and files -----------------------------------------------------------------------


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_bytes_are_utf8_with_or_without_a_byte_order_mark(bom: bytes) -> None:
    read = read_response_bytes(bom + "party: Pärty\npositions: []\n".encode(), source="r.yaml")
    assert read.content.party == "Pärty"


def test_bytes_that_are_not_utf8_name_the_line() -> None:
    with pytest.raises(FormatError, match=r"^r.yaml, line 3: not UTF-8 text: invalid byte 0xe9"):
        read_response_bytes(b"party: P\npositions: []\ncover_note: caf\xe9\n", source="r.yaml")


def test_utf16_is_refused_with_advice() -> None:
    data = "party: P\npositions: []\n".encode("utf-16")
    with pytest.raises(FormatError, match="save it as UTF-8"):
        read_response_bytes(data, source="r.yaml")


def test_oversized_bytes_are_refused_before_decoding() -> None:
    with pytest.raises(FormatError, match="5 MB"):
        read_response_bytes(b"\xff" * (MAX_BYTES + 1))


def test_a_file_is_read_and_named_as_given(tmp_path: Path) -> None:
    path = tmp_path / "answer.json"
    path.write_bytes(b'{"party": "P",\n "positions": [\n  {"provision": 3}]}')
    with pytest.raises(FormatError) as caught:
        read_response_file(path)
    assert caught.value.source == str(path)
    assert caught.value.line == 3
    good = tmp_path / "answer.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    read = read_response_file(str(good))
    assert read.source == str(good)
    assert read.lines == (3,)


def test_a_missing_file_is_a_format_error(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match="cannot read the file") as caught:
        read_response_file(tmp_path / "nowhere.yaml")
    assert caught.value.line is None


# --- writing and round trips ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["formal.yaml", "invalid.yaml", "interim.json"])
@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_the_samples_round_trip(name: str, fmt: str) -> None:
    draft = sample(name).content
    written = write_response(draft, fmt=fmt)  # type: ignore[arg-type]
    again = read_response(written, source=f"again.{fmt}")
    assert again.content == draft
    assert again.format == fmt
    assert len(again.lines) == len(draft.positions)


def test_yaml_is_written_for_people() -> None:
    draft = ResponseContent(
        "Party B",
        positions=(
            Position(A.AMEND, provision="art-3", text="One.\n\nTwo.", reason="yes"),
            Position(A.ADD, after="art-5", text="New.", reason="Why."),
        ),
    )
    written = write_response(draft)
    assert written.startswith("# InWriting response file")
    assert "text: |-\n    One.\n\n    Two.\n" in written
    assert "reason: 'yes'" in written  # quoted, so it stays text
    assert written.index("provision: art-3") < written.index("position: amend")
    assert "- after: art-5\n  position: add\n" in written
    assert "cover_note" not in written
    assert "exception" not in written


def test_json_is_plain_json() -> None:
    draft = ResponseContent(
        "Party B", ResponseKind.INTERIM, "Note é.", (Position(A.ACCEPT, "art-1"),)
    )
    data = json.loads(write_response(draft, fmt="json"))
    assert data == {
        "format_version": 1,
        "party": "Party B",
        "kind": "interim",
        "cover_note": "Note é.",
        "positions": [{"provision": "art-1", "position": "accept"}],
    }
    assert "é" in write_response(draft, fmt="json")


def test_writing_an_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown response file format"):
        write_response(ResponseContent("P"), fmt="xml")  # type: ignore[arg-type]


def test_written_keys_are_the_documented_ones() -> None:
    draft = ResponseContent(
        "P",
        cover_note="c",
        positions=(
            Position(
                A.ACCEPT_WITH_EXCEPTION,
                provision="a",
                after="b",
                text="t",
                reason="r",
                exception="e",
                wordings={"nl": "w"},
            ),
        ),
    )
    data = json.loads(write_response(draft, fmt="json"))
    assert tuple(data) == TOP_LEVEL_FIELDS
    assert tuple(data["positions"][0]) == POSITION_FIELDS


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


LANGUAGES = ["nl", "fr", "zh-Hans", "pt-BR", "sr-Latn-RS"]


@st.composite
def drafts(draw: st.DrawFn) -> ResponseContent:
    """Drafts as read_response produces them: a party, and ref equal to each target."""
    positions = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(list(PositionKind)))
        provision, after = draw(TEXT), draw(TEXT)
        positions.append(
            Position(
                kind,
                provision=provision,
                after=after,
                text=draw(TEXT),
                reason=draw(TEXT),
                exception=draw(TEXT),
                ref=after if kind is A.ADD else provision,
                wordings=dict(
                    sorted(draw(st.dictionaries(st.sampled_from(LANGUAGES), TEXT)).items())
                ),
            )
        )
    return ResponseContent(
        party=draw(TEXT.filter(lambda t: t.strip())),
        kind=draw(st.sampled_from(list(ResponseKind))),
        cover_note=draw(TEXT),
        positions=tuple(positions),
    )


@settings(max_examples=300)
@given(drafts(), st.sampled_from(["yaml", "json"]))
def test_every_draft_round_trips(draft: ResponseContent, fmt: str) -> None:
    written = write_response(draft, fmt=fmt)  # type: ignore[arg-type]
    assert read_response(written, source=f"r.{fmt}").content == draft


# --- nothing but FormatError ------------------------------------------------------------------

YAML_BITS = [
    "party:",
    "positions:",
    "kind:",
    "position:",
    "provision:",
    "after:",
    "text:",
    "reason:",
    "wordings:",
    "nl:",
    "format_version:",
    "accept",
    "amend",
    "add",
    "- ",
    "\n",
    "  ",
    "\t",
    ": ",
    "&a ",
    "*a",
    "{",
    "}",
    "[",
    "]",
    ",",
    "'",
    '"',
    "|",
    ">-",
    "!!str ",
    "!!int ",
    "!!python/name:os ",
    "!x ",
    "---\n",
    "...\n",
    "# c",
    "? ",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "1",
    "0x1",
    "yes",
    "~",
    "null",
    "2024-01-01",
    "1.5",
    ".nan",
    "<<: ",
    "é",
    "\ufeff",
    "\x85",
    "\u2028",
    "\\",
    "\x00",
    "\r",
]
JSON_BITS = [
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    '"party"',
    '"positions"',
    '"provision"',
    '"position"',
    '"accept"',
    '"add"',
    '"text"',
    "1",
    "-0.5e3",
    "true",
    "false",
    "null",
    "NaN",
    "Infinity",
    '"\\u00e9"',
    '"\\ud800"',
    '"a\\nb"',
    " ",
    "\n",
    '"',
    "\\",
]


@settings(max_examples=300)
@given(st.text(), st.sampled_from(["", "r.yaml", "r.json"]))
def test_arbitrary_text_raises_nothing_but_format_error(text: str, source: str) -> None:
    try:
        read = read_response(text, source=source)
    except FormatError:
        return
    assert isinstance(read.content, ResponseContent)


@settings(max_examples=500)
@given(
    st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=3), max_size=40).map("".join),
    st.sampled_from(["", "r.yaml"]),
)
def test_yaml_like_text_raises_nothing_but_format_error(text: str, source: str) -> None:
    with contextlib.suppress(FormatError):
        read_response(text, source=source)


@settings(max_examples=500)
@given(st.lists(st.sampled_from(JSON_BITS), max_size=40).map("".join))
def test_json_like_text_raises_nothing_but_format_error(text: str) -> None:
    with contextlib.suppress(FormatError):
        read_response(text, source="r.json")


@given(drafts(), st.data())
def test_damaged_files_raise_nothing_but_format_error(
    draft: ResponseContent, data: st.DataObject
) -> None:
    fmt = data.draw(st.sampled_from(["yaml", "json"]))
    written = write_response(draft, fmt=fmt)  # type: ignore[arg-type]
    start = data.draw(st.integers(0, len(written)))
    end = data.draw(st.integers(start, min(len(written), start + 10)))
    damaged = written[:start] + data.draw(st.text(max_size=5)) + written[end:]
    with contextlib.suppress(FormatError):
        read_response(damaged, source=f"r.{fmt}")


# --- check-response ---------------------------------------------------------------------------


def test_a_valid_formal_response() -> None:
    report = check_response(DOCUMENT, sample("formal.yaml"))
    assert report.ok
    assert report.problems == ()
    assert report.summary == (
        "Valid formal response from Party B: 6 of 6 provisions answered "
        "(3 accept, 1 accept_with_exception, 1 amend, 1 reject), 1 addition."
    )
    assert (report.answered, report.answerable) == (6, 6)
    assert report.kind is ResponseKind.FORMAL


def test_an_invalid_response_reports_every_problem_with_its_line() -> None:
    report = check_response(DOCUMENT, sample("invalid.yaml"))
    assert not report.ok
    assert [(p.line, p.code, p.where, p.field) for p in report.problems] == [
        (9, "no_change", "art-2", "text"),
        (15, "missing_reason", "Article 3", "reason"),
        (18, "unknown_provision", "Article 9", "provision"),
        (21, "missing_reason", "art-1", "reason"),
        (21, "duplicate", "art-1", "provision"),
        (24, "missing_text", "after Article 4", "text"),
        (None, "unanswered", "art-4", "position"),
        (None, "unanswered", "art-5", "position"),
    ]
    assert report.summary == (
        "Invalid: 8 problems in formal response from Party C (4 of 6 provisions answered)."
    )
    assert str(report.problems[1]) == "Article 3 (line 15) [reason]: reject needs a reason"
    assert str(report.problems[-1]) == "art-5 [position]: Article 5 is not answered"


def test_an_interim_response() -> None:
    report = check_response(DOCUMENT, sample("interim.json"))
    assert report.ok
    assert report.summary == (
        "Valid interim response from Party A: 2 of 6 provisions answered (1 accept, 1 amend)."
    )


def test_the_report_as_json() -> None:
    report = check_response(DOCUMENT, sample("invalid.yaml"))
    data = json.loads(json.dumps(report.as_dict()))
    assert set(data) == {
        "ok",
        "summary",
        "party",
        "kind",
        "answered",
        "answerable",
        "counts",
        "problems",
    }
    assert data["ok"] is False
    assert data["kind"] == "formal"
    assert data["party"] == "Party C"
    assert (data["answered"], data["answerable"]) == (4, 6)
    assert data["counts"] == {
        "accept": 2,
        "accept_with_exception": 0,
        "amend": 2,
        "reject": 1,
        "delete": 1,
        "add": 1,
    }
    assert data["problems"][0] == {
        "code": "no_change",
        "where": "art-2",
        "field": "text",
        "line": 9,
        "message": "the amendment is identical to the current text",
    }
    assert data["problems"][-1]["line"] is None


def test_summaries_in_the_singular_and_without_answers() -> None:
    one = ParsedDocument("T", DOCUMENT.provisions[:2])
    single = read_response(
        "party: P\nkind: interim\npositions:\n  - {provision: art-1, position: reject}\n"
    )
    report = check_response(one, single)
    assert report.summary == (
        "Invalid: 1 problem in interim response from P (1 of 2 provisions answered)."
    )
    empty = read_response("party: P\nkind: interim\npositions: []\n")
    assert check_response(ParsedDocument("T", DOCUMENT.provisions[1:2]), empty).summary == (
        "Valid interim response from P: 0 of 1 provision answered."
    )


def test_references_by_label_count_as_answers() -> None:
    text = "party: P\npositions:\n" + "".join(
        f"  - {{provision: '{ref}', position: accept}}\n"
        for ref in ("preamble", "ARTICLE 1", "article  2", "Article 3", "art-4", "art-5")
    )
    report = check_response(DOCUMENT, read_response(text))
    assert report.ok, report.problems
    assert report.answered == 6


def test_a_response_file_built_in_code_has_no_lines() -> None:
    draft = ResponseContent("P", positions=(Position(A.REJECT, provision="art-1"),))
    report = check_response(DOCUMENT, ResponseFile(draft, lines=()))
    assert report.problems[0].code == "missing_reason"
    assert report.problems[0].line is None


def test_the_report_on_an_unreadable_file() -> None:
    problem = Problem("not valid YAML: ...", "r.yaml", "", "malformed", line=3)
    report = CheckReport.unreadable(problem, answerable=6)
    assert not report.ok
    assert report.problems == (problem,)
    assert report.summary == "Invalid: the response file cannot be read."
    data = report.as_dict()
    assert (data["answered"], data["answerable"]) == (0, 6)
    assert data["problems"] == [problem.as_dict()]
    assert set(data["counts"]) == {k.value for k in PositionKind}  # type: ignore[call-overload]


def test_the_report_is_frozen() -> None:
    report = check_response(DOCUMENT, sample("formal.yaml"))
    assert isinstance(report, CheckReport)
    with pytest.raises(AttributeError):
        report.ok = False  # type: ignore[misc]
    with pytest.raises(TypeError):
        report.counts["accept"] = 0  # type: ignore[index]


# --- Problem with a line (errors.Problem) --------------------------------------------------------


def test_problem_shows_its_line() -> None:
    assert str(Problem("m", "art-3", "reason", "c", 12)) == "art-3 (line 12) [reason]: m"
    assert str(Problem("m", "", "reason", "c", 12)) == "line 12 [reason]: m"
    assert str(Problem("m", "art-3", "reason")) == "art-3 [reason]: m"
    assert str(Problem("m")) == "m"
    assert Problem("m", "w", "f", "c", 3).as_dict() == {
        "code": "c",
        "where": "w",
        "field": "f",
        "line": 3,
        "message": "m",
    }
    assert Problem("m").as_dict()["line"] is None
