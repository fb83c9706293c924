"""The answer level: what parties answer one by one, chosen when a version is tabled.

The parsers read a draft into its natural units (:mod:`inwriting.formats.drafts`): articles,
or — in a US-style text whose ARTICLEs group Sections — the Sections, the ARTICLE being a
group. :func:`answer_by` then re-cuts that document at the level the tabling party chose,
whatever format it came in (Markdown, plain text, DOCX, Akoma Ntoso, JSON):

* ``article``: an ARTICLE that groups Sections becomes one answerable article (key ``art-1``
  for ``ARTICLE I``); each of its sections is a paragraph of its text, opening with the
  section's label and heading, so nothing is lost;
* ``section``: the parser's own reading of a US-style text; in a text with no ARTICLE over
  its Sections it is the same as ``article``;
* ``paragraph``: every article whose text has numbered paragraphs — "1." / "2.", "(1)" /
  "(2)" (a UK Act's subsections), "§ 1." / "§ 2." (a Polish code's paragraphs), "①" /
  "②" (Korean and Japanese), "5.1" / "5.2" in clause 5 (a UK contract's subclauses),
  "２", "３" in full-width digits after an unnumbered first paragraph (a Japanese statute) —
  becomes a group (its label, number, heading and key kept, no text), and each paragraph a
  ``paragraph`` provision keyed ``art-5.p-2`` and labelled "Article 5(2)". The words before
  paragraph 1 (a chapeau: "The Parties agree that:") are a paragraph of their own,
  ``art-5.intro`` ("Article 5, introductory words"), so that no group holds body text and
  every answerable provision has text. Text after the last numbered paragraph, and lettered
  points "(a)", "(b)", belong to the paragraph they follow. An article with fewer than two
  numbered paragraphs stays whole. A US section opening with "(a)" is cut at its
  subsections "(a)", "(b)" (``art-1101.p-a``, "SEC. 1101(a)").

At every level, a group that holds text of its own (a note under a chapter heading, or text
a parser could not place) hands it to a paragraph ``ch-7.intro`` first in the group.

Keys come from what the text says a paragraph is (its number), never from its position, so
the same file, or a copy re-wrapped or re-styled ("(2)" for "2."), gives the same keys. In a
version derived in the product, keys carry over as they do for articles: a paragraph inserted
after ``art-5.p-2`` is ``art-5.p-2-bis``, and the paragraphs after it keep their keys when
they are renumbered (see ``docs/provision-keys.md``).

A paragraph's text keeps its number as written ("(2) The Parties shall ..."), so that every
writer renders the version as the text it was, and reading that text back and cutting it at
the same level gives the same provisions. Everything here is linear in the size of the
document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from inwriting.domain.documents import AnswerLevel, ParsedDocument, Provision, ProvisionKind
from inwriting.errors import Problem, ValidationError
from inwriting.formats.drafts.headings import heading_like
from inwriting.formats.drafts.keys import slug

__all__ = [
    "answer_by",
    "default_level",
    "level_named",
    "titled_subsections",
    "us_style",
    "whole_articles",
]

# A numbered paragraph opens "(2)", "2." or "2)" (not "2.1", a decimal or a sub-clause
# number, unless the article is clause 2: see _enumerator), after any emphasis markup.
_PARENTHESISED = re.compile(r"\((?P<num>\d{1,3}[A-Za-z]{0,2})\)\s")
_DOTTED = re.compile(r"(?P<num>\d{1,3})\\?[.)]\s")
_CIRCLED = re.compile(r"(?P<num>[①-⑳])\s?")  # Korean and Japanese "① ...", "② ..."
_SIGNED = re.compile(r"§\s?(?P<num>\d{1,3}[a-z]?)\.?\s")  # Polish "Art. 4. § 1. ..."
_DECIMAL = re.compile(r"(?P<major>\d{1,3})\.(?P<num>\d{1,3})\.?\s")
_LETTERED = re.compile(r"\((?P<num>[a-z]{1,2})\)\s")
# Japanese statutes number paragraphs 2, 3 ... in full-width digits ("２　権利の行使…"),
# leaving the first one unnumbered.
_FULL_WIDTH = re.compile(r"(?P<num>[０-９]{1,3})\s")
_MARKUP = re.compile(r"^[*_\\]+")
_INTRO_LABEL = "introductory words"


def level_named(name: str | AnswerLevel | None) -> AnswerLevel | None:
    """The level ``name`` names (``None`` or ``""``: the default for the document), or a
    :class:`ValidationError` naming the levels there are."""
    if name is None or isinstance(name, AnswerLevel):
        return name
    cleaned = name.strip().casefold()
    if not cleaned:
        return None
    try:
        return AnswerLevel(cleaned)
    except ValueError:
        known = ", ".join(level.value for level in AnswerLevel)
        raise ValidationError(
            f"unknown answer level {name!r}: expected one of {known}",
            [Problem(f"expected one of {known}", name, "answer_by", "unknown_level")],
        ) from None


def us_style(doc: ParsedDocument) -> bool:
    """Whether ``doc`` has ARTICLEs grouping Sections (the parser keys them ``article-1``)."""
    return any(_article_group(p) for p in doc.provisions)


def default_level(doc: ParsedDocument) -> AnswerLevel:
    """The level the structure makes obvious: by section under ARTICLEs; by paragraph where
    numbered sections only group titled subsections (see :func:`titled_subsections`), or
    for a document already cut so (a version read back from its JSON export); else by
    article."""
    if any(p.kind is ProvisionKind.PARAGRAPH and ".p-" in p.key for p in doc.provisions):
        return AnswerLevel.PARAGRAPH
    if us_style(doc):
        return AnswerLevel.SECTION
    return AnswerLevel.PARAGRAPH if titled_subsections(doc) else AnswerLevel.ARTICLE


def titled_subsections(doc: ParsedDocument) -> bool:
    """Whether the document's numbered sections only group subsections with titles of their
    own, which are then what a party answers one by one.

    The Mozilla Public License numbers its sections "1. Definitions" and, under it, "1.1.
    “Contributor”", "1.2. “Contributor Version”" ...; "2. License Grants and Conditions" has
    "2.1. Grants", "2.2. Effective Date". Each subsection is a provision with its own title,
    as a US contract's "Section 1.1 Defined Terms" under "ARTICLE I". It is read from the
    whole document: every article with decimal subsections ("5.1", "5.2" in article 5, at
    least two) opens with its subsection 1 (no words of its own before it: it only groups
    them), and most of those subsections have a title line above their text. A UK
    contract's clause "1. DEFINITIONS" over "1.1 In this Agreement ..." (subclauses that are
    sentences) stays answered by clause, and an RFC's "1. Introduction", which has text
    before "1.1. Overview", by section.
    """
    grouping = titled = total = 0
    for article in doc.provisions:
        if article.kind is not ProvisionKind.ARTICLE:
            continue
        blocks = [b for b in article.text.split("\n\n") if b.strip()]
        starts = _numbered_starts(blocks, article.number)
        if len(starts) < 2 or not starts[0][2]:
            continue
        if starts[0][0] != 0:
            return False  # words of its own before subsection 1: a section with parts
        grouping += 1
        for index, _number, _decimal in starts:
            total += 1
            titled += _titled(blocks, index)
    return grouping > 0 and 2 * titled > total


def _titled(blocks: Sequence[str], index: int) -> bool:
    """Whether the subsection opening at ``blocks[index]`` has a title line ("2.1. Grants")
    with its text in the paragraphs after it."""
    title = _DECIMAL.sub("", _bare(blocks[index]), count=1)
    following = blocks[index + 1] if index + 1 < len(blocks) else ""
    return bool(following) and heading_like(title, limit=100) and not _DECIMAL.match(following)


def answer_by(doc: ParsedDocument, level: AnswerLevel | str | None) -> ParsedDocument:
    """``doc`` (as a parser read it) cut at ``level``; ``None``: :func:`default_level`."""
    chosen = level_named(level) or default_level(doc)
    if chosen is AnswerLevel.ARTICLE:
        doc = _fold_article_groups(doc)
    elif chosen is AnswerLevel.PARAGRAPH:
        doc = _split_paragraphs(doc)
    return _no_text_under_headings(doc)


def _no_text_under_headings(doc: ParsedDocument) -> ParsedDocument:
    """A group that holds text (a note under a chapter's heading, or text the parser could
    not place) gives it to a paragraph of its own, ``ch-7.intro``, first in the group: no
    heading holds body text, and every word of the draft can be answered."""
    if not any(p.kind is ProvisionKind.GROUP and p.text.strip() for p in doc.provisions):
        return doc
    taken = {p.key for p in doc.provisions}
    result: list[Provision] = []
    for provision in doc.provisions:
        if provision.kind is not ProvisionKind.GROUP or not provision.text.strip():
            result.append(provision)
            continue
        result.append(replace(provision, text=""))
        key = _free(f"{provision.key}.intro", taken)
        label = f"{provision.label.rstrip(' .')}, {_INTRO_LABEL}"
        result.append(
            Provision(key, ProvisionKind.PARAGRAPH, label, "", "", provision.text, provision.key)
        )
    return ParsedDocument(doc.title, tuple(result))


def _article_group(provision: Provision) -> bool:
    if provision.kind is not ProvisionKind.GROUP:
        return False
    last = provision.key.rsplit(".", 1)[-1]
    return last == "article" or last.startswith("article-")


# -- by article: an ARTICLE grouping Sections becomes one article ---------------------------


def _fold_article_groups(doc: ParsedDocument) -> ParsedDocument:
    if not us_style(doc):
        return doc
    taken = {p.key for p in doc.provisions}
    result: list[Provision] = []
    renamed: dict[str, str] = {}
    folding: Provision | None = None  # the ARTICLE being folded
    inside: set[str] = set()  # keys of the provisions folded into it
    pieces: list[str] = []
    for provision in doc.provisions:
        if folding is not None and provision.parent in inside:
            inside.add(provision.key)
            pieces.append(_as_text(provision))
            continue
        if folding is not None:
            result.append(_folded(folding, pieces, renamed, taken))
            folding, inside, pieces = None, set(), []
        if _article_group(provision):
            folding, inside = provision, {provision.key}
            continue
        result.append(provision)
    if folding is not None:
        result.append(_folded(folding, pieces, renamed, taken))
    return ParsedDocument(doc.title, tuple(_reparented(result, renamed)))


def _folded(
    group: Provision, pieces: list[str], renamed: dict[str, str], taken: set[str]
) -> Provision:
    head, _, last = group.key.rpartition(".")
    key = f"{head}.art{last[len('article') :]}" if head else f"art{last[len('article') :]}"
    if key in taken:  # "art-4" is already a section of its own: keep the group's key
        key = group.key
    taken.add(key)
    renamed[group.key] = key
    text = "\n\n".join(piece for piece in pieces if piece)
    return replace(group, key=key, kind=ProvisionKind.ARTICLE, text=text)


def _as_text(provision: Provision) -> str:
    """A folded section as paragraphs: its label and heading, then its text."""
    title = " ".join(part for part in (provision.label, provision.heading) if part)
    return "\n\n".join(part for part in (title, provision.text) if part)


def _reparented(provisions: Sequence[Provision], renamed: dict[str, str]) -> list[Provision]:
    if not renamed:
        return list(provisions)
    return [replace(p, parent=renamed[p.parent]) if p.parent in renamed else p for p in provisions]


# -- by paragraph: the numbered paragraphs of an article are answered one by one -----------


@dataclass(frozen=True)
class _Paragraph:
    number: str  # "2", "2A"; "" for the words before paragraph 1
    label: str  # "Article 5(2)"
    text: str


def _split_paragraphs(doc: ParsedDocument) -> ParsedDocument:
    result: list[Provision] = []
    taken = {p.key for p in doc.provisions}
    for provision in doc.provisions:
        parts = _paragraphs(provision) if provision.kind is ProvisionKind.ARTICLE else []
        if not parts:
            result.append(provision)
            continue
        result.append(replace(provision, kind=ProvisionKind.GROUP, text=""))
        for part in parts:
            key = f"{provision.key}.p-{slug(part.number)}" if part.number else ""
            key = _free(key or f"{provision.key}.intro", taken)
            result.append(
                Provision(
                    key,
                    ProvisionKind.PARAGRAPH,
                    part.label,
                    part.number,
                    "",
                    part.text,
                    provision.key,
                )
            )
    return ParsedDocument(doc.title, tuple(result))


def _free(key: str, taken: set[str]) -> str:
    """``key``, or ``key-2``, ``key-3`` ... where a text repeats a paragraph number."""
    candidate, suffix = key, 2
    while candidate in taken:
        candidate, suffix = f"{key}-{suffix}", suffix + 1
    taken.add(candidate)
    return candidate


def _paragraphs(article: Provision) -> list[_Paragraph]:
    """The article's text cut at its numbered paragraphs; ``[]`` when it has fewer than two."""
    blocks = [b for b in article.text.split("\n\n") if b.strip()]
    starts = _numbered_starts(blocks, article.number)
    if len(starts) < 2:
        return []
    base = article.label.rstrip(" .")
    found: list[_Paragraph] = []
    if starts[0][0] > 0:
        intro = "\n\n".join(blocks[: starts[0][0]])
        found.append(_Paragraph("", f"{base}, {_INTRO_LABEL}", intro))
    for position, (index, number, decimal) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(blocks)
        label = (
            f"{base}.{number}" if decimal and base.endswith(article.number) else f"{base}({number})"
        )
        found.append(_Paragraph(number, label, "\n\n".join(blocks[index:end])))
    return found


def _numbered_starts(blocks: Sequence[str], article_number: str) -> list[tuple[int, str, bool]]:
    """(block index, number, decimal style) of each block opening a numbered paragraph.

    One style per article, the one its paragraph 1 uses; then 2, 3 ... in order (or "2A"
    after "2", as UK Acts insert subsections). A block numbered out of order is text of the
    paragraph before it: a list "1." ... inside paragraph (2) does not restart the count.
    A text opening with "(a)" (a US section's subsections) is cut at "(a)", "(b)" ...
    instead, its "(1)" being paragraphs of a subsection.
    """
    starts: list[tuple[int, str, bool]] = []
    style = "lettered" if blocks and _LETTERED.match(_bare(blocks[0])) else None
    expected = 1
    for index, block in enumerate(blocks):
        found = _enumerator(block, article_number, style)
        if found is None:
            continue
        kind, number = found
        whole = _ordinal(kind, number)
        if style is None and kind == "full-width" and number == "2" and index > 0:
            style, expected = kind, 3  # the unnumbered first paragraph is paragraph 1
            starts += [(0, "1", False), (index, number, False)]
            continue
        if style is None and kind != "lettered" and number == "1":
            style = kind
        elif kind != style or whole is None or not _follows(whole, number, expected):
            continue
        if whole is not None and (kind == "lettered" or number.isdigit()):
            expected = whole + 1
        starts.append((index, number, kind == "decimal"))
    return starts


def _follows(whole: int, number: str, expected: int) -> bool:
    """The next number, or an inserted one ("2A" after "2")."""
    return whole == expected or (whole == expected - 1 and not number.isdigit())


def _ordinal(kind: str, number: str) -> int | None:
    """1 for "1", "1A" and "a"; ``None`` for what is not counted ("aa")."""
    if kind == "lettered":
        return ord(number) - ord("a") + 1 if len(number) == 1 else None
    digits = re.match(r"\d+", number)
    return int(digits[0]) if digits else None


def _bare(block: str) -> str:
    return _MARKUP.sub("", block.lstrip())


def _enumerator(block: str, article_number: str, style: str | None) -> tuple[str, str] | None:
    text = _bare(block)
    if style == "lettered":
        lettered = _LETTERED.match(text)
        return ("lettered", lettered["num"]) if lettered else None
    if style in (None, "decimal"):
        decimal = _DECIMAL.match(text)
        if decimal and decimal["major"] == article_number:
            return "decimal", decimal["num"]
    if style in (None, "parenthesised"):
        found = _PARENTHESISED.match(text)
        if found:
            return "parenthesised", found["num"]
    if style in (None, "dotted"):
        dotted = _DOTTED.match(text)
        if dotted:
            return "dotted", dotted["num"]
    if style in (None, "circled"):
        circled = _CIRCLED.match(text)
        if circled:
            return "circled", str(ord(circled["num"]) - ord("①") + 1)
    if style in (None, "signed"):
        signed = _SIGNED.match(text)
        if signed:
            return "signed", signed["num"]
    if style in (None, "full-width"):
        wide = _FULL_WIDTH.match(text)
        if wide:
            return "full-width", str(int(wide["num"]))
    return None


def whole_articles(doc: ParsedDocument) -> ParsedDocument:
    """``doc`` with every article cut into paragraphs made whole again: the text as written,
    for the writers (Markdown, DOCX, Akoma Ntoso), which lay out articles, not paragraphs.

    An article group takes its paragraphs' texts (which keep their numbers) as its text and
    becomes an article again; a group whose own text was handed to ``ch-7.intro`` takes it
    back and stays a group. Reading the output back and cutting it by paragraph gives the
    same keys.
    """
    if not any(p.kind is ProvisionKind.PARAGRAPH for p in doc.provisions):
        return doc
    texts: dict[str, list[str]] = {}
    articles: set[str] = set()  # groups cut from an article: they have numbered paragraphs
    for provision in doc.provisions:
        if provision.kind is ProvisionKind.PARAGRAPH and provision.parent is not None:
            texts.setdefault(provision.parent, []).append(provision.text)
            if provision.number:
                articles.add(provision.parent)
    result = []
    for provision in doc.provisions:
        if provision.kind is ProvisionKind.PARAGRAPH and provision.parent in texts:
            continue
        if provision.key in texts:
            kind = ProvisionKind.ARTICLE if provision.key in articles else provision.kind
            text = "\n\n".join(t for t in texts[provision.key] if t)
            provision = replace(provision, kind=kind, text=text)
        result.append(provision)
    return ParsedDocument(doc.title, tuple(result))
