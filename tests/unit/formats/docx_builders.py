"""Word files for the DOCX tests, built with python-docx and, where it has no API (numbering,
tracked changes), with WordprocessingML written out as Word writes it."""

from __future__ import annotations

import io
from collections.abc import Iterable

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

W = nsdecls("w")


def new() -> Document:
    return docx.Document()


def save(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def level(ilvl: int, text: str, fmt: str = "decimal", start: int = 1, extra: str = "") -> str:
    """One ``w:lvl``: ``level(0, "Article %1")``."""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def define_numbering(document: Document, abstracts: dict[int, Iterable[str]], nums: str) -> None:
    """Add abstract definitions (id -> levels) and ``w:num`` instances to numbering.xml."""
    numbering = document.part.numbering_part.element
    for abstract_id, levels in abstracts.items():
        numbering.append(
            parse_xml(
                f'<w:abstractNum {W} w:abstractNumId="{abstract_id}">{"".join(levels)}'
                "</w:abstractNum>"
            )
        )
    wrapper = parse_xml(f"<w:numbering {W}>{nums}</w:numbering>")
    for num in list(wrapper):
        numbering.append(num)


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def numbered(paragraph: Paragraph, num_id: int, ilvl: int | None = 0) -> Paragraph:
    """Give ``paragraph`` Word's automatic numbering (``w:numPr``)."""
    ilvl_xml = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {W}>{ilvl_xml}<w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def add_runs(document: Document, runs: str, style: str | None = None) -> Paragraph:
    """A paragraph whose content is raw WordprocessingML runs (for tracked changes)."""
    paragraph = document.add_paragraph(style=style)
    for element in parse_xml(f"<w:p {W}>{runs}</w:p>"):
        paragraph._p.append(element)
    return paragraph


def ins(text: str, change: int = 1) -> str:
    return (
        f'<w:ins w:id="{change}" w:author="Party B" w:date="2024-05-01T10:00:00Z">'
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>'
    )


def delete(text: str, change: int = 2) -> str:
    return (
        f'<w:del w:id="{change}" w:author="Party B" w:date="2024-05-01T10:00:00Z">'
        f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>'
    )


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def numbered_articles() -> bytes:
    """The fixture ``tests/data/docx/numbered-articles.docx``: chapters numbered
    "CHAPTER %1" (upper Roman), articles "Article %1" continuing across chapters, points
    "(%2)" (lower letters) restarting in each article — none of it in the text."""
    document = new()
    define_numbering(
        document,
        {
            1: [level(0, "CHAPTER %1", "upperRoman")],
            2: [level(0, "Article %1"), level(1, "(%2)", "lowerLetter")],
        },
        num(1, 1) + num(2, 2),
    )
    document.add_paragraph("Agreement on Numbered Things", style="Title")
    document.add_paragraph("The Parties have agreed as follows:")
    numbered(document.add_paragraph("General provisions", style="Heading 1"), 1)
    numbered(document.add_paragraph("Scope", style="Heading 2"), 2)
    document.add_paragraph("This Agreement applies to numbered things.")
    numbered(document.add_paragraph("Definitions", style="Heading 2"), 2)
    document.add_paragraph("In this Agreement:")
    numbered(document.add_paragraph("“thing” means a thing;"), 2, 1)
    numbered(document.add_paragraph("“number” means a number."), 2, 1)
    numbered(document.add_paragraph("Final provisions", style="Heading 1"), 1)
    numbered(document.add_paragraph("Entry into force", style="Heading 2"), 2)
    document.add_paragraph("It enters into force on signature:")
    numbered(document.add_paragraph("for the first Party;"), 2, 1)
    numbered(document.add_paragraph("for the second Party."), 2, 1)
    document.add_paragraph("Done at Geneva on 1 June 2024.")
    return save(document)
