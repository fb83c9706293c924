"""How well does the concordance link what says the same thing? Precision and recall of its
links on labelled cases, next to the redline's alignment, in one run.

Run ``.venv/bin/python bench/concordance.py [--seed N] [--cases N] [--quick]``.

**Labelled cases** are built from real documents (the copies in ``tests/data/concordance/``:
the GPL v3, the ECHR and the EUPL 1.2; with the shared corpus present, also the UN Charter
and the GDPR). From a document's provisions (the old text), a new text is made,
deterministically from the seed: every provision is reworded (up to ``--reword`` of its
words — default a quarter — replaced by, or joined by, other words of the document, or
dropped); some are merged with the next one, some split in two at a sentence or paragraph
boundary, some deleted; provisions of another document are added; everything is shuffled
and renumbered. The known links (old key → new key) are the labels: a merged text links to
both sources, both halves of a split to the whole. A link found that is not a label is a
false positive; a label not found is a miss.

**The real rewrite**: the GNU GPL version 2 against version 3, against the links a reader
expects (``tests/data/concordance/gpl-2-to-3.links.json``, each with its reason).

**Baseline**: the redline's alignment (:func:`inwriting.redline.align.align`) on the same
pairs — what ``inwriting redline`` shows today — with every pair it makes that is not
``added`` or ``removed`` counted as a link.

Targets: precision and recall at least 0.9 on the labelled cases (rewordings of up to a
quarter of the words); on the GPL, more of the expected links than the alignment finds.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.formats import read_document
from inwriting.redline.align import PairState, align
from inwriting.redline.concordance import concordance

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data" / "concordance"
CORPUS = REPO.parent / "shared" / "corpus"
SEED = 13
REWORD = 0.25
MIN_WORDS = 8  # shorter provisions ("Deleted.") cannot be told apart by anyone

Links = set[tuple[str, str]]
_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=\S)")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Case:
    name: str
    old: tuple[Provision, ...]
    new: tuple[Provision, ...]
    links: Links


@dataclass
class Score:
    found: int = 0
    right: int = 0
    expected: int = 0

    def add(self, found: Links, expected: Links) -> None:
        self.found += len(found)
        self.right += len(found & expected)
        self.expected += len(expected)

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0


# -- the labelled cases ---------------------------------------------------------------------


def documents(quick: bool) -> list[tuple[str, tuple[Provision, ...]]]:
    """Provisions (no headings, none too short) of each source document."""
    paths = [DATA / "gpl-3.0.txt", DATA / "echr.en.md", DATA / "eupl-1.2.txt"]
    if not quick:
        paths += [CORPUS / "un-charter.en.md", CORPUS / "gdpr-2016-679.en.txt"]
    found = []
    for path in paths:
        if path.is_file():
            provisions = read_document(path).provisions
            kept = tuple(
                p
                for p in provisions
                if p.kind is not ProvisionKind.GROUP and len(_WORD.findall(p.text)) >= MIN_WORDS
            )
            found.append((path.name, kept))
    return found


def reworded(text: str, rng: random.Random, pool: Sequence[str], share: float) -> str:
    """``text`` with about ``share`` of its words replaced, dropped or joined by another."""
    words = text.split(" ")
    out: list[str] = []
    for word in words:
        roll = rng.random()
        if roll >= share or not word.strip():
            out.append(word)
        elif roll < share / 3:
            out.append(rng.choice(pool))
        elif roll < 2 * share / 3:
            continue
        else:
            out += [word, rng.choice(pool)]
    return " ".join(out)


def _halves(text: str, rng: random.Random) -> tuple[str, str] | None:
    """``text`` cut in two at a paragraph or sentence boundary, each half of some size."""
    cuts = [m.end() for m in _SENTENCE.finditer(text)]
    cuts = [
        c
        for c in cuts
        if min(len(_WORD.findall(text[:c])), len(_WORD.findall(text[c:]))) >= MIN_WORDS
    ]
    if not cuts:
        return None
    at = rng.choice(cuts)
    return text[:at].rstrip(), text[at:]


def labelled_case(
    name: str,
    old: Sequence[Provision],
    extra: Sequence[Provision],
    rng: random.Random,
    share: float,
) -> Case:
    """A new text made from ``old`` (see the module docstring), with its known links."""
    pool = sorted({w for p in old for w in _WORD.findall(p.text)})
    made: list[tuple[str, list[str]]] = []  # new text, the old keys it comes from
    i = 0
    while i < len(old):
        p, roll = old[i], rng.random()
        if roll < 0.08:  # deleted
            i += 1
            continue
        if roll < 0.18 and i + 1 < len(old):  # merged with the next
            made.append((p.text + "\n\n" + old[i + 1].text, [p.key, old[i + 1].key]))
            i += 2
            continue
        halves = _halves(p.text, rng) if roll < 0.3 else None
        if halves:
            made += [(halves[0], [p.key]), (halves[1], [p.key])]
        else:
            made.append((p.text, [p.key]))
        i += 1
    made += [(p.text, []) for p in rng.sample(list(extra), min(len(extra), max(1, len(old) // 10)))]
    rng.shuffle(made)
    new, links = [], set()
    for n, (text, sources) in enumerate(made, start=1):
        key = f"new-{n}"
        body = reworded(text, rng, pool, share) if sources else text
        new.append(Provision(key, ProvisionKind.ARTICLE, f"Article {n}", str(n), "", body))
        links |= {(source, key) for source in sources}
    return Case(name, tuple(old), tuple(new), links)


def cases(seed: int, count: int, share: float, quick: bool) -> list[Case]:
    sources = documents(quick)
    rng = random.Random(seed)
    found = []
    for k, (name, provisions) in enumerate(sources):
        extra = sources[(k + 1) % len(sources)][1]
        for n in range(count):
            found.append(labelled_case(f"{name} #{n + 1}", provisions, extra, rng, share))
    return found


# -- measuring ------------------------------------------------------------------------------


def concordance_links(old: Sequence[Provision], new: Sequence[Provision]) -> Links:
    return {(link.old_key, link.new_key) for link in concordance(old, new).links}


def alignment_links(old: Sequence[Provision], new: Sequence[Provision]) -> Links:
    none = (PairState.ADDED, PairState.REMOVED)
    return {
        (pair.old.key, pair.new.key)
        for pair in align(old, new)
        if pair.state not in none and pair.old and pair.new
    }


def expected_gpl() -> tuple[tuple[Provision, ...], tuple[Provision, ...], Links]:
    import json

    labels = json.loads((DATA / "gpl-2-to-3.links.json").read_text(encoding="utf-8"))
    old = read_document(DATA / labels["old"]).provisions
    new = read_document(DATA / labels["new"]).provisions
    return old, new, {(link["old"], link["new"]) for link in labels["links"]}


def _line(name: str, score: Score) -> str:
    return (
        f"  {name:<12} precision {score.precision:.3f}  recall {score.recall:.3f}  "
        f"({score.right} of {score.found} links right, {score.expected} expected)"
    )


def _links(links: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{a}→{b}" for a, b in sorted(links)) or "none"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--cases", type=int, help="per document (default 3; 1 with --quick)")
    parser.add_argument("--reword", type=float, default=REWORD, help="share of words changed")
    parser.add_argument("--quick", action="store_true", help="the test data only, one case each")
    args = parser.parse_args(argv)
    count = args.cases or (1 if args.quick else 3)
    ours, baseline = Score(), Score()
    labelled = cases(args.seed, count, args.reword, args.quick)
    for case in labelled:
        ours.add(concordance_links(case.old, case.new), case.links)
        baseline.add(alignment_links(case.old, case.new), case.links)
    print(f"Labelled cases: {len(labelled)}, rewording up to {args.reword:.0%} of the words")
    print(_line("concordance", ours))
    print(_line("alignment", baseline))
    old, new, expected = expected_gpl()
    gpl, gpl_baseline = Score(), Score()
    found = concordance_links(old, new)
    gpl.add(found, expected)
    gpl_baseline.add(alignment_links(old, new), expected)
    print("GNU GPL v2 → v3, against the links a reader expects:")
    print(_line("concordance", gpl))
    print(_line("alignment", gpl_baseline))
    print(f"  missed: {_links(expected - found)}")
    print(f"  not expected: {_links(found - expected)}")
    targets = [
        (ours.precision >= 0.9, f"labelled precision {ours.precision:.3f} >= 0.9"),
        (ours.recall >= 0.9, f"labelled recall {ours.recall:.3f} >= 0.9"),
        (gpl.right > gpl_baseline.right, f"GPL: {gpl.right} expected links > {gpl_baseline.right}"),
    ]
    for met, text in targets:
        print(f"{'PASS' if met else 'MISS'}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
