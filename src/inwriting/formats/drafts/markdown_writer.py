"""Markdown export: a version as Markdown that :mod:`~inwriting.formats.drafts.markdown` reads back.

The layout is :mod:`~inwriting.formats.drafts.outline`'s: the title as ``#``, groups and annexes as
``##``, articles (and a preamble heading) as ``###``, every paragraph on one line followed by a
blank line. Text is written as it is — inline Markdown the importer kept stays Markdown.
"""

from __future__ import annotations

from inwriting.domain.documents import ParsedDocument
from inwriting.formats.drafts.outline import Style, outline

__all__ = ["write_markdown"]

_PREFIX = {Style.TITLE: "# ", Style.HEADING_1: "## ", Style.HEADING_2: "### "}


def write_markdown(doc: ParsedDocument) -> str:
    """The version as Markdown text, ending with a newline."""
    lines = [_PREFIX.get(block.style, "") + block.text for block in outline(doc)]
    return "\n\n".join(lines) + "\n"
