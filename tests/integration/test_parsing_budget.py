"""An upload is parsed in a child process within a time budget (issue 11): the same
document as in this process when it is in time, the parser's own error as itself, and a
clear error (not a busy worker) past the budget."""

from __future__ import annotations

import pytest

from inwriting.errors import FormatError
from inwriting.formats import parse_bytes
from inwriting.services.parsing import parse_bytes_within

TREATY = b"# Treaty\n\n## Article 1 - Scope\n\nThis applies.\n\n## Article 2\n\nNine years.\n"


def test_a_document_read_in_time_is_the_one_read_here() -> None:
    assert parse_bytes_within(TREATY, source="t.md", seconds=60) == parse_bytes(
        TREATY, source="t.md"
    )


def test_the_parsers_error_comes_back_with_its_file_and_line() -> None:
    with pytest.raises(FormatError) as refused:
        parse_bytes_within(b"ok\n\x00", source="t.txt", seconds=60)
    assert str(refused.value) == "t.txt, line 2: not a text document: a NUL byte found"


def test_a_parse_past_its_budget_is_stopped_with_a_clear_error() -> None:
    slow = b"## Article 1\n\nx\n\n" * 19_000  # seconds of work, far past a millisecond
    with pytest.raises(FormatError) as refused:
        parse_bytes_within(slow, source="slow.md", seconds=0.001)
    assert "slow.md: reading the file took longer than 0.001 seconds" in str(refused.value)
