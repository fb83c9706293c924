"""Provision notes as real Word footnotes in a DOCX export.

A provision's text calls its notes as ``[^1]`` (:mod:`inwriting.domain.notes`). In Word, each
call becomes a footnote reference (a superscript number Word keeps in step) and each note a
footnote in the package's footnotes part, which the DOCX reader turns back into the same call
and note. Word numbers footnotes by integer ids, so this is done when every label is a number
and names one note throughout the document; otherwise the notes are written as the Markdown
definitions the outline gives (``[^note]: ...``), which read back just as well.
"""

from __future__ import annotations

import re

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from inwriting.domain.documents import ParsedDocument
from inwriting.domain.notes import CALL_RE, numbered_notes
from inwriting.domain.visible import visible

__all__ = ["DEFINITION_RE", "add_footnotes", "add_with_calls", "word_notes"]

DEFINITION_RE = re.compile(r"^\[\^(?P<label>[^\]\s^]{1,20})\]: ")
_NUMBER_RE = re.compile(r"[1-9]\d{0,5}")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def word_notes(doc: ParsedDocument) -> dict[str, str] | None:
    """The document's notes by label when they can be Word footnotes (see the module
    docstring), ``{}`` when it has none, ``None`` when they cannot."""
    notes: dict[str, str] = {}
    for provision in doc.provisions:
        for label, note in numbered_notes(provision):
            if not _NUMBER_RE.fullmatch(label) or notes.setdefault(label, note) != note:
                return None
    return notes


def add_with_calls(paragraph: etree._Element, text: str, notes: dict[str, str]) -> None:
    """Runs of ``text`` into ``paragraph`` (a ``w:p``), a call of a note in ``notes`` as a
    footnote reference, other text as it is (line breaks as ``w:br``)."""
    from inwriting.formats.docx.writer import run  # the writer imports this module

    pieces = CALL_RE.split(text)  # text, label, text, label, ...
    for index, piece in enumerate(pieces):
        if index % 2 and piece in notes:
            paragraph.append(_reference(piece))
        elif piece:
            paragraph.append(run(piece if index % 2 == 0 else f"[^{piece}]"))


def _reference(label: str) -> etree._Element:
    element = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:vertAlign")
    style.set(qn("w:val"), "superscript")
    properties.append(style)
    element.append(properties)
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), label)
    element.append(reference)
    return element


def add_footnotes(document: Document, notes: dict[str, str]) -> None:
    """The footnotes part, holding ``notes`` by id, related to the main document."""
    root = etree.Element(f"{{{_W}}}footnotes", nsmap={"w": _W})
    for kind, number in (("separator", "-1"), ("continuationSeparator", "0")):
        note = etree.SubElement(root, f"{{{_W}}}footnote", {f"{{{_W}}}type": kind})
        note.set(f"{{{_W}}}id", number)
        mark = etree.SubElement(etree.SubElement(note, f"{{{_W}}}p"), f"{{{_W}}}r")
        etree.SubElement(mark, f"{{{_W}}}{kind}")
    for label, text in notes.items():
        note = etree.SubElement(root, f"{{{_W}}}footnote", {f"{{{_W}}}id": label})
        paragraph = etree.SubElement(note, f"{{{_W}}}p")
        ref = etree.SubElement(paragraph, f"{{{_W}}}r")
        superscript = etree.SubElement(etree.SubElement(ref, f"{{{_W}}}rPr"), f"{{{_W}}}vertAlign")
        superscript.set(f"{{{_W}}}val", "superscript")
        etree.SubElement(ref, f"{{{_W}}}footnoteRef")
        words = etree.SubElement(etree.SubElement(paragraph, f"{{{_W}}}r"), f"{{{_W}}}t")
        words.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        words.text = " " + visible(text)
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(
        PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, blob, document.part.package
    )
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
