"""What a drafter checks before tabling: the outline at an answer level, counts and warnings.

Tabling is for ever (a tabled version is never edited), so the import page, ``inwriting
parse`` and the API show first what would be tabled: every provision's kind, label, heading
and key, how many of each kind, and what looks wrong — an answerable provision with no text,
two answerable provisions with the same label, a provision so long that answering it as one
unit is unlikely to be meant, no article at all, or a level that changes nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from inwriting.domain.documents import AnswerLevel, ParsedDocument, Provision, ProvisionKind
from inwriting.formats.levels import answer_by, default_level, level_named, us_style

# A provision over this many characters (about ten pages) is flagged: an annex of tables may
# be that long, an article rarely is, and a party cannot answer half of it.
LONG_PROVISION = 30_000
_SHOWN = 5  # keys named in one warning


@dataclass(frozen=True)
class Row:
    """One line of the outline."""

    key: str
    kind: ProvisionKind
    label: str
    heading: str
    depth: int  # 0 at the top, 1 inside a group ...
    characters: int
    answerable: bool


@dataclass(frozen=True)
class Preview:
    level: AnswerLevel
    default: AnswerLevel  # what the structure makes obvious
    document: ParsedDocument  # cut at ``level``: what would be tabled
    rows: tuple[Row, ...]
    counts: tuple[tuple[str, int], ...]  # (kind, how many), in first-seen order
    answerable: int
    warnings: tuple[str, ...]


def preview(parsed: ParsedDocument, level: AnswerLevel | str | None = None) -> Preview:
    """``parsed`` (as a parser read it) cut at ``level`` (``None``: the default), checked."""
    default = default_level(parsed)
    chosen = level_named(level) or default
    doc = answer_by(parsed, chosen)
    depth: dict[str, int] = {}
    rows = []
    for p in doc.provisions:
        depth[p.key] = depth[p.parent] + 1 if p.parent in depth else 0
        rows.append(Row(p.key, p.kind, p.label, p.heading, depth[p.key], len(p.text), p.answerable))
    counts = Counter(p.kind.value for p in doc.provisions)
    return Preview(
        level=chosen,
        default=default,
        document=doc,
        rows=tuple(rows),
        counts=tuple(counts.items()),
        answerable=sum(1 for p in doc.provisions if p.answerable),
        warnings=tuple(warnings(parsed, doc, chosen)),
    )


def warnings(parsed: ParsedDocument, doc: ParsedDocument, level: AnswerLevel) -> list[str]:
    """What a drafter should look at before tabling ``doc`` (``parsed`` cut at ``level``)."""
    found: list[str] = []
    answerable = [p for p in doc.provisions if p.answerable]
    kinds = {p.kind for p in answerable}
    if not kinds & {ProvisionKind.ARTICLE, ProvisionKind.PARAGRAPH}:
        found.append("no articles found: parties would answer only " + _kinds(answerable))
    empty = [p for p in answerable if not p.text.strip()]
    if empty:
        found.append(f"{_count(empty, 'provision')} with no text: {_keys(empty)}")
    labels = Counter(" ".join(p.label.split()).casefold() for p in answerable if p.label)
    repeated = [p for p in answerable if labels[" ".join(p.label.split()).casefold()] > 1]
    if repeated:
        shown = sorted({p.label for p in repeated})[:_SHOWN]
        found.append(
            f"{_count(repeated, 'provision')} share a label with another: "
            + ", ".join(repr(label) for label in shown)
            + " (their keys tell them apart)"
        )
    long = [p for p in answerable if len(p.text) > LONG_PROVISION]
    if long:
        found.append(
            f"{_count(long, 'provision')} over {LONG_PROVISION:,} characters, answered as "
            f"one unit: {_keys(long)}"
        )
    if level is AnswerLevel.SECTION and not us_style(parsed):
        found.append(
            "no ARTICLE groups Sections here: answering by section is answering by article"
        )
    if level is AnswerLevel.PARAGRAPH and doc == answer_by(parsed, AnswerLevel.ARTICLE):
        found.append(
            "no article has numbered paragraphs: answering by paragraph is answering by article"
        )
    return found


def _count(provisions: list[Provision], noun: str) -> str:
    return f"{len(provisions)} {noun}{'' if len(provisions) == 1 else 's'}"


def _keys(provisions: list[Provision]) -> str:
    shown = ", ".join(p.key for p in provisions[:_SHOWN])
    more = len(provisions) - _SHOWN
    return f"{shown} and {more} more" if more > 0 else shown


def _kinds(provisions: list[Provision]) -> str:
    names = sorted({p.kind.value for p in provisions})
    return ", ".join(names) if names else "nothing"
