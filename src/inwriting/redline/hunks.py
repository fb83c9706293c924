"""From runs of equal, deleted and inserted tokens to operations.

The rules that make a word diff readable and whitespace-blind live here:

* *chaff* — an equal stretch far shorter than the changes on both sides of it, like a "the"
  that a rewritten phrase happens to share with the old one — is absorbed into one change
  (see :data:`CHAFF`);
* tokens that match but for the whitespace after them give ``layout`` operations;
* at the two ends of a change, whatever reads the same with all whitespace removed ("and to"
  / "andto") is layout, not part of the change;
* a change spanning as many paragraphs on both sides is replaced paragraph by paragraph, the
  breaks between staying in place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from inwriting.redline.engines import Runs
from inwriting.redline.operations import Op, Operation, Region
from inwriting.redline.tokens import chunks, key, shared_start

__all__ = [
    "CHAFF",
    "equal_run",
    "hunk",
    "hunks",
    "join_keys",
    "respaced",
    "text_hunk",
    "trimmed",
]

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


# An equal stretch between two changes at most 1/CHAFF the size of the smaller change is
# chaff: "the" or "of the" that a rewritten sentence happens to share with the old one. Shown
# as equal, it cuts one replacement into a scatter of small ones; absorbed, the reader sees
# old wording and new wording whole. diff-match-patch's semantic cleanup does this with a
# ratio of 1, which suits characters but, on words, also swallows whole unchanged clauses
# between two long insertions.
CHAFF = 3


def hunks(steps: Runs) -> list[tuple[str, int, int]]:
    """Runs as ``("=", n, n)`` and ``("~", deleted, inserted)``: adjacent deletes and inserts
    (in either order) make one hunk, and so do two hunks around chaff (see :data:`CHAFF`)."""
    found: list[tuple[str, int, int]] = []
    for op, count in steps:
        if op == "=":
            _absorb_chaff(found)
            found.append(("=", count, count))
        elif found and found[-1][0] == "~":
            _, deleted, inserted = found[-1]
            found[-1] = ("~", deleted + count * (op == "-"), inserted + count * (op == "+"))
        else:
            found.append(("~", count * (op == "-"), count * (op == "+")))
    _absorb_chaff(found)
    return found


def _absorb_chaff(found: list[tuple[str, int, int]]) -> None:
    """Once a change is complete: if it and the change before it surround chaff, make the
    three one change."""
    if len(found) < 3 or found[-1][0] != "~" or found[-3][0] != "~":
        return
    before, (_, same, _), after = found[-3:]
    if same * CHAFF <= min(max(before[1], before[2]), max(after[1], after[2])):
        found[-3:] = [("~", before[1] + same + after[1], before[2] + same + after[2])]


# From runs to operations.


def equal_run(old: Sequence[str], new: Sequence[str]) -> list[Operation]:
    """Pieces with equal keys: equal text, and a layout delete + insert wherever the
    whitespace after a word differs."""
    if old == new:
        return [Operation(Op.EQUAL, "".join(old))]
    ops: list[Operation] = []
    same: list[str] = []
    for a, b in zip(old, new, strict=True):
        if a == b:
            same.append(a)
            continue
        word = key(a)
        same.append(word)
        ops.append(Operation(Op.EQUAL, "".join(same)))
        same = []
        ops.extend(_layout(a[len(word) :], b[len(word) :]))
    if same:
        ops.append(Operation(Op.EQUAL, "".join(same)))
    return ops


def _layout(old: str, new: str) -> list[Operation]:
    ops = []
    if old:
        ops.append(Operation(Op.DELETE, old, layout=True))
    if new:
        ops.append(Operation(Op.INSERT, new, layout=True))
    return ops


def hunk(old: Sequence[str], new: Sequence[str]) -> list[Operation]:
    """A changed stretch: whatever at its two ends differs only in whitespace (words that
    lost or gained a space: "and to" / "andto") is layout; the rest is the change."""
    head, tail = same_ends(old, new)
    if head == tail == (0, 0):
        return _change(old, new)
    end_old, end_new = len(old) - tail[0], len(new) - tail[1]
    ops = _same_words(old[: head[0]], new[: head[1]])
    ops.extend(_change(old[head[0] : end_old], new[head[1] : end_new]))
    ops.extend(_same_words(old[end_old:], new[end_new:]))
    return ops


def text_hunk(old: str, new: str) -> list[Operation]:
    """:func:`hunk` for a stretch of chunks given as text: cut into chunks only if it must
    be, where its two sides may read the same at an end or both span paragraphs."""
    if old and new and (_may_share_start(old, new) or _may_share_end(old, new)):
        return hunk(chunks(old), chunks(new))
    if "\n" in old and "\n" in new:
        return _change(chunks(old), chunks(new))
    return _replaced(old, new)


def _change(old: Sequence[str], new: Sequence[str]) -> list[Operation]:
    """A real change. When both sides span the same number of paragraphs, each paragraph
    is replaced by its counterpart and the breaks between stay in place, so a reader does
    not see two paragraphs deleted and then two inserted."""
    deleted, inserted = "".join(old), "".join(new)
    if "\n" not in deleted or "\n" not in inserted or not (deleted.strip() or inserted.strip()):
        return _replaced(deleted, inserted)
    olds, news = _paragraphs(old), _paragraphs(new)
    if len(olds) == 1 or len(olds) != len(news):
        return _replaced(deleted, inserted)
    ops: list[Operation] = []
    for (old_body, old_break), (new_body, new_break) in zip(olds, news, strict=True):
        ops += [Operation(Op.DELETE, old_body), Operation(Op.INSERT, new_body)]
        if old_break == new_break:
            ops.append(Operation(Op.EQUAL, old_break))
        else:
            ops.extend(_layout(old_break, new_break))
    return ops


def _replaced(deleted: str, inserted: str) -> list[Operation]:
    if not deleted.strip() and not inserted.strip():  # only a text's leading space
        return _layout(deleted, inserted)
    if not inserted:
        return [Operation(Op.DELETE, deleted)]
    if not deleted:
        return [Operation(Op.INSERT, inserted)]
    return [Operation(Op.DELETE, deleted), Operation(Op.INSERT, inserted)]


def _paragraphs(stretch: Sequence[str]) -> list[tuple[str, str]]:
    """``(text, break)`` per paragraph of a stretch of pieces; the last break is empty."""
    found: list[tuple[str, str]] = []
    body: list[str] = []
    for piece in stretch:
        word = key(piece)
        space = piece[len(word) :]
        if space.count("\n") > 1 and _BLANK_LINE.search(space):
            found.append(("".join([*body, word]), space))
            body = []
        else:
            body.append(piece)
    found.append(("".join(body), ""))
    return found


def _same_words(old: Sequence[str], new: Sequence[str]) -> list[Operation]:
    """Two stretches equal but for whitespace, as operations."""
    if len(old) == len(new) and all(key(a) == key(b) for a, b in zip(old, new, strict=True)):
        return equal_run(old, new) if old else []
    return _layout("".join(old), "".join(new))


def _common_prefix(old: Sequence[str], new: Sequence[str]) -> tuple[int, int]:
    """The largest ``(i, j)`` with ``"".join(old[:i]) == "".join(new[:j])``: the longest
    stretch at the start that reads the same with all whitespace removed, ending on a token
    boundary on both sides."""
    limit = shared_start("".join(old), "".join(new))
    best = i = j = la = lb = 0
    best_j = 0
    while True:
        if la == lb:
            best, best_j = i, j
        can_a = i < len(old) and la + len(old[i]) <= limit
        can_b = j < len(new) and lb + len(new[j]) <= limit
        if can_a and (la <= lb or not can_b):
            la, i = la + len(old[i]), i + 1
        elif can_b:
            lb, j = lb + len(new[j]), j + 1
        else:
            return best, best_j


def same_ends(old: Sequence[str], new: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """How many pieces at the start and at the end of two stretches read the same with all
    whitespace removed: ``((old, new), (old, new))``."""
    if not old or not new:
        return (0, 0), (0, 0)
    head = tail = (0, 0)
    if _may_share_start(old[0], new[0]):
        head = _common_prefix([key(p) for p in old], [key(p) for p in new])
    if _may_share_end(old[-1], new[-1]):
        tail = _common_prefix(
            [key(p)[::-1] for p in reversed(old[head[0] :])],
            [key(p)[::-1] for p in reversed(new[head[1] :])],
        )
    return head, tail


# Cheap tests first: most hunks share neither their first nor their last letter. Each takes two
# stretches, or their first or last pieces. (Only a text's first piece can start with
# whitespace; the slow path handles that too.)


def _may_share_start(old: str, new: str) -> bool:
    first_old, first_new = old[:1], new[:1]
    return first_old == first_new or first_old.isspace() or first_new.isspace()


def _may_share_end(old: str, new: str) -> bool:
    return old.rstrip()[-1:] == new.rstrip()[-1:]


def trimmed(old: Sequence[str], new: Sequence[str], region: Region) -> Region:
    """A region without the whitespace-only stretches at its ends."""
    o, n = old[region.old_start : region.old_end], new[region.new_start : region.new_end]
    head, tail = same_ends(o, n)
    return Region(
        region.old_start + head[0],
        region.old_end - tail[0],
        region.new_start + head[1],
        region.new_end - tail[1],
    )


def join_keys(stretch: Sequence[str]) -> str:
    return "".join(key(p) for p in stretch)


def respaced(old: Sequence[str], new: Sequence[str]) -> list[Operation]:
    """Two texts equal but for whitespace: the same words, paired off wherever both have a
    token boundary at the same point of the text read without whitespace, so that words
    that lost or gained a space are layout, never a change."""
    ops: list[Operation] = []
    i = j = start_i = start_j = read_old = read_new = 0
    while i < len(old) or j < len(new):
        if j == len(new) or (i < len(old) and read_old <= read_new):
            read_old, i = read_old + len(key(old[i])), i + 1
        else:
            read_new, j = read_new + len(key(new[j])), j + 1
        if read_old == read_new:
            ops.extend(_same_words(old[start_i:i], new[start_j:j]))
            start_i, start_j = i, j
    ops.extend(_same_words(old[start_i:], new[start_j:]))
    return ops
