"""How fast and how readable is the redline? The GDPR against a seeded revision of itself.

Run ``.venv/bin/python bench/redline.py [--seed N] [--repeat N] [--quick]``. The old text is
the GDPR (``tests/data/corpus/gdpr-2016-679.en.txt``, 55,000 words; ``--gdpr`` or
``INWRITING_CORPUS`` to read it from elsewhere). The new text is generated from it,
deterministically from the seed: about 3% of the words replaced, deleted or doubled by
another word, a sentence moved to the end of its paragraph in 20 paragraphs, Articles 20 and
21 swapped and renumbered (the text of 21 now under the heading "Article 20" and vice versa),
and an Article 30a inserted. Both texts are parsed once, outside the timings.

Measured in one run, best of ``--repeat`` (default 15) after a warm-up; ours and git take
turns, run by run, so that a moment when the shared machine is slower slows both alike:

1. **ours**: the whole redline pipeline on the two parsed versions — tokenise, align, word
   diff, render the JSON redline (``redline.compare`` + ``redline.render.render_json``).
2. **difflib**: ``difflib.SequenceMatcher(None, old_words, new_words)`` with its default
   settings (``autojunk=True``) on the whitespace-separated words of the two whole texts.
3. **git**: ``git diff --no-index --word-diff=porcelain`` on the two texts written to files,
   a process per run (it is how git is used).

For each, the changed tokens (words and punctuation marks, counted by cutting what each tool
reports as inserted or deleted into our tokens, so the numbers compare) and the number of
hunks. Targets: ours at least 50x faster than difflib, at most 3x git's time, and no more
changed tokens than git reports. Checks (a failure exits 1): the operations of every pair
reconstruct both texts; the swapped articles and the inserted one are recognised.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, cast

from inwriting.domain.documents import ParsedDocument
from inwriting.formats import parse_document
from inwriting.redline.compare import Redline, compare
from inwriting.redline.diff import Operation, new_text, old_text
from inwriting.redline.render import render_json
from inwriting.redline.tokens import key, pieces

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[1]
GDPR_NAME = "gdpr-2016-679.en.txt"
SEED = 679
WORD_CHANGE_RATE = 0.03
MOVED_SENTENCES = 20
NEW_ARTICLE = """Article 30a

Records of automated decisions

1.   Each controller shall keep a record of the decisions based solely on automated \
processing which it has taken, including profiling, and of the logic involved.

2.   The record shall be made available to the supervisory authority on request."""


@dataclass
class Measured:
    name: str
    seconds: float
    changed: int
    hunks: int


@dataclass
class Report:
    lines: list[str] = field(default_factory=list)
    checks: list[tuple[bool, str]] = field(default_factory=list)
    targets: list[tuple[bool, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(ok for ok, _ in self.checks)


# -- the seeded revision ----------------------------------------------------------------------


def seeded_revision(text: str, seed: int = SEED) -> tuple[str, str]:
    """The revised text and a one-line description of what was done to it."""
    rng = random.Random(seed)
    lines = text.split("\n")
    lines = _swap_articles(lines, "20", "21")
    lines = _insert_after_article(lines, "30", NEW_ARTICLE.split("\n"))
    moved = _move_sentences(lines, rng, MOVED_SENTENCES)
    changed, total = _change_words(lines, rng, WORD_CHANGE_RATE)
    what = (
        f"{changed:,} of {total:,} words changed ({changed / total:.1%}), {moved} sentences "
        "moved, Articles 20 and 21 swapped and renumbered, Article 30a inserted"
    )
    return "\n".join(lines), what


def _heading(lines: list[str], number: str) -> int:
    return lines.index(f"Article {number}")


def _swap_articles(lines: list[str], first: str, second: str) -> list[str]:
    a, b = _heading(lines, first), _heading(lines, second)
    c = _heading(lines, str(int(second) + 1))
    return [*lines[: a + 1], *lines[b + 1 : c], lines[b], *lines[a + 1 : b], *lines[c:]]


def _insert_after_article(lines: list[str], number: str, article: list[str]) -> list[str]:
    at = _heading(lines, str(int(number) + 1))
    return [*lines[:at], *article, "", *lines[at:]]


_SENTENCE_END = re.compile(r"(?<=[a-z)]\.) (?=[A-Z])")
_WORD = re.compile(r"\b[A-Za-z]{3,}\b")


def _move_sentences(lines: list[str], rng: random.Random, count: int) -> int:
    """Move the first sentence of ``count`` paragraphs (of three sentences or more) to the
    end of the paragraph."""
    candidates = [i for i, line in enumerate(lines) if len(_SENTENCE_END.split(line)) >= 3]
    chosen = rng.sample(candidates, min(count, len(candidates)))
    for i in chosen:
        sentences = _SENTENCE_END.split(lines[i])
        lines[i] = " ".join([*sentences[1:], sentences[0]])
    return len(chosen)


def _change_words(lines: list[str], rng: random.Random, share: float) -> tuple[int, int]:
    """Replace, delete or add a word, for ``share`` of all the words, in body lines only
    (headings and numbers stay, so the structure parses the same)."""
    pool = sorted({w for line in lines for w in _WORD.findall(line)})
    body = [i for i, line in enumerate(lines) if len(line) >= 60]
    total = sum(len(line.split()) for line in lines)
    rate = share * total / sum(len(_WORD.findall(lines[i])) for i in body)
    changed = 0

    def edit(match: re.Match[str]) -> str:
        nonlocal changed
        if rng.random() >= rate:
            return match.group(0)
        changed += 1
        action = rng.random()
        if action < 0.6:
            return rng.choice(pool)
        if action < 0.8:
            return ""
        return f"{match.group(0)} {rng.choice(pool)}"

    for i in body:
        lines[i] = re.sub(r"(?<=\S)  +(?=\S)", " ", _WORD.sub(edit, lines[i]))
    return changed, total


# -- the three contenders ----------------------------------------------------------------------


def best_time(run: Callable[[], T], repeat: int, *, warm_up: bool = True) -> tuple[float, T]:
    """The best time of ``repeat`` runs (after one warm-up run), and the last result."""
    (best,), (result,) = best_times([run], repeat, warm_up=warm_up)
    return best, cast(T, result)


def best_times(
    runs: Sequence[Callable[[], object]], repeat: int, *, warm_up: bool = True
) -> tuple[list[float], list[object]]:
    """The best time of each of ``runs`` over ``repeat`` rounds in which they take turns
    (after a warm-up round), and the last result of each: a machine that is slower for a
    while slows every contender alike instead of whichever was being timed then."""
    results: list[object] = [run() for run in runs] if warm_up else [None] * len(runs)
    best = [float("inf")] * len(runs)
    for _ in range(repeat):
        for n, run in enumerate(runs):
            gc.collect()
            start = time.perf_counter()
            results[n] = run()
            best[n] = min(best[n], time.perf_counter() - start)
    return best, results


def token_count(text: str) -> int:
    return sum(1 for piece in pieces(text) if key(piece))


def ours(old: ParsedDocument, new: ParsedDocument) -> Callable[[], tuple[Redline, str]]:
    def run() -> tuple[Redline, str]:
        redline = compare(old.provisions, new.provisions)
        return redline, render_json(redline)

    return run


def measured_ours(seconds: float, redline: Redline) -> Measured:
    hunks = sum(_runs_of_changes(p.operations) for p in redline.pairs)
    return Measured("ours", seconds, redline.changed_tokens(), hunks)


def _runs_of_changes(operations: Sequence[Operation]) -> int:
    runs, inside = 0, False
    for operation in operations:
        if operation.changes and not inside:
            runs += 1
        inside = operation.changes or (inside and operation.layout)
    return runs


def measure_difflib(old: str, new: str, repeat: int) -> Measured:
    """Seconds per run, so one run without warm-up is as good as several."""
    a, b = old.split(), new.split()

    def run() -> list[tuple[str, int, int, int, int]]:
        return difflib.SequenceMatcher(None, old.split(), new.split()).get_opcodes()

    seconds, opcodes = best_time(run, max(1, min(3, repeat // 5)), warm_up=False)
    changed = hunks = 0
    for tag, i1, i2, j1, j2 in opcodes:
        if tag != "equal":
            hunks += 1
            changed += token_count(" ".join(a[i1:i2])) + token_count(" ".join(b[j1:j2]))
    return Measured("difflib (default, words)", seconds, changed, hunks)


@contextmanager
def git_diff(old: str, new: str) -> Iterator[Callable[[], str] | None]:
    """``git diff --no-index --word-diff=porcelain`` of the two texts written to files, as a
    function that runs it (``None`` if git is not installed)."""
    git = shutil.which("git")
    if git is None:
        yield None
        return
    with tempfile.TemporaryDirectory() as folder:
        a, b = Path(folder, "old.txt"), Path(folder, "new.txt")
        a.write_text(old, encoding="utf-8")
        b.write_text(new, encoding="utf-8")
        command = [git, "diff", "--no-index", "--word-diff=porcelain", str(a), str(b)]

        def run() -> str:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            return done.stdout

        yield run


def measured_git(seconds: float, output: str) -> Measured:
    changed, hunks = _porcelain_changes(output)
    return Measured("git diff --word-diff=porcelain", seconds, changed, hunks)


def _porcelain_changes(output: str) -> tuple[int, int]:
    changed = hunks = 0
    inside = started = False
    for line in output.split("\n"):
        started = started or line.startswith("@@")
        is_change = started and line[:1] in ("+", "-")
        if is_change:
            changed += token_count(line[1:])
            hunks += not inside
        inside = is_change
    return changed, hunks


# -- checks, report, main ----------------------------------------------------------------------


def check_redline(redline: Redline, report: Report) -> None:
    exact = all(
        old_text(p.operations) == (p.old.text if p.old else "")
        and new_text(p.operations) == (p.new.text if p.new else "")
        for p in redline.pairs
    )
    report.checks.append((exact, "every pair's operations rebuild its old and new text"))
    states = {(p.old_key, p.new_key): p.state.value for p in redline.pairs}
    swapped = states.get(("art-20", "art-21")), states.get(("art-21", "art-20"))
    report.checks.append(
        (
            all(s in ("moved", "renumbered") for s in swapped),
            f"Articles 20 and 21 paired across the swap ({swapped[0]}, {swapped[1]})",
        )
    )
    added = states.get((None, "art-30a"))
    report.checks.append((added == "added", f"Article 30a recognised as added ({added})"))


def compare_all(old: str, new: str, repeat: int, report: Report) -> None:
    old_doc = parse_document(old, format="text", source="old")
    new_doc = parse_document(new, format="text", source="new")
    parse_seconds, _ = best_time(lambda: parse_document(new, format="text"), repeat)
    with git_diff(old, new) as run_git:
        runs: list[Callable[[], object]] = [ours(old_doc, new_doc)]
        runs += [run_git] if run_git is not None else []
        seconds, results = best_times(runs, repeat)  # ours and git take turns
    redline, _ = cast(tuple[Redline, str], results[0])
    mine = measured_ours(seconds[0], redline)
    git = measured_git(seconds[1], cast(str, results[1])) if run_git is not None else None
    check_redline(redline, report)
    counts = ", ".join(f"{n} {s.value}" for s, n in redline.counts().items())
    report.lines.append(f"alignment: {counts}")
    measured = [mine, measure_difflib(old, new, repeat)]
    if git is not None:
        measured.append(git)
    report.lines.append(f"{'':<34}{'ms':>10}{'changed tokens':>16}{'hunks':>8}")
    for m in measured:
        report.lines.append(f"{m.name:<34}{m.seconds * 1000:>10.1f}{m.changed:>16,}{m.hunks:>8,}")
    report.lines.append(f"(parsing one version, not timed above: {parse_seconds * 1000:.1f} ms)")
    ratios(mine, measured[1], git, report)


def ratios(ours: Measured, difflib_: Measured, git: Measured | None, report: Report) -> None:
    faster = difflib_.seconds / ours.seconds
    report.lines.append(f"ratio difflib/ours: {faster:.1f}x faster")
    report.targets.append((faster >= 50, f"at least 50x faster than difflib ({faster:.1f}x)"))
    if git is None:
        report.lines.append("ratio ours/git: git not found, not measured")
        return
    slower = ours.seconds / git.seconds
    report.lines.append(f"ratio ours/git: {slower:.2f}x git's time")
    report.lines.append(f"ratio changed tokens ours/git: {ours.changed / max(git.changed, 1):.2f}")
    report.targets.append((slower <= 3, f"within 3x of git's time ({slower:.2f}x)"))
    report.targets.append(
        (
            ours.changed <= git.changed,
            f"no more changed tokens than git ({ours.changed:,} vs {git.changed:,})",
        )
    )


def corpus_gdpr(given: str | None) -> Path:
    if given:
        return Path(given)
    corpus = os.environ.get("INWRITING_CORPUS") or REPO / "tests" / "data" / "corpus"
    return Path(corpus) / GDPR_NAME


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--gdpr", help=f"the GDPR text (default: the corpus's {GDPR_NAME})")
    parser.add_argument("--seed", type=int, default=SEED, help="of the revision")
    parser.add_argument("--repeat", type=int, help="timed runs (default 15; 1 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: one timed run each")
    args = parser.parse_args(argv)
    path = corpus_gdpr(args.gdpr)
    if not path.is_file():
        print(f"error: {path} not found (give --gdpr or set INWRITING_CORPUS)", file=sys.stderr)
        return 2
    old = path.read_text(encoding="utf-8")
    new, what = seeded_revision(old, args.seed)
    report = Report([f"InWriting redline benchmark: the GDPR and a revision (seed {args.seed})"])
    report.lines.append(f"revision: {what}")
    compare_all(old, new, args.repeat or (1 if args.quick else 15), report)
    print("\n".join(report.lines))
    print("\nchecks")
    for ok, text in report.checks:
        print(f"{'ok  ' if ok else 'FAIL'}  {text}")
    print("\ntargets")
    for met, text in report.targets:
        print(f"{'PASS' if met else 'MISS'}  {text}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
