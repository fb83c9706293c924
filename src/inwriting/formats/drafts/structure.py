"""From lines to provisions: the part of parsing both the Markdown and text readers share.

The readers hand over :class:`~inwriting.formats.drafts.layout.Line` values; this module

1. takes the **title** from the first line (unless that line already opens a provision);
2. asks :mod:`~inwriting.formats.drafts.markers` which lines open provisions, then walks the lines
   once, opening a unit at each marker. The first line after a label without a heading
   becomes its **heading** when it reads like one (short, capitalised, no final stop; any
   Markdown heading qualifies). Groups nest by rank (part > title > chapter > section >
   unnumbered heading); an unnumbered heading standing right before a label is a group of
   the lowest rank ("Composition" inside a chapter of the UN Charter, "NO WARRANTY" in the
   GPL);
3. splits **numbered recitals** out of the preamble when the preamble has an enacting formula
   ("HAVE ADOPTED THIS REGULATION:") or a "Whereas": "(1)", "(2)" ... numbered one by one;
   without them, each paragraph opening "Whereas" or "Considérant" is a recital, and under a
   "BACKGROUND" or "RECITALS" heading (English contracts) paragraphs lettered "(A)", "(B)"
   ... are; the framing text around them stays in the preamble;
4. splits the **closing** off the last article: from the first paragraph opening with a
   closing formula ("Done at", "IN WITNESS WHEREOF", "This Regulation shall be binding in
   its entirety", "END OF TERMS AND CONDITIONS"), or from a paragraph that gives only a place
   and a date ("Vienna, 28 January 2022"), to the end of that article — signature
   blocks and, in EUR-Lex layouts, the footnotes gathered at the end. A formula run onto
   the end of a paragraph after its final stop ("... 1934.EN FOI DE QUOI, ...") is cut off
   there;
5. builds paragraphs and keys, and refuses a document in which nothing answerable was found.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from inwriting.domain import documents
from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.errors import FormatError
from inwriting.formats.drafts import keys
from inwriting.formats.drafts.headings import (
    CLOSING_RE,
    ENACTING_RE,
    ENUMERATOR_RE,
    GLUED_CLOSING_RE,
    LETTERED_RECITAL_RE,
    PLACE_DATE_RE,
    PROVISIONS_HEADING_RE,
    RECITAL_RE,
    RECITALS_HEADING_RE,
    STATUS_RE,
    WHEREAS_RE,
    LabelRole,
    caption_line,
    clean_heading,
    heading_like,
    match_label,
    status_note,
)
from inwriting.formats.drafts.layout import Line, paragraphs, wrap_width
from inwriting.formats.drafts.markers import Marker, find_markers, group_rank

NO_PROVISIONS = (
    "no provisions found: expected headings such as 'Article 1', 'Art. 1', '§ 1', "
    "'Section 1', 'Clause 1' or numbered sections such as '1. Definitions'"
)
_KINDS = {LabelRole.ARTICLE: ProvisionKind.ARTICLE, LabelRole.GROUP: ProvisionKind.GROUP}
_KINDS[LabelRole.ANNEX] = ProvisionKind.ANNEX
_PREAMBLE_WORDS = frozenset(
    [
        "preamble",
        "préambule",
        "preambule",
        "präambel",
        "preámbulo",
        "preambolo",
        "преамбула",
        "序言",
        "前文",
    ]
)


@dataclass(eq=False)
class _Unit:
    kind: ProvisionKind
    prefix: str
    label: str
    number: str
    heading: str = ""
    parent: _Unit | None = None
    lines: list[Line] = field(default_factory=list)


def build(lines: Sequence[Line], *, source: str, wrap: int = 0) -> ParsedDocument:
    """The parsed document, or a :class:`FormatError` when nothing answerable is in it."""
    lines = without_status_notes(lines)
    markers = find_markers(lines)
    _check_count(markers, lines, source)
    title, start = _title(lines, markers)
    # The margin a heading candidate is measured against: the wrap width of hard-wrapped
    # text, else the longest line (a short document, or one paragraph per line).
    margin = wrap_width(lines) or max((len(line.text.strip()) for line in lines), default=0)
    units = _Walk(lines, markers, margin).run(start)
    preamble = units[0]
    _preamble_heading(preamble, title)
    if _only_fields(preamble.lines):
        preamble.lines = []
    recitals = _split_recitals(preamble)
    units[1:1] = recitals
    _split_closing(units)
    provisions = _provisions(units, wrap)
    if len(provisions) > documents.MAX_PROVISIONS:
        raise too_many_provisions(source)  # recitals split out of the preamble
    if not any(p.answerable and p.kind is not ProvisionKind.PREAMBLE for p in provisions):
        raise FormatError(NO_PROVISIONS, source=source, line=1)
    return ParsedDocument(title=title, provisions=tuple(provisions))


def without_status_notes(lines: Sequence[Line]) -> list[Line]:
    """The lines, those saying since when a provision is in force made blank (kept in place,
    so that line numbers stay right).

    Law databases put a note of that kind at the top of a document or under each heading
    ("Wordt voorlopig toegepast per 01-01-1948", "In force from 1 January 2020", "Geldend
    van 01-01-2002 t/m heden"): it describes the instrument and is not part of it, so it is
    neither its title nor the first words of an article. Only such a line standing alone (a
    paragraph of one line) at the top of the document or right under a heading is one; see
    :func:`~.headings.status_note` for the wording.
    """
    result = list(lines)
    previous: Line | None = None  # the last line with text before the current one
    for index, line in enumerate(lines):
        if line.blank:
            continue
        # the line before is blank or the heading itself: under_heading judges it
        ends = index + 1 == len(lines) or lines[index + 1].blank or lines[index + 1].marked
        quiet = ends and not line.marked and not line.literal
        if quiet and status_note(line.text) and _under_heading(previous):
            result[index] = Line("", line.number)
            continue  # the heading above is still the line before what follows
        previous = line
    return result


def _under_heading(previous: Line | None) -> bool:
    """Whether a line after ``previous`` (the last line with text) stands at the top of the
    document or right under a heading."""
    if previous is None or previous.marked:
        return True
    text = previous.text.strip()
    return match_label(text) is not None or heading_like(text, limit=120)


def too_many_provisions(source: str, line: int | None = None) -> FormatError:
    """The error for a document over :data:`~inwriting.domain.documents.MAX_PROVISIONS`."""
    cap = documents.MAX_PROVISIONS
    return FormatError(
        f"too many provisions: a version may have at most {cap:,}", source=source, line=line
    )


def _check_count(markers: dict[int, Marker], lines: Sequence[Line], source: str) -> None:
    """Refuse a document with more provisions than the cap before building any of them,
    naming the line of the first one over it."""
    if len(markers) > documents.MAX_PROVISIONS:
        over = sorted(markers)[documents.MAX_PROVISIONS]
        raise too_many_provisions(source, lines[over].number)


def _title(lines: Sequence[Line], markers: dict[int, Marker]) -> tuple[str, int]:
    """The first line, unless it opens a provision or is a whole paragraph."""
    first = next((i for i, line in enumerate(lines) if not line.blank), None)
    if first is None or first in markers:
        return "", 0
    text = " ".join(lines[first].text.split())
    if len(text) > 200:
        return "", 0
    return text, first + 1


def document_ranks(markers: Sequence[Marker]) -> dict[str, float]:
    """The rank of each group type in this document: the usual order (part > title >
    chapter > section), except where the document puts a type straight inside another.

    German codes divide a "Buch" into "Abschnitte" and those into "Titel" ("Abschnitt 1",
    then at once "Titel 1", then "§ 1"), the other way round from a treaty's Title over its
    Chapters over its Sections. A group opened right after another, with no article between
    them, belongs inside it (an empty group is nobody's intent): the first time that happens
    for a pair of types whose usual order says otherwise, the second type takes the rank just
    below the first for the whole document. Unnumbered headings keep the lowest rank.
    """
    ranks: dict[str, float] = {}
    previous: Marker | None = None
    for marker in markers:
        if marker.role is not LabelRole.GROUP:
            previous = None
            continue
        ranks.setdefault(marker.prefix, float(group_rank(marker.prefix)))
        if previous is not None and "sub" not in (previous.prefix, marker.prefix):
            outer = ranks[previous.prefix]
            if marker.prefix != previous.prefix and ranks[marker.prefix] <= outer:
                ranks[marker.prefix] = outer + 0.5
        previous = marker
    return ranks


class _Walk:
    """One pass over the lines, opening a unit at each marker (see the module docstring)."""

    def __init__(self, lines: Sequence[Line], markers: dict[int, Marker], width: int) -> None:
        self.lines = lines
        self.markers = markers
        self.width = width  # the right margin of the text
        self.units = [_Unit(ProvisionKind.PREAMBLE, "preamble", "Preamble", "")]
        self.stack: list[_Unit] = []
        self.pending: _Unit | None = None
        self.last_article: int | None = None  # the number of the last article opened
        self.numbered_through = True  # no article so far numbered below the one before it
        self.caption = ""  # a caption line read above the next article (see _caption)
        self.series_group: tuple[_Unit, str] | None = None  # "Disposiciones adicionales"
        self.ranks = document_ranks([markers[i] for i in sorted(markers)])

    def run(self, start: int) -> list[_Unit]:
        index = start
        while index < len(self.lines):
            index = self._step(index)
        return self.units

    def _step(self, index: int) -> int:
        line = self.lines[index]
        current = self.units[-1]
        if index in self.markers:
            self._open(self.markers[index], line)
            return index + 1
        if line.blank:
            current.lines.append(line)
            return index + 1
        caption = self._caption(index)
        if caption:
            self.caption = caption
            return index + 1
        pending, self.pending = self.pending, None
        if pending is not None:
            taken = self._heading(index, pending)
            if taken:
                return index + taken
        if self._is_subheading(index, current):
            marker = Marker(LabelRole.GROUP, "sub", clean_heading(line.text), "", "")
            series = self._next_marker(index)
            if (series is not None and _series(series)) or self._new_series(index):
                self.stack.clear()  # "Disposiciones adicionales", "Additionele artikelen"
            self._open(marker, line)
            if series is not None and _series(series):
                self.series_group = (self.units[-1], series.prefix)
            return index + 1
        current.lines.append(line)
        return index + 1

    def _new_series(self, index: int) -> bool:
        """Whether the heading at ``index`` opens a new series of articles beside the groups.

        In a document whose articles are numbered through its chapters (1 to 142), a heading
        after which the numbering starts again ("Additionele artikelen" over "Artikel I",
        "Transitional provisions" over "Article 1") heads a block of its own: it is no
        sub-heading of the last chapter, and closes it.
        """
        marker = self._next_marker(index)
        if marker is None:
            return False
        number = _leading_int(marker.number)
        if marker.role is not LabelRole.ARTICLE or number is None or self.last_article is None:
            return False
        return self.numbered_through and number < self.last_article

    def _open(self, marker: Marker, line: Line) -> None:
        kind = _KINDS[marker.role]
        if kind is ProvisionKind.ARTICLE:
            number = _leading_int(marker.number)
            if number is not None and self.last_article is not None:
                self.numbered_through &= number >= self.last_article
            self.last_article = number if number is not None else self.last_article
        unit = _Unit(kind, marker.prefix, marker.label, marker.number, marker.heading)
        if kind is ProvisionKind.GROUP:
            rank = self.ranks.get(marker.prefix, group_rank(marker.prefix))
            while self.stack and self.ranks.get(self.stack[-1].prefix, 99) >= rank:
                self.stack.pop()
        if kind is ProvisionKind.ANNEX:
            self.stack.clear()
        if _series(marker):  # after the articles, outside their groups (see _series)
            heading, series = self.series_group or (None, "")
            self.stack = [heading] if heading in self.stack and series == marker.prefix else []
        unit.parent = self.stack[-1] if self.stack else None
        if kind is ProvisionKind.GROUP:
            self.stack.append(unit)
        if marker.text:
            unit.lines.append(Line(marker.text, line.number))
        if kind is ProvisionKind.ARTICLE and not unit.heading:
            unit.heading = self.caption
        self.caption = ""
        self.units.append(unit)
        titled = unit.heading or marker.text or not marker.takes_heading
        self.pending = None if titled else unit

    def _caption(self, index: int) -> str:
        """The caption a line in brackets gives the article opening on the next line of text
        ("（基本原則）" above "第一条　私権は…", as Japanese statutes set it), or ``""``.

        Only a line standing apart from the text before it (after a blank line or a
        heading), above an article whose label line has no heading of its own."""
        line = self.lines[index]
        caption = "" if line.literal else caption_line(line.text.strip())
        apart = index == 0 or self.lines[index - 1].blank or index - 1 in self.markers
        if not caption or not apart:
            return ""
        following = index + 1
        while following < len(self.lines) and self.lines[following].blank:
            following += 1
        marker = self.markers.get(following)
        if marker is None or marker.role is not LabelRole.ARTICLE or marker.heading:
            return ""
        return caption

    def _heading(self, index: int, unit: _Unit) -> int:
        """Take the line at ``index`` (and a wrapped remainder) as ``unit``'s heading.

        Returns how many lines were taken. In hard-wrapped text, a line followed by more text
        whose first word would not have fitted on it is the first line of a paragraph, not a
        heading; a heading wrapped in two ends with a short lower-case remainder
        ("... of the data" / "subject").
        """
        line = self.lines[index]
        text = line.text.strip()
        if line.literal or not (heading_like(text) or (line.marked and len(text) <= 200)):
            return 0
        if STATUS_RE.match(text):
            return 0  # "[Repealed]" is what is left of the text, not a heading
        if line.marked:
            unit.heading = clean_heading(text)
            return 1
        words = self._text_at(index + 1)
        if words and index + 1 not in self.markers and not ENUMERATOR_RE.match(words):
            if self._heading_remainder(words, self._text_at(index + 2)):
                unit.heading = clean_heading(f"{text} {words}")
                return 2
            if words[0].islower() or text[-1] in "-\u00ad":
                return 0  # the sentence goes on on the next line: a paragraph
            if len(text) + 1 + len(words.split()[0]) > self.width:
                return 0  # the next word did not fit on the line: a wrapped paragraph
        unit.heading = clean_heading(text)
        return 1

    def _text_at(self, index: int) -> str:
        return self.lines[index].text.strip() if index < len(self.lines) else ""

    def _heading_remainder(self, words: str, after: str) -> bool:
        """A short lower-case line ending a heading wrapped in two, not a paragraph's next line."""
        short = len(words) < 0.5 * self.width and words[-1] not in ".:;,"
        return short and words[0].islower() and not after[:1].islower()

    def _is_subheading(self, index: int, current: _Unit) -> bool:
        line = self.lines[index]
        if line.literal or current.kind in (ProvisionKind.ANNEX, ProvisionKind.CLOSING):
            return False
        text = line.text.strip()
        if STATUS_RE.match(text):
            return False
        if line.marked:
            looks = len(text) <= 200
        else:
            looks = (
                heading_like(text, limit=100)
                and (not any(c.islower() for c in text) or bool(PROVISIONS_HEADING_RE.match(text)))
                and sum(c.isalpha() for c in text) >= 4
                and (index == 0 or self.lines[index - 1].blank)
                and (index + 1 >= len(self.lines) or self.lines[index + 1].blank)
            )
        nxt = self._next_marker(index)
        return looks and nxt is not None and nxt.role in (LabelRole.ARTICLE, LabelRole.GROUP)

    def _next_marker(self, index: int) -> Marker | None:
        """The marker on the next line of text after ``index``, if that line opens one."""
        following = next(
            (j for j in range(index + 1, len(self.lines)) if not self.lines[j].blank), None
        )
        return self.markers.get(following) if following is not None else None


def _series(marker: Marker | None) -> bool:
    """Whether ``marker`` opens a provision of a series of its own after the articles
    ("Disposición adicional primera"): it belongs to no title or chapter, only to an
    unnumbered heading over its series ("Disposiciones adicionales")."""
    return marker is not None and marker.role is LabelRole.ARTICLE and marker.prefix != "art"


def _leading_int(number: str) -> int | None:
    digits = re.match(r"\d+", number)
    return int(digits[0]) if digits else None


def _preamble_heading(preamble: _Unit, title: str) -> None:
    """A Markdown heading opening the preamble is its label ("Preamble"), its heading, or the
    title said again."""
    first = next((i for i, line in enumerate(preamble.lines) if not line.blank), None)
    if first is None or not preamble.lines[first].marked:
        return
    text = clean_heading(preamble.lines[first].text)
    if text.casefold() in _PREAMBLE_WORDS:
        preamble.label = text
    elif text.casefold() != title.casefold():
        preamble.heading = text
    del preamble.lines[first]


def _only_fields(lines: Sequence[Line]) -> bool:
    """Whether the text before the first provision is only a definition list of metadata.

    "Ausfertigungsdatum" / ":   2006-08-14", "Fundstelle" / ":   BGBl I: 2006, 1897": each
    line is a term followed by its ": value" line (a Pandoc definition list), as law databases
    give the dates and sources of an act. That is metadata like the front matter, not a
    preamble to answer, and is left out.
    """
    texts = [line.text.strip() for line in lines if not line.blank]
    values = [t.startswith(":") and t[1:2].isspace() for t in texts]
    if not texts or not values[-1]:
        return False
    return all(v or (i + 1 < len(values) and values[i + 1]) for i, v in enumerate(values))


def _split_recitals(preamble: _Unit) -> list[_Unit]:
    lines = preamble.lines
    texts = [line.text.strip() for line in lines]
    enacting = next((i for i, t in enumerate(texts) if ENACTING_RE.match(t)), len(lines))
    whereas = any(WHEREAS_RE.match(t) for t in texts[:enacting])
    if enacting == len(lines) and not whereas:
        return _lettered_recitals(preamble)
    heading = _recitals_heading(lines)
    first = 0 if heading is None else heading + 1  # "(1)" before "Whereas:" is a party
    starts: list[tuple[int, re.Match[str]]] = []
    for i in range(first, enacting):
        found = RECITAL_RE.match(texts[i])
        if found and int(found["num"]) == len(starts) + 1:
            starts.append((i, found))
    if len(starts) < 2:
        return _whereas_recitals(preamble, enacting) or _lettered_recitals(preamble)
    ends = [i for i, _ in starts[1:]] + [enacting]
    recitals: list[_Unit] = []
    for (start, found), end in zip(starts, ends, strict=True):
        unit = _Unit(ProvisionKind.RECITAL, "rec", f"({found['num']})", str(int(found["num"])))
        if found["rest"]:
            unit.lines.append(Line(found["rest"], lines[start].number))
        unit.lines.extend(lines[start + 1 : end])
        recitals.append(unit)
    preamble.lines = lines[: starts[0][0]] + lines[enacting:]
    return recitals


def _lettered_recitals(preamble: _Unit) -> list[_Unit]:
    """Recitals lettered under their own heading, as English contracts write them:
    "BACKGROUND" (or "RECITALS"), then "(A) The Supplier provides ...", "(B) ...".

    Only paragraphs lettered one by one from (A) after such a heading count, so the parties'
    "(1) ACME LIMITED ..." before it stay in the preamble; the heading stays there too.
    """
    lines = preamble.lines
    heading = _recitals_heading(lines)
    if heading is None:
        return []
    starts: list[tuple[int, re.Match[str]]] = []
    for i in range(heading + 1, len(lines)):
        found = LETTERED_RECITAL_RE.match(lines[i].text.strip())
        if found and (i == 0 or lines[i - 1].blank) and found["letter"] == chr(65 + len(starts)):
            starts.append((i, found))
    if not starts:
        return []
    end = next((i for i in range(starts[-1][0], len(lines)) if lines[i].blank), len(lines))
    recitals: list[_Unit] = []
    for (start, found), stop in zip(starts, [i for i, _ in starts[1:]] + [end], strict=True):
        unit = _Unit(ProvisionKind.RECITAL, "rec", f"({found['letter']})", found["letter"])
        unit.lines = [Line(found["rest"], lines[start].number), *lines[start + 1 : stop]]
        recitals.append(unit)
    preamble.lines = lines[: starts[0][0]] + lines[end:]
    return recitals


def _recitals_heading(lines: Sequence[Line]) -> int | None:
    """Where a bare "Whereas:", "BACKGROUND" or "RECITALS" line introduces the recitals."""
    return next(
        (i for i, line in enumerate(lines) if RECITALS_HEADING_RE.match(line.text.strip())), None
    )


def _whereas_recitals(preamble: _Unit, enacting: int) -> list[_Unit]:
    """Unnumbered recitals: each paragraph opening "Whereas", "WHEREAS, ..." or "Considérant"
    before the enacting formula, with the paragraphs that follow it up to the next one.

    A contract's "WHEREAS, the Company ..." and a resolution's "Considérant que ..." are
    recitals as much as a regulation's "(12)", so each is answerable on its own; they are
    numbered in order ("Recital 1", key ``rec-1``). A bare "Whereas:" introduces numbered
    recitals and opens none; the framing text before and after stays in the preamble.
    """
    lines = preamble.lines
    starts = [
        i
        for i, line in enumerate(lines[:enacting])
        if (i == 0 or lines[i - 1].blank)
        and WHEREAS_RE.match(text := line.text.strip())
        and len(text.split()) > 1
    ]
    if not starts:
        return []
    last = starts[-1]
    end = next((i for i in range(last, enacting) if lines[i].blank), enacting)
    recitals: list[_Unit] = []
    for number, (start, stop) in enumerate(zip(starts, [*starts[1:], end], strict=True), 1):
        unit = _Unit(ProvisionKind.RECITAL, "rec", f"Recital {number}", str(number))
        unit.lines = lines[start:stop]
        recitals.append(unit)
    preamble.lines = lines[: starts[0]] + lines[end:]
    return recitals


def _split_closing(units: list[_Unit]) -> None:
    position = next(
        (i for i in range(len(units) - 1, -1, -1) if units[i].kind is ProvisionKind.ARTICLE),
        None,
    )
    if position is None:
        return
    article = units[position]
    for i, line in enumerate(article.lines):
        text = line.text.strip()
        glued = GLUED_CLOSING_RE.search(text)
        if _opens_closing(article.lines, i):
            closing = _Unit(ProvisionKind.CLOSING, "closing", "Closing", "")
            closing.lines, article.lines = article.lines[i:], article.lines[:i]
            units.insert(position + 1, closing)
            return
        if glued:  # the formula run onto the paragraph: the line is cut in two
            closing = _Unit(ProvisionKind.CLOSING, "closing", "Closing", "")
            closing.lines = [Line(text[glued.end() :], line.number), *article.lines[i + 1 :]]
            article.lines = [*article.lines[:i], Line(text[: glued.start()], line.number)]
            units.insert(position + 1, closing)
            return


def _opens_closing(lines: Sequence[Line], index: int) -> bool:
    """Whether line ``index`` of the last article starts the closing.

    A closing formula after the end of a sentence ("Done at", "IN WITNESS WHEREOF"), or a
    paragraph of one line giving only a place and a date ("Vienna, 28 January 2022"): the
    signature's dateline, after which only signatures follow.
    """
    text = lines[index].text.strip()
    before = lines[index - 1].text.strip() if index else ""
    if CLOSING_RE.match(text) and (not before or before[-1] in ".:;"):
        return True
    after = lines[index + 1].text.strip() if index + 1 < len(lines) else ""
    return not before and not after and bool(PLACE_DATE_RE.match(text))


def _provisions(units: Sequence[_Unit], wrap: int) -> list[Provision]:
    kept = [u for u in units if u.kind is not ProvisionKind.PREAMBLE or _has_text(u)]
    index = {id(unit): i for i, unit in enumerate(kept)}
    parents = [index.get(id(u.parent)) if u.parent is not None else None for u in kept]
    bases = [_base_key(u) for u in kept]
    final = keys.unique_keys(bases, parents)
    return [
        Provision(
            key=final[i],
            kind=unit.kind,
            label=unit.label,
            number=unit.number,
            heading=unit.heading,
            text=paragraphs(unit.lines, wrap),
            parent=final[p] if (p := parents[i]) is not None else None,
        )
        for i, unit in enumerate(kept)
    ]


def _has_text(unit: _Unit) -> bool:
    return bool(unit.heading) or any(not line.blank for line in unit.lines)


def _base_key(unit: _Unit) -> str:
    if unit.kind in (ProvisionKind.PREAMBLE, ProvisionKind.CLOSING):
        return unit.prefix
    if unit.prefix == "sub":
        return keys.heading_slug(unit.label)
    return keys.numbered(unit.prefix, unit.number)
