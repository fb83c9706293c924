"""How readable is a redline of rewritten sentences? Alternating change runs per changed
sentence, with rewritten sentences shown whole and without (the word diff as it was), in one
run.

Run ``.venv/bin/python bench/rewrites.py [--seed N]``.

A *change run* is what a reader sees as one change: a stretch of deleted and inserted words
between unchanged ones. ``[with] [US: including on] the [exception] [US: basis] of`` is two
runs in five words. Counted per changed sentence (sentences cut where both texts have a
sentence end), on:

1. **the GPL v2 → v3**: the word diff of each concordance link (a real rewrite);
2. **seeded rewordings**: each sentence of the EUPL 1.2 with 60% of its words touched — a
   third of those replaced, a third dropped, a third joined by another word of the text
   (``bench/concordance.py``'s rewording) — diffed against the original. Most of these keep
   more than half their words, so most are not rewritten sentences but heavily edited ones.

A sentence is *rewritten* when fewer than half its words are kept (judged on the word diff
as it was). Reported: runs per rewritten sentence and per other changed sentence, both ways.
Checks (a failure exits 1): every diff rebuilds both texts. Target: at most 1 run per
rewritten sentence; the other sentences keep their word-level detail (same runs).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from inwriting.formats import read_document
from inwriting.redline.concordance import concordance
from inwriting.redline.diff import Operation, diff_texts, new_text, old_text
from inwriting.redline.rewrites import _SENTENCE, _rewritten, _segments, change_runs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from concordance import DATA, reworded  # the sibling bench's rewording

SEED = 13
SHARE = 0.6


class Tally:
    def __init__(self) -> None:
        self.sentences = {True: 0, False: 0}
        self.runs = {(w, r): 0 for w in (True, False) for r in (True, False)}

    def add(self, old: str, new: str) -> bool:
        before = diff_texts(old, new, whole_rewrites=False)
        after = diff_texts(old, new)
        exact = (old_text(after), new_text(after)) == (old, new)
        was, now = _changed(before), _changed(after)
        if len(was) != len(now):
            return exact
        for a, b in zip(was, now, strict=True):
            if change_runs(a) == 0:
                continue
            rewritten = _rewritten(a)
            self.sentences[rewritten] += 1
            self.runs[False, rewritten] += change_runs(a)
            self.runs[True, rewritten] += change_runs(b)
        return exact

    def line(self, name: str, rewritten: bool) -> str:
        n = self.sentences[rewritten] or 1
        was, now = self.runs[False, rewritten] / n, self.runs[True, rewritten] / n
        return (
            f"  {name:<11} {self.sentences[rewritten]:>5} sentences   runs per sentence: "
            f"as it was {was:.2f}, now {now:.2f}"
        )


def _changed(ops: Sequence[Operation]) -> list[list[Operation]]:
    return _segments(list(ops), _SENTENCE)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    ok = True
    gpl = Tally()
    old = read_document(DATA / "gpl-2.0.txt").provisions
    new = read_document(DATA / "gpl-3.0.txt").provisions
    for link in concordance(old, new).links:
        ok &= gpl.add(link.old.text, link.new.text)
    seeded = Tally()
    rng = random.Random(args.seed)
    text = "\n\n".join(p.text for p in read_document(DATA / "eupl-1.2.txt").provisions)
    pool = sorted(set(text.split()))
    for sentence in re.split(r"(?<=[.;:?!])\s+", text):
        if len(sentence.split()) >= 6:
            ok &= seeded.add(sentence, reworded(sentence, rng, pool, SHARE))
    for name, tally in (("GPL v2→v3", gpl), ("seeded 60%", seeded)):
        print(name)
        print(tally.line("rewritten", True))
        print(tally.line("other", False))
    print(f"{'PASS' if ok else 'FAIL'}  every diff rebuilds both texts")
    for name, tally in (("GPL v2→v3", gpl), ("seeded 60%", seeded)):
        n = tally.sentences[True] or 1
        met = tally.runs[True, True] <= n
        print(f"{'PASS' if met else 'MISS'}  {name}: at most 1 run per rewritten sentence")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
