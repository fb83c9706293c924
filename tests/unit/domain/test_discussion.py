"""What counts as a mention, and which messages are refused, as functions of text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from inwriting.domain.discussion import MAX_BODY, MAX_MENTIONS, body_problems, mentions


def test_mentions_are_names_after_an_at_sign_not_addresses() -> None:
    assert mentions("@ana, see @Bo's note; cc @ana") == ("ana", "bo")
    assert mentions("Write to ana@example.org or @@cato") == ()
    assert mentions("Ask @cleo.") == ("cleo",)
    assert mentions("Ask @j.doe today") == ("j.doe",)
    assert mentions("(@aron) and [@bo]") == ("aron", "bo")
    assert mentions("@a is too short, @" + "x" * 70 + " too long") == ()


def test_empty_long_and_crowded_messages_are_refused() -> None:
    assert [p.code for p in body_problems(" \n\t ")] == ["empty_body"]
    assert [p.code for p in body_problems("x" * (MAX_BODY + 1))] == ["too_long"]
    crowd = " ".join(f"@user{n}" for n in range(MAX_MENTIONS + 1))
    assert [p.code for p in body_problems(crowd)] == ["too_many_mentions"]
    assert body_problems("Fine, **really**.") == []


@given(st.text(max_size=300))
def test_every_mention_is_a_lower_case_username_found_in_the_text(text: str) -> None:
    found = mentions(text)
    assert len(found) == len(set(found))
    for name in found:
        assert name == name.lower() and 2 <= len(name) <= 64
        assert f"@{name}" in text.lower()
