"""Akoma Ntoso 3.0 export: a version as XML valid against the OASIS 2018 schema.

The document is written as a ``<bill>`` (a draft, in Akoma Ntoso's terms) in the namespace
``http://docs.oasis-open.org/legaldocml/ns/akn/3.0``:

* ``<meta>`` carries the FRBR identification the schema requires: the work (the agreement
  whatever its language), the expression (this text, in one language, as of a date) and the
  manifestation (this XML file), each with ``FRBRthis``, ``FRBRuri``, ``FRBRdate`` and
  ``FRBRauthor``, plus ``FRBRcountry`` and ``FRBRlanguage``. Dates and author are arguments:
  the caller knows when a version was tabled and by whom. Without a date the export is marked
  ``1970-01-01`` / ``name="undated"`` rather than stamped with the clock, so the same version
  always exports to the same bytes;
* the title is the preface's ``<docTitle>``;
* the preamble holds its paragraphs and, where the text has them, the ``<recitals>`` between
  the words before them and the enacting formula ("HAVE ADOPTED THIS REGULATION:");
* groups become ``<part>``, ``<title>``, ``<chapter>``, ``<section>`` (by their label) or
  ``<hcontainer name="group">``, articles ``<article>``, each with ``<num>`` (the label) and
  ``<heading>``; the closing becomes ``<conclusions>``, annexes ``<attachment>`` holding a
  ``<doc name="annex">``;
* every paragraph of text is a ``<p>``; every provision's ``eId`` is its key written the Akoma
  Ntoso way (:mod:`~inwriting.formats.akn.ids`), so the export reads back through
  :func:`~inwriting.formats.akn.reader.read_akn` to the same provisions. The label and
  heading of a preamble or closing, which Akoma Ntoso has no element for, travel in
  ``<container name="inwriting-label">`` / ``"inwriting-heading"``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from lxml import etree

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.domain.notes import CALL_RE, numbered_notes
from inwriting.domain.text_tables import TextTable, text_table
from inwriting.errors import FormatError
from inwriting.formats.akn.ids import AKN_NAMESPACE, key_to_eid
from inwriting.formats.akn.reader import FRAMING
from inwriting.formats.drafts import keys
from inwriting.formats.drafts.headings import ENACTING_RE, LabelRole, match_label
from inwriting.formats.levels import whole_articles

__all__ = ["UNDATED", "AknMetadata", "write_akn"]

UNDATED = date(1970, 1, 1)
_NS = f"{{{AKN_NAMESPACE}}}"
_GROUP_ELEMENTS = {"part": "part", "book": "book", "title": "title", "subtitle": "subtitle"}
_GROUP_ELEMENTS |= {"ch": "chapter", "sec": "section", "subsec": "subsection"}
# Characters XML 1.0 cannot carry at all; a text may hold them after a lossy conversion.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class AknMetadata:
    """What the FRBR identification says about the version; see the module docstring."""

    work_date: date = UNDATED  # when the agreement was first tabled
    expression_date: date | None = None  # when this version was; defaults to work_date
    author: str = "InWriting"  # the party that tabled it
    country: str = "int"  # ISO 3166-1 code, or "int" for an international agreement
    language: str = "eng"  # ISO 639-2 (see :func:`akn_language`)
    # The work's name in its URI: the original language's title, so that every language
    # expression of one version names the same work. Default: the document's own title.
    work_title: str = ""

    def work_uri(self, title: str) -> str:
        name = _uri_name(self.work_title or title)
        return f"/akn/{self.country}/bill/{self.work_date.isoformat()}/{name}"

    def expression_uri(self, title: str) -> str:
        when = (self.expression_date or self.work_date).isoformat()
        return f"{self.work_uri(title)}/{self.language}@{when}"


# BCP 47 primary subtags (ISO 639-1) and the ISO 639-2/T codes Akoma Ntoso's FRBRlanguage and
# expression URIs use; the 24 official languages of the EU, the six of the UN, and a few more.
_ISO_639_2 = {
    "ar": "ara", "bg": "bul", "cs": "ces", "da": "dan", "de": "deu", "el": "ell", "en": "eng",
    "es": "spa", "et": "est", "fi": "fin", "fr": "fra", "ga": "gle", "hr": "hrv", "hu": "hun",
    "it": "ita", "ja": "jpn", "ko": "kor", "lt": "lit", "lv": "lav", "mt": "mlt", "nl": "nld",
    "pl": "pol", "pt": "por", "ro": "ron", "ru": "rus", "sk": "slk", "sl": "slv", "sv": "swe",
    "tr": "tur", "uk": "ukr", "zh": "zho", "he": "heb", "hi": "hin", "sw": "swa", "no": "nor",
}  # fmt: skip


def akn_language(tag: str) -> str:
    """The ISO 639-2 code of a BCP 47 tag's language (``nl-BE`` → ``nld``); a three-letter
    primary subtag is one already. Unknown two-letter languages raise ``FormatError``."""
    primary = tag.split("-")[0].lower()
    if len(primary) == 3:
        return primary
    if primary not in _ISO_639_2:
        raise FormatError(f"no ISO 639-2 code known for the language {tag[:35]!r}")
    return _ISO_639_2[primary]


def write_akn(doc: ParsedDocument, metadata: AknMetadata | None = None) -> bytes:
    """The version as Akoma Ntoso XML (UTF-8, with an XML declaration)."""
    meta = metadata or AknMetadata()
    doc = whole_articles(doc)  # articles answered by paragraph are written as articles
    root = etree.fromstring(f'<akomaNtoso xmlns="{AKN_NAMESPACE}"/>')  # the default namespace
    bill = _sub(root, "bill", name="draft")
    bill.append(_meta(meta, doc.title, "main"))
    if doc.title:
        _sub(_sub(_sub(bill, "preface"), "p"), "docTitle").text = _xml(doc.title)
    _preamble(bill, doc.provisions)
    _body(bill, doc.provisions)
    _closing(bill, doc.provisions)
    _attachments(bill, doc.provisions, meta, doc.title)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, f"{_NS}{tag}", attributes)


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def _uri_name(title: str) -> str:
    return keys.heading_slug(title) if title.strip() else "document"


def _meta(meta: AknMetadata, title: str, component: str) -> etree._Element:
    element = etree.Element(f"{_NS}meta")
    identification = _sub(element, "identification", source="#inwriting")
    work, expression = meta.work_uri(title), meta.expression_uri(title)
    manifestation = f"{expression}/!{component}.xml"
    levels = (
        ("FRBRWork", work, f"{work}/!{component}", meta.work_date, "work"),
        ("FRBRExpression", expression, f"{expression}/!{component}", None, "expression"),
        ("FRBRManifestation", f"{expression}.akn", manifestation, None, "generation"),
    )
    for name, uri, this, when, event in levels:
        level = _sub(identification, name)
        _sub(level, "FRBRthis", value=this)
        _sub(level, "FRBRuri", value=uri)
        day = when or meta.expression_date or meta.work_date
        undated = meta.work_date == UNDATED and meta.expression_date is None
        _sub(level, "FRBRdate", date=day.isoformat(), name="undated" if undated else event)
        _sub(level, "FRBRauthor", href="#author")
        if name == "FRBRWork":
            _sub(level, "FRBRcountry", value=meta.country)
            if title:
                _sub(level, "FRBRname", value=_xml(title))
        elif name == "FRBRExpression":
            _sub(level, "FRBRlanguage", language=meta.language)
        else:
            _sub(level, "FRBRformat", value="application/akn+xml")
    if component != "main":
        return element  # the references are the main document's: eIds must be unique
    references = _sub(element, "references", source="#inwriting")
    _sub(references, "TLCOrganization", eId="inwriting", href="/ontology/organization/inwriting")
    references[-1].set("showAs", "InWriting")
    author = f"/ontology/organization/{keys.heading_slug(meta.author)}"
    _sub(references, "TLCOrganization", eId="author", href=author, showAs=_xml(meta.author))
    return element


def _paragraphs(
    parent: etree._Element, text: str, notes: dict[str, str] | None = None, *, rest: bool = True
) -> None:
    """Each paragraph a ``<p>``; a table paragraph (domain/text_tables.py) a ``<table>``;
    ``notes`` (label to note, see :func:`_notes`) as ``<authorialNote>`` where the text calls
    them ("[^1]"), taken out of ``notes``; with ``rest``, those left at the end of the last
    paragraph."""
    notes = {} if notes is None else notes
    last = None
    for paragraph in text.split("\n\n") if text else []:
        table = text_table(paragraph)
        if table:
            _table(parent, table)
        else:
            last = _sub(parent, "p")
            _with_notes(last, paragraph, notes)
    if notes and rest:
        _with_notes(last if last is not None else _sub(parent, "p"), "", notes, rest=True)


def _notes(provision: Provision | None) -> dict[str, str]:
    return dict(numbered_notes(provision)) if provision is not None else {}


def _with_notes(p: etree._Element, text: str, notes: dict[str, str], rest: bool = False) -> None:
    """``text`` into ``p``, each call of a note in ``notes`` as its ``<authorialNote>``
    (taken out of ``notes``); with ``rest``, every note left appended."""
    pieces = CALL_RE.split(text)  # text, label, text, label, ...
    current: etree._Element | None = None
    for index, piece in enumerate(pieces):
        if index % 2 == 0 or piece not in notes:
            piece = piece if index % 2 == 0 else f"[^{piece}]"
            if current is None:
                p.text = (p.text or "") + _xml(piece)
            else:
                current.tail = (current.tail or "") + _xml(piece)
            continue
        current = _note(p, piece, notes.pop(piece))
    for label in list(notes) if rest else []:
        _note(p, label, notes.pop(label))


def _note(p: etree._Element, label: str, text: str) -> etree._Element:
    note = _sub(p, "authorialNote", marker=_xml(label), placement="bottom")
    _sub(note, "p").text = _xml(text)
    return note


def _table(parent: etree._Element, table: TextTable) -> None:
    element = _sub(parent, "table")
    for cell_tag, row in [("th", table.header)] * bool(table.header) + [
        ("td", row) for row in table.rows
    ]:
        tr = _sub(element, "tr")
        for cell in row:
            _sub(_sub(tr, cell_tag), "p").text = _xml(cell)


def _framing(parent: etree._Element, provision: Provision, default_label: str) -> None:
    """The label and heading of a preamble or closing, when they say more than the default."""
    label_name, heading_name = FRAMING
    if provision.label != default_label:
        _paragraphs(_sub(parent, "container", name=label_name), provision.label or " ")
    if provision.heading:
        _paragraphs(_sub(parent, "container", name=heading_name), provision.heading)


def _preamble(bill: etree._Element, provisions: Sequence[Provision]) -> None:
    preamble = next((p for p in provisions if p.kind is ProvisionKind.PREAMBLE), None)
    recitals = [p for p in provisions if p.kind is ProvisionKind.RECITAL]
    if preamble is None and not recitals:
        return
    element = _sub(bill, "preamble")
    texts = preamble.text.split("\n\n") if preamble and preamble.text else []
    if preamble is not None:
        _framing(element, preamble, "Preamble")
    # The words before the recitals, the recitals, then the enacting formula and after.
    split = next((i for i, t in enumerate(texts) if ENACTING_RE.match(t)), len(texts))
    notes = _notes(preamble)
    _paragraphs(element, "\n\n".join(texts[:split]), notes, rest=False)
    if recitals:
        holder = _sub(element, "recitals")
        for recital in recitals:
            item = _sub(holder, "recital", eId=key_to_eid(recital.key))
            cited = _notes(recital)
            _numbered(item, recital, cited)
            _paragraphs(item, recital.text, cited)
            if not recital.text:
                _sub(item, "p")  # a recital must hold a block
    _paragraphs(element, "\n\n".join(texts[split:]), notes)
    if not len(element):
        _sub(element, "p")


def _numbered(
    element: etree._Element, provision: Provision, notes: dict[str, str] | None = None
) -> None:
    """``<num>`` and ``<heading>`` (with the notes it calls, taken out of ``notes``); an
    unnumbered group's label is its heading."""
    if provision.kind is ProvisionKind.GROUP and not provision.number and not provision.heading:
        _sub(element, "heading").text = _xml(provision.label)
        return
    _sub(element, "num").text = _xml(provision.label)
    if provision.heading:
        _with_notes(_sub(element, "heading"), provision.heading, {} if notes is None else notes)


def _body(bill: etree._Element, provisions: Sequence[Provision]) -> None:
    body = _sub(bill, "body")
    elements: dict[str, etree._Element] = {}
    inside = [p for p in provisions if p.kind in (ProvisionKind.GROUP, ProvisionKind.ARTICLE)]
    has_children = {p.parent for p in inside if p.parent}
    for provision in inside:
        parent = elements.get(provision.parent or "", body)
        element = _sub(parent, _element_name(provision), eId=key_to_eid(provision.key))
        if element.tag == f"{_NS}hcontainer":
            element.set("name", "group")
        notes = _notes(provision)
        _numbered(element, provision, notes)
        holder = "intro" if provision.key in has_children else "content"
        if provision.text or holder == "content" or notes:
            _paragraphs(_sub(element, holder), provision.text, notes)
        elements[provision.key] = element
    if not inside:  # the schema wants a body; a text of recitals and annexes has none
        _sub(_sub(body, "hcontainer", name="placeholder"), "content")


def _element_name(provision: Provision) -> str:
    if provision.kind is ProvisionKind.ARTICLE:
        return "article"
    found = match_label(provision.label, marked=True)
    if found is not None and found.role is LabelRole.GROUP and found.number:
        return _GROUP_ELEMENTS.get(found.prefix, "hcontainer")
    return "hcontainer"


def _closing(bill: etree._Element, provisions: Sequence[Provision]) -> None:
    closing = next((p for p in provisions if p.kind is ProvisionKind.CLOSING), None)
    if closing is None:
        return
    element = _sub(bill, "conclusions")
    _framing(element, closing, "Closing")
    _paragraphs(element, closing.text, _notes(closing))
    if not len(element):
        _sub(element, "p")


def _attachments(
    bill: etree._Element, provisions: Sequence[Provision], meta: AknMetadata, title: str
) -> None:
    annexes = [p for p in provisions if p.kind is ProvisionKind.ANNEX]
    if not annexes:
        return
    holder = _sub(bill, "attachments")
    for annex in annexes:
        eid = key_to_eid(annex.key)
        attachment = _sub(holder, "attachment", eId=eid)
        notes = _notes(annex)
        _numbered(attachment, annex, notes)  # a note called in the heading stays there
        doc = _sub(attachment, "doc", name="annex")
        doc.append(_meta(meta, title, eid))
        main_body = _sub(doc, "mainBody")
        _paragraphs(main_body, annex.text, notes)
        if not annex.text and not len(main_body):
            _sub(main_body, "p")
