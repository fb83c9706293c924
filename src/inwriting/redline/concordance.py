"""A concordance: which parts of one text say what parts of another say.

A redline (:mod:`~inwriting.redline.align`) pairs the provisions of two versions of one
document, trusting order and labels. A concordance compares any two texts — the last agreed
text and a new draft, an earlier treaty, the other side's model agreement — where nothing
can be trusted but the words: articles are moved, merged, split, renumbered and reworded.
So labels, numbering and order are ignored, and links are many to many.

The method, chosen on the labelled evaluation in ``bench/concordance.py``:

1. **Units.** Each provision (``by="provision"``) or each paragraph of each provision
   (``by="paragraph"``; a provision's paragraphs are keyed ``KEY/1``, ``KEY/2`` …, a
   one-paragraph provision keeps its key). Headings of parts and chapters are not units:
   they say nothing a provision could say too.
2. **Coarse pass: TF-IDF over word 1- and 2-grams** (case folded), the document frequency
   counted over the units of both texts, so words every unit shares ("the", "shall",
   "Party") weigh little and the rarer words two units share weigh much. Bigrams reward
   word order without demanding it.
3. **Score** of a pair: the cosine of the two vectors. (The containment of the smaller
   unit in the larger, meant for the parts of mergers and splits, was measured too and
   only added false links: the cosine of a part with its whole is high enough.)
4. **Links.** A pair links when its score reaches :data:`STRONG`, or reaches :data:`WEAK`
   and is the best score of its old or of its new unit: a unit that only resembles others
   a little links to the one it resembles most, and to no other.
5. **Fine pass**: each link is word-diffed (:func:`~inwriting.redline.diff.diff_texts`),
   so a reader sees exactly what changed between the two.

Pure, like the rest of the package: values in, values out; same input, same output.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.redline.diff import diff_texts
from inwriting.redline.operations import Operation
from inwriting.redline.tokens import Vocabulary

__all__ = [
    "STRONG",
    "WEAK",
    "Concordance",
    "ConcordanceBy",
    "Link",
    "Unit",
    "concordance",
    "units",
]

# Measured on bench/concordance.py's labelled cases and the GPL v2 -> v3 (docs/redline.md):
STRONG = 0.5  # this alike, two units say the same thing whatever else resembles them
WEAK = 0.2  # below this, two units only share the vocabulary of their subject
KEY_FEATURES = 32  # a unit is found by its heaviest features, this many
CANDIDATES = 24  # a new unit is compared with this many old units at most

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
_WORD = re.compile(r"\w+")


class ConcordanceBy(StrEnum):
    PROVISION = "provision"
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Unit:
    """What a concordance links: a provision, or one paragraph of one."""

    key: str
    label: str
    text: str


@dataclass(frozen=True)
class Link:
    """An old unit and a new unit that say the same thing: how alike (0 to 1) and the word
    diff from the old text to the new."""

    old: Unit
    new: Unit
    score: float
    operations: tuple[Operation, ...]

    @property
    def old_key(self) -> str:
        return self.old.key

    @property
    def new_key(self) -> str:
        return self.new.key


@dataclass(frozen=True)
class Concordance:
    """The links in new-text order (then old-text order), and the units of each side that
    have no counterpart on the other."""

    old: tuple[Unit, ...]
    new: tuple[Unit, ...]
    links: tuple[Link, ...]
    only_old: tuple[Unit, ...]
    only_new: tuple[Unit, ...]

    def as_dict(self) -> dict[str, object]:
        """The JSON shape (docs/redline.md)."""
        return {
            "links": [
                {
                    "old_key": link.old_key,
                    "new_key": link.new_key,
                    "score": round(link.score, 3),
                    "operations": [_operation(o) for o in link.operations],
                }
                for link in self.links
            ],
            "only_old": [u.key for u in self.only_old],
            "only_new": [u.key for u in self.only_new],
        }


def _operation(o: Operation) -> dict[str, object]:
    found: dict[str, object] = {"op": o.op.value, "text": o.text}
    if o.layout:
        found["layout"] = True
    return found


def units(provisions: Iterable[Provision], by: ConcordanceBy) -> tuple[Unit, ...]:
    """The units of a text (see the module docstring), in document order."""
    found: list[Unit] = []
    for p in provisions:
        if p.kind is ProvisionKind.GROUP or not (p.text.strip() or p.heading.strip()):
            continue
        name = " — ".join(x for x in (p.label, p.heading) if x) or p.key
        paragraphs = [t for t in _PARAGRAPH_BREAK.split(p.text) if t.strip()]
        if by is ConcordanceBy.PROVISION or len(paragraphs) <= 1:
            found.append(Unit(p.key, name, p.text))
            continue
        for n, paragraph in enumerate(paragraphs, start=1):
            found.append(Unit(f"{p.key}/{n}", f"{name} ¶{n}", paragraph))
    return tuple(found)


def concordance(
    old: Sequence[Provision],
    new: Sequence[Provision],
    *,
    by: ConcordanceBy = ConcordanceBy.PROVISION,
) -> Concordance:
    """The concordance of ``new`` with its baseline ``old`` (provisions in document order)."""
    old_units, new_units = units(old, by), units(new, by)
    scores = _scores(old_units, new_units)
    chosen = _links(scores)
    vocabulary = Vocabulary()
    links = tuple(
        Link(
            old_units[i],
            new_units[j],
            score,
            diff_texts(old_units[i].text, new_units[j].text, vocabulary=vocabulary),
        )
        for (i, j), score in sorted(chosen.items(), key=lambda item: (item[0][1], item[0][0]))
    )
    linked_old = {i for i, _ in chosen}
    linked_new = {j for _, j in chosen}
    return Concordance(
        old_units,
        new_units,
        links,
        tuple(u for i, u in enumerate(old_units) if i not in linked_old),
        tuple(u for j, u in enumerate(new_units) if j not in linked_new),
    )


def features(text: str) -> Counter[str]:
    """Word unigrams and bigrams of a text, case folded, with their counts."""
    words = [w.casefold() for w in _WORD.findall(text)]
    found = Counter(words)
    found.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return found


class _Vectors:
    """TF-IDF vectors (sublinear term frequency) of the units of both texts, and each
    unit's key features (:func:`_heaviest`): the words and word pairs that say what it is
    about."""

    def __init__(self, old: Sequence[Unit], new: Sequence[Unit]) -> None:
        counted = [features(u.text) for u in (*old, *new)]
        frequency: Counter[str] = Counter()
        for found in counted:
            frequency.update(found.keys())
        total = len(counted)
        idf = {f: math.log((1 + total) / (1 + n)) + 1.0 for f, n in frequency.items()}
        self.weights = [
            {f: (1.0 + math.log(n)) * idf[f] for f, n in found.items()} for found in counted
        ]
        self.norms = [math.sqrt(sum(w * w for w in v.values())) or 1.0 for v in self.weights]
        self.keys = [_heaviest(v, frequency) for v in self.weights]

    def cosine(self, a: int, b: int) -> float:
        mine, theirs = self.weights[a], self.weights[b]
        if len(theirs) < len(mine):
            mine, theirs = theirs, mine
        dot = sum(w * theirs.get(f, 0.0) for f, w in mine.items())
        return min(1.0, dot / (self.norms[a] * self.norms[b]))


def _heaviest(weights: dict[str, float], frequency: Counter[str]) -> list[str]:
    """The :data:`KEY_FEATURES` heaviest features of a unit that some other unit has too
    (a feature of one unit only can find nothing)."""
    shared = [f for f in weights if frequency[f] > 1]
    return sorted(shared, key=lambda f: (-weights[f], f))[:KEY_FEATURES]


def _scores(old: Sequence[Unit], new: Sequence[Unit]) -> dict[tuple[int, int], float]:
    """The cosine of every pair at least :data:`WEAK` alike, among the pairs that share a
    key feature (:class:`_Vectors`), :data:`CANDIDATES` per new unit at most, those sharing
    the most weight first. Comparing every unit with every other is quadratic: the GDPR's
    paragraphs against another text of it took seconds that way."""
    vectors = _Vectors(old, new)
    postings: dict[str, list[int]] = {}
    for i in range(len(old)):
        for f in vectors.keys[i]:
            postings.setdefault(f, []).append(i)
    scores: dict[tuple[int, int], float] = {}
    offset = len(old)
    for j in range(len(new)):
        weights = vectors.weights[offset + j]
        shared: dict[int, float] = {}
        for f in vectors.keys[offset + j]:
            for i in postings.get(f, ()):
                shared[i] = shared.get(i, 0.0) + weights[f]
        for i in sorted(shared, key=lambda i: (-shared[i], i))[:CANDIDATES]:
            score = vectors.cosine(i, offset + j)
            if score >= WEAK:
                scores[i, j] = score
    return scores


def _links(scores: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """The pairs that link (see the module docstring)."""
    best_old: dict[int, float] = {}
    best_new: dict[int, float] = {}
    for (i, j), score in scores.items():
        best_old[i] = max(best_old.get(i, 0.0), score)
        best_new[j] = max(best_new.get(j, 0.0), score)
    return {
        (i, j): score
        for (i, j), score in scores.items()
        if score >= STRONG or score >= best_old[i] or score >= best_new[j]
    }
