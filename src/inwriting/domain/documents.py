"""A document version as an ordered list of provisions.

A *provision* is the unit a party answers: preamble, recital, article, annex, closing clauses.
Structural headings (part, chapter, title, section-as-group) are provisions of kind ``group``:
they carry structure and are never answered. When a version is answered paragraph by
paragraph (its :class:`AnswerLevel`), an article with numbered paragraphs becomes a group too,
and its paragraphs (and the words before paragraph 1) are provisions of kind ``paragraph``.

Each provision has a stable, human-readable ``key`` (``art-5``, ``rec-12``, ``preamble``,
``annex-1``, ``ch-2.art-1`` when article numbers repeat across groups). Keys are what
responses cite and what survives renumbering when a later version is derived in the product.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

# The most provisions one version may have. The longest real texts have a few thousand
# (the GDPR: 272 with its recitals); the cap keeps what one upload can make a server parse,
# store and diff bounded (see docs/formats.md).
MAX_PROVISIONS = 20_000


class ProvisionKind(StrEnum):
    PREAMBLE = "preamble"
    RECITAL = "recital"
    ARTICLE = "article"
    ANNEX = "annex"
    CLOSING = "closing"
    GROUP = "group"
    PARAGRAPH = "paragraph"  # a numbered paragraph of an article answered on its own

    @property
    def answerable(self) -> bool:
        return self is not ProvisionKind.GROUP


class AnswerLevel(StrEnum):
    """What parties answer one by one, chosen by the tabling party (docs/formats.md).

    ``article``: every article (and preamble, recital, annex, closing); ``section``: in a
    US-style text, the Sections of an ARTICLE, the ARTICLE being a group; ``paragraph``: the
    numbered paragraphs of each article ("Article 5(2)", key ``art-5.p-2``).
    """

    ARTICLE = "article"
    SECTION = "section"
    PARAGRAPH = "paragraph"


ANSWER_LEVELS = tuple(level.value for level in AnswerLevel)


@dataclass(frozen=True)
class Provision:
    key: str
    kind: ProvisionKind
    label: str  # as the text writes it: "Article 5", "ARTICLE V", "§ 3", "(12)"
    number: str  # normalised: "5", "12", "1a"; "" where the text has none (preamble)
    heading: str  # "" when there is none
    text: str  # paragraphs separated by one blank line ("\n\n")
    parent: str | None = None  # key of the enclosing group
    # Footnotes the provision cites, in the order of their first call in the text ("[^1]"):
    # kept out of ``text``, shown with it everywhere (see inwriting.domain.notes).
    notes: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return self.kind.answerable

    def as_dict(self) -> dict[str, str | list[str] | None]:
        """The provision as the digests and the JSON format encode it. ``notes`` is there
        only when there are notes, so a provision without them encodes (and digests) exactly
        as before notes existed."""
        encoded: dict[str, str | list[str] | None] = {
            "key": self.key,
            "kind": self.kind.value,
            "label": self.label,
            "number": self.number,
            "heading": self.heading,
            "text": self.text,
            "parent": self.parent,
        }
        if self.notes:
            encoded["notes"] = list(self.notes)
        return encoded


@dataclass(frozen=True)
class ParsedDocument:
    """What an importer produces: a title and the provisions in document order."""

    title: str
    provisions: tuple[Provision, ...]

    def answerable(self) -> tuple[Provision, ...]:
        return tuple(p for p in self.provisions if p.answerable)

    def by_key(self) -> dict[str, Provision]:
        return {p.key: p for p in self.provisions}

    def as_dict(self) -> dict[str, object]:
        return {"title": self.title, "provisions": [p.as_dict() for p in self.provisions]}


class References:
    """Resolve references as people write them: a key (``art-3``) or a label
    (``Article 3``), against one version's provisions, indexed once.

    Labels are compared case-insensitively with runs of whitespace collapsed, so
    ``article  3`` finds ``Article 3``. A key always wins over a label.
    """

    def __init__(self, provisions: Iterable[Provision]) -> None:
        self._by_key: dict[str, Provision] = {}
        self._by_label: dict[str, list[Provision]] = {}
        for provision in provisions:
            self._by_key.setdefault(provision.key, provision)
            self._by_label.setdefault(_label_form(provision.label), []).append(provision)

    def find(self, ref: str) -> Provision | None:
        """The provision ``ref`` names (the first, if a label names several)."""
        found = self._by_key.get(ref.strip())
        if found is None:
            labelled = self._by_label.get(_label_form(ref))
            found = labelled[0] if labelled else None
        return found

    def labelled(self, ref: str) -> list[Provision]:
        """The provisions whose label ``ref`` is; none when ``ref`` is a key."""
        if ref.strip() in self._by_key:
            return []
        return self._by_label.get(_label_form(ref), [])


def _label_form(label: str) -> str:
    return " ".join(label.split()).casefold()
