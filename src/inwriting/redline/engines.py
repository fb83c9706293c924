"""The diff engines under the word diff: strings of codes in, runs of equal, deleted and
inserted codes out.

**Which engine, and why.** Words are coded as one character each, so a diff of strings is a
diff of words and runs in C. Measured on the GDPR (55,000 words) and a 3% revision of it:

* rapidfuzz's bit-parallel LCS (``Indel.opcodes``, the ``lcs`` engine) diffs the 250 changed
  provisions in about 3 ms, three times faster than fast-diff-match-patch, with an equally
  minimal result; its table of bits grows with the product of the two lengths, so above
  :data:`LCS_CELLS` the
* ``dmp`` engine takes over: Google's diff-match-patch in C++ (Myers' algorithm, linear
  space), with no time limit (a limit makes results depend on the machine) and no cleanup of
  its own (the word diff does a word-sized one). The whole GDPR diffed as one text against
  its revision, words and all, takes about 0.12 s this way.
* :mod:`difflib` with its default ``autojunk`` takes seconds and, treating frequent words as
  junk, cuts moved sentences into shreds; the pure-Python diff-match-patch, with its default
  one-second limit, silently returns "everything replaced". ``difflib`` with
  ``autojunk=False`` over the same codes is the fallback for long texts where
  fast-diff-match-patch is not importable: the same kind of result, but quadratic (40 s for
  the whole GDPR as one text; provisions of ordinary length never get there).
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Iterable
from typing import cast

from rapidfuzz.distance import Indel

__all__ = ["ENGINES", "LCS_CELLS", "Runs", "runs"]

Runs = list[tuple[str, int]]  # ("=" | "-" | "+", how many codes)
ENGINES = ("auto", "lcs", "dmp", "difflib")
# Above this many cells (old tokens x new tokens), the bit-parallel LCS's table of bits
# (cells / 8 bytes) grows past a few megabytes: Myers' linear-space algorithm takes over.
LCS_CELLS = 25_000_000


def _load_c_diff() -> Callable[..., Runs] | None:
    """fast-diff-match-patch's ``diff``, or ``None``: the C extension is a dependency, but
    a redline must not die for want of it (it ships no type hints, hence the indirection)."""
    try:
        module = importlib.import_module("fast_diff_match_patch")
    except ImportError:
        return None
    diff: Callable[..., Runs] = module.diff
    return diff


_C_DIFF = _load_c_diff()


def runs(a: str, b: str, engine: str = "auto") -> Runs:
    """How ``a`` becomes ``b``; ``engine`` is ``auto``, ``lcs``, ``dmp`` or ``difflib``."""
    if engine not in ENGINES:
        raise ValueError(f"unknown diff engine {engine!r}")
    if engine == "lcs" or (engine == "auto" and len(a) * len(b) <= LCS_CELLS):
        return _runs_lcs(a, b)
    if engine == "difflib" or (engine == "auto" and _C_DIFF is None):
        return _runs_difflib(a, b)
    return _runs_dmp(a, b)


def _runs_lcs(a: str, b: str) -> Runs:
    # as_list() gives difflib-style tuples (its type stub says Opcode objects)
    return _from_opcodes(cast(list[tuple[str, int, int, int, int]], Indel.opcodes(a, b).as_list()))


def _runs_dmp(a: str, b: str) -> Runs:
    if _C_DIFF is None:
        raise RuntimeError("fast_diff_match_patch is not installed")
    return _C_DIFF(a, b, timelimit=0, checklines=False, cleanup="No")


def _runs_difflib(a: str, b: str) -> Runs:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return _from_opcodes(matcher.get_opcodes())


def _from_opcodes(opcodes: Iterable[tuple[str, int, int, int, int]]) -> Runs:
    found: Runs = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            found.append(("=", i2 - i1))
            continue
        if i2 > i1:
            found.append(("-", i2 - i1))
        if j2 > j1:
            found.append(("+", j2 - j1))
    return found
