"""Footnotes: notes a provision cites, kept beside its text and never inside it.

A provision's text calls its notes as Markdown does, ``[^label]`` ("... the Convention.[^1]");
:attr:`~inwriting.domain.documents.Provision.notes` holds the notes' texts in the order of
their first call. The call stays in the text where the author put it, so every view can
show it as a superscript and the note below the provision; a note called from no text (a
note read from a format that has notes but no calls) is shown all the same, numbered after
the called ones.
"""

from __future__ import annotations

import re
from dataclasses import replace

from inwriting.domain.documents import Provision

CALL_RE = re.compile(r"\[\^(?P<label>[^\]\s^]{1,20})\]")


def note_labels(text: str) -> list[str]:
    """The labels a text calls, each once, in the order of their first call."""
    return list(dict.fromkeys(found["label"] for found in CALL_RE.finditer(text)))


def numbered_notes(provision: Provision) -> list[tuple[str, str]]:
    """``(label, note)`` pairs for showing the provision's notes: labels as the text calls
    them, then numbers for notes no call names."""
    labels = note_labels(f"{provision.heading}\n{provision.text}")
    pairs = list(zip(labels, provision.notes, strict=False))
    used = set(labels)
    number = len(pairs)
    for note in provision.notes[len(pairs) :]:
        number += 1
        while str(number) in used:
            number += 1
        pairs.append((str(number), note))
    return pairs


def with_text(provision: Provision, text: str) -> Provision:
    """``provision`` with a new text (an amendment adopted), keeping the notes the new text
    still calls, in the order it calls them."""
    by_label = dict(numbered_notes(provision))
    labels = note_labels(f"{provision.heading}\n{text}")
    notes = tuple(by_label[label] for label in labels if label in by_label)
    return replace(provision, text=text, notes=notes)
