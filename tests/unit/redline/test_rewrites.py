"""Readable redlines: a rewritten sentence reads as the old sentence deleted and the new one
inserted, not as alternating fragments; where few words change, the word-level detail stays;
the bracketed consolidated text holds a rewritten phrase in one bracket."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.redline.bracket_render import consolidated_text
from inwriting.redline.brackets import consolidate
from inwriting.redline.diff import Op, _merge, diff_texts, new_text, old_text
from inwriting.redline.rewrites import _CLAUSE, _SENTENCE, _judge, change_runs

OLD = (
    "Russia and NATO will consult with the exception of matters of internal security, in "
    "the framework of the Council. They may meet annually in Brussels."
)
NEW = (
    "The Parties shall settle all international disputes including on the basis of the "
    "Charter, in the spirit of mutual trust. They may meet annually in Brussels."
)


def shown(ops: tuple[object, ...]) -> list[tuple[str, str]]:
    return [(o.op.value, o.text) for o in ops]  # type: ignore[attr-defined]


def test_a_rewritten_sentence_is_deleted_and_inserted_whole() -> None:
    ops = diff_texts(OLD, NEW)
    assert shown(ops) == [
        ("delete", OLD.split(".")[0]),
        ("insert", NEW.split(".")[0]),
        ("equal", ". They may meet annually in Brussels."),
    ]
    assert change_runs(diff_texts(OLD, NEW, whole_rewrites=False)) == 5  # what it was


def test_a_few_changed_words_keep_their_word_level_detail() -> None:
    old = "The judges shall be elected for nine years. They may be re-elected."
    new = "The judges shall be elected for six years. They may not be re-elected."
    assert shown(diff_texts(old, new)) == [
        ("equal", "The judges shall be elected for "),
        ("delete", "nine "),
        ("insert", "six "),
        ("equal", "years. They may "),
        ("insert", "not "),
        ("equal", "be re-elected."),
    ]


def test_a_rewritten_clause_is_whole_while_the_rest_of_its_sentence_stays() -> None:
    old = (
        "Each Party shall report annually to the Commission, with the exception of "
        "matters of security, and shall publish its report."
    )
    new = (
        "Each Party shall report annually to the Commission, including on the basis of "
        "questions of defence, and shall publish its report."
    )
    ops = diff_texts(old, new)
    assert [o.op for o in ops] == [Op.EQUAL, Op.DELETE, Op.INSERT, Op.EQUAL]
    assert ops[0].text == "Each Party shall report annually to the Commission, "
    assert ops[1].text == "with the exception of matters of security"
    assert ops[3].text == ", and shall publish its report."


WORDS = st.sampled_from(["the", "of", "Party", "shall", "consult", "with", "basis", ".", ","])


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, max_size=40), st.lists(WORDS, max_size=40))
def test_both_texts_are_still_rebuilt_exactly(old: list[str], new: list[str]) -> None:
    a, b = " ".join(old), " ".join(new)
    ops = diff_texts(a, b)
    assert (old_text(ops), new_text(ops)) == (a, b)
    assert change_runs(ops) <= change_runs(diff_texts(a, b, whole_rewrites=False))


def test_a_rewritten_phrase_is_one_bracket_in_the_consolidated_text() -> None:
    version = (Provision("art-1", ProvisionKind.ARTICLE, "Article 1", "1", "", OLD),)
    us = ResponseContent(
        "US", positions=(Position(PositionKind.AMEND, "art-1", text=NEW, reason="clearer"),)
    )
    text = consolidated_text(consolidate(version, {"US": us}, ["US"]))
    first_old, first_new = OLD.split(".")[0], NEW.split(".")[0]
    assert f"[{first_old}] [US: {first_new}]. They may meet annually in Brussels." in text
    assert text.count("[US:") == 1


SENTENCE_WORDS = st.sampled_from(
    ["the", "of", "Party", "shall", "consult", "basis", "exception", ".", ",", ";", "\n\n"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SENTENCE_WORDS, max_size=60), st.lists(SENTENCE_WORDS, max_size=60))
def test_the_quick_tests_never_change_what_is_collapsed(old: list[str], new: list[str]) -> None:
    """Judging every sentence and clause gives the same redline as judging only where the
    cheap necessary conditions let through."""
    a, b = " ".join(old), " ".join(new)
    plain = diff_texts(a, b, whole_rewrites=False)
    everything = _merge(_judge(list(plain), (_SENTENCE, _CLAUSE)))
    assert diff_texts(a, b) == everything
