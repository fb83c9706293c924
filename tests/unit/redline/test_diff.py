"""Word diff: operations rebuild both texts exactly; whitespace is layout, never a change."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inwriting.redline import engines
from inwriting.redline.diff import (
    Op,
    Operation,
    changed_regions,
    changed_tokens,
    diff_texts,
    new_text,
    old_text,
)
from inwriting.redline.hunks import hunk, text_hunk
from inwriting.redline.tokens import chunks, pieces

ENGINES = ["lcs", "dmp", "difflib"]

# Texts made of few words, so that random pairs share a lot (a diff of two unrelated
# random strings is trivially "everything replaced").
WORDS = st.sampled_from(
    ["the", "Party", "shall", "not", "be", "re-elected", "Статья", "Σύμβαση", "条約", "(a)",
     "1.", ",", ";", "’s", "\u0301", "x"]
)  # fmt: skip
SPACES = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", "", " \n \n "])
TEXTS = st.tuples(SPACES, st.lists(st.tuples(WORDS, SPACES), max_size=40)).map(
    lambda parts: parts[0] + "".join(w + s for w, s in parts[1])
)


def changes(ops: tuple[Operation, ...]) -> list[tuple[str, str]]:
    return [(o.op.value, o.text) for o in ops if o.changes]


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=300)
@given(old=st.text(), new=st.text())
def test_any_two_texts_are_rebuilt_exactly(engine: str, old: str, new: str) -> None:
    ops = diff_texts(old, new, engine=engine)
    assert old_text(ops) == old
    assert new_text(ops) == new
    assert all(o.text for o in ops)


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=300)
@given(old=TEXTS, new=TEXTS)
def test_similar_texts_are_rebuilt_exactly(engine: str, old: str, new: str) -> None:
    ops = diff_texts(old, new, engine=engine)
    assert (old_text(ops), new_text(ops)) == (old, new)
    assert all(o.text.isspace() or o.op is not Op.EQUAL or o.text for o in ops)


@given(text=TEXTS, spaces=st.lists(SPACES, min_size=1))
def test_whitespace_only_differences_are_no_change(text: str, spaces: list[str]) -> None:
    words = [p.rstrip() for p in pieces(text)]
    respaced = "".join(w + spaces[i % len(spaces)] for i, w in enumerate(words))
    ops = diff_texts(text, respaced)
    assert changes(ops) == []
    assert (old_text(ops), new_text(ops)) == (text, respaced)


@given(old=TEXTS, new=TEXTS)
def test_a_hunk_given_as_text_is_the_hunk_of_its_chunks(old: str, new: str) -> None:
    assert text_hunk(old, new) == hunk(chunks(old), chunks(new))


@given(
    lead=SPACES,
    old=st.lists(SPACES.filter(bool), max_size=30),
    new=st.lists(SPACES.filter(bool), min_size=1),
    at=st.integers(0),
)
def test_a_change_among_respaced_words_is_the_only_change(
    lead: str, old: list[str], new: list[str], at: int
) -> None:
    """Distinct words, respaced, and one inserted: the insertion is the only change."""
    words = [f"w{i}" for i in range(len(old))]
    before = lead + "".join(w + s for w, s in zip(words, old, strict=True))
    words.insert(at % (len(words) + 1), "NEW")
    after = "".join(w + new[i % len(new)] for i, w in enumerate(words))
    ops = diff_texts(before, after)
    assert (old_text(ops), new_text(ops)) == (before, after)
    assert "".join(o.text for o in ops if o.changes).split() == ["NEW"]


@pytest.mark.parametrize("engine", ENGINES)
def test_one_word_inserted(engine: str) -> None:
    ops = diff_texts("They may be re-elected.", "They may not be re-elected.", engine=engine)
    assert ops == (
        Operation(Op.EQUAL, "They may "),
        Operation(Op.INSERT, "not "),
        Operation(Op.EQUAL, "be re-elected."),
    )


def test_lost_spaces_are_layout_and_real_changes_are_not() -> None:
    """The UN Charter's converter lost spaces ("determinedto"); a typo was also fixed."""
    old = "determined to save succeeding generations, and to promote economie advancement"
    new = "determinedto save succeeding generations,andto promote economic advancement"
    ops = diff_texts(old, new)
    assert changes(ops) == [("delete", "economie "), ("insert", "economic ")]
    assert all(o.layout for o in ops if o.op is not Op.EQUAL and "econom" not in o.text)


def test_a_replaced_phrase_reads_whole() -> None:
    """A shared "the" inside a rewritten phrase is chaff: absorbed, not shown as equal."""
    old = "a litigation arises between the European Commission, as a Licensor, and any Licensee"
    new = "a dispute is brought by the Licensee against any Licensor of the Work"
    shown = changes(diff_texts(old, new))
    assert len([c for c in shown if c[0] == "delete"]) == 1


def test_an_unchanged_clause_between_two_insertions_stays_equal() -> None:
    old = "the Universal Declaration proclaimed by the General Assembly on 10 December; this text"
    new = (
        "the [Universal Declaration](../../a/b/c/d/e/f/README.md) proclaimed by the General "
        "Assembly on 10 December; this [text](../../a/b/c/d/e/f/README.md)"
    )
    ops = diff_texts(old, new)
    assert Operation(Op.EQUAL, "proclaimed by the General Assembly on 10 December; this ") in ops


def test_paragraphs_replaced_one_by_one() -> None:
    ops = diff_texts("office.\n\nThis licence", "office,\n\n- this licence")
    assert [(o.op.value, o.text) for o in ops] == [
        ("equal", "office"),
        ("delete", "."),
        ("insert", ","),
        ("equal", "\n\n"),
        ("delete", "This "),
        ("insert", "- this "),
        ("equal", "licence"),
    ]


def test_changed_tokens_counts_words_and_marks_of_real_changes() -> None:
    ops = diff_texts("a  b c", "a b d, e")
    assert changed_tokens(ops) == 1 + 3  # "c" deleted; "d", ",", "e" inserted


def test_changed_regions_ignore_whitespace() -> None:
    old, new = pieces("elected for  nine years"), pieces("elected for six\nyears")
    regions = changed_regions(old, new)
    assert [("".join(old[r.old_start : r.old_end]), "".join(new[r.new_start : r.new_end]))
            for r in regions] == [("nine ", "six\n")]  # fmt: skip


def test_long_texts_go_to_dmp_or_else_difflib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engines, "LCS_CELLS", 0)
    ops = diff_texts("They may be re-elected.", "They may not be re-elected.")
    assert changes(ops) == [("insert", "not ")]
    monkeypatch.setattr(engines, "_C_DIFF", None)
    ops = diff_texts("They may be re-elected.", "They may not be re-elected.")
    assert changes(ops) == [("insert", "not ")]
    with pytest.raises(RuntimeError, match="not installed"):
        diff_texts("a", "b", engine="dmp")


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown diff engine"):
        diff_texts("a", "b", engine="magic")
