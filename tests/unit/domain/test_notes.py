"""Provision notes: labels as the text calls them, kept when a new text still calls them."""

from __future__ import annotations

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.domain.notes import note_labels, numbered_notes, with_text

ARTICLE = Provision(
    "art-1",
    ProvisionKind.ARTICLE,
    "Article 1",
    "1",
    "",
    "First[^a], second[^2], first again[^a].",
    notes=("Note a.", "Note 2."),
)


def test_labels_are_the_calls_once_each_in_order() -> None:
    assert note_labels(ARTICLE.text) == ["a", "2"]
    assert note_labels("No calls, [^] nor [^two words].") == []


def test_a_new_text_keeps_the_notes_it_still_calls_in_its_order() -> None:
    amended = with_text(ARTICLE, "Only the second[^2] and then[^a] the first.")
    assert amended.notes == ("Note 2.", "Note a.")
    assert with_text(ARTICLE, "No notes at all.").notes == ()
    assert numbered_notes(with_text(ARTICLE, "See[^2].")) == [("2", "Note 2.")]
