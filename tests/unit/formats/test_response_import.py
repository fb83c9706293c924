"""One reader for every response file a party may send."""

from __future__ import annotations

import pytest

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.errors import FormatError
from inwriting.formats.docx.response import write_response_docx
from inwriting.formats.responses.comment_matrix import comment_matrix
from inwriting.formats.responses.imports import read_any_response

PROVISIONS = (
    Provision("art-1", ProvisionKind.ARTICLE, "Article 1", "1", "", "One."),
    Provision("art-2", ProvisionKind.ARTICLE, "Article 2", "2", "", "Two."),
)
B = ResponseContent(
    "Party B",
    positions=(
        Position(PositionKind.ACCEPT, provision="art-1"),
        Position(PositionKind.REJECT, provision="art-2", reason="Too vague."),
    ),
)
C = ResponseContent(
    "Party C",
    positions=(Position(PositionKind.AMEND, provision="art-1", text="Uno.", reason="Tone."),),
)


def _kinds(draft: ResponseContent) -> list[tuple[str, str]]:
    return [(p.target, p.kind.value) for p in draft.positions]


def test_the_word_table_we_export_reads_back() -> None:
    data = write_response_docx(B, PROVISIONS, version_label="Draft 1", title="Answer")
    found = read_any_response(data, source="answer.docx", party="Party B")
    assert found.party == "Party B" and _kinds(found) == _kinds(B)
    with pytest.raises(FormatError, match="not of 'Party C'"):
        read_any_response(data, source="answer.docx", party="Party C")


def test_a_comment_matrix_of_several_parties_needs_a_party() -> None:
    data = comment_matrix(PROVISIONS, {"Party B": B, "Party C": C}, fmt="csv")
    assert _kinds(read_any_response(data, source="m.csv", party="Party C")) == [("art-1", "amend")]
    with pytest.raises(FormatError, match="several parties"):
        read_any_response(data, source="m.csv")
    with pytest.raises(FormatError, match="no row of 'Party D'"):
        read_any_response(data, source="m.csv", party="Party D")


def test_yaml_is_the_default_and_bad_bytes_are_a_format_error() -> None:
    text = b"party: Party B\npositions:\n  - provision: art-1\n    position: accept\n"
    assert _kinds(read_any_response(text, source="a.yaml")) == [("art-1", "accept")]
    with pytest.raises(FormatError):
        read_any_response(b"PK\x03\x04 not really a zip", source="a.docx")
    with pytest.raises(FormatError):
        read_any_response(b"\xff\xfe\x00garbage", source="a.xlsx", party="Party B")
