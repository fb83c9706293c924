"""Rewritten sentences read whole: the rule that turns word confetti back into text.

A word diff of a rewritten sentence keeps every word the two wordings happen to share —
"the", "of", "with" — and so cuts the sentence into alternating fragments:
``[with] [US: including on] the [exception] [US: basis] of``. Nobody reads that. So where
*most* words of a sentence changed (fewer than half of its words are kept), the stretch from
its first change to its last is shown as one deletion of the old wording and one insertion
of the new; the unchanged words before and after stay as they are. Where a sentence is not
rewritten, each of its clauses is judged the same way; where few words change, the word-level
detail stays.

Sentences end at ``.``, ``;``, ``:``, ``?`` or ``!`` followed by whitespace, or at a line
break; clauses also at a comma. A boundary counts only where both texts have it (inside
unchanged text), so every stretch judged is the same sentence on both sides. The operations
still rebuild both texts exactly: a collapsed stretch deletes exactly the old text of its
operations and inserts exactly the new.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from inwriting.redline.operations import Op, Operation, Region, new_text, old_text

__all__ = ["KEPT_SHARE", "change_runs", "whole_regions", "whole_rewrites"]

KEPT_SHARE = 0.5  # a sentence keeping fewer than this share of its words was rewritten

# A boundary is where a match *ends*: after the punctuation and the whitespace. (Matching
# the punctuation rather than looking behind for it lets the engine skip ahead to the next
# candidate character: several times faster on long unchanged texts.)
_SENTENCE = re.compile(r"[.;:?!]\s+|\n\s*")
_CLAUSE = re.compile(r"[.;:?!,]\s+|\n\s*")
# The same, for the text read backwards: its first match is the last boundary.
_BACKWARDS = {
    _SENTENCE: re.compile(r"\s+[.;:?!]|\s*\n"),
    _CLAUSE: re.compile(r"\s+[.;:?!,]|\s*\n"),
}


def whole_rewrites(ops: Sequence[Operation]) -> Sequence[Operation]:
    """``ops`` with each rewritten sentence (or clause) as one deletion and one insertion;
    ``ops`` itself when there is none. Only the sentences that may hold a rewrite
    (:func:`_candidates`) are looked at closely: most of a redline is unchanged text or a
    few words changed far apart, and passes through as it is."""
    result: list[Operation] = []
    done = 0
    for start, stop in _candidates(ops):
        span = ops[start:stop]
        judged = _judge(list(span), (_SENTENCE, _CLAUSE))
        if change_runs(judged) < change_runs(span):  # something was collapsed
            result += ops[done:start]
            result += judged
            done = stop
    if not done:
        return ops
    result += ops[done:]
    return result


def _candidates(ops: Sequence[Operation]) -> list[tuple[int, int]]:
    """Index ranges of the sentences that may hold a rewrite, in one pass: a sentence (or
    clause) whose changes keep fewer words *between* them than :func:`_rewritten` allows
    for the words they change — a necessary condition, since a stretch judged keeps at
    least those. Each range runs from the unchanged text holding the sentence's start to
    the one holding its end (:func:`_segments` cuts there)."""
    sentence, clause = _Group(), _Group()
    found: list[tuple[int, int]] = []
    begin = 0  # where the current sentence's range starts
    gap: list[str] = []  # the unchanged texts since the last change
    gap_at: int | None = None  # where they start (None: no change seen yet)
    flagged = False
    for k, o in enumerate(ops):
        if o.op is Op.EQUAL or o.layout:
            if o.op is Op.EQUAL and gap_at is not None:
                gap.append(o.text)
            continue
        visible = any(not t.isspace() for t in gap)
        if visible and gap_at is not None:
            words, clause_end, sentence_end = _gap(gap)
            flagged |= clause.close(clause_end) | sentence.close(sentence_end)
            clause.kept += 0 if clause_end else words  # a gap with an end is in no group
            sentence.kept += 0 if sentence_end else words
            if sentence_end:
                if flagged:
                    _add(found, (begin, k))
                begin, flagged = gap_at, False
        words, deleting = len(o.text.split()), o.op is Op.DELETE  # counted once for both
        clause.add(deleting, words, visible)
        sentence.add(deleting, words, visible)
        gap, gap_at = [], k + 1
    if flagged | clause.close(True) | sentence.close(True):
        _add(found, (begin, len(ops)))
    return found


class _Group:
    """The changes of one sentence or clause so far, and the words kept between them."""

    def __init__(self) -> None:
        self.kept = self.runs = self.deleted = self.inserted = 0

    def add(self, deleting: bool, words: int, new_run: bool) -> None:
        """A change of ``words`` words; ``new_run``: unchanged text stands between it and
        the one before."""
        if deleting:
            self.deleted += words
        else:
            self.inserted += words
        self.runs += new_run or not self.runs

    def close(self, end: bool) -> bool:
        """At a gap (``end``: the group ends there): whether the group may be rewritten."""
        if not end:
            return False
        limit = max(self.deleted, self.inserted) * KEPT_SHARE / (1 - KEPT_SHARE)
        found = self.runs > 1 and self.kept < limit
        self.kept = self.runs = self.deleted = self.inserted = 0
        return found


def _gap(texts: list[str]) -> tuple[int, bool, bool]:
    """Words in unchanged texts, and whether a clause and a sentence end in one of them
    (looked for as :func:`_segments` does: operation by operation). Every sentence end is
    a clause end; the words of a gap holding a sentence end are not needed."""
    if not any(_CLAUSE.search(t) for t in texts):
        return sum(len(t.split()) for t in texts), False, False
    if any(_SENTENCE.search(t) for t in texts):
        return 0, True, True
    return sum(len(t.split()) for t in texts), True, False


def _add(found: list[tuple[int, int]], span: tuple[int, int]) -> None:
    """Two ranges sharing the unchanged text between them (holding a sentence end) are one."""
    if found and span[0] < found[-1][1]:
        found[-1] = (found[-1][0], span[1])
    else:
        found.append(span)


def _judge(ops: list[Operation], levels: Sequence[re.Pattern[str]]) -> list[Operation]:
    result: list[Operation] = []
    for segment in _segments(ops, levels[0]):
        if change_runs(segment) < 2:
            result += segment
        elif _rewritten(segment):
            result += _collapsed(segment)
        elif len(levels) > 1:
            result += _judge(segment, levels[1:])
        else:
            result += segment
    return result


def _segments(ops: list[Operation], boundary: re.Pattern[str]) -> list[list[Operation]]:
    """The operations cut at each boundary inside unchanged text (an equal operation is cut
    in two there). Only the first and last boundary of an equal text matter: what lies
    between holds no change and stays one piece."""
    segments: list[list[Operation]] = [[]]
    for o in ops:
        if o.op is not Op.EQUAL:
            segments[-1].append(o)
            continue
        first = boundary.search(o.text)
        if first is None:
            segments[-1].append(o)
            continue
        last = _last(boundary, o.text, first.end())
        segments[-1].append(Operation(Op.EQUAL, o.text[: first.end()]))
        if last > first.end():
            segments.append([Operation(Op.EQUAL, o.text[first.end() : last])])
        segments.append([Operation(Op.EQUAL, o.text[last:])] if last < len(o.text) else [])
    return [s for s in segments if s]


def _last(boundary: re.Pattern[str], text: str, floor: int) -> int:
    """Where the last boundary of ``text`` from ``floor`` on ends (``floor`` if none),
    found by reading the text backwards: one short search, not a scan of all of it."""
    found = _BACKWARDS[boundary].search(text[floor:][::-1])
    return len(text) - found.start() if found else floor


def change_runs(ops: Sequence[Operation]) -> int:
    """How many separate changes (runs of inserted or deleted words between unchanged ones)
    a stretch of operations shows a reader."""
    runs, inside = 0, False
    for o in ops:
        if o.op is Op.EQUAL:
            inside = inside and (not o.text or o.text.isspace())
        elif not o.layout:
            runs += not inside
            inside = True
    return runs


def _rewritten(segment: Sequence[Operation]) -> bool:
    """Whether fewer than :data:`KEPT_SHARE` of the words of the longer side are kept: with
    ``kept`` equal words and ``changed`` on the side that changed more, ``kept < share *
    (kept + changed)``, that is ``kept < changed * share / (1 - share)``. Words are counted
    as whitespace-separated runs, the (long) unchanged text only as far as needed."""
    deleted = sum(len(o.text.split()) for o in segment if o.changes and o.op is Op.DELETE)
    inserted = sum(len(o.text.split()) for o in segment if o.changes and o.op is Op.INSERT)
    limit = max(deleted, inserted) * KEPT_SHARE / (1 - KEPT_SHARE)
    kept = 0
    for o in segment:
        if o.op is Op.EQUAL:
            kept += len(o.text.split())
            if kept >= limit:
                return False
    return True


def _collapsed(segment: Sequence[Operation]) -> list[Operation]:
    """From the first change to the last: the old text deleted, the new inserted."""
    changes = [k for k, o in enumerate(segment) if o.changes]
    start, end = changes[0], changes[-1] + 1
    middle = segment[start:end]
    return [
        *segment[:start],
        Operation(Op.DELETE, old_text(middle)),
        Operation(Op.INSERT, new_text(middle)),
        *segment[end:],
    ]


# The same rule for the changed regions of a bracketed text (token ranges, not operations).


def _ends_sentence(piece: str) -> bool:
    word = piece.rstrip()
    return len(word) < len(piece) and (word[-1:] in ".;:?!" or "\n" in piece[len(word) :])


def _ends_clause(piece: str) -> bool:
    return _ends_sentence(piece) or (
        len(piece.rstrip()) < len(piece) and piece.rstrip()[-1:] == ","
    )


def whole_regions(
    old: Sequence[str], new: Sequence[str], regions: Sequence[Region]
) -> list[Region]:
    """``regions`` (changes from the pieces ``old`` to ``new``, in order) with those in one
    rewritten sentence, or else one rewritten clause, made one region: a bracket holds the
    disputed sentence whole and each party's alternative as a whole."""
    if len(regions) < 2:
        return list(regions)
    return _merged(old, new, list(regions), (_ends_sentence, _ends_clause))


def _merged(
    old: Sequence[str],
    new: Sequence[str],
    regions: list[Region],
    levels: Sequence[Callable[[str], bool]],
) -> list[Region]:
    ends = levels[0]
    old_ends = [k + 1 for k, p in enumerate(old) if ends(p)]
    new_ends = [k + 1 for k, p in enumerate(new) if ends(p)]
    result: list[Region] = []
    for group in _by_sentence(regions, old_ends, new_ends):
        if len(group) < 2:
            result += group
        elif _rewritten_regions(group, old_ends, new_ends, len(old), len(new)):
            first, last = group[0], group[-1]
            result.append(Region(first.old_start, last.old_end, first.new_start, last.new_end))
        elif len(levels) > 1:
            result += _merged(old, new, group, levels[1:])
        else:
            result += group
    return result


def _by_sentence(
    regions: list[Region], old_ends: list[int], new_ends: list[int]
) -> list[list[Region]]:
    """Consecutive regions with no sentence end between them on either side."""
    groups: list[list[Region]] = []
    for region in regions:
        if groups:
            before = groups[-1][-1]
            old_gap = _ends_between(old_ends, before.old_end, region.old_start)
            new_gap = _ends_between(new_ends, before.new_end, region.new_start)
            if not (old_gap or new_gap):
                groups[-1].append(region)
                continue
        groups.append([region])
    return groups


def _ends_between(ends: list[int], start: int, stop: int) -> bool:
    """Whether a sentence ends anywhere from ``start`` to ``stop`` (token positions)."""
    return bisect_right(ends, stop) > bisect_left(ends, start)


def _sentence(ends: list[int], start: int, end: int, size: int) -> int:
    """The number of pieces of the sentence(s) holding ``[start, end)``."""
    k = bisect_left(ends, start + 1)
    first = ends[k - 1] if k else 0
    k = bisect_left(ends, max(end, start + 1))
    last = ends[k] if k < len(ends) else size
    return last - first


def _rewritten_regions(
    group: list[Region], old_ends: list[int], new_ends: list[int], old_size: int, new_size: int
) -> bool:
    first, last = group[0], group[-1]
    old_length = _sentence(old_ends, first.old_start, last.old_end, old_size)
    new_length = _sentence(new_ends, first.new_start, last.new_end, new_size)
    kept = old_length - sum(r.old_end - r.old_start for r in group)
    return kept < KEPT_SHARE * max(old_length, new_length)
