"""DOCX export: a clean Word document that :mod:`~inwriting.formats.docx` reads back.

The layout is :mod:`~inwriting.formats.outline`'s, in Word's own styles so that Word's
navigation pane and table of contents work: ``Title`` for the title, ``Heading 1`` for groups
and annexes, ``Heading 2`` for articles ("Article 5 – Definitions") and a preamble heading,
``Normal`` for every paragraph of text. Nothing is numbered automatically: labels are written
out, so the file reads the same in any word processor.
"""

from __future__ import annotations

import io

import docx

from inwriting.domain.documents import ParsedDocument
from inwriting.formats.outline import Style, outline

__all__ = ["write_docx"]

_STYLES = {Style.TITLE: "Title", Style.HEADING_1: "Heading 1", Style.HEADING_2: "Heading 2"}


def write_docx(doc: ParsedDocument, *, title: str | None = None) -> bytes:
    """The version as a ``.docx`` file; ``title`` sets the file's title property (default:
    the document's title)."""
    document = docx.Document()
    # Word's core properties hold at most 255 characters (python-docx refuses more).
    document.core_properties.title = (title if title is not None else doc.title)[:255]
    # Style ids, set on the paragraph's XML: python-docx's style setter looks the default
    # style up in the whole style list every time, which makes a long document slow.
    style_ids = {style: document.styles[name].style_id for style, name in _STYLES.items()}
    for block in outline(doc):
        paragraph = document.add_paragraph(block.text)  # Normal, the default style
        if block.style in style_ids:
            paragraph._p.style = style_ids[block.style]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
