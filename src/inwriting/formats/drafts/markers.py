"""Which lines open a provision: the document-wide decisions behind single-line matches.

:func:`~.headings.match_label` says a line *reads like* "Article 5"; whether it opens an article
depends on the rest of the document:

* **Marked beats unmarked.** In Markdown, when some ``#`` or bold headings are articles, only
  such headings open articles; a paragraph that happens to read "Article 5" stays text,
  unless it starts a block and runs a heading into its first sentence ("Section 2.1 Term.
  This Agreement ...", where a converter dropped the bold of some headings only). The
  same holds for groups and for annexes, each on its own: a file whose chapters are
  ``### CHAPTER I`` headings but whose articles are plain "Article 1" lines (the UN Charter
  as often converted) has its articles read from the plain lines.
* **"Section" is an article or a group.** Where the document also numbers provisions with
  another article word (Article, Art., Clause, §, Статья ...), "Section" groups them (the
  ECHR's "SECTION I", the GDPR's "Section 1" inside chapters); otherwise each section is
  an answerable article (a contract's "Section 5").
* **Articles that group Sections.** In a US-style contract ("ARTICLE I — DEFINITIONS" over
  "Section 1.1", "Section 1.2") the sections are the answerable units and the articles group
  them. That is read from the order of the labels, never from one line: sections follow one
  another more often than articles do (in the GDPR or the ECHR, where sections group
  articles, it is the other way round).
* **A table of contents is text.** A run of labels with no text between them, at least
  three of them units whose numbers mostly come back later ("Sec. 1101." ... under "SECTION
  1" of a US statute, then each section with its text), lists the provisions and opens none.
* **Licence-style numbering only as a last resort.** When no article word opens any line,
  paragraphs starting "1. ", "2. " ... at the start of a block are taken as sections, but only
  the longest run numbered one by one from 0 or 1 (with lines that look like headings
  preferred), so a numbered list inside a section cannot start a new one. In a document that
  has article words, "1." is always a paragraph number.
* **Weak lines must continue the numbering.** A label line glued to the previous line (no
  blank line before it, as in PDF text) opens a provision only if its number follows the
  previous one of its kind (or is 1 after a new group); otherwise it may be a wrapped
  sentence ending in "... referred to in / Article 5." and stays text.
* **Annexes come after articles and keep what they contain.** An annex heading before the
  first article is text. Inside an annex, numbered articles and groups belong to the annex,
  unless an article continues the main numbering (the annex was in the middle).
* **"END OF TERMS AND CONDITIONS"** (GNU licences) closes the terms; the title line after it
  ("How to Apply These Terms to Your New Programs") opens an unnumbered annex.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from inwriting.formats.drafts.headings import (
    DANGLING_WORDS,
    END_OF_TERMS_RE,
    ENUMERATOR_RE,
    GROUP_RANK,
    NOTE_CALLS_RE,
    PROVISIONS_HEADING_RE,
    STATUS_RE,
    Label,
    LabelRole,
    bold_run_in,
    caption_line,
    clean_heading,
    heading_like,
    match_label,
    match_numbered,
    normalise_number,
    rest_is_heading,
    run_in_heading,
)
from inwriting.formats.drafts.layout import Line

_PARAGRAPH_SIGN_RE = re.compile(r"^§\s?\d{1,3}[a-z]?\.?\s")


@dataclass(frozen=True)
class Marker:
    """A line that opens a provision, with what the line itself says about it."""

    role: LabelRole
    prefix: str  # key prefix: "art", "ch", "sec", "annex", ...
    label: str
    number: str
    heading: str  # a heading written on the same line, or ""
    text: str = ""  # the start of the text, when it follows the label on the same line
    takes_heading: bool = True  # False when the label is itself a title ("How to Apply ...")


@dataclass(frozen=True)
class _Candidate:
    index: int
    label: Label
    strong: bool  # marked, or standing after a blank line
    preset: Marker | None = None  # a licence section, already read


def find_markers(lines: Sequence[Line]) -> dict[int, Marker]:
    """Map the index of every line that opens a provision to what it opens."""
    candidates = _without_paragraph_signs(_without_contents(_candidates(lines), lines))
    if _sections_in_articles(candidates):
        candidates = [_as_section_unit(c) for c in candidates]
    has_article_word = any(
        c.label.role is LabelRole.ARTICLE and not c.label.section_word for c in candidates
    )
    candidates = [_resolve_section(c, has_article_word) for c in candidates]
    candidates = _grouping_words(candidates, lines)
    markers = _sequence(candidates, lines)
    if not any(m.role is LabelRole.ARTICLE for m in markers.values()):
        others = [c for c in candidates if c.label.role is not LabelRole.ARTICLE]
        candidates = sorted([*others, *_licence_sections(lines)], key=lambda c: c.index)
        markers = _sequence(candidates, lines)
    _add_terms_annex(lines, markers)
    _stop_headings(markers, lines)
    _roman_series(markers, lines)
    return markers


_BARE_ROMAN_RE = re.compile(r"^(?P<num>[IVXLC]{1,7})\.?$")


def _roman_series(markers: dict[int, Marker], lines: Sequence[Line]) -> None:
    """The final provisions numbered "I.", "II." ... on lines of their own under a heading
    such as "DISPOSIZIONI TRANSITORIE E FINALI" after the last article (the Italian
    Constitution's eighteen): each is answerable, keyed ``disp-1`` ... Only a run numbered
    one by one from "I", each number standing apart at the start of a block, up to the next
    label; anything else stays text."""
    last = max((i for i, m in markers.items() if m.role is LabelRole.ARTICLE), default=None)
    if last is None:
        return
    heading = next(
        (
            i
            for i in range(last + 1, len(lines))
            if PROVISIONS_HEADING_RE.match(lines[i].text.strip()) and lines[i - 1].blank
        ),
        None,
    )
    if heading is None:
        return
    found: dict[int, Marker] = {}
    for index in range(heading + 1, len(lines)):
        if index in markers:
            break
        roman = _BARE_ROMAN_RE.match(lines[index].text.strip())
        if roman is None or not lines[index - 1].blank:
            continue
        if normalise_number(roman["num"], letters=False) != str(len(found) + 1):
            break
        label = lines[index].text.strip()
        found[index] = Marker(LabelRole.ARTICLE, "disp", label, str(len(found) + 1), "")
    if len(found) >= 2:
        markers.update(found)


def _stop_headings(markers: dict[int, Marker], lines: Sequence[Line]) -> None:
    """Spanish acts head an article with a phrase and a full stop on the label's line, the
    text starting on the next line ("Artículo 1. Principio de legalidad procesal." / "En
    los procesos civiles ..."). One such line could as well be a one-sentence article, so
    it is read from the document: when most labels followed by ". " carry a short phrase
    ending in a full stop (at most twelve words) with text below, those phrases are
    headings. Where the text runs on from the label ("Artículo 1o.- En los Estados Unidos
    Mexicanos todas las personas gozarán de los derechos ..."), they are not."""
    after_stop = [
        i for i, m in markers.items() if m.role is LabelRole.ARTICLE and _stop_after(m, lines[i])
    ]
    short = [i for i in after_stop if _short_stop_phrase(markers[i], lines, i, markers)]
    if len(short) < 2 or 3 * len(short) < 2 * len(after_stop):
        return
    for index in short:
        marker = markers[index]
        if not marker.heading:
            markers[index] = replace(marker, heading=clean_heading(marker.text), text="")


def _stop_after(marker: Marker, line: Line) -> bool:
    """Whether the label is followed on its line by a full stop and more words."""
    text = " ".join(line.text.split())
    after = text[len(marker.label) :] if text.startswith(marker.label) else ""
    return after.startswith(". ") and bool(marker.heading or marker.text)


def _short_stop_phrase(
    marker: Marker, lines: Sequence[Line], index: int, markers: dict[int, Marker]
) -> bool:
    """A short phrase ending in a full stop, with text (not the next label) below it."""
    if marker.heading:
        return True  # already read as a heading ("Tasas."): it votes for the others
    phrase = marker.text
    below = index + 1
    while below < len(lines) and lines[below].blank:
        below += 1
    return (
        below < len(lines)
        and below not in markers
        and phrase.endswith(".")
        and len(phrase.split()) <= 12
        and len(phrase) <= 100
        and phrase[:1].isupper()
    )


_CONTENTS_WORDS = frozenset(
    [
        "目次",
        "目录",
        "目錄",
        "목차",
        "contents",
        "tableofcontents",
        "inhaltsverzeichnis",
        "inhaltsübersicht",
        "índice",
        "indice",
        "sommaire",
        "tabledesmatières",
        "содержание",
        "оглавление",
        "inhoudsopgave",
    ]
)


def _contents_block(lines: Sequence[Line]) -> set[int]:
    """The labels of a table of contents under its heading ("目次" over "　第一編　総則" /
    "　　第一章　通則（第一条・第二条）" ..., as Japanese statutes open): the lines below the
    heading, as long as each reads as a label and none says again what one before it said
    (the text's own "第一編　総則" after its entry in the table), open nothing."""
    block: set[int] = set()
    index = 0
    while index < len(lines):
        word = "".join(lines[index].text.split()).casefold()
        index += 1
        if word not in _CONTENTS_WORDS:
            continue
        seen: set[str] = set()
        while index < len(lines):
            text = " ".join(lines[index].text.split())
            if text and (text in seen or match_label(text) is None):
                break
            if text:
                seen.add(text)
                block.add(index)
            index += 1
    return block


def _candidates(lines: Sequence[Line]) -> list[_Candidate]:
    found: list[_Candidate] = []
    contents = _contents_block(lines)
    for index, line in enumerate(lines):
        if line.blank or line.literal or index in contents:
            continue
        label = match_label(line.text.strip(), marked=line.marked)
        if label is None:
            continue
        strong = line.marked or index == 0 or lines[index - 1].blank or _captioned(lines, index)
        if strong or _after_break(lines[index - 1].text):
            found.append(_Candidate(index, label, strong))
    marked_roles = {c.label.role for c in found if lines[c.index].marked}
    return [
        c
        for c in found
        if lines[c.index].marked
        or c.label.role not in marked_roles
        or (c.strong and c.label.run_in)  # "Section 2.1 Term. This ...": its own heading
    ]


def _captioned(lines: Sequence[Line], index: int) -> bool:
    """Whether the line above is a caption standing apart ("（定義）" over "第二条　…"): the
    label stands as surely as after a blank line."""
    above = lines[index - 1]
    apart = index < 2 or lines[index - 2].blank
    return apart and not above.literal and bool(caption_line(above.text.strip()))


def _is_unit(label: Label) -> bool:
    return label.role is LabelRole.ARTICLE or label.section_word


def _without_contents(candidates: Sequence[_Candidate], lines: Sequence[Line]) -> list[_Candidate]:
    """The candidates without those of a table of contents (see the module docstring).

    A table of contents is a run of labels with no text between them (each one's next line is
    the next label), at least three of them units, whose numbers mostly come back later in
    the text: "Sec. 1101." ... "Sec. 3603." listed under "SECTION 1", then each section
    with its text. A run of "[Repealed]" articles does not come back, so it stays.
    """
    following = _next_text_lines(lines)
    at = {c.index for c in candidates}
    last_seen = {c.label.number: i for i, c in enumerate(candidates) if _is_unit(c.label)}
    dropped: set[int] = set()
    start = 0
    while start < len(candidates):
        end = start
        while end < len(candidates) and following[candidates[end].index] in at:
            end += 1
        units = [c.label.number for c in candidates[start:end] if _is_unit(c.label)]
        back = sum(1 for number in units if last_seen[number] >= end)
        if len(units) >= 3 and 2 * back > len(units):
            dropped.update(range(start, end))
        start = end + 1
    return [c for i, c in enumerate(candidates) if i not in dropped]


def _without_paragraph_signs(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """The candidates without "§ 1", "§ 2" ... where they number paragraphs of articles.

    German codes number their articles "§ 1". Polish and Austrian codes number the articles
    "Art. 4." and the paragraphs inside each "§ 1.", "§ 2." (text on the line, restarting at
    every article): where another article word numbers the units and such "§" numbers start
    again, those open nothing. ("§ 1" on a line of its own over "Artikel"s groups them: see
    :func:`_grouping_words`.)
    """
    signs = [c for c in candidates if _paragraph_sign(c.label)]
    if not signs or not any(
        c.label.role is LabelRole.ARTICLE
        and not c.label.section_word
        and not c.label.label.startswith("§")
        for c in candidates
    ):
        return list(candidates)
    numbers = [_leading_int(c.label.number) or 0 for c in signs]
    if all(a < b for a, b in itertools.pairwise(numbers)):
        return list(candidates)
    return [c for c in candidates if not _paragraph_sign(c.label)]


def _paragraph_sign(label: Label) -> bool:
    """ "§ 2. The text ...": a "§" label with text after it, not a heading ("§ 1 Koning"
    groups the Dutch constitution's articles)."""
    return label.label.startswith("§") and bool(label.rest) and not heading_like(label.rest)


def _next_text_lines(lines: Sequence[Line]) -> list[int]:
    """For each line, the index of the next line that is not blank (``len(lines)`` if none)."""
    following = [len(lines)] * len(lines)
    upcoming = len(lines)
    for index in range(len(lines) - 1, -1, -1):
        following[index] = upcoming
        if not lines[index].blank:
            upcoming = index
    return following


def _after_break(previous: str) -> bool:
    """Whether a label glued to the line before can start something new after it.

    The line before must end a sentence, or be a short heading ("General provisions"); a
    line ending mid-sentence ("... in accordance with") makes the label its continuation.
    In a script without capitals (Chinese, Japanese) a short line not ending in a comma is
    such a heading ("中华人民共和国宪法" above "第一章 总纲"). A footnote call after the stop
    ("... law.[^5]", a page of a PDF ending on a call) does not hide it.
    """
    previous = NOTE_CALLS_RE.sub("", previous.strip()).rstrip() or previous.strip()
    if previous[-1:] in (".", ":", ";", "!", "?", ")", "。", "；", "：", "！", "？", "）"):
        return True
    first = next((c for c in previous if c.isalpha()), "")
    if first and not first.isupper() and not first.islower():
        return len(previous) <= 40 and previous[-1] not in ",，、"
    words = previous.casefold().split()
    return heading_like(previous, limit=90) and bool(words) and words[-1] not in DANGLING_WORDS


def _sections_in_articles(candidates: Sequence[_Candidate]) -> bool:
    """Whether sections are the units and articles group them (see the module docstring)."""
    words = [
        c.label.section_word
        for c in candidates
        if c.label.role is LabelRole.ARTICLE or c.label.section_word
    ]
    pairs = list(itertools.pairwise(words))
    sections_in_a_row = sum(1 for a, b in pairs if a and b)
    articles_in_a_row = sum(1 for a, b in pairs if not a and not b)
    article_then_section = any(not a and b for a, b in pairs)
    return article_then_section and sections_in_a_row > articles_in_a_row


def _as_section_unit(candidate: _Candidate) -> _Candidate:
    """A section as an answerable unit, an article word as the group above it."""
    label = candidate.label
    if label.section_word:
        label = replace(label, role=LabelRole.ARTICLE, prefix="art", section_word=False)
    elif label.role is LabelRole.ARTICLE:
        label = replace(label, role=LabelRole.GROUP, prefix="article")
    else:
        return candidate
    return replace(candidate, label=label)


def _resolve_section(candidate: _Candidate, has_article_word: bool) -> _Candidate:
    label = candidate.label
    if not label.section_word:
        return candidate
    if has_article_word:
        return replace(candidate, label=replace(label, role=LabelRole.GROUP, prefix="sec"))
    return replace(candidate, label=replace(label, role=LabelRole.ARTICLE, prefix="art"))


def _grouping_words(candidates: Sequence[_Candidate], lines: Sequence[Line]) -> list[_Candidate]:
    """The candidates, an article word that only groups the articles of another made a group.

    The Dutch Constitution divides some chapters into "§ 1", "§ 2" ..., each holding
    "Artikel 24", "Artikel 25" ...: "§" is no unit there (in a German statute it is the
    unit). A word is grouping when every one of its labels (two at least) is followed by a
    label of another article word with nothing between them but blank lines and one
    heading line, and that other word is the more frequent: it has no text of its own. Its
    labels become groups below a chapter (``ch-2.sec-1``), as "Section" does in the same
    position.
    """
    words: dict[str, list[int]] = {}
    for position, candidate in enumerate(candidates):
        if candidate.label.role is LabelRole.ARTICLE and candidate.label.word:
            words.setdefault(candidate.label.word, []).append(position)
    if len(words) < 2:
        return list(candidates)
    following = _next_text_lines(lines)
    grouping: set[str] = set()
    for word, positions in words.items():
        others = sum(len(p) for w, p in words.items() if w != word)
        if len(positions) < 2 or others <= len(positions):
            continue
        if all(_groups_next(candidates, p, lines, following) for p in positions):
            grouping.add(word)
    if not grouping:
        return list(candidates)
    return [
        replace(c, label=replace(c.label, role=LabelRole.GROUP, prefix="sec"))
        if c.label.role is LabelRole.ARTICLE and c.label.word in grouping
        else c
        for c in candidates
    ]


def _groups_next(
    candidates: Sequence[_Candidate], position: int, lines: Sequence[Line], following: list[int]
) -> bool:
    """Whether the label at ``position`` is followed by an article of another word, with at
    most one heading line between them."""
    here = candidates[position]
    if position + 1 >= len(candidates) or here.label.run_in:
        return False
    if here.label.rest and not heading_like(here.label.rest, limit=100):
        return False  # "§ 1 Der Vertrag gilt ab ...": text of its own on the label's line
    there = candidates[position + 1]
    if there.label.role is not LabelRole.ARTICLE or there.label.word == here.label.word:
        return False
    between = following[here.index]
    if between == there.index:
        return True
    line = lines[between]
    heading = line.marked or heading_like(line.text.strip(), limit=100)
    return heading and following[between] == there.index


def _leading_int(number: str) -> int | None:
    """The number's first run of digits, after a French code's letter: "L111-1" -> 111."""
    found = re.match(r"(?:LO|[LRDA])?\*?(\d+)", number)
    return int(found[1]) if found else None


def _last_int(number: str) -> int | None:
    """The number a provision leaves the count at: the end of a range ("21–79": 79)."""
    return _leading_int(number.rpartition("–")[2])


class _Numbering:
    """The running numbers of articles and groups, to judge whether a weak line continues them."""

    def __init__(self) -> None:
        self.article: int | None = None
        self.groups: dict[str, int | None] = {}
        self.new_group = False
        self.in_annex = False

    def accepts(self, candidate: _Candidate) -> bool:
        label = candidate.label
        number = _leading_int(label.number)
        if label.role is LabelRole.ANNEX:
            return self.article is not None
        if self.in_annex:
            return (
                label.role is LabelRole.ARTICLE and candidate.strong and self._next_article(number)
            )
        if candidate.strong:
            return True
        if number is None:
            return False
        if label.role is LabelRole.GROUP or label.prefix != "art":
            # a group, or a series of its own ("Disposición adicional segunda")
            previous = self.groups.get(label.prefix)
            return number == 1 or (previous is not None and number == previous + 1)
        if self.article is None:
            return number in (0, 1)
        return number in (self.article, self.article + 1) or (self.new_group and number == 1)

    def _next_article(self, number: int | None) -> bool:
        return self.article is not None and number == self.article + 1

    def record(self, label: Label) -> None:
        number = _leading_int(label.number)
        if label.role is LabelRole.ANNEX:
            self.in_annex = True
        elif label.role is LabelRole.GROUP:
            self.groups[label.prefix] = number
            self.new_group = True
        elif label.prefix != "art":  # a series of its own: the articles' count goes on
            self.groups[label.prefix] = number
            self.in_annex = False
        else:
            last = _last_int(label.number)
            self.article = last if last is not None else self.article
            self.new_group = False
            self.in_annex = False


def _sequence(candidates: Sequence[_Candidate], lines: Sequence[Line]) -> dict[int, Marker]:
    numbering = _Numbering()
    markers: dict[int, Marker] = {}
    for candidate in candidates:
        if numbering.accepts(candidate):
            numbering.record(candidate.label)
            marker = candidate.preset or _marker(candidate.label, lines, candidate.index)
            markers[candidate.index] = marker
    return markers


def _continues(lines: Sequence[Line], index: int) -> bool:
    """Whether the paragraph of line ``index`` goes on on the next line.

    It does not when the next line starts a sentence that would have fitted on this one: a
    short "2. Freedom to choose alliances" above "Does each State ..." is a heading over its
    text, where a wrapped line runs to the margin or goes on in lower case.
    """
    if index + 1 >= len(lines):
        return False
    following = lines[index + 1].text.strip()
    if lines[index + 1].blank or ENUMERATOR_RE.match(following):
        return False
    room = len(lines[index].text.strip()) + 1 + len(following.split()[0]) <= len(following)
    return not (following[0].isupper() and room)


def _marker(label: Label, lines: Sequence[Line], index: int) -> Marker:
    rest = label.rest
    if label.caption:  # "제1조(목적) 이 법은 ...": the caption, then the text
        return Marker(label.role, label.prefix, label.label, label.number, label.caption, rest)
    run_in = bold_run_in(rest) or (run_in_heading(rest) if label.run_in else None)
    if run_in:
        heading, text = run_in
        return Marker(label.role, label.prefix, label.label, label.number, heading, text)
    if STATUS_RE.match(rest) or _PARAGRAPH_SIGN_RE.match(rest):  # "Art. 4. § 1. The ..."
        return Marker(label.role, label.prefix, label.label, label.number, "", rest)
    if rest and label.role is LabelRole.ARTICLE and _only_words(rest, lines, index):
        return Marker(label.role, label.prefix, label.label, label.number, "", rest)
    surely = (label.strong_rest and len(rest) <= 160) or lines[index].marked
    if rest and (surely or rest_is_heading(rest, continues=_continues(lines, index))):
        return Marker(label.role, label.prefix, label.label, label.number, clean_heading(rest))
    return Marker(label.role, label.prefix, label.label, label.number, "", rest)


def _only_words(rest: str, lines: Sequence[Line], index: int) -> bool:
    """Whether a sentence after an unmarked label is all the article says: "Art. 6. Koniec."
    followed by the next label, or by nothing. A heading would leave the article no text."""
    if lines[index].marked or rest[-1:] not in ".!?" or rest.endswith(".."):
        return False
    following = next(
        (lines[j] for j in range(index + 1, len(lines)) if not lines[j].blank), None
    )  # no slice: a copy of the rest of the document per label would be quadratic
    return following is None or match_label(following.text.strip()) is not None


def _licence_sections(lines: Sequence[Line]) -> list[_Candidate]:
    """The longest run of "0. ", "1. ", "2. " ... block starts, as articles (see module doc)."""
    items: list[tuple[int, str, int]] = []  # index, rest, weight
    numbers: list[int] = []
    marked_only = any(
        line.marked and match_numbered(line.text.strip(), marked=True) for line in lines
    )
    for index, line in enumerate(lines):
        if line.blank or line.literal or (marked_only and not line.marked):
            continue
        if not (line.marked or index == 0 or lines[index - 1].blank):
            continue
        found = match_numbered(line.text.strip(), marked=line.marked)
        if found:
            heading = line.marked or rest_is_heading(found[1], continues=_continues(lines, index))
            items.append((index, found[1], 2 if heading else 1))
            numbers.append(int(found[0]))
    chain = _longest_chain([(n, item[2]) for n, item in zip(numbers, items, strict=True)])
    return [_licence_candidate(lines, *items[p], numbers[p]) for p in chain]


def _licence_candidate(
    lines: Sequence[Line], index: int, rest: str, weight: int, number: int
) -> _Candidate:
    written = lines[index].text.strip()
    label = written[: len(written) - len(written.lstrip("0123456789"))]
    label += "." if written[len(label) : len(label) + 1] == "." else ""
    heading = clean_heading(rest) if weight == 2 else ""
    text = "" if heading else rest
    run_in = bold_run_in(rest)
    if run_in:
        heading, text = run_in
    marker = Marker(LabelRole.ARTICLE, "art", label, str(number), heading, text)
    as_label = Label(LabelRole.ARTICLE, "art", label, str(number), rest, False, False)
    return _Candidate(index, as_label, True, marker)


def _longest_chain(items: Sequence[tuple[int, int]]) -> list[int]:
    """Positions of the best run numbered n, n+1, ... from 0 or 1, by total weight."""
    best: list[tuple[int, int]] = []  # (score, previous position or -1) per item
    leader: dict[int, int] = {}  # number -> position of the best chain ending in that number
    for position, (number, weight) in enumerate(items):
        before = leader.get(number - 1)
        start = 0 if number in (0, 1) else None
        if before is not None and (start is None or best[before][0] > start):
            best.append((best[before][0] + weight, before))
        elif start is not None:
            best.append((weight, -1))
        else:
            best.append((0, -1))
            continue
        if number not in leader or best[position][0] > best[leader[number]][0]:
            leader[number] = position
    if not best:
        return []
    end = max(range(len(best)), key=lambda p: (best[p][0], -p))
    chain: list[int] = []
    while end >= 0 and best[end][0]:
        chain.append(end)
        end = best[end][1]
    chain.reverse()
    return chain if len(chain) >= 2 else []


def _add_terms_annex(lines: Sequence[Line], markers: dict[int, Marker]) -> None:
    first_article = min(
        (i for i, m in markers.items() if m.role is LabelRole.ARTICLE), default=None
    )
    if first_article is None:
        return
    for index in range(first_article + 1, len(lines)):
        if END_OF_TERMS_RE.match(lines[index].text.strip()):
            following = next((j for j in range(index + 1, len(lines)) if not lines[j].blank), None)
            if following is None or following in markers:
                return
            text = lines[following].text.strip()
            if heading_like(text, limit=100):
                title = clean_heading(text)
                markers[following] = Marker(LabelRole.ANNEX, "annex", title, "", "", "", False)
            return


def group_rank(prefix: str) -> int:
    """The rank of a group type; unknown types rank like unnumbered headings."""
    return GROUP_RANK.get(prefix, GROUP_RANK["sub"])
