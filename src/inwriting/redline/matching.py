"""The steps of provision alignment (see :mod:`~inwriting.redline.align` for the rules).

Texts are compared as sequences of whitespace-separated words (the
:meth:`~inwriting.redline.tokens.Vocabulary.coded` chunks, which the word diff goes on to
use), each coded as one character so that rapidfuzz's bit-parallel Indel works on short
strings: blind to line breaks and doubled spaces, and enough to tell which provision is
which.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from rapidfuzz.distance import Indel, LCSseq

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.redline.tokens import Vocabulary, shared_start

LABEL_SIMILARITY = 0.6  # same label: this alike is surely the same provision, edited
SIMILARITY = 0.5  # different labels: below this, two texts are only alike in vocabulary
LABEL_FLOOR = 0.25  # same label, heavily rewritten: still the provision under that number
PART_CONTAINED = 0.8  # a split-off part: this share of its words comes from the old text
PART_MIN_WORDS = 3  # shorter leftovers are too small to call parts of anything
PART_DISTANCE = 2  # the parts of a split (sources of a merger) stand this close together

Key = tuple[str, str]  # a provision's heading and text, as written or as codes


def label(p: Provision) -> tuple[str, str]:
    """Labels equal across origins: ``Article 5``, ``Art. 5``, ``ARTICLE V`` (number "5")."""
    if p.number and p.kind is not ProvisionKind.GROUP:
        return p.kind.value, p.number.casefold()
    return p.kind.value, " ".join(p.label.split()).casefold()


class Side:
    """One version's provisions, with their words coded as they are needed."""

    def __init__(self, provisions: Sequence[Provision], vocabulary: Vocabulary) -> None:
        self.provisions = provisions
        self._vocabulary = vocabulary
        self.raw = [(p.heading, p.text) for p in provisions]
        self.labels = [label(p) for p in provisions]
        self._coded: dict[int, str] = {}
        self._flat: dict[int, str] = {}

    def coded(self, index: int) -> str:
        """The words of the text, or of the heading where there is no text (a group's
        heading is all it has), one character each."""
        found = self._coded.get(index)
        if found is None:
            p = self.provisions[index]
            text = self._vocabulary.coded(p.text)
            found = self._coded[index] = text or self._vocabulary.coded(p.heading)
        return found

    def words(self, index: int) -> tuple[str, str]:
        """Heading and text, one character per word: equal if only whitespace differs
        between words (not within them: see :meth:`flat`)."""
        p = self.provisions[index]
        return self._vocabulary.coded(p.heading), self._vocabulary.coded(p.text)

    def flat(self, index: int) -> str:
        """Heading and text with no whitespace at all: "determined to" is "determinedto"."""
        found = self._flat.get(index)
        if found is None:
            p = self.provisions[index]
            found = "".join(p.heading.split()) + "\x1f" + "".join(p.text.split())
            self._flat[index] = found
        return found


class Matching:
    """The pairing being built: primary pairs one to one, plus split and merged parts."""

    def __init__(
        self, old: Sequence[Provision], new: Sequence[Provision], vocabulary: Vocabulary
    ) -> None:
        self.old, self.new = Side(old, vocabulary), Side(new, vocabulary)
        self.to_new: dict[int, int] = {}
        self.to_old: dict[int, int] = {}
        self.similarity: dict[int, float] = {}  # by old index, primary pairs
        self.split: dict[int, int] = {}  # new index of a split-off part -> old index
        self.merged: dict[int, int] = {}  # old index of a merged source -> new index

    def pair(self, i: int, j: int, similarity: float) -> None:
        self.to_new[i], self.to_old[j], self.similarity[i] = j, i, similarity

    def free_old(self) -> list[int]:
        return [i for i in range(len(self.old.provisions)) if i not in self.to_new]

    def free_new(self) -> list[int]:
        return [j for j in range(len(self.new.provisions)) if j not in self.to_old]

    def old_provision(self, i: int) -> Provision:
        return self.old.provisions[i]

    def new_provision(self, j: int) -> Provision:
        return self.new.provisions[j]

    def same_label(self, i: int, j: int) -> bool:
        return self.old.labels[i] == self.new.labels[j]

    def compatible(self, i: int, j: int) -> bool:
        """Headings pair with headings, provisions with provisions."""
        group = ProvisionKind.GROUP
        return (self.old.provisions[i].kind is group) == (self.new.provisions[j].kind is group)

    def changed(self, i: int, j: int) -> bool:
        """Whether text or heading differ other than in whitespace (cheapest test first)."""
        old, new = self.old, self.new
        if old.raw[i] == new.raw[j] or old.words(i) == new.words(j):
            return False
        (old_heading, old_text), (new_heading, new_text) = old.raw[i], new.raw[j]
        if differ_in_letters(old_heading, new_heading) or differ_in_letters(old_text, new_text):
            return True
        return old.flat(i) != new.flat(j)

    def ratio(self, i: int, j: int, cutoff: float = 0.0) -> float:
        """How alike two texts are; two empty texts (bare headings) are not evidence."""
        a, b = self.old.coded(i), self.new.coded(j)
        if not a and not b:
            return 1.0 if self.same_label(i, j) else 0.0
        return Indel.normalized_similarity(a, b, score_cutoff=cutoff)

    def by_key(self) -> None:
        where = {p.key: j for j, p in enumerate(self.new.provisions)}
        for i, p in enumerate(self.old.provisions):
            j = where.get(p.key)
            if j is not None and j not in self.to_old and self.compatible(i, j):
                self.pair(i, j, self.ratio(i, j) if self.changed(i, j) else 1.0)

    def same_text(self) -> None:
        """Equal texts: as they stand, then with whitespace between words ignored."""
        self._same(self.old.raw.__getitem__, self.new.raw.__getitem__)
        self._same(self.old.words, self.new.words)

    def _same(self, old_key: Callable[[int], Key], new_key: Callable[[int], Key]) -> None:
        """Pair equal keys: where the labels agree too, then keys no other provision has."""
        news: dict[Key, list[int]] = {}
        for j in self.free_new():
            news.setdefault(new_key(j), []).append(j)
        olds: dict[Key, list[int]] = {}
        for i in self.free_old():
            olds.setdefault(old_key(i), []).append(i)
        for text, old_indexes in olds.items():
            candidates = news.get(text, [])
            for i in old_indexes:
                found = [j for j in candidates if j not in self.to_old and self.same_label(i, j)]
                if found:
                    self.pair(i, found[0], 1.0)
            left_old = [i for i in old_indexes if i not in self.to_new]
            left_new = [j for j in candidates if j not in self.to_old]
            unique = any(text) and len(left_old) == 1 and len(left_new) == 1
            if unique and self.compatible(left_old[0], left_new[0]):
                self.pair(left_old[0], left_new[0], 1.0)

    def by_label(self) -> None:
        """Same label and at least :data:`LABEL_SIMILARITY` alike: the most alike first."""
        news: dict[tuple[str, str], list[int]] = {}
        for j in self.free_new():
            news.setdefault(self.new.labels[j], []).append(j)
        for i in self.free_old():
            candidates = news.get(self.old.labels[i], [])
            scored = [
                (self.ratio(i, j, LABEL_SIMILARITY), j) for j in candidates if j not in self.to_old
            ]
            best, j = max(scored, default=(0.0, -1))
            if best >= LABEL_SIMILARITY:
                self.pair(i, j, best)

    def most_similar(self) -> None:
        """Greedy, best pair first; agreeing labels break near-ties."""
        candidates = []
        free_new = self.free_new()
        for i in self.free_old():
            for j in free_new:
                if not self.compatible(i, j):
                    continue
                same = self.same_label(i, j)
                score = self.ratio(i, j, LABEL_FLOOR if same else SIMILARITY)
                if score:
                    candidates.append((score + 0.1 * same, score, i, j))
        for _, score, i, j in sorted(candidates, reverse=True):
            if i not in self.to_new and j not in self.to_old:
                self.pair(i, j, score)

    def parts(self) -> None:
        """Split-off parts and merged sources among what is left (see the rules)."""
        for j in self.free_new():
            i = self._source(j)
            if i is not None:
                self.split[j] = i
        for i in self.free_old():
            target = self._destination(i)
            if target is not None:
                self.merged[i] = target

    def _source(self, j: int) -> int | None:
        part = self.new.coded(j)
        candidates = [
            (i, self.old.coded(i))
            for i, k in self.to_new.items()
            if abs(k - j) <= PART_DISTANCE and self.compatible(i, j) and self.changed(i, k)
        ]
        best = _container(part, candidates)
        if best is None or contained(part, self.new.coded(self.to_new[best])) >= 0.5:
            return None
        return best

    def _destination(self, i: int) -> int | None:
        part = self.old.coded(i)
        candidates = [
            (j, self.new.coded(j))
            for j, k in self.to_old.items()
            if abs(k - i) <= PART_DISTANCE and self.compatible(i, j) and self.changed(k, j)
        ]
        best = _container(part, candidates)
        if best is None or contained(part, self.old.coded(self.to_old[best])) >= 0.5:
            return None
        return best


def differ_in_letters(a: str, b: str) -> bool:
    """A cheap test that two texts differ other than in whitespace: they do if where they
    first differ both have a letter (or any character but whitespace). ``False`` says
    nothing: compare without whitespace to know."""
    at = shared_start(a, b)
    return at < min(len(a), len(b)) and not a[at].isspace() and not b[at].isspace()


def contained(part: str, whole: str) -> float:
    """The share of ``part``'s words found, in order, in ``whole``."""
    return LCSseq.similarity(part, whole) / len(part) if part else 0.0


def _container(part: str, wholes: list[tuple[int, str]]) -> int | None:
    """Which of ``wholes`` (longer than ``part``) holds nearly all of it, in order."""
    if len(part) < PART_MIN_WORDS:
        return None
    cutoff = math.ceil(PART_CONTAINED * len(part))
    best, best_score = None, 0
    for index, whole in wholes:
        if len(whole) <= len(part):
            continue
        score = LCSseq.similarity(part, whole, score_cutoff=cutoff)
        if score > best_score:
            best, best_score = index, score
    return best
