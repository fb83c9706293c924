"""Make the PDF fixtures of this folder from ``protocol.txt`` (run from the repository root:
``.venv/bin/python tests/data/pdf/make_pdfs.py``; needs LibreOffice and poppler-utils).

* ``protocol.weasyprint.pdf``: WeasyPrint, A5, justified and hyphenated (``hyphens: auto``),
  a running header (title and draft label) and "Page N of M" in the footer;
* ``protocol.libreoffice.pdf``: a Word file with a header and a page-number footer, typeset by
  LibreOffice (``soffice --headless --convert-to pdf``);
* ``scanned.pdf``: the pages of the WeasyPrint PDF as pictures only (no text layer);
* ``encrypted.pdf``: the LibreOffice PDF with an open password ("secret").
"""

from __future__ import annotations

import base64
import html
import subprocess
import tempfile
from pathlib import Path

import docx
import weasyprint
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HERE = Path(__file__).parent
TITLE = "Protocol on Judicial Co-operation in Civil Matters"
CSS = """
@page { size: A5; margin: 18mm 14mm;
  @top-left { content: "Protocol on judicial co-operation"; font: 8pt sans-serif; }
  @top-right { content: "Draft 2 of 12 May 2026"; font: 8pt sans-serif; }
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font: 8pt sans-serif; }
}
body { font: 10pt/1.4 serif; text-align: justify; hyphens: auto; }
h1 { font-size: 13pt; hyphens: manual; text-align: left; }
h2 { font-size: 10.5pt; hyphens: manual; text-align: left; margin: 12pt 0 4pt; }
"""


def paragraphs() -> list[str]:
    return [p.strip() for p in (HERE / "protocol.txt").read_text().split("\n\n") if p.strip()]


def weasyprint_pdf() -> bytes:
    body = []
    for index, text in enumerate(paragraphs()):
        tag = "h1" if index == 0 else "h2" if text.startswith("Article ") else "p"
        body.append(f"<{tag}>{html.escape(text)}</{tag}>")
    page = f'<html lang="en"><head><style>{CSS}</style></head><body>{"".join(body)}</body></html>'
    pdf: bytes = weasyprint.HTML(string=page).write_pdf()
    return pdf


def field(paragraph: docx.text.paragraph.Paragraph, instruction: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES`` ...) at the end of ``paragraph``."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def libreoffice_pdf(folder: Path) -> Path:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "Protocol on judicial co-operation — Draft 2"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    field(footer, "PAGE")
    for index, text in enumerate(paragraphs()):
        if index == 0:
            document.add_heading(text, level=1)
        elif text.startswith("Article "):
            document.add_heading(text, level=2)
        else:
            document.add_paragraph(text)
    source = folder / "protocol.docx"
    document.save(str(source))
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True,
        capture_output=True,
    )
    return folder / "protocol.pdf"


def scanned_pdf(pdf: Path, folder: Path) -> bytes:
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / "page")], check=True)
    images = sorted(folder.glob("page*.png"))
    tags = "".join(
        f'<img style="width:100%;page-break-after:always" '
        f'src="data:image/png;base64,{base64.b64encode(p.read_bytes()).decode()}">'
        for p in images
    )
    style = "<style>@page { size: A5; margin: 0 }</style>"
    page = f"<html><head>{style}</head><body>{tags}</body></html>"
    scanned: bytes = weasyprint.HTML(string=page).write_pdf()
    return scanned


def encrypted_pdf(source: Path, folder: Path) -> Path:
    options = (
        'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
        '"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    )
    out = folder / "encrypted"
    out.mkdir()
    subprocess.run(
        ["soffice", "--headless", "--convert-to", options, "--outdir", str(out), str(source)],
        check=True,
        capture_output=True,
    )
    return out / "protocol.pdf"


def main() -> None:
    (HERE / "protocol.weasyprint.pdf").write_bytes(weasyprint_pdf())
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        office = libreoffice_pdf(folder)
        (HERE / "protocol.libreoffice.pdf").write_bytes(office.read_bytes())
        (HERE / "scanned.pdf").write_bytes(scanned_pdf(HERE / "protocol.weasyprint.pdf", folder))
        (HERE / "encrypted.pdf").write_bytes(
            encrypted_pdf(folder / "protocol.docx", folder).read_bytes()
        )


if __name__ == "__main__":
    main()
