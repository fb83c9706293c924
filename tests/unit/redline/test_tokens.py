"""Tokens: pieces partition the text exactly, in any script, and compare without whitespace."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from inwriting.redline.tokens import (
    TokenKind,
    Vocabulary,
    chunk_end,
    chunks,
    key,
    pieces,
    shared_start,
    tokenise,
)


@given(st.text())
def test_pieces_rebuild_any_text(text: str) -> None:
    assert "".join(pieces(text)) == text


@given(st.text())
def test_tokens_rebuild_any_text_with_their_spans(text: str) -> None:
    tokens = tokenise(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert all(a.end == b.start for a, b in pairwise(tokens))


def words(text: str) -> list[str]:
    return [key(p) for p in pieces(text)]


def test_words_and_punctuation_in_latin_cyrillic_and_greek() -> None:
    assert words("Article 5(1): the Party’s duty.") == [
        "Article", "5", "(", "1", ")", ":", "the", "Party", "’", "s", "duty", ".",
    ]  # fmt: skip
    assert words("Статья 1. Стороны") == ["Статья", "1", ".", "Стороны"]
    assert words("Άρθρο 2 — Η Σύμβαση") == ["Άρθρο", "2", "—", "Η", "Σύμβαση"]


def test_each_cjk_character_is_a_word() -> None:
    assert words("第一条 本协定") == ["第", "一", "条", "本", "协", "定"]
    assert words("日本語のテキスト") == ["日", "本", "語", "の", "テ", "キ", "ス", "ト"]
    assert words("abc中文") == ["abc", "中", "文"]


def test_combining_marks_stay_in_their_word() -> None:
    decomposed = "cafe\u0301 noir"
    assert words(decomposed) == ["cafe\u0301", "noir"]
    assert words("नमस्ते दुनिया") == ["नमस्ते", "दुनिया"]


def test_whitespace_is_not_part_of_the_key() -> None:
    assert pieces("may  be\n\nre-elected") == ["may  ", "be\n\n", "re", "-", "elected"]
    vocabulary = Vocabulary()
    assert vocabulary.encode("may be").codes == vocabulary.encode("may\n  be\n").codes
    assert vocabulary.encode("may be").codes != vocabulary.encode("maybe").codes


def test_token_kinds() -> None:
    kinds = [t.kind for t in tokenise("One, two.\n\nThree ")]
    assert kinds == [
        TokenKind.WORD,
        TokenKind.PUNCTUATION,
        TokenKind.SPACE,
        TokenKind.WORD,
        TokenKind.PUNCTUATION,
        TokenKind.PARAGRAPH_BREAK,
        TokenKind.WORD,
        TokenKind.SPACE,
    ]


def test_a_vocabulary_outgrows_the_basic_plane() -> None:
    """More distinct words than the characters below U+FFFF still get distinct codes."""
    vocabulary = Vocabulary()
    codes = vocabulary.encode(" ".join(f"w{i}" for i in range(70_000))).codes
    assert len(set(codes)) == 70_000
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in codes)


@given(st.text())
def test_chunks_rebuild_any_text_and_cut_only_between_pieces(text: str) -> None:
    cut = chunks(text)
    assert "".join(cut) == text
    assert [p for c in cut for p in pieces(c)] == pieces(text)
    assert all(c.strip() for c in cut[1:])


@given(st.text(), st.data())
def test_chunk_end_counts_chunks_from_any_chunk_boundary(text: str, data: st.DataObject) -> None:
    cut = chunks(text)
    start = data.draw(st.integers(0, len(cut)))
    count = data.draw(st.integers(0, len(cut) - start + 2))
    offset = len("".join(cut[:start]))
    assert chunk_end(text, offset, count) == len("".join(cut[: start + count]))


def test_chunk_end_past_a_long_stretch() -> None:
    """The window grows: long words, long spaces, a leading space."""
    text = "\n\n " + " ".join("x" * n + " " * (n % 7) for n in range(1, 200))
    cut = chunks(text)
    assert chunk_end(text, 0, 150) == len("".join(cut[:150]))
    assert chunk_end(text, len(cut[0]), 1) == len("".join(cut[:2]))


@given(st.text(), st.text())
def test_codes_are_one_per_chunk_and_equal_where_keys_are(a: str, b: str) -> None:
    vocabulary = Vocabulary()
    keys_a, keys_b = [key(c) for c in chunks(a)], [key(c) for c in chunks(b)]
    codes_a, codes_b = vocabulary.coded(a), vocabulary.coded(b)
    assert (len(codes_a), len(codes_b)) == (len(keys_a), len(keys_b))
    codes, keys = codes_a + codes_b, keys_a + keys_b
    assert len(set(zip(codes, keys, strict=True))) == len(set(codes)) == len(set(keys))


@given(st.text(), st.text())
def test_shared_start(a: str, b: str) -> None:
    n = shared_start(a, b)
    assert a[:n] == b[:n]
    assert n == min(len(a), len(b)) or a[n] != b[n]
