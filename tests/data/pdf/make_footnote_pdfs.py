"""Make the footnote PDFs of this folder from ``footnotes.md`` (run from the repository root:
``.venv/bin/python tests/data/pdf/make_footnote_pdfs.py``; needs LibreOffice).

``footnotes.md`` is parsed and written as DOCX by the product itself (its notes become real
Word footnotes), set on A5 with a "Page N" footer, and typeset by LibreOffice
(``soffice --headless --convert-to pdf``), once with the footnotes numbered through the
document and once with the numbering restarting on every page (``w:numRestart``):

* ``footnotes.running.pdf`` and ``footnotes.per-page.pdf``;
* ``gdpr-2016-679.oj-layout.pdf``: the GDPR's clean text (``tests/data/corpus``) typeset by
  WeasyPrint in the Official Journal's manner: A4, its 21 footnotes at the foot of the page
  where they are called (or the next, when they do not fit), called and numbered "(1)",
  "(2)" ..., the Journal's running header ("... L 119/5");
* ``superscripts.pdf``: raised numbers that call no footnote (a unit, an ordinal, a lone
  "3" after a sentence), a small-print last paragraph and a "Page N" footer, no footnotes.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
import tempfile
from pathlib import Path

import docx
import weasyprint
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree
from make_pdfs import field

from inwriting.formats import parse_document, render_document

HERE = Path(__file__).parent


def word_file(*, restart: bool, small: bool) -> bytes:
    """The DOCX: the product's export of ``footnotes.md``, on A5 with a page-number footer."""
    doc = parse_document((HERE / "footnotes.md").read_text(encoding="utf-8"), source="f.md")
    document = docx.Document(io.BytesIO(render_document(doc, "docx")))
    section = document.sections[0]
    section.page_width, section.page_height = Mm(148), Mm(210)
    section.left_margin = section.right_margin = Mm(16)
    section.top_margin = section.bottom_margin = Mm(18)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    field(footer, "PAGE")
    if small:
        _small_footnotes(document)
    if restart:
        properties = OxmlElement("w:footnotePr")
        numbering = OxmlElement("w:numRestart")
        numbering.set(qn("w:val"), "eachPage")
        properties.append(numbering)
        section._sectPr.insert(0, properties)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _small_footnotes(document: docx.document.Document) -> None:
    """Footnotes set as Word's own template sets them: 8.5 pt text, a superscript number, and
    here no separator rule above them (its footnote emptied), so the size is the only cue."""
    part = next(
        r.target_part for r in document.part.rels.values() if r.reltype.endswith("/footnotes")
    )
    root = etree.fromstring(part.blob)
    for note in root.iter(qn("w:footnote")):
        if note.get(qn("w:type")) == "separator":
            for run in note.iter(qn("w:r")):
                run.getparent().remove(run)
            continue
        for run in note.iter(qn("w:r")):
            properties = run.find(qn("w:rPr"))
            if properties is None:
                properties = etree.SubElement(run, qn("w:rPr"))
                run.insert(0, properties)
            size = etree.SubElement(properties, qn("w:sz"))
            size.set(qn("w:val"), "17")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def office_pdf(data: bytes, folder: Path, name: str) -> bytes:
    source = folder / f"{name}.docx"
    source.write_bytes(data)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
    )
    return (folder / f"{name}.pdf").read_bytes()


SUPERSCRIPTS = [
    ("Article 1 – Premises", ["The premises have a floor area of 120 m", "2", "."]),
    ("Article 2 – Term", ["The lease begins on the 1", "st", " day of May 2026, as agreed.", "3"]),
    ("Article 3 – Rent", ["The rent is paid in advance on the first day of each month."]),
]


def superscripts_file() -> bytes:
    """A Word file whose raised numbers call no footnote (see the module docstring)."""
    document = docx.Document()
    document.add_heading("Lease of Office Premises", level=1)
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    field(footer, "PAGE")
    for heading, runs in SUPERSCRIPTS:
        document.add_heading(heading, level=2)
        paragraph = document.add_paragraph()
        for index, text in enumerate(runs):
            paragraph.add_run(text).font.superscript = index % 2 == 1
    small = document.add_paragraph().add_run("1 copy for each Party, 1 for the land registry.")
    small.font.size = Pt(8)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


GDPR = HERE.parent / "corpus" / "gdpr-2016-679.en.txt"
_NOTE_RE = re.compile(r"^\((\d{1,2})\)\s+(\S.*)$")
OJ_CSS = """
@page { size: A4; margin: 20mm 22mm;
  @footnote { border-top: 0.5pt solid black; padding-top: 3pt; }
  @top-center { content: "4.5.2016    EN    Official Journal of the European Union    L 119/"
                counter(page); font: 8pt serif; } }
body { font: 10pt/1.35 serif; text-align: justify; }
p { margin: 0 0 5pt; }
.note { float: footnote; font-size: 8pt; text-align: left; }
::footnote-call { content: "(" counter(footnote) ")"; font-size: 6.5pt;
                  vertical-align: super; }
::footnote-marker { content: "(" counter(footnote) ")\\A0\\A0"; }
"""


def gdpr_notes() -> tuple[list[str], list[str]]:
    """The GDPR's paragraphs (its footnote list at the end left out) and its footnotes."""
    paragraphs = [p.strip() for p in GDPR.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    notes: list[str] = []
    while (found := _NOTE_RE.match(paragraphs[-1])) is not None:
        notes.insert(0, found[2])
        paragraphs.pop()
    return paragraphs, notes


def gdpr_pdf() -> bytes:
    """The GDPR in the Official Journal's layout, each call " (N)" a footnote, in order."""
    paragraphs, notes = gdpr_notes()
    body = [html.escape(p) for p in paragraphs]
    at = (1, 0)  # (paragraph, offset) after the last call found: calls come in order
    for number, note in enumerate(notes, 1):
        index, start = at
        while True:
            found = re.compile(rf"(?<=\S) \({number}\)(?=[\s,.;:)]|$)").search(body[index], start)
            if found:
                break
            index, start = index + 1, 0
        span = f'<span class="note">{html.escape(note)}</span>'
        body[index] = body[index][: found.start()] + span + body[index][found.end() :]
        at = (index, found.start() + len(span))
    tags = "".join(f"<p>{text}</p>" for text in body)
    page = f'<html lang="en"><head><style>{OJ_CSS}</style></head><body>{tags}</body></html>'
    pdf: bytes = weasyprint.HTML(string=page).write_pdf()
    return pdf


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for restart, out in ((False, "running"), (True, "per-page")):
            data = word_file(restart=restart, small=restart)
            pdf = office_pdf(data, folder, f"footnotes.{out}")
            (HERE / f"footnotes.{out}.pdf").write_bytes(pdf)
        (HERE / "gdpr-2016-679.oj-layout.pdf").write_bytes(gdpr_pdf())
        (HERE / "superscripts.pdf").write_bytes(
            office_pdf(superscripts_file(), folder, "superscripts")
        )


if __name__ == "__main__":
    main()
