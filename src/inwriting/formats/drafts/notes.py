"""Footnotes in drafts: Markdown footnote definitions taken out of the text, and each note
given to the provisions that call it.

A definition is a line ``[^label]: text`` (up to three spaces before it, as Markdown allows),
continued by the indented lines after it; it must be called somewhere (``[^label]`` in the
text) to count: an uncalled "definition" is left where it is, as text. Definitions are
blanked out of the lines before the structure is found, so a note is never a heading, a
provision or a paragraph of one; after the structure is built, each provision gets the notes
its heading and text call, in the order of their first call
(:attr:`~inwriting.domain.documents.Provision.notes`). The calls stay in the text.

The Markdown and plain-text readers and the DOCX reader (whose Word footnotes become calls
and definitions on the way) share this.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from inwriting.domain.documents import ParsedDocument
from inwriting.domain.notes import CALL_RE, note_labels
from inwriting.formats.drafts.layout import Line

_DEFINITION_RE = re.compile(r"^ {0,3}\[\^(?P<label>[^\]\s^]{1,20})\]:\s*(?P<text>.*)$")
_CONTINUATION_RE = re.compile(r"^(?: {4}|\t)\s*\S")


def split_definitions(lines: Sequence[Line]) -> tuple[list[Line], dict[str, str]]:
    """The lines with called footnote definitions blanked out, and the definitions by label."""
    found: dict[str, tuple[str, list[int]]] = {}
    index = 0
    while index < len(lines):
        match = None if lines[index].literal else _DEFINITION_RE.match(lines[index].text)
        if not match:
            index += 1
            continue
        parts, taken = [match["text"].strip()], [index]
        index += 1
        while index < len(lines) and _CONTINUATION_RE.match(lines[index].text):
            parts.append(lines[index].text.strip())
            taken.append(index)
            index += 1
        found.setdefault(match["label"], (" ".join(" ".join(parts).split()), taken))
    if not found:
        return list(lines), {}
    blanked = {i for _, taken in found.values() for i in taken}
    called = {
        m["label"]
        for i, line in enumerate(lines)
        if i not in blanked
        for m in CALL_RE.finditer(line.text)
    }
    definitions = {label: text for label, (text, _) in found.items() if label in called and text}
    removed = {i for label in definitions for i in found[label][1]}
    result = [Line("", line.number) if i in removed else line for i, line in enumerate(lines)]
    return result, definitions


def attach_notes(doc: ParsedDocument, definitions: dict[str, str]) -> ParsedDocument:
    """``doc`` with each provision's notes: the definitions its heading and text call."""
    if not definitions:
        return doc
    provisions = []
    for provision in doc.provisions:
        labels = note_labels(f"{provision.heading}\n{provision.text}")
        notes = tuple(definitions[label] for label in labels if label in definitions)
        provisions.append(replace(provision, notes=notes) if notes else provision)
    return replace(doc, provisions=tuple(provisions))
