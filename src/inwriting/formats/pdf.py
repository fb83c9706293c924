"""PDF: a version, a redline or a consolidated text, typeset by WeasyPrint from HTML.

The bodies are the HTML the other renderers already write —
:func:`~inwriting.redline.render.render_html_body` for a redline (``<ins>`` underlined,
``<del>`` struck through, so changes survive black-and-white printing),
:func:`~inwriting.redline.bracket_render.consolidated_html` for a consolidated text, and a
version laid out here from :func:`~inwriting.formats.drafts.outline.outline` — so a PDF says
what the web page and the HTML export say. Around them, print CSS: A4, running headers with the
document's title and version label in the ``@page`` margin boxes, "Page N of M" in the
footer, headings kept with the text they introduce.

Every piece of text is escaped, in the HTML and in the CSS strings of the margin boxes (a
title cannot close the style sheet). Rendering never touches the network or the file
system: WeasyPrint is handed a URL fetcher that refuses every URL, so an ``<img>`` or
``@import`` smuggled into a document is dropped, not fetched.

WeasyPrint is imported when a PDF is asked for, so the rest of the package works where it
is not installed; then :func:`render_pdf` raises a :class:`~inwriting.errors.FormatError`
saying so.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from inwriting.domain.documents import ParsedDocument
from inwriting.domain.notes import CALL_RE
from inwriting.domain.text_tables import TextTable, text_table
from inwriting.domain.visible import visible
from inwriting.errors import FormatError
from inwriting.formats.drafts.outline import Style, outline
from inwriting.redline.bracket_render import consolidated_html
from inwriting.redline.brackets import ConsolidatedText
from inwriting.redline.compare import Redline
from inwriting.redline.render import html_page, render_html_body

__all__ = [
    "consolidated_pdf",
    "print_css",
    "redline_pdf",
    "render_pdf",
    "table_html",
    "version_html",
    "version_pdf",
]

_TAGS = {Style.TITLE: "h1", Style.HEADING_1: "h2", Style.HEADING_2: "h3", Style.PARAGRAPH: "p"}
_NOTE_RE = re.compile(r"^\[\^(?P<label>[^\]\s^]{1,20})\]: (?P<text>.*)$", re.S)
_CSS_UNSAFE = re.compile(r'[\\"<>\x00-\x1f\x7f]')
_PRINT = """
@page {
  size: A4; margin: 22mm 18mm 20mm 18mm;
  @top-left { content: "%(header)s"; font: 8pt system-ui, sans-serif; color: #444;
              width: 75%%; }
  @top-right { content: "%(label)s"; font: 8pt system-ui, sans-serif; color: #444; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
                   font: 8pt system-ui, sans-serif; color: #444; }
}
body { font: 10.5pt/1.45 "DejaVu Serif", Georgia, serif; }
main { max-width: none; padding: 0; }
h1 { font-size: 18pt; margin: 0 0 8pt; }
h2, h3 { font-size: 12pt; margin: 14pt 0 3pt; break-after: avoid; }
h2 + p, h3 + p, .state { break-before: avoid; }
p, .text { orphans: 3; widows: 3; }
section { break-inside: auto; }
.visually-hidden { display: none; }
a { color: inherit; text-decoration: none; }
table.text-table { border-collapse: collapse; width: 100%%; margin: 4pt 0 8pt; }
.text-table th, .text-table td { border: 0.5pt solid #777; padding: 2pt 4pt; text-align: left;
                                 vertical-align: top; }
.text-table thead { display: table-header-group; }
p.note { font-size: 8.5pt; margin: 2pt 0 2pt 12pt; }
sup.call { font-size: 7pt; }
"""


def render_pdf(html: str, *, header: str, label: str = "") -> bytes:
    """``html`` (a complete page, its text escaped) as PDF bytes, with ``header`` in the
    top left margin of every page, ``label`` (a version label) in the top right and the page
    numbers at the bottom. Nothing is fetched: relative and remote URLs are refused."""
    weasyprint = _weasyprint()
    html = visible(html)  # marks are plain characters: safe in text and attributes alike
    page = html.replace("</head>", f"<style>\n{print_css(header, label)}\n</style>\n</head>", 1)
    try:
        document = weasyprint.HTML(string=page, url_fetcher=_refusing_fetcher(weasyprint))
        pdf = document.write_pdf()
    except Exception as error:  # WeasyPrint raises what its parsers raise
        raise FormatError(f"cannot typeset the PDF: {error}") from error
    if not isinstance(pdf, bytes):
        raise FormatError("cannot typeset the PDF: WeasyPrint returned no bytes")
    return pdf


def print_css(header: str, label: str = "") -> str:
    """The print style sheet, with ``header`` and ``label`` as escaped CSS strings."""
    return _PRINT % {"header": css_string(header), "label": css_string(label)}


def css_string(text: str) -> str:
    """``text`` for the inside of a double-quoted CSS string: backslash, quote, angle
    brackets (``</style>``) and control characters as CSS escapes (``\\22 ``)."""
    return _CSS_UNSAFE.sub(lambda found: f"\\{ord(found.group()):x} ", text)


def version_html(doc: ParsedDocument) -> str:
    """The body of a version: its outline as headings and paragraphs, every text escaped."""
    parts = []
    for block in outline(doc):
        table = text_table(block.text) if block.style is Style.PARAGRAPH else None
        if table:
            parts.append(table_html(table))
            continue
        note = _NOTE_RE.match(block.text) if block.style is Style.PARAGRAPH else None
        if note:  # a provision's note, after its text (see drafts.outline)
            label, text = escape(note["label"]), escape(note["text"])
            parts.append(f'<p class="note"><sup>{label}</sup> {text}</p>\n')
            continue
        tag = _TAGS[block.style]
        text = _calls(escape(block.text).replace("\n", "<br>"))
        parts.append(f"<{tag}>{text}</{tag}>\n")
    return "".join(parts)


def _calls(html: str) -> str:
    """Footnote calls ("[^1]") in escaped text as superscripts."""
    return CALL_RE.sub(lambda found: f'<sup class="call">{found["label"]}</sup>', html)


def table_html(table: TextTable) -> str:
    """A table paragraph (domain/text_tables.py) as an HTML table, every cell escaped."""
    head = "".join(f'<th scope="col">{escape(cell)}</th>' for cell in table.header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
    )
    thead = f"<thead><tr>{head}</tr></thead>" if head else ""
    return f'<table class="text-table">{thead}<tbody>{body}</tbody></table>\n'


def version_pdf(doc: ParsedDocument, *, title: str, version_label: str = "") -> bytes:
    """A version as a PDF; ``title`` heads every page (the body has the document's own)."""
    page = html_page(title, version_html(doc)).replace(
        f"<h1>{escape(title)}</h1>\n", "", 1
    )  # the outline starts with the document's title already
    return render_pdf(page, header=title, label=version_label)


def redline_pdf(
    redline: Redline, *, title: str, version_label: str = "", intro: str = "", author: str = ""
) -> bytes:
    """A redline as a PDF: insertions underlined, deletions struck through."""
    intro_html = f"<p>{escape(intro)}</p>\n" if intro else ""
    body = intro_html + render_html_body(redline, author=author)
    return render_pdf(html_page(title, body), header=title, label=version_label)


def consolidated_pdf(text: ConsolidatedText, *, title: str, version_label: str = "") -> bytes:
    """A consolidated text as a PDF: brackets, attributions, states and counts."""
    return render_pdf(html_page(title, consolidated_html(text)), header=title, label=version_label)


def _weasyprint() -> Any:
    """The WeasyPrint module (untyped, hence ``Any``), or a FormatError saying it is missing."""
    try:
        import weasyprint  # type: ignore[import-untyped]  # WeasyPrint ships no type hints
    except (ImportError, OSError) as error:  # OSError: pango or its fonts are missing
        raise FormatError(
            f"PDF export needs WeasyPrint and Pango, which are not available here: {error}"
        ) from error
    # WeasyPrint warns of every CSS property it ignores and every URL refused: it is quieted
    # where logging is configured (inwriting.http.logs), not here, so embedders decide.
    return weasyprint


def _refusing_fetcher(weasyprint: Any) -> Any:
    """A URL fetcher that fetches nothing: rendering has no network and no file access."""

    class Refusing(weasyprint.urls.URLFetcher):  # type: ignore[misc]  # untyped base class
        def fetch(self, url: str, headers: object = None) -> object:
            raise ValueError(f"refused to fetch {url[:80]}: PDF export reads nothing")

    return Refusing()
