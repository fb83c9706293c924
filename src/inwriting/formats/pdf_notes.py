"""Footnotes at the foot of PDF pages, found from the layout and kept as notes.

A PDF prints a footnote twice: a call in the text (a superscript "1" after "1959,") and the
note at the foot of the page ("1 European Treaty Series No. 30."). Read as text, the note is
a stray paragraph in the middle of a provision and the call a digit glued to a word. Here
both are found on each page and given the shape the other readers give notes: the call
becomes ``[^1]`` where it stands and the note a definition ``[^1]: ...``, which the plain
text reader attaches to the provision that calls it
(:mod:`inwriting.formats.drafts.notes`).

A page's **footnote zone** is the run of lines at its foot, above the running footer, that
is set apart from the text in one of the two ways typesetters use: below a short rule (the
footnote separator of Word and LibreOffice, a line a fraction of the text width long,
starting at its left edge), or, without one, in a smaller size than the document's body
text. A zone counts only when a line in it starts with a marker ("1", "(1)", "[1]", "*")
that a **call** on the same page names: a raised, smaller run of characters in the text
above (or on the page before: a note that does not fit is set on the next page). So a
numbered last paragraph in body size ("3. The depositary shall ..."), a page number, a
running footer ("Page 2") or a small-print table with no call are never notes; nor is a
line in the body size starting "1.", or anything a wide gap parts from the notes above it,
or a zone below a rule with a heading in it. A note printed smaller right after the text
that calls it, starting with a raised marker (the product's own PDF export prints notes
so), is taken the same way wherever it stands. Zone lines that do not start with a marker
continue the note above them; at the top of a zone they continue the previous page's last
note (a long note runs on, its page ending mid-sentence). The running footer below a zone
— a line like a page number, or one recurring at the same height at the foot of 40 % of
the pages — is left in the text for :mod:`~inwriting.formats.drafts.pages` to remove.

Numbering may run through the document or restart on every page. Labels are kept as
printed when no two notes share one; otherwise every note is numbered again in the order
of the document, 1, 2, 3 ..., and its calls with it. A raised run that names no note (an
ordinal "1st", a unit "m2", a call whose note is missing) stays in the text as it reads.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

__all__ = ["PageNotes", "PdfLine", "Rule", "find_notes"]

_ENDS = (".", "!", "?", ";", ")", "]", "\u201d", '"')  # a note ending so ends on its page
_SMALL = 0.9  # a zone set in a smaller size: below 90 % of the body size
_LARGE = 1.05  # a line set larger than the body (a heading) is never in a note
_MARKER_RE = re.compile(r"^\s*[\[(]?(?P<label>\d{1,3}|[*\u2020\u2021\u00a7\u00b6]{1,3})[\])]?\.?\s")
_CALL_RE = re.compile(r"^[\[(]?(\d{1,3}|[*\u2020\u2021\u00a7\u00b6]{1,3}|[a-z])[\])]?$")
_PAGE_NUMBER_RE = re.compile(
    r"^(?:page\s+|p\.\s*|-\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*-)?$", re.I
)


@dataclass(frozen=True)
class Rule:
    """A short horizontal rule on a page: its left and right ends and its height."""

    left: float
    right: float
    y: float


@dataclass(frozen=True)
class PdfLine:
    """A line of text as pdfminer laid it out: its pieces (text, and whether raised), the
    size most of its characters are set in, where it stands, and the text box it is in."""

    pieces: tuple[tuple[str, bool], ...]
    size: float
    top: float
    bottom: float
    left: float
    box: int
    layout: Any = field(compare=False)  # the pdfminer line, for pdf_text's wrap test

    @cached_property
    def text(self) -> str:
        return " ".join("".join(text for text, _ in self.pieces).split())


@dataclass(frozen=True)
class PageNotes:
    """A page's text lines, calls written ``[^label]``, and its notes, each a label ("" for
    the continuation of the previous page's last note) and its lines of text."""

    lines: tuple[tuple[PdfLine, str], ...]
    notes: tuple[tuple[str, tuple[str, ...]], ...]


def find_notes(
    pages: Sequence[Sequence[PdfLine]], rules: Sequence[Sequence[Rule]]
) -> list[PageNotes]:
    """Each page's text without its footnote zone, and its notes (see the module docstring).

    Linear in the lines: each page is looked at once, then each line once more."""
    body = _body_size(pages)
    footers = _recurring_footers(pages)
    found: list[tuple[dict[int, list[str]], list[tuple[str, list[PdfLine]]]]] = []
    noted = False  # whether the previous page ended with a note that may run on
    carried: set[str] = set()  # labels called on the previous page whose note it lacked
    for page, page_rules in zip(pages, rules, strict=True):
        calls, notes = _page_notes(page, page_rules, body, footers, noted, carried)
        found.append((calls, notes))
        noted = bool(notes) and not notes[-1][1][-1].text.endswith(_ENDS)
        carried = {label for labels in calls.values() for label in labels}
        carried -= {label for label, _ in notes}
    finals = iter(_labels([note for _, notes in found for note in notes]))
    maps = [{label: next(finals) for label, _ in notes if label} for _, notes in found]
    result: list[PageNotes] = []
    for index, (page, (calls, notes)) in enumerate(zip(pages, found, strict=True)):
        mapping = dict(maps[index])
        if index + 1 < len(found):  # a note set on the next page, its call on this one
            called_there = {label for labels in found[index + 1][0].values() for label in labels}
            for label, final in maps[index + 1].items():
                if label not in called_there:
                    mapping.setdefault(label, final)
        taken = {id(line) for _, lines in notes for line in lines}
        lines = tuple(
            (line, _written(line, mapping) if id(line) in calls else line.text)
            for line in page
            if id(line) not in taken
        )
        texts = tuple(
            (
                maps[index].get(label, ""),
                tuple(
                    _after_marker(line) if label and not i else line.text
                    for i, line in enumerate(note_lines)
                ),
            )
            for label, note_lines in notes
        )
        result.append(PageNotes(lines, texts))
    return result


def _body_size(pages: Sequence[Sequence[PdfLine]]) -> float:
    """The size most of the document's characters are set in."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page:
            sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _recurring_footers(pages: Sequence[Sequence[PdfLine]]) -> set[str]:
    """The running footers: bottom lines that recur, digits blurred, at the same height at
    the foot of at least two pages and 40 % of them (a note's last line, "p. 31).", recurs
    too, but not at one height)."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_footer_key(line) for line in _bottom_up(page)[:2]})
    threshold = max(2, math.ceil(0.4 * len(pages)))
    return {key for key, count in counts.items() if count >= threshold}


def _footer_key(line: PdfLine) -> str:
    return f"{round(line.bottom)}:{_key(line.text)}"


def _bottom_up(page: Sequence[PdfLine]) -> list[PdfLine]:
    return sorted(page, key=lambda line: (line.bottom, -line.left))


def _footer(line: PdfLine, footers: set[str]) -> bool:
    return bool(_PAGE_NUMBER_RE.match(line.text)) or _footer_key(line) in footers


def _calls(line: PdfLine) -> list[str]:
    """The labels a line's raised runs name ("1", "1,2" names two)."""
    labels = []
    for text, raised in line.pieces:
        if raised:
            for part in text.strip().split(","):
                found = _CALL_RE.match(part.strip())
                if found:
                    labels.append(found[1])
    return labels


def _marker(line: PdfLine, *, numbered: bool = False, raised_only: bool = False) -> str:
    """The label a line starts with, raised or not, when text follows it; else "". A line in
    the body size starting "1." is a numbered paragraph (``numbered``), not a note."""
    first, raised = line.pieces[0] if line.pieces else ("", False)
    if raised:
        found = _CALL_RE.match(first.strip())
        rest = "".join(text for text, _ in line.pieces[1:]).strip()
        return found[1] if found and rest else ""
    if raised_only:
        return ""
    found = _MARKER_RE.match(line.text + " ")
    if not found or (numbered and found[0].rstrip().endswith(".")):
        return ""
    return found["label"] if line.text[found.end() - 1 :].strip() else ""


def _after_marker(line: PdfLine) -> str:
    """The text of a note's first line after its marker."""
    if line.pieces and line.pieces[0][1]:
        return " ".join("".join(text for text, _ in line.pieces[1:]).split())
    found = _MARKER_RE.match(line.text + " ")
    return line.text[found.end() :].strip() if found else line.text


def _zone(
    page: Sequence[PdfLine], rules: Sequence[Rule], body: float, footers: set[str]
) -> list[PdfLine]:
    """The lines of the page's footnote zone, top down, its running footer left out."""
    lines = _bottom_up(page)
    while lines and _footer(lines[0], footers):
        lines.pop(0)
    if not lines:
        return []
    rule = _separator(rules, page)
    if rule is not None:
        zone = [line for line in lines if line.top <= rule.y + 1]
        if any(line.size > _LARGE * body for line in zone):
            return []  # a heading below the rule: it separates something else
    else:
        zone = []
        for line in lines:
            if line.size >= _SMALL * body:
                break
            zone.append(line)
    return zone[::-1]


def _separator(rules: Sequence[Rule], page: Sequence[PdfLine]) -> Rule | None:
    """The lowest short rule starting at the text's left edge, in the lower two thirds of
    the text: a footnote separator (a rule under a title is none)."""
    if not page:
        return None
    left = min(line.left for line in page)
    right = max(line.layout.x1 for line in page)
    bottom = min(line.bottom for line in page)
    top = max(line.top for line in page)
    width = right - left
    short = [
        rule
        for rule in rules
        if abs(rule.left - left) <= 0.05 * width
        and 0.05 * width <= rule.right - rule.left <= 0.6 * width
        and rule.y <= bottom + 2 / 3 * (top - bottom)
    ]
    return min(short, key=lambda rule: rule.y) if short else None


def _page_notes(
    page: Sequence[PdfLine],
    rules: Sequence[Rule],
    body: float,
    footers: set[str],
    noted: bool,
    carried: set[str],
) -> tuple[dict[int, list[str]], list[tuple[str, list[PdfLine]]]]:
    """The labels the page's lines call (by line id) and its notes, top down. A note whose
    call is on the previous page (``carried``: it did not fit there) counts too."""
    zone = _zone(page, rules, body, footers)
    inside = {id(line) for line in zone}
    calls = {
        id(line): (line.top, found)
        for line in page
        if id(line) not in inside and (found := _calls(line))
    }
    notes = _notes_after_text(page, inside, body, calls)
    taken = {id(line) for _, lines in notes for line in lines}
    called = {key: calls[key][1] for key in calls if key not in taken}
    labels = {label for found in called.values() for label in found} | carried
    foot = _foot_notes(zone, labels, body, noted)
    if any(label for label, _ in foot) or (foot and _continuation_cue(zone, rules, page, body)):
        notes += foot
    return called, notes


def _foot_notes(
    zone: Sequence[PdfLine], labels: set[str], body: float, noted: bool
) -> list[tuple[str, list[PdfLine]]]:
    """The notes of a page's footnote zone: a line starting with a called marker starts one,
    the lines after it continue it; lines before the first continue the previous page's."""
    notes: list[tuple[str, list[PdfLine]]] = []
    above: PdfLine | None = None
    for line in zone:
        if above is not None and _parted(above, line):
            break
        above = line
        marker = _marker(line, numbered=line.size >= _SMALL * body)
        if marker and marker in labels:
            notes.append((marker, [line]))
        elif notes:
            notes[-1][1].append(line)
        elif noted:
            notes.append(("", [line]))
    return notes


def _parted(above: PdfLine, line: PdfLine) -> bool:
    """Notes are set close together: what a wide gap parts from them is not one."""
    return above.bottom - line.top > 2 * (line.top - line.bottom)


def _notes_after_text(
    page: Sequence[PdfLine],
    inside: set[int],
    body: float,
    calls: dict[int, tuple[float, list[str]]],
) -> list[tuple[str, list[PdfLine]]]:
    """Notes printed after the text that calls them rather than at the foot of the page (the
    product's own PDF export prints them so): a run of small lines starting with a raised
    marker that a call higher on the page names."""
    notes: list[tuple[str, list[PdfLine]]] = []
    current: list[PdfLine] | None = None
    for line in sorted(page, key=lambda line: (-line.top, line.left)):
        if id(line) in inside or line.size >= _SMALL * body:
            current = None
            continue
        marker = _marker(line, raised_only=True)
        if marker and any(top > line.top and marker in labels for top, labels in calls.values()):
            current = [line]
            notes.append((marker, current))
        elif current is not None and not marker and not _parted(current[-1], line):
            current.append(line)
        else:
            current = None
    return notes


def _continuation_cue(
    zone: Sequence[PdfLine], rules: Sequence[Rule], page: Sequence[PdfLine], body: float
) -> bool:
    """A zone with no new note continues the last page's only when set apart: by a rule, or
    in a small size ending the page (never a body-size last paragraph)."""
    return _separator(rules, page) is not None or all(line.size < _SMALL * body for line in zone)


def _labels(notes: Sequence[tuple[str, list[PdfLine]]]) -> list[str]:
    """Each new note's final label: as printed when all differ, else numbered 1, 2, 3 ..."""
    printed = [label for label, _ in notes if label]
    if len(set(printed)) == len(printed):
        return printed
    return [str(number) for number in range(1, len(printed) + 1)]


def _written(line: PdfLine, mapping: dict[str, str]) -> str:
    """The line's text with the raised runs that name a note on its page as calls."""
    out = []
    for text, raised in line.pieces:
        if raised:
            parts = [part.strip() for part in text.strip().split(",")]
            found = [_CALL_RE.match(part) for part in parts]
            if all(found) and all(m is not None and m[1] in mapping for m in found):
                out.append("".join(f"[^{mapping[m[1]]}]" for m in found if m is not None))
                continue
        out.append(text)
    return " ".join("".join(out).split())
