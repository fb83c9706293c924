"""Akoma Ntoso 3.0 import: the OASIS LegalDocML XML of acts, bills and their annexes.

Akoma Ntoso already marks what the text parsers have to guess, so this reader maps elements:

=========================================  ==============================================
Akoma Ntoso                                provision
=========================================  ==============================================
``<preamble>`` (citations, formulas, ...)  ``preamble``: its text, recitals left out
``<recitals>/<recital>``                   ``recital`` each, ``rec-N``
``<article>`` (or ``<section>``, ...)      ``article``: ``<num>`` is the label, ``<heading>``
                                           the heading, everything inside the text
``<part>``, ``<title>``, ``<chapter>``,    ``group``, with the articles inside as children
``<section>``, ``<hcontainer>`` ...
``<conclusions>``                          ``closing``
``<attachments>/<attachment>``             ``annex`` each
other components of a collection           ``annex`` each (the explanatory memorandum ...)
=========================================  ==============================================

**Which element is the article.** The first of ``article``, ``section``, ``rule``,
``clause`` that occurs in the body is the answerable unit; the elements around it are groups.
An act numbered in sections (UK and US acts) thus gives one article per section.

**Which document.** In a ``documentCollection`` (a Commission proposal with its explanatory
memorandum and financial statement) the first component that has articles is the draft; the
other components follow it as annexes. Documents without any article — debates, judgments,
plain documents — are refused with ``no provisions found``: they record or decide, they are not
texts to answer article by article.

**Keys** come from ``eId`` attributes (``art_5`` -> ``art-5``, ``chp_2__art_1`` ->
``ch-2.art-1``; see :mod:`~inwriting.formats.akn.ids`), else from the number as the
text parsers build them; they are made unique as :func:`inwriting.formats.drafts.keys.unique_keys`
does. **Numbers** are normalised as in :mod:`~inwriting.formats.drafts.headings` ("Art. 1." and
"SECTION 1." give "1", "CHAPTER IV" gives "4"). An article-level element with neither number
nor heading (a page marker kept as a ``<section>``) is not a provision: its text joins the
provision before it. Both the 2018 namespace and the ``WD17`` draft namespace are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.errors import FormatError
from inwriting.formats.akn.ids import AKN_NAMESPACE, NAMESPACES, eid_to_key
from inwriting.formats.akn.text import (
    NOTE_CALL,
    block_paragraphs,
    children,
    collapse,
    inline_text,
    local,
    paragraphs,
    source_line,
)
from inwriting.formats.drafts import keys
from inwriting.formats.drafts.headings import LabelRole, match_label, normalise_number
from inwriting.formats.drafts.notes import attach_notes
from inwriting.formats.imported import Imported
from inwriting.formats.safety.xml import parse_xml

__all__ = ["FRAMING", "import_akn", "read_akn"]

_DOCUMENTS = frozenset(
    ("act", "bill", "doc", "statement", "amendment", "amendmentList", "judgment", "debate")
) | {"debateReport", "officialGazette", "portion"}
_BODIES = ("body", "mainBody", "portionBody", "amendmentBody", "judgmentBody", "debateBody")
_ARTICLE_LEVELS = ("article", "section", "rule", "clause")
_GROUPS = {"book": "book", "tome": "tome", "part": "part", "subpart": "subpart"}
_GROUPS |= {"title": "title", "subtitle": "subtitle", "chapter": "ch", "subchapter": "subch"}
_GROUPS |= {"section": "sec", "subsection": "subsec", "division": "div", "hcontainer": "sub"}
_GROUPS |= {"subdivision": "subdiv", "level": "level", "rule": "rule", "clause": "clause"}
# A bare number in these elements is shown with the element's name: "1" -> "Section 1".
_NAMED = frozenset(("section", "chapter", "part", "title", "book", "division", "rule", "clause"))
_QUOTED = "local-name()='quotedStructure' or local-name()='embeddedStructure'"
_OUTSIDE_QUOTES = f"[not(ancestor::*[{_QUOTED}])]"
_ORDINAL_MARKS = str.maketrans("", "", "º°ª")
# Containers our export writes for what Akoma Ntoso has no place for: the label and heading
# of a preamble or closing.
FRAMING = ("inwriting-label", "inwriting-heading")


@dataclass(eq=False)
class _Item:
    kind: ProvisionKind
    label: str
    number: str
    base: str  # the key before it is made unique
    heading: str = ""
    texts: list[str] = field(default_factory=list)
    parent: int | None = None


def read_akn(data: bytes, *, source: str = "") -> ParsedDocument:
    """Parse Akoma Ntoso XML into provisions. Raises :class:`FormatError` only."""
    return import_akn(data, source=source).document


def import_akn(data: bytes, *, source: str = "") -> Imported:
    """Like :func:`read_akn`, with notes on what was left out or moved."""
    root = parse_xml(data, source=source)
    qname = etree.QName(root)
    if qname.localname != "akomaNtoso" or qname.namespace not in NAMESPACES:
        found = f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname
        raise FormatError(
            f"not an Akoma Ntoso 3.0 document: the root element is <{found}>, expected "
            f"<akomaNtoso> in the namespace {AKN_NAMESPACE}",
            source=source,
            line=source_line(root),
        )
    return _Reader(root, source).read()


class _Reader:
    def __init__(self, root: etree._Element, source: str) -> None:
        self.root = root
        self.source = source
        self.items: list[_Item] = []
        self.notes: list[str] = []
        self.folded = 0

    def read(self) -> Imported:
        documents = _documents(self.root)
        main = next((d for d in documents if _article_level(d)), None)
        main = main if main is not None else next(filter(_placeholder, documents), None)
        if main is None:
            raise self._no_provisions()
        level = _article_level(main) or "article"
        title = _title(main) or _title(children(self.root)[0])
        definitions = _mark_notes(main)
        self._framed(main, "preamble", ProvisionKind.PREAMBLE, "Preamble")
        body = next(c for c in children(main) if local(c) in _BODIES)
        self.items[0].texts += self._walk(body, None, level, frozenset())
        self._framed(main, "conclusions", ProvisionKind.CLOSING, "Closing")
        self._attachments(main)
        self._components(main, documents)
        self._note_left_out(main)
        provisions = tuple(self._provisions())
        if not any(p.answerable and p.kind is not ProvisionKind.PREAMBLE for p in provisions):
            raise self._no_provisions()
        parsed = attach_notes(ParsedDocument(title, provisions), definitions)
        return Imported(parsed, tuple(self.notes))

    def _no_provisions(self) -> FormatError:
        top = children(self.root)
        kind = local(top[0]) if top else "document"
        return FormatError(
            f"no provisions found: this Akoma Ntoso {kind} has no <article> or <section> "
            "to answer (debates, judgments and plain documents are not drafts)",
            source=self.source,
            line=source_line(top[0]) if top else 1,
        )

    def _framed(self, main: etree._Element, name: str, kind: ProvisionKind, label: str) -> None:
        """The preamble or the closing: label and heading from our framing containers."""
        item = _Item(kind, label, "", kind.value)
        self.items.append(item)
        element = _child(main, name)
        for child in children(element) if element is not None else []:
            if local(child) == "container" and child.get("name") in FRAMING:
                text = inline_text(child)
                if child.get("name") == FRAMING[0]:
                    item.label = text
                else:
                    item.heading = text
            elif local(child) == "recitals" and kind is ProvisionKind.PREAMBLE:
                item.texts += self._recitals(child)
            else:
                item.texts += block_paragraphs(child)

    def _recitals(self, recitals: etree._Element) -> list[str]:
        """Add each recital; return the text around them (intro, "Whereas:"), for the preamble."""
        framing: list[str] = []
        for child in children(recitals):
            if local(child) != "recital":
                framing += block_paragraphs(child)
                continue
            num, heading = _child(child, "num"), _child(child, "heading")
            position = 1 + sum(1 for item in self.items if item.kind is ProvisionKind.RECITAL)
            label = inline_text(num) if num is not None else f"({position})"
            number = _number(label, child.get("eId", "")) or str(position)
            base = eid_to_key(child.get("eId", "")) or keys.numbered("rec", number)
            item = _Item(ProvisionKind.RECITAL, label, number, base, _text(heading))
            item.texts = paragraphs(child, _ids(num, heading))
            self.items.append(item)
        return framing

    def _walk(
        self, element: etree._Element, parent: int | None, level: str, skip: frozenset[int]
    ) -> list[str]:
        """Add the provisions inside ``element``; return the text that is its own."""
        own: list[str] = []
        for child in children(element):
            name = local(child)
            if id(child) in skip:
                continue
            if name == level:
                self._article(child, parent, level)
            elif name in _GROUPS:
                self._group(child, parent, level)
            elif _contains(child, level):
                own += self._walk(child, parent, level, frozenset())  # a wrapper: see through
            else:
                own += block_paragraphs(child)
        return own

    def _group(self, element: etree._Element, parent: int | None, level: str) -> None:
        num, heading = _child(element, "num"), _child(element, "heading")
        name = local(element)
        if element.get("name") == "placeholder" and num is None and heading is None:
            return  # what our export writes for a text without articles or groups
        if num is not None:
            label, title = _label(inline_text(num), name), _text(heading)
            number = _number(label, element.get("eId", ""))
        else:  # an unnumbered heading: its text is the label, as the text parsers have it
            label, title, number = _text(heading), "", ""
        fallback = keys.numbered(_GROUPS[name], number) if number else keys.heading_slug(label)
        base = eid_to_key(element.get("eId", "")) or fallback
        item = _Item(ProvisionKind.GROUP, label, number, base, title, parent=parent)
        self.items.append(item)
        item.texts = self._walk(element, len(self.items) - 1, level, _ids(num, heading))

    def _article(self, element: etree._Element, parent: int | None, level: str) -> None:
        num, heading = _child(element, "num"), _child(element, "heading")
        texts = paragraphs(element, _ids(num, heading))
        if num is None and heading is None:
            self.items[-1].texts += texts  # a page marker or loose text, not a provision
            self.folded += 1
            return
        eid = element.get("eId", "")
        label = _label(inline_text(num), level) if num is not None else ""
        number = _number(label, eid)
        fallback = keys.numbered("art", number) if number else keys.heading_slug(_text(heading))
        base = eid_to_key(eid, article=level != "article") or fallback
        item = _Item(ProvisionKind.ARTICLE, label, number, base, _text(heading), parent=parent)
        item.texts = texts
        self.items.append(item)

    def _attachments(self, main: etree._Element) -> None:
        holder = _child(main, "attachments")
        for attachment in children(holder) if holder is not None else []:
            document = next((c for c in children(attachment) if local(c) in _DOCUMENTS), None)
            num, heading = _child(attachment, "num"), _child(attachment, "heading")
            label = inline_text(num) if num is not None else _doc_label(document, "")
            self._annex(document, label, _text(heading), attachment.get("eId", ""))

    def _components(self, main: etree._Element, documents: list[etree._Element]) -> None:
        names = _shown_as(self.root)
        extra = [d for d in documents if d is not main and main not in d.iterancestors()]
        extra = [d for d in extra if d not in main.iterancestors()]
        for document in extra:
            component = document.getparent()
            ref = component.get("eId", "") if component is not None else ""
            shown = names.get(ref) or names.get(document.get("name", ""), "")
            self._annex(document, _doc_label(document, shown), "", "")
        if extra:
            labels = ", ".join(item.label for item in self.items[-len(extra) :])
            self.notes.append(f"other documents of the collection imported as annexes: {labels}")

    def _annex(self, document: etree._Element | None, label: str, heading: str, eid: str) -> None:
        found = match_label(label, marked=True)
        annex = found is not None and found.role is LabelRole.ANNEX
        number = found.number if found is not None and annex else ""
        prefix = found.prefix if found is not None and annex else ""
        fallback = keys.numbered(prefix, number) if annex else keys.heading_slug(label)
        item = _Item(ProvisionKind.ANNEX, label, number, eid_to_key(eid) or fallback, heading)
        texts = paragraphs(document) if document is not None else []
        item.texts = texts[1:] if texts[:1] == [label] else texts
        self.items.append(item)

    def _note_left_out(self, main: etree._Element) -> None:
        notes = sum(1 for note in main.iter("{*}authorialNote") if not note.get(NOTE_CALL))
        if notes:
            self.notes.append(f"{notes} footnotes (<authorialNote>) were left out of the text")
        if self.folded:
            self.notes.append(
                f"{self.folded} unnumbered elements without a heading (page markers?) were "
                "added to the text of the provision before them"
            )

    def _provisions(self) -> list[Provision]:
        kept = [item for item in self.items if _has_content(item)]
        position = {id(item): i for i, item in enumerate(kept)}
        parents = [
            position.get(id(self.items[i.parent])) if i.parent is not None else None for i in kept
        ]
        final = keys.unique_keys([item.base for item in kept], parents)
        return [
            Provision(
                key=final[i],
                kind=item.kind,
                label=item.label,
                number=item.number,
                heading=item.heading,
                text="\n\n".join(t for t in item.texts if t),
                parent=final[p] if (p := parents[i]) is not None else None,
            )
            for i, item in enumerate(kept)
        ]


def _has_content(item: _Item) -> bool:
    if item.kind not in (ProvisionKind.PREAMBLE, ProvisionKind.CLOSING):
        return True
    return bool(item.heading or any(item.texts) or item.label not in ("Preamble", "Closing"))


def _documents(root: etree._Element) -> list[etree._Element]:
    """The document at the top (unless it is a collection), then every component document."""
    top = children(root)
    found = [top[0]] if top and local(top[0]) in _DOCUMENTS else []
    for component in root.iter("{*}component"):
        found += [c for c in children(component) if local(c) in _DOCUMENTS][:1]
    return found


def _article_level(document: etree._Element) -> str:
    """The element name of the answerable unit in ``document``'s body, or "" if none."""
    body = next((c for c in children(document) if local(c) in _BODIES), None)
    if body is None:
        return ""
    return next((name for name in _ARTICLE_LEVELS if _contains(body, name)), "")


def _placeholder(document: etree._Element) -> bool:
    """Whether ``document`` is our export of a text without articles (recitals, annexes)."""
    found = document.xpath("boolean(./*[local-name()='body']/*[@name='placeholder'])")
    return bool(found)


def _contains(element: etree._Element, name: str) -> bool:
    found = element.xpath(f"boolean(.//*[local-name()='{name}']{_OUTSIDE_QUOTES})")
    return bool(found)


def _child(element: etree._Element | None, name: str) -> etree._Element | None:
    if element is None:
        return None
    return next((c for c in children(element) if local(c) == name), None)


def _ids(*elements: etree._Element | None) -> frozenset[int]:
    return frozenset(id(e) for e in elements if e is not None)


def _text(element: etree._Element | None) -> str:
    return inline_text(element) if element is not None else ""


def _label(num: str, element_name: str) -> str:
    """The label as the text shows it; a bare "1" of a section reads "Section 1"."""
    if element_name in _NAMED and re.fullmatch(r"[(\[]?\d+[a-z]?[)\].]?", num):
        return f"{element_name.capitalize()} {num}"
    return num


def _number(label: str, eid: str) -> str:
    """The normalised number: from the label as the text parsers read it, else the eId
    (no label, no number)."""
    cleaned = label.translate(_ORDINAL_MARKS)
    if not cleaned.strip():
        return ""
    found = match_label(cleaned, marked=True)
    if found is not None:
        return found.number
    # "SEC. 3 .", "(i)": the last token, if it is short or has digits ("mix" is no 1009).
    tokens = [t for t in re.findall(r"[^\W_]+", cleaned) if len(t) <= 4 or re.search(r"\d", t)]
    number = normalise_number(tokens[-1], letters=True) if tokens else None
    if number is not None:
        return number
    _abbreviation, _, rest = eid.split("__")[-1].partition("_")
    return (normalise_number(rest, letters=True) or keys.slug(rest)) if rest else ""


def _title(document: etree._Element) -> str:
    for part in ("preface", "coverPage"):
        element = _child(document, part)
        for name in ("docTitle", "longTitle"):
            found = next(element.iter(f"{{*}}{name}"), None) if element is not None else None
            if found is not None and inline_text(found):
                return inline_text(found)
    return ""


def _doc_label(document: etree._Element | None, shown: str) -> str:
    return shown or (_title(document) if document is not None else "") or "Annex"


def _shown_as(root: etree._Element) -> dict[str, str]:
    """What a collection calls each component: ``showAs`` of the references to it."""
    names: dict[str, str] = {}
    for ref in root.iter("{*}documentRef"):
        href, shown = ref.get("href", ""), ref.get("showAs", "")
        if shown:
            names[href.rpartition("#")[2]] = shown
            names[href.rstrip("/").rpartition("/")[2]] = shown
    return names


_LABEL_RE = re.compile(r"[^\]\s^]{1,20}")


def _mark_notes(main: etree._Element) -> dict[str, str]:
    """Footnotes (``<authorialNote>``) with text, by the label of their call, which is
    marked on each (:data:`~inwriting.formats.akn.text.NOTE_CALL`): the note's ``marker``
    when it is a usable label not taken yet, else the next free number."""
    definitions: dict[str, str] = {}
    number = 0
    for note in main.iter("{*}authorialNote"):
        text = collapse(" ".join(paragraphs(note)))
        if not text or any(local(a) == "authorialNote" for a in note.iterancestors()):
            continue
        label = collapse(note.get("marker") or "")
        if not _LABEL_RE.fullmatch(label) or label in definitions:
            number += 1
            while str(number) in definitions:
                number += 1
            label = str(number)
        note.set(NOTE_CALL, label)
        definitions[label] = text
    return definitions
