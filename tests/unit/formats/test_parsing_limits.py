"""Parsing stays linear and bounded (issue 11): keys as before, a cap on provisions.

The keys are compared with the search the parser used before it was made linear, kept
here as the reference; the regular expression it replaced for Markdown closing hashes and
the old way of joining a paragraph's lines are kept too, so the new code must agree with
them on every input Hypothesis finds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inwriting.domain import documents
from inwriting.errors import FormatError
from inwriting.formats import parse_bytes, parse_document
from inwriting.formats.drafts import keys, layout, markdown
from inwriting.formats.native_json import write_json

_OLD_ATX = re.compile(r"^ {0,3}#{1,6}(?!#)\s*(?P<text>.*?)(?:\s+#+)?\s*$")


def _old_unique_keys(bases: Sequence[str], parents: Sequence[int | None]) -> list[str]:
    counts = Counter(bases)
    result: list[str] = []
    used: set[str] = set()
    for base, parent in zip(bases, parents, strict=True):
        key = f"{result[parent]}.{base}" if counts[base] > 1 and parent is not None else base
        candidate, suffix = key, 2
        while candidate in used:
            candidate, suffix = f"{key}-{suffix}", suffix + 1
        used.add(candidate)
        result.append(candidate)
    return result


def _old_join(block: Sequence[str]) -> str:
    text = ""
    for part in block:
        if not text:
            text = part
        elif text.endswith("\u00ad"):
            text = text[:-1] + part
        elif text.endswith("-") and len(text) > 1 and text[-2].isalpha() and part[:1].islower():
            text += part
        else:
            text += " " + part
    return " ".join(text.split())


@st.composite
def _bases_and_parents(draw: st.DrawFn) -> tuple[list[str], list[int | None]]:
    names = st.sampled_from(["art-1", "art-1-2", "art-2", "ch-1", "ch-1.art-1", "x-2-2"])
    bases = draw(st.lists(names, max_size=40))
    parents = [draw(st.none() | st.integers(0, i - 1)) if i else None for i in range(len(bases))]
    return bases, parents


@given(_bases_and_parents())
def test_keys_are_those_of_the_plain_search(case: tuple[list[str], list[int | None]]) -> None:
    assert keys.unique_keys(*case) == _old_unique_keys(*case)


def test_a_label_repeated_many_times_gets_consecutive_suffixes() -> None:
    found = keys.unique_keys(["art-1"] * 5000, [None] * 5000)
    assert found[:3] == ["art-1", "art-1-2", "art-1-3"] and found[-1] == "art-1-5000"
    assert len(set(found)) == 5000


@given(st.text(alphabet="# \tab1", max_size=30))
def test_closing_hashes_are_removed_as_before(text: str) -> None:
    old = _OLD_ATX.match(text)
    new = markdown._ATX_RE.match(text)
    assert (old is None) == (new is None)
    if old and new:
        assert markdown._without_closing_hashes(new["text"]) == old["text"]


@given(st.lists(st.text(alphabet="a-\u00ad B", min_size=1, max_size=6), max_size=8))
def test_paragraph_lines_join_as_before(block: list[str]) -> None:
    assert layout._join(block) == _old_join(block)


def test_a_document_over_the_cap_is_refused_naming_the_cap_and_the_line() -> None:
    cap = documents.MAX_PROVISIONS
    text = "# Treaty\n\n" + "## Article 1\n\nx\n\n" * (cap + 1)
    with pytest.raises(FormatError) as refused:
        parse_document(text, format="markdown", source="big.md")
    assert "at most 20,000" in str(refused.value)
    assert refused.value.source == "big.md"
    assert refused.value.line == 3 + 4 * cap  # the heading of the provision over the cap


def test_a_document_at_the_cap_is_read() -> None:
    text = "## Article 1\n\nx\n\n" * documents.MAX_PROVISIONS
    parsed = parse_document(text, format="markdown")
    assert len(parsed.provisions) == documents.MAX_PROVISIONS
    assert parsed.provisions[-1].key == f"art-1-{documents.MAX_PROVISIONS}"


def test_the_cap_holds_for_every_format(monkeypatch: pytest.MonkeyPatch) -> None:
    """JSON (and Akoma Ntoso, DOCX) do not go through the text parser's early check."""
    native = parse_document("## Article 1\n\nx\n\n## Article 2\n\ny\n", format="markdown")
    data = write_json(native).encode()
    monkeypatch.setattr(documents, "MAX_PROVISIONS", 1)
    with pytest.raises(FormatError, match="at most 1"):
        parse_bytes(data, source="v.json")


def test_a_long_run_of_spaces_in_a_heading_is_read() -> None:
    """Backtracking over it took minutes; the heading keeps its words."""
    text = "# Article 1 Scope" + " " * 200_000 + "and aims #\n\nText.\n"
    parsed = parse_document(text, format="markdown")
    assert parsed.provisions[0].heading.split() == ["Scope", "and", "aims"]


@given(st.text(alphabet="-=* \tx", max_size=12))
def test_separators_are_those_the_expression_finds(text: str) -> None:
    assert layout.is_separator(text) == bool(layout._SEPARATOR_RE.match(text))
