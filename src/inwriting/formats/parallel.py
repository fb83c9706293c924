"""Parallel texts: a version's language texts side by side, one column per language, as
DOCX (a Word table) and PDF (an HTML table typeset by :mod:`inwriting.formats.pdf`).

Each row is one provision of the version, by key, in the version's order; each cell the
provision in one language, its label and heading as that language writes them, then its
paragraphs. Cells carry their language (``w:lang`` in Word, ``lang`` in HTML) so spelling,
hyphenation and screen readers follow the language of each column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from inwriting.domain.languages import LanguageProvision
from inwriting.errors import FormatError
from inwriting.formats.docx.writer import (
    add_block,
    add_table,
    check_text,
    landscape,
    new_document,
    style_ids,
)
from inwriting.formats.docx.writer import save as save_docx
from inwriting.formats.drafts.outline import Style

MAX_COLUMNS = 6  # more languages than fit a page side by side: export them one at a time


@dataclass(frozen=True)
class Column:
    language: str  # BCP 47
    title: str
    provisions: tuple[LanguageProvision, ...]


def _checked(columns: Sequence[Column]) -> list[str]:
    if not 2 <= len(columns) <= MAX_COLUMNS:
        raise FormatError(f"a parallel text has 2 to {MAX_COLUMNS} languages, not {len(columns)}")
    return [p.key for p in columns[0].provisions]


def _cell(p: LanguageProvision | None) -> str:
    if p is None:
        return ""
    label = " – ".join(part for part in (p.label, p.heading) if part)
    return "\n\n".join(part for part in (label, p.text) if part)


def parallel_docx(columns: Sequence[Column], *, title: str) -> bytes:
    """A Word file: the title, then a table with one column per language (the header row
    names the languages and repeats on every page), one row per provision."""
    keys = _checked(columns)
    document = new_document(title)
    if len(columns) > 2:
        landscape(document)
    add_block(document, title, style_ids(document).get(Style.TITLE))
    by_key = [{p.key: p for p in c.provisions} for c in columns]
    rows = []
    for key in keys:
        row = [_cell(texts.get(key)) for texts in by_key]
        for text in row:
            check_text(text, key)
        rows.append(row)
    header = [f"{c.language}: {c.title}" for c in columns]
    table = add_table(document, header, rows)
    for column, language in enumerate(c.language for c in columns):
        for cell in table.columns[column].cells:
            _mark_language(cell._tc, language)
    return save_docx(document)


def _mark_language(cell: object, language: str) -> None:
    """Every run of ``cell`` in ``language`` (``w:rPr/w:lang``; East Asian scripts too)."""
    for run in cell.iter(qn("w:r")):  # type: ignore[attr-defined]
        properties = run.find(qn("w:rPr"))
        if properties is None:
            properties = OxmlElement("w:rPr")
            run.insert(0, properties)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), language)
        lang.set(qn("w:eastAsia"), language)
        lang.set(qn("w:bidi"), language)
        properties.append(lang)


def parallel_html(columns: Sequence[Column], *, title: str) -> str:
    """The body of a parallel text: a table, one column per language, every text escaped."""
    keys = _checked(columns)
    by_key = [{p.key: p for p in c.provisions} for c in columns]
    head = "".join(
        f'<th lang="{escape(c.language)}">{escape(c.language)}: {escape(c.title)}</th>'
        for c in columns
    )
    rows = []
    for key in keys:
        cells = []
        for column, texts in zip(columns, by_key, strict=True):
            p = texts.get(key)
            body = ""
            if p is not None:
                label = " – ".join(part for part in (p.label, p.heading) if part)
                paragraphs = "".join(f"<p>{escape(part)}</p>" for part in p.text.split("\n\n"))
                body = f"<h3>{escape(label)}</h3>{paragraphs if p.text else ''}"
            cells.append(f'<td lang="{escape(column.language)}">{body}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    width = 100 // len(columns)
    style = (
        "<style>table.parallel { width: 100%; border-collapse: collapse; table-layout: fixed; }"
        f" .parallel td, .parallel th {{ width: {width}%; vertical-align: top; padding: 3pt 6pt;"
        " border-top: 0.5pt solid #999; text-align: left; } .parallel thead { display:"
        " table-header-group; } .parallel tr { break-inside: avoid; }</style>"
    )
    return (
        f'{style}<h1>{escape(title)}</h1>\n<table class="parallel"><thead><tr>{head}</tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>\n"
    )


def parallel_pdf(columns: Sequence[Column], *, title: str, version_label: str = "") -> bytes:
    """A parallel text as a PDF (landscape beyond two languages)."""
    from inwriting.formats.pdf import render_pdf
    from inwriting.redline.render import html_page

    body = parallel_html(columns, title=title)
    page = html_page(title, body).replace(f"<h1>{escape(title)}</h1>\n", "", 1)
    if len(columns) > 2:
        page = page.replace("</head>", "<style>@page { size: A4 landscape; }</style></head>", 1)
    return render_pdf(page, header=title, label=version_label)
