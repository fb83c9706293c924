"""PDF drafts: the text layer of a PDF, read into provisions like a plain-text draft.

A PDF is a picture of pages, not a text: reading one means finding its words again. The text
layer is read with pdfminer.six (docs/decisions/0007-pdf-intake-with-pdfminer.md), whose
layout analysis puts each block of text (a paragraph, a heading, a running header) in a box
of its own; boxes become paragraphs separated by a blank line, and pages are separated by a
form feed, the shape ``pdftotext`` gives. Footnotes at the foot of a page are found from the
layout first (sizes, rules and raised calls, which the text alone no longer shows) and taken
out of the page: their calls become ``[^1]`` and their texts definitions after the last page
(:mod:`inwriting.formats.pdf_notes`). From there the plain-text reader takes over:

1. page furniture — running headers and footers, page numbers, page-foot notes, page marks —
   is removed by :mod:`inwriting.formats.drafts.pages`, and pages run together;
2. words hyphenated at line ends are joined again ("negoti-" + "ation"), while real hyphens
   stay ("Member-" + "State", "self-" + "determination"): see
   :func:`~inwriting.formats.drafts.pages.rejoin_hyphenated`;
3. the result is parsed as plain text (:func:`~inwriting.formats.drafts.plaintext.parse_text`).

What cannot be read is refused with a :class:`~inwriting.errors.FormatError` naming why: a
scanned PDF (pages that are images, with no text layer: run OCR first), a password, a damaged
or truncated file. pdfminer raises a zoo of exceptions on damaged input (its own, and
``KeyError``, ``TypeError``, ``ValueError`` ... from half-parsed objects); every one of them
is an input error here and becomes a FormatError at this edge (docs/decisions/0005).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from inwriting.domain.documents import ParsedDocument
from inwriting.errors import FormatError
from inwriting.formats.drafts.headings import ENUMERATOR_RE
from inwriting.formats.drafts.layout import Line, source_lines
from inwriting.formats.drafts.pages import (
    rejoin_hyphenated,
    remove_page_furniture,
    remove_page_marks,
)
from inwriting.formats.drafts.plaintext import parse_text
from inwriting.formats.pdf_notes import PageNotes, PdfLine, Rule, find_notes

__all__ = ["PDF_MAGIC", "is_pdf", "parse_pdf", "pdf_text"]

PDF_MAGIC = b"%PDF-"
# A page with fewer characters than this but with an image on it is a scanned page (a
# page number or a stamp is all the text such pages carry).
_SCANNED_PAGE_CHARS = 40
SCANNED = "this PDF has no text layer: it looks scanned; run OCR first (for example ocrmypdf)"


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` starts like a PDF file (the header may follow some junk bytes)."""
    return PDF_MAGIC in data[:1024]


def parse_pdf(data: bytes, *, source: str = "") -> ParsedDocument:
    """Parse a PDF draft. Raises :class:`~inwriting.errors.FormatError` only."""
    texts, notes = _layer(data, source)
    lines = [Line(line, number) for number, line in enumerate(source_lines("\f".join(texts)), 1)]
    lines = rejoin_hyphenated(remove_page_furniture(remove_page_marks(lines)))
    text = "\n".join(line.text for line in lines)
    return parse_text(text + _definitions(notes), source=source)


def _definitions(notes: dict[str, str]) -> str:
    """Footnotes as Markdown definitions, after the text, for the plain-text reader to give
    each to the provision that calls it."""
    return "".join(f"\n\n[^{label}]: {text}" for label, text in notes.items())


@dataclass(frozen=True)
class _BoxLine:
    """One line of a text box, and whether the next line of the box continues it."""

    text: str
    wraps: bool


@dataclass(frozen=True)
class _Page:
    """A page's text boxes, and its footnotes: a label ("" continues the previous page's
    last note) and the note's lines."""

    boxes: tuple[tuple[_BoxLine, ...], ...]
    notes: tuple[tuple[str, tuple[_BoxLine, ...]], ...]


@dataclass(frozen=True)
class _RawPage:
    """A page as pdfminer read it: its lines, its short horizontal rules, its images."""

    lines: tuple[PdfLine, ...]
    rules: tuple[Rule, ...]
    images: int

    @property
    def chars(self) -> int:
        return sum(1 for line in self.lines for c in line.text if not c.isspace())


def pdf_text(data: bytes, *, source: str = "") -> str:
    """The text layer of a PDF: text boxes separated by a blank line, pages by a form feed,
    footnote calls as ``[^1]`` and the footnotes after the last page as ``[^1]: ...``
    (:mod:`inwriting.formats.pdf_notes`)."""
    texts, notes = _layer(data, source)
    return "\f".join(texts) + _definitions(notes)


def _layer(data: bytes, source: str) -> tuple[list[str], dict[str, str]]:
    """Each page's text, and the footnotes by label."""
    if not is_pdf(data):
        raise FormatError("not a PDF file: it does not start with %PDF-", source=source)
    pages = _read_pages(data, source)
    if not pages:
        raise FormatError("this PDF has no pages", source=source)
    scanned = [
        i for i, page in enumerate(pages, 1) if page.images and page.chars < _SCANNED_PAGE_CHARS
    ]
    with_text = [page for page in pages if page.chars]
    if not with_text or len(scanned) * 2 > len(pages):
        detail = SCANNED if scanned else "this PDF has no text layer: its pages carry no text"
        if scanned and with_text:
            detail += f" ({len(scanned)} of {len(pages)} pages are images without text)"
        raise FormatError(detail, source=source)
    found = find_notes([page.lines for page in pages], [page.rules for page in pages])
    return _unwrapped([_laid_out(page) for page in found])


def _laid_out(page: PageNotes) -> _Page:
    """A page's lines in their text boxes, and its notes, as lines that wrap or not."""
    right = max((line.layout.x1 for line, _ in page.lines), default=0.0)
    boxes: list[list[tuple[str, Any]]] = []
    last = None
    for line, text in page.lines:
        if not text:
            continue
        if line.box != last:
            boxes.append([])
            last = line.box
        boxes[-1].append((text, line.layout))
    notes = tuple(
        (label, tuple(_BoxLine(text, index + 1 < len(lines)) for index, text in enumerate(lines)))
        for label, lines in page.notes
    )
    return _Page(tuple(_box(box, right) for box in boxes), notes)


def _unwrapped(pages: Sequence[_Page]) -> tuple[list[str], dict[str, str]]:
    """Each page's text, a box's wrapped lines joined into one (a heading broken over two
    lines is one heading again), words hyphenated at those breaks decided first; and the
    notes, a note running on to the next page joined again."""
    flat = [
        Line(("\f" if first else "") + line.text, 0)
        for page in pages
        for first, line in _firsts(page)
    ]
    decided = iter(rejoin_hyphenated(flat))
    texts: list[str] = []
    notes: dict[str, str] = {}
    last = ""
    for page in pages:
        paragraphs = [_joined(box, decided) for box in page.boxes]
        texts.append("\n\n".join(paragraphs) + "\n")
        for label, lines in page.notes:
            text = _joined(lines, decided)
            if label:
                notes.setdefault(label, text)
                last = label
            elif last:
                notes[last] = _glued(notes[last] + _GLUE + text)
    return texts, {label: " ".join(text.split()) for label, text in notes.items()}


def _joined(lines: Sequence[_BoxLine], decided: Iterator[Line]) -> str:
    pieces: list[str] = []
    for line in lines:
        pieces.append(next(decided).text.lstrip("\f"))
        pieces.append(_GLUE if line.wraps else "\n")
    return _glued("".join(pieces))


_GLUE = "\x00"  # never in a PDF's text (layout.check_text refuses NUL): marks a wrap


def _glued(text: str) -> str:
    """Wrapped lines joined: a soft hyphen drops out, a kept hyphen glues, else a space."""
    text = text.replace("\u00ad" + _GLUE, "")
    text = re.sub(rf"(?<=[^\W\d_][-\u2010]){_GLUE}(?=[^\W\d_])", "", text)
    return text.replace(_GLUE, " ").rstrip("\n")


def _firsts(page: _Page) -> Iterator[tuple[bool, _BoxLine]]:
    first = True
    for box in (*page.boxes, *(lines for _, lines in page.notes)):
        for line in box:
            yield first, line
            first = False


def _read_pages(data: bytes, source: str) -> list[_RawPage]:
    """Every page's text and image count, or a FormatError naming why the PDF is unreadable."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return [
            _page(layout)
            # caching=True: without it, each object of a compressed object stream re-reads
            # the whole stream, and a 50-page WeasyPrint PDF takes a minute, not a second.
            for layout in extract_pages(io.BytesIO(data), laparams=LAParams(), caching=True)
        ]
    except PDFPasswordIncorrect as error:
        raise FormatError(
            "this PDF is protected by a password: save a copy without one and import that",
            source=source,
        ) from error
    except PDFEncryptionError as error:
        raise FormatError(
            f"this PDF is encrypted in a way that cannot be read: {error}", source=source
        ) from error
    except RecursionError as error:
        raise FormatError(
            "not a readable PDF: its objects nest too deeply", source=source
        ) from error
    except Exception as error:  # pdfminer's zoo on damaged input: see the module docstring
        reason = str(error).strip() or type(error).__name__
        raise FormatError(
            f"not a readable PDF (damaged or truncated?): {reason[:200]}", source=source
        ) from error


def _page(layout: object) -> _RawPage:
    from pdfminer.layout import LTCurve, LTImage, LTTextBox

    lines: list[PdfLine] = []
    rules: list[Rule] = []
    images = boxes = 0
    for item in _walk(layout):
        if isinstance(item, LTTextBox):
            lines.extend(line for layout_line in item if (line := _line(layout_line, boxes)).text)
            boxes += 1
        elif isinstance(item, LTImage):
            images += 1
        elif isinstance(item, LTCurve) and item.height <= 2 and item.width > item.height:
            rules.append(Rule(item.x0, item.x1, (item.y0 + item.y1) / 2))
    return _RawPage(tuple(lines), tuple(rules), images)


def _line(layout: Any, box: int) -> PdfLine:
    """A pdfminer text line as pieces of text, raised or not (a superscript footnote call
    is set smaller and above the line's baseline)."""
    from pdfminer.layout import LTChar

    chars = [item for item in layout if isinstance(item, LTChar)]
    sizes = Counter(round(char.size, 1) for char in chars if not char.get_text().isspace())
    size = sizes.most_common(1)[0][0] if sizes else 0.0
    base = min((char.y0 for char in chars if round(char.size, 1) == size), default=0.0)
    runs: list[tuple[list[str], bool]] = []
    for item in layout:
        text = item.get_text()
        raised = (
            isinstance(item, LTChar)
            and item.size < 0.9 * size
            and item.y0 - base > 0.15 * size
            and not text.isspace()
        )
        if runs and runs[-1][1] == raised:
            runs[-1][0].append(text)
        else:
            runs.append(([text], raised))
    pieces = tuple(("".join(texts), raised) for texts, raised in runs)
    return PdfLine(pieces, size, layout.y1, layout.y0, layout.x0, box, layout)


def _box(lines: Sequence[tuple[str, Any]], right: float) -> tuple[_BoxLine, ...]:
    """A text box's lines, each saying whether the next one continues it.

    A line wraps when the next line's first word would not have fitted after it before the
    page's right edge (the furthest any line reaches, less three characters: in ragged-right
    text no line may reach the margin): that is how a typesetter breaks lines. A line that
    ends short (a label, the end of a paragraph), that is set in another size than the next
    (a title above the text), or that is followed by an enumerator ("(a)", "2.") does not.
    """
    result = []
    for index, (text, line) in enumerate(lines):
        wraps = False
        if index + 1 < len(lines):
            following, below = lines[index + 1]
            width = (line.x1 - line.x0) / max(len(text), 1)
            word = following.split(" ", 1)[0]
            wraps = (
                line.x1 + width * (len(word) + 1) > right - 3 * width
                and abs(line.height - below.height) <= 0.15 * max(line.height, below.height)
                and not ENUMERATOR_RE.match(following)
            )
        result.append(_BoxLine(text, wraps))
    return tuple(result)


def _walk(item: object) -> Iterator[object]:
    """The layout objects of a page, depth first; a text box's lines are not entered."""
    from pdfminer.layout import LTContainer, LTTextBox

    stack = [item]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, LTContainer) and not isinstance(current, LTTextBox):
            stack.extend(reversed(list(current)))
