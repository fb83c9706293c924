"""Word diff: two texts in, a neutral list of operations out
(:class:`~inwriting.redline.operations.Operation`: ``equal`` / ``insert`` / ``delete``, which
rebuild both texts exactly).

Tokens are compared without their whitespace (see :mod:`~inwriting.redline.tokens`). Where
two texts differ *only* in whitespace — a re-wrapped line, a lost space ("1. To" / "1.To",
even "determined to" / "determinedto") — the operations still record both spellings, as a
delete and an insert marked ``layout``: renderers show the new text there and no change.

Texts are compared chunk by chunk (whitespace-separated words, punctuation attached), then
word by word inside what changed. The chunks are coded straight from ``str.split`` and only
the changed stretches are cut into strings of their own: the unchanged bulk of a text is
compared as a slice of it, which is most of the time saved. :mod:`~inwriting.redline.engines`
says which algorithm runs and why; :mod:`~inwriting.redline.hunks` how runs become readable
operations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from inwriting.redline.engines import runs
from inwriting.redline.hunks import (
    equal_run,
    hunk,
    hunks,
    join_keys,
    respaced,
    text_hunk,
    trimmed,
)
from inwriting.redline.operations import (
    Op,
    Operation,
    Region,
    changed_tokens,
    new_text,
    old_text,
)
from inwriting.redline.rewrites import whole_regions
from inwriting.redline.rewrites import whole_rewrites as rewritten
from inwriting.redline.tokens import Vocabulary, chunk_end, chunks, pieces

__all__ = [
    "Op",
    "Operation",
    "Region",
    "changed_regions",
    "changed_tokens",
    "diff_texts",
    "new_text",
    "old_text",
]


def diff_texts(
    old: str,
    new: str,
    *,
    engine: str = "auto",
    vocabulary: Vocabulary | None = None,
    whitespace_only: bool | None = None,
    whole_rewrites: bool = True,
) -> tuple[Operation, ...]:
    """The operations turning ``old`` into ``new``. ``engine``: ``auto``, ``lcs``, ``dmp``
    or ``difflib`` (see :mod:`~inwriting.redline.engines`); ``vocabulary``: one shared by
    the texts of a comparison, which then are cut into words only once;
    ``whitespace_only``: whether the texts differ only in whitespace, if the caller knows;
    ``whole_rewrites``: show a rewritten sentence as one deletion and one insertion
    (:mod:`~inwriting.redline.rewrites`; ``False`` only to measure what that changes).

    Two passes: whitespace-separated chunks first (cheap to find), then, inside each changed
    stretch, words and punctuation — so "years." / "years," is a changed comma, and the
    unchanged bulk of a text is never cut at all."""
    if old == new:
        return (Operation(Op.EQUAL, old),) if old else ()
    vocabulary = Vocabulary() if vocabulary is None else vocabulary
    if whitespace_only is None:
        whitespace_only = "".join(old.split()) == "".join(new.split())
    if whitespace_only:
        return _merge(respaced(pieces(old), pieces(new)))
    a, b = vocabulary.coded(old), vocabulary.coded(new)
    ops: list[Operation] = []
    i = j = 0  # where the next run starts, in characters
    for kind, deleted, inserted in hunks(runs(a, b, engine)):
        end_old = chunk_end(old, i, deleted)
        before = old[i:end_old]
        if kind == "=" and _same_run(before, new, j):
            ops.append(Operation(Op.EQUAL, before))
            i, j = end_old, j + len(before)
            continue
        end_new = chunk_end(new, j, inserted)
        after = new[j:end_new]
        if kind == "=":
            ops.extend(equal_run(chunks(before), chunks(after)))
        elif before and after and not (_plain(before) and _plain(after)):
            x, y = vocabulary.encode(before), vocabulary.encode(after)
            ops.extend(_word_diff(x.pieces, x.codes, y.pieces, y.codes, engine))
        else:  # nothing finer to find: chunks of plain words are words
            ops.extend(text_hunk(before, after))
        i, j = end_old, end_new
    merged = _merge(ops)
    if not whole_rewrites:
        return merged
    readable = rewritten(merged)
    return merged if readable is merged else _merge(readable)


def _same_run(run: str, new: str, start: int) -> bool:
    """Whether ``new`` has the chunks of ``run`` (whose keys it has) from ``start``, spaced
    alike: then a run of equal chunks is found in one text only."""
    end = start + len(run)
    return new.startswith(run, start) and (end == len(new) or not new[end].isspace())


def _plain(text: str) -> bool:
    """Whether each chunk of ``text`` is one plain ASCII word (then it is one token, too)."""
    return text.isascii() and "".join(text.split()).isalnum()


def _word_diff(
    old: Sequence[str], old_codes: str, new: Sequence[str], new_codes: str, engine: str
) -> list[Operation]:
    if old_codes == new_codes:
        return equal_run(old, new)
    ops: list[Operation] = []
    i = j = 0
    for kind, deleted, inserted in hunks(runs(old_codes, new_codes, engine)):
        if kind == "=":
            ops.extend(equal_run(old[i : i + deleted], new[j : j + deleted]))
        else:
            ops.extend(hunk(old[i : i + deleted], new[j : j + inserted]))
        i, j = i + deleted, j + inserted
    return ops


def changed_regions(old: Sequence[str], new: Sequence[str]) -> list[Region]:
    """Where the pieces ``new`` differ in wording from ``old``: what a bracketed text puts
    in brackets. Whitespace-only differences are not regions."""
    vocabulary = Vocabulary()
    a, b = vocabulary.encode_pieces(old), vocabulary.encode_pieces(new)
    regions: list[Region] = []
    i = j = 0
    for kind, start, stop in hunks(runs(a, b)):
        if kind == "=":
            i, j = i + stop, j + stop
            continue
        if join_keys(old[i : i + start]) != join_keys(new[j : j + stop]):
            regions.append(trimmed(old, new, Region(i, i + start, j, j + stop)))
        i, j = i + start, j + stop
    return whole_regions(old, new, regions)


def _merge(ops: Iterable[Operation]) -> tuple[Operation, ...]:
    """Drop empty operations and join neighbours of the same kind."""
    merged: list[Operation] = []
    for op in ops:
        if not op.text:
            continue
        if merged and merged[-1].op is op.op and merged[-1].layout == op.layout:
            merged[-1] = Operation(op.op, merged[-1].text + op.text, op.layout)
        else:
            merged.append(op)
    return tuple(merged)
