"""A version laid out as a title, headings and paragraphs that the parsers read back.

The Markdown and DOCX writers share one layout, chosen so that reading the output with
:func:`~inwriting.formats.parse_document` or :func:`~inwriting.formats.docx.reader.read_docx` gives
the same provisions — keys, kinds, labels, numbers, headings, text and parents:

* the title first, as the title (``#`` / Word's ``Title``);
* a preamble heading (or a label other than "Preamble") as a level-2 heading opening it;
  then the preamble's paragraphs up to its enacting formula, the recitals ("(1) ..."), and the
  rest of the preamble — where the text parser finds them;
* groups and annexes as level-1 headings ("CHAPTER I – Purposes", "Annex I – Projects", an
  unnumbered group as its label alone), articles as level-2 headings ("Article 5 –
  Definitions"); the label and heading are joined by an en dash, which the parser reads as
  the separator;
* licence-style sections ("0.", "1.") as ordinary paragraphs opening with their number and
  heading (or first words), because that is the only place the parser looks for them;
* the closing's paragraphs after the last article: its first opens with the closing formula
  ("Done at ..."), which is how the parser finds it again;
* a provision's notes after its text, as Markdown footnote definitions ("[^1]: ...");
* every paragraph of text as one paragraph. Two kinds of paragraph would be read as
  something else, so they are written on two lines of one paragraph (a line break in Word),
  which the parsers join again with a space: a closing formula inside an article ("This
  Regulation shall be binding in its entirety ..." in the last article of an EU act: the
  parser would start the closing there), and a stand-alone line in capitals before an article
  ("GNU GENERAL PUBLIC LICENSE TERMS AND CONDITIONS ...": the parser would take it for a
  group heading);
* labels from other formats that the parser does not know are written so that it does: an
  annex whose label is not an annex word ("Explanatory memorandum", from an Akoma Ntoso
  collection) as "Annex – Explanatory memorandum", "Artículo 1º" as "Artículo 1", "SEC. 3 ."
  as "SECTION 3" (the word the document's other articles use) — the structure survives, the
  label changes.

What cannot be written so that it reads back is listed in ``docs/formats.md``: titles over 200
characters, labels the parser does not know, annexes placed between articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.domain.notes import numbered_notes
from inwriting.formats.drafts.headings import (
    CLOSING_RE,
    ENACTING_RE,
    END_OF_TERMS_RE,
    Label,
    LabelRole,
    heading_like,
    match_label,
)
from inwriting.formats.levels import whole_articles

_LICENCE_LABEL = re.compile(r"\d{1,3}\.?")
_ORDINAL_MARKS = str.maketrans("", "", "º°ª")
_PREAMBLE_LABEL = "Preamble"


class Style(StrEnum):
    TITLE = "title"
    HEADING_1 = "heading1"  # groups and annexes
    HEADING_2 = "heading2"  # articles, the preamble's heading
    PARAGRAPH = "paragraph"


@dataclass(frozen=True)
class Block:
    style: Style
    text: str  # "\n" is a line break inside the paragraph (see the module docstring)


def outline(doc: ParsedDocument) -> list[Block]:
    """The blocks of ``doc`` in reading order (see the module docstring)."""
    doc = whole_articles(doc)  # articles answered by paragraph are laid out as articles
    blocks: list[Block] = []
    if doc.title:
        blocks.append(Block(Style.TITLE, doc.title))
    preamble = next((p for p in doc.provisions if p.kind is ProvisionKind.PREAMBLE), None)
    recitals = [p for p in doc.provisions if p.kind is ProvisionKind.RECITAL]
    blocks += _preamble(preamble, recitals)
    for framing in [preamble, *recitals]:
        blocks += _notes(framing) if framing is not None else []
    layout = _Layout(_article_word(doc))
    for provision in doc.provisions:
        blocks += layout.provision(provision)
        if provision.kind not in (ProvisionKind.PREAMBLE, ProvisionKind.RECITAL):
            blocks += _notes(provision)
    return blocks


def _notes(provision: Provision) -> list[Block]:
    """A provision's notes after its text, as Markdown footnote definitions ("[^1]: ..."),
    which the readers give back to the provision that calls them."""
    return [
        Block(Style.PARAGRAPH, f"[^{label}]: {note}") for label, note in numbered_notes(provision)
    ]


def _article_word(doc: ParsedDocument) -> str:
    """The word the document numbers its articles with ("Article", "SECTION", "§")."""
    for provision in doc.answerable():
        found = match_label(provision.label, marked=True)
        if provision.kind is ProvisionKind.ARTICLE and _article(found):
            return provision.label.split()[0]
    return "Article"


def _article(found: Label | None) -> bool:
    return found is not None and (found.role is LabelRole.ARTICLE or found.section_word)


def _paragraphs(text: str, *, article: bool = False, capitals: bool = True) -> list[Block]:
    texts = [p for p in text.split("\n\n") if p] if text else []
    return [Block(Style.PARAGRAPH, _guarded(p, article, capitals)) for p in texts]


def _guarded(text: str, article: bool, capitals: bool) -> str:
    """``text``, broken over two lines where one line would be misread (module docstring)."""
    if article and CLOSING_RE.match(text):
        return _break_formula(text)
    shouting = heading_like(text, limit=100) and not any(c.islower() for c in text)
    if capitals and shouting and sum(c.isalpha() for c in text) >= 4:
        spaces = [i for i, c in enumerate(text) if c == " " and text[i - 1] not in "-\u00ad"]
        safe = [i for i in spaces if _safe_line(text[i + 1 :])]
        if safe:
            return f"{text[: safe[-1]]}\n{text[safe[-1] + 1 :]}"
    return text


def _break_formula(text: str) -> str:
    """A closing formula broken before it is complete ("This Regulation" / "shall be
    binding ..."), at the first space followed by a lower-case word: the first line is then
    no formula, and the second, starting in lower case, is not read as a heading's end."""
    spaces = [i for i, char in enumerate(text) if char == " "]
    lower = [i for i in spaces if text[i + 1 : i + 2].islower()]
    for index in [*lower, *spaces]:  # in capitals ("DONE AT GENEVA"): "DONE" / "AT GENEVA"
        if not CLOSING_RE.match(text, 0, index):
            return f"{text[:index]}\n{text[index + 1 :]}"
    return text


def _safe_line(text: str) -> bool:
    """Whether a line of this text, glued below another, cannot open anything."""
    return text[:1].isalpha() and match_label(text) is None and not CLOSING_RE.match(text)


def _preamble(preamble: Provision | None, recitals: list[Provision]) -> list[Block]:
    blocks: list[Block] = []
    texts = preamble.text.split("\n\n") if preamble is not None and preamble.text else []
    if preamble is not None and (preamble.heading or preamble.label != _PREAMBLE_LABEL):
        blocks.append(Block(Style.HEADING_2, preamble.heading or preamble.label))
    split = next((i for i, t in enumerate(texts) if ENACTING_RE.match(t)), len(texts))
    blocks += _paragraphs("\n\n".join(texts[:split]))
    for recital in recitals:
        first, _, rest = recital.text.partition("\n\n")
        blocks.append(Block(Style.PARAGRAPH, f"{recital.label} {first}".strip()))
        blocks += _paragraphs(rest)
    blocks += _paragraphs("\n\n".join(texts[split:]))
    return blocks


class _Layout:
    """Groups, articles, the closing and annexes, in document order."""

    def __init__(self, article_word: str) -> None:
        self.article_word = article_word
        self.after_terms = False  # a GNU licence's "How to Apply" annex follows END OF TERMS

    def provision(self, provision: Provision) -> list[Block]:
        after_terms, self.after_terms = self.after_terms, False
        kind = provision.kind
        if kind in (ProvisionKind.PREAMBLE, ProvisionKind.RECITAL):
            return []  # laid out together, before everything else
        if kind is ProvisionKind.CLOSING:
            last = provision.text.rpartition("\n\n")[2]
            self.after_terms = bool(END_OF_TERMS_RE.match(last))
            return _paragraphs(provision.text, capitals=False)
        article = kind is ProvisionKind.ARTICLE
        if article and licence_style(provision.label):
            return _licence_section(provision)
        heading = heading_line(provision)
        found = match_label(provision.label, marked=True)
        annex = found is not None and found.role is LabelRole.ANNEX
        if kind is ProvisionKind.ANNEX and not (annex or after_terms):
            heading = f"Annex – {heading}"
        series = provision.key.rpartition(".")[2].startswith("disp-")  # "I." of a series
        if article and not _article(found) and not series:
            heading = heading_line(replace(provision, label=self._article_label(provision)))
        style = Style.HEADING_2 if article else Style.HEADING_1
        return [Block(style, heading), *_paragraphs(provision.text, article=article)]

    def _article_label(self, provision: Provision) -> str:
        """A label the parser reads: "Artículo 1º" -> "Artículo 1", "SEC. 3 ." -> "SECTION 3"
        (the word of the document's other articles)."""
        cleaned = provision.label.translate(_ORDINAL_MARKS).rstrip(" .")
        if _article(match_label(cleaned, marked=True)):
            return cleaned
        return f"{self.article_word} {provision.number}" if provision.number else provision.label


def heading_line(provision: Provision) -> str:
    """ "Article 5 – Definitions", or the label alone."""
    if provision.heading:
        return f"{provision.label} – {provision.heading}"
    return provision.label


def licence_style(label: str) -> bool:
    """A section numbered "1." with no word before it, as licences number them."""
    return match_label(label, marked=True) is None and bool(_LICENCE_LABEL.fullmatch(label))


def _licence_section(provision: Provision) -> list[Block]:
    if provision.heading:
        first = Block(Style.PARAGRAPH, f"{provision.label} {provision.heading}")
        return [first, *_paragraphs(provision.text, article=True)]
    opening, _, rest = provision.text.partition("\n\n")
    first = Block(Style.PARAGRAPH, f"{provision.label} {opening}".strip())
    return [first, *_paragraphs(rest, article=True)]
