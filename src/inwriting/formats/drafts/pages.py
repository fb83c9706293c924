"""Page furniture in the text layer of a PDF: what a reader skips and an importer must too.

Text extracted from a paginated PDF (``pdftotext`` and friends) separates pages with a form
feed and carries, on every page, things that are not part of the text:

* **running headers and footers** ("4.5.2016 / EN / Official Journal of the European Union /
  L 119/2"). They are found as lines that recur, digits aside, near the top or bottom of at
  least 40 % of the pages (and at least three). Lines that read as provision labels are never
  furniture, however often "Article N" happens to open a page;
* **page-foot footnotes** ("(1) OJ C 229, 31.7.2012, p. 90."), numbered from (1) on each page.
  A run of such notes is taken out only when it closes the page and every note in it is called
  from the page's text (" (1)," in "the Committee (1),"). Each call becomes a note call
  ("the Committee[^7],", numbered through the document) and the note its definition, so the
  note is a note of the provision that calls it (:mod:`~.notes`), never text of a provision.
  Footnotes of a text that gathers them at its end (EUR-Lex HTML layout) are not page
  furniture: they stay, after the closing formula, in the ``closing`` provision;
* **letter-spaced headings**, which some PDFs extract with spaces inside words ("Sec ti on 1",
  "Tr an s p ar enc y a nd mo da li tie s"). Such a line is rebuilt by joining the fragments and
  splitting the result into the words the document itself uses most ("Section 1",
  "Transparency and modalities"). Only lines made mostly of fragments unknown to the
  document are touched, and only in documents long enough to have a vocabulary.

* **page marks** that a text export writes where a printed page began ("[[Page 130 STAT.
  616]]" in the US Government Publishing Office's text of every public law), in the middle
  of a list or a sentence as often as not. They are dropped with the blank line after them.

Blank lines at page boundaries are dropped too, so a sentence running onto the next page is
joined again; :func:`inwriting.formats.drafts.layout.paragraphs` recovers the paragraph breaks.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence

from inwriting.domain.notes import CALL_RE
from inwriting.formats.drafts.headings import ENUMERATOR_RE, LABEL_WORDS, match_label
from inwriting.formats.drafts.layout import Line

_MARGIN = 6  # lines at the top and at the bottom of a page where furniture lives
_NOTE_RE = re.compile(r"^\((\d{1,2})\)\s+\S")
_WORD_RE = re.compile(r"[^\W\d_]+")


_PAGE_MARK_RE = re.compile(r"^\s*\[\[Page [^\[\]]{1,40}\]\]\s*$")


def remove_page_marks(lines: Sequence[Line]) -> list[Line]:
    """The lines without page marks ("[[Page 130 STAT. 616]]") and the blank line after each."""
    result: list[Line] = []
    skip_blank = False
    for line in lines:
        if _PAGE_MARK_RE.match(line.text):
            skip_blank = True
            continue
        if not (skip_blank and line.blank):
            result.append(line)
        skip_blank = False
    return result


def remove_page_furniture(lines: Sequence[Line]) -> list[Line]:
    """The lines without running headers, footers and page-foot notes, pages run together."""
    pages = _pages(lines)
    if len(pages) < 3:
        return [_without_form_feed(line) for line in lines]
    furniture = _running_furniture(pages)
    result: list[Line] = []
    notes: list[Line] = []  # "[^n]: ..." definitions, one per page-foot note, in order
    taken = {m["label"] for line in lines for m in CALL_RE.finditer(line.text)}
    labels = (label for n in itertools.count(1) if (label := str(n)) not in taken)
    for index, page in enumerate(pages):
        content = [line for line in page if line.number not in furniture]
        content = _without_footnotes(content, notes, labels)
        while index and content and content[0].blank:
            content.pop(0)
        while index < len(pages) - 1 and content and content[-1].blank:
            content.pop()
        result.extend(content)
    if notes:
        result.append(Line("", notes[0].number))
        result.extend(notes)
    return result


def _without_form_feed(line: Line) -> Line:
    return Line(line.text.replace("\f", ""), line.number) if "\f" in line.text else line


def _pages(lines: Sequence[Line]) -> list[list[Line]]:
    pages: list[list[Line]] = [[]]
    for line in lines:
        if "\f" in line.text and pages[-1]:
            pages.append([])
        pages[-1].append(_without_form_feed(line))
    return [page for page in pages if page]


def _furniture_key(text: str) -> str | None:
    """What a running header looks like with its page number and date blurred."""
    text = " ".join(text.split())
    if not text or match_label(text) or ENUMERATOR_RE.match(text):
        return None
    if not re.search(r"\d", text):
        return text
    key = re.sub(r"\d+", "#", text)
    return key if _WORD_RE.search(text) or key.count("#") >= 2 else None


def _margins(page: Sequence[Line]) -> list[Line]:
    filled = [line for line in page if not line.blank]
    return filled[:_MARGIN] + filled[_MARGIN:][-_MARGIN:]


def _running_furniture(pages: Sequence[Sequence[Line]]) -> set[int]:
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({key for line in _margins(page) if (key := _furniture_key(line.text))})
    threshold = max(3, math.ceil(0.4 * len(pages)))
    frequent = {key for key, count in counts.items() if count >= threshold}
    return {
        line.number
        for page in pages
        for line in _margins(page)
        if _furniture_key(line.text) in frequent
    }


def _without_footnotes(page: list[Line], notes: list[Line], labels: Iterator[str]) -> list[Line]:
    """The page without the run of notes at its foot, each call of one made a note call
    ("the Committee (1)," -> "the Committee[^7],", labelled from ``labels``: numbered
    through the document, skipping labels the text already calls) and the note added to
    ``notes`` as its definition ("[^7]: OJ C 229, ...")."""
    starts = [i for i, line in enumerate(page) if line.text.strip().startswith("(1) ")]
    if not starts:
        return page
    start = starts[-1]
    count = _note_count(page[start:])
    if not count:
        return page
    body = page[:start]
    calls = [_find_call(body, number) for number in range(1, count + 1)]
    if any(call is None for call in calls):
        return page
    texts = _note_texts(page[start:])
    for number, call in enumerate(calls, 1):
        assert call is not None
        index, match = call
        label = next(labels)
        text = body[index].text
        body[index] = Line(
            f"{text[: match.start()]}[^{label}]{text[match.end() :]}", body[index].number
        )
        line, words = texts[number - 1]
        notes.append(Line(f"[^{label}]: {words}", line))
    return body


def _note_texts(notes: Sequence[Line]) -> list[tuple[int, str]]:
    """Each note's line number and text, its continuation lines joined to it."""
    found: list[tuple[int, list[str]]] = []
    for line in notes:
        text = line.text.strip()
        start = _NOTE_RE.match(text)
        if start:
            found.append((line.number, [text[start.end(1) + 1 :].strip()]))
        elif text and found:
            found[-1][1].append(text)
    return [(number, " ".join(" ".join(parts).split())) for number, parts in found]


def _note_count(notes: Sequence[Line]) -> int:
    """How many notes (1), (2), ... the lines hold, or 0 if they are not a run of notes."""
    expected = 1
    for line in notes:
        text = line.text.strip()
        found = _NOTE_RE.match(text)
        if found:
            if int(found[1]) != expected:
                return 0
            expected += 1
        elif text and ENUMERATOR_RE.match(text):
            return 0
    return expected - 1


def _find_call(body: Sequence[Line], number: int) -> tuple[int, re.Match[str]] | None:
    pattern = re.compile(rf"(?<=\S) \({number}\)(?=[\s,.;:)]|$)")
    for index in range(len(body) - 1, -1, -1):
        matches = list(pattern.finditer(body[index].text))
        if matches:
            return index, matches[-1]
    return None


def respace_letter_spaced(lines: Sequence[Line]) -> list[Line]:
    """Rebuild lines extracted with spaces inside their words (see the module docstring)."""
    suspects = [i for i, line in enumerate(lines) if _letter_spaced(line.text)]
    if not suspects:
        return list(lines)
    vocabulary = _vocabulary(lines)
    if len(vocabulary) < 200:
        return list(lines)
    result = list(lines)
    total = sum(vocabulary.values())
    for i in suspects:
        fixed = _respace(lines[i].text, vocabulary, total)
        if fixed:
            result[i] = Line(fixed, lines[i].number, lines[i].marked, lines[i].literal)
    return result


def _letter_spaced(text: str) -> bool:
    """A cheap first look: short runs of letters, a short line (checked in :func:`_respace`)."""
    tokens = text.split()
    fragments = [t for t in tokens if t.isalpha()]
    if len(fragments) < 2 or len(text) > 160 or len(fragments) < 0.6 * len(tokens):
        return False
    return sum(map(len, fragments)) / len(fragments) <= 4


def _vocabulary(lines: Sequence[Line]) -> Counter[str]:
    """Word counts from the document's running prose (long lines of ordinary words).

    A word split across two lines by a soft hyphen is counted whole. The words that label
    provisions ("section", "chapter") are always known: letter-spaced lines are headings.
    """
    counts: Counter[str] = Counter(dict.fromkeys(LABEL_WORDS, 50))
    carried = ""
    for line in lines:
        text = carried + line.text.lower()
        carried = ""
        if text.endswith("\u00ad"):
            text, _, carried = text[:-1].rpartition(" ")
        words = _WORD_RE.findall(text)
        if len(words) >= 6 and sum(map(len, words)) / len(words) >= 3.5:
            counts.update(w for w in words if len(w) > 1 or w in ("a", "i"))
    return counts


def _respace(text: str, vocabulary: Counter[str], total: int) -> str | None:
    """The line rebuilt, when its fragments are mostly unknown and glue into known words."""
    tokens = text.split()
    fragments = [t for t in tokens if t.isalpha()]
    unknown = [t for t in fragments if t.lower() not in vocabulary]
    if len(unknown) < 0.5 * len(fragments):
        return None
    glued = "".join(f" {t} " if t.isdigit() else t for t in tokens)
    pieces = re.split(r"([^\W\d_]+)", glued)
    words: list[str] = []
    out = ""
    for piece in pieces:
        if piece.isalpha():
            segmented = _segment(piece, vocabulary, total)
            words.extend(segmented)
            out += " ".join(segmented)
        else:
            out += piece
    if len(words) >= len(fragments) or any(_unlikely(w, vocabulary) for w in words):
        return None
    out = re.sub(r"\s*([,;:])\s*", r"\1 ", out)
    return " ".join(out.split())


def _unlikely(word: str, vocabulary: Counter[str]) -> bool:
    """A rebuilt word neither in the vocabulary nor long enough to be a word it lacks."""
    return word.lower() not in vocabulary and len(word) < 6


def _segment(run: str, vocabulary: Counter[str], total: int) -> list[str]:
    """Split a run of letters into the likeliest words of the vocabulary (Viterbi)."""
    lowered = run.lower()
    if len(lowered) != len(run):
        return [run]
    size = len(lowered)
    best = [0.0] + [math.inf] * size
    back = [0] * (size + 1)
    for end in range(1, size + 1):
        for start in range(max(0, end - 30), end):
            count = vocabulary.get(lowered[start:end], 0)
            cost = math.log(total / count) if count else 12.0 + 4.0 * (end - start)
            if best[start] + cost < best[end]:
                best[end], back[end] = best[start] + cost, start
    words: list[str] = []
    end = size
    while end:
        words.append(run[back[end] : end])
        end = back[end]
    return words[::-1]


# A hyphen at a line end: ASCII, or U+2010 as typesetters (WeasyPrint, TeX) insert it.
_HYPHEN_END_RE = re.compile(r"(?<![^\W\d_])(?P<head>[^\W\d_]+)[-\u2010]$")
_TAIL_RE = re.compile(r"^(?P<tail>[^\W\d_]+)")
_COMPOUND_RE = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)+")


def rejoin_hyphenated(lines: Sequence[Line]) -> list[Line]:
    """The lines with words hyphenated at a line end marked as such (a soft hyphen, which
    :func:`~inwriting.formats.drafts.layout.paragraphs` removes when it joins the lines).

    Typesetting breaks "negotiation" into "negoti-" and "ation"; a compound "Member-State" or
    "self-determination" broken at its own hyphen keeps it. Which is which is decided with
    the document's own words, as for letter-spaced headings: the form the document uses
    elsewhere, in the middle of a line, wins ("negotiation" joins, "self-determination"
    stays); a word it never uses whole is joined unless both halves are words it uses
    ("non-" + "interference"). A continuation that starts with a capital letter or a digit is
    never hyphenation. Lines are taken as they come (after page furniture is removed), and
    only a line directly followed by its continuation is touched.
    """
    pairs: list[tuple[int, str, str]] = []
    for i in range(len(lines) - 1):
        end = _HYPHEN_END_RE.search(lines[i].text.rstrip())
        start = _TAIL_RE.match(lines[i + 1].text.lstrip())
        if end and start and start["tail"][0].islower():
            pairs.append((i, end["head"].lower(), start["tail"].lower()))
    if not pairs:
        return list(lines)
    words, compounds = _words_and_compounds(lines, {i for i, _, _ in pairs})
    result = list(lines)
    for i, head, tail in pairs:
        if _hyphenation(head, tail, words, compounds):
            line = lines[i]
            result[i] = Line(line.text.rstrip()[:-1] + "\u00ad", line.number, line.marked)
    return result


def _words_and_compounds(
    lines: Sequence[Line], broken: set[int]
) -> tuple[Counter[str], Counter[str]]:
    """Words and hyphenated compounds the lines use whole (not the pieces of a broken word)."""
    words: Counter[str] = Counter()
    compounds: Counter[str] = Counter()
    for index, line in enumerate(lines):
        text = line.text.lower()
        if index in broken:
            text = text.rstrip()[:-1].rpartition(" ")[0]
        if index - 1 in broken:
            text = text.lstrip().partition(" ")[2]
        compounds.update(c.replace("\u2010", "-") for c in _COMPOUND_RE.findall(text))
        words.update(_WORD_RE.findall(text))
    return words, compounds


def _hyphenation(head: str, tail: str, words: Counter[str], compounds: Counter[str]) -> bool:
    """Whether "head-" + "tail" is one word broken by typesetting (:func:`rejoin_hyphenated`)."""
    joined, compound = head + tail, f"{head}-{tail}"
    if words[joined] != compounds[compound]:
        return words[joined] > compounds[compound]
    return not (words[head] and words[tail])
