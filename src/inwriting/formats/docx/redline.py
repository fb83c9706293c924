"""DOCX redline: the new version with Word's own tracked changes (``w:ins`` / ``w:del``).

A reader opens the file in Word or LibreOffice and sees every change as a revision by
``author`` on ``date``: *Accept all* leaves exactly the new version's text, *Reject all*
exactly the old one's. That is the contract the tests hold the file to, on generated texts
and on every pair of real successive versions in the corpus.

How the operations of a :class:`~inwriting.redline.compare.Redline` become WordprocessingML:

* each pair is one heading line ("Article 5 — Definitions", ``Heading 1`` for groups and
  annexes, ``Heading 2`` otherwise) and its text, one Word paragraph per ``"\\n\\n"``
  paragraph; the label and heading are word-diffed like the text, so a renumbered article
  shows "Article [-20-]{+21+}";
* an ``equal`` operation is a plain run, an ``insert`` a run inside ``w:ins``, a ``delete``
  a run inside ``w:del`` with its text in ``w:delText``. Whitespace-only (layout) changes
  are tracked too, because accepting or rejecting must give the exact texts — but only the
  whitespace is marked, and a replacement keeps its trailing space outside the change;
* a paragraph break inside an insertion is an inserted paragraph mark
  (``w:pPr/w:rPr/w:ins``), one inside a deletion a deleted mark (``w:pPr/w:rPr/w:del``):
  accepting removes deleted marks and rejecting removes inserted ones, joining the paragraph
  to the next, as Word does;
* an added provision is inserted whole, marks included; a removed one deleted whole. A
  paragraph that disappears always ends with its own tracked mark, so what is left of it
  (nothing) joins the *next* paragraph, which keeps its style; when the last provision comes
  or goes, an empty paragraph ends the document, since Word's last mark cannot be tracked.

Every revision has its own ``w:id``; the file has ``w:trackRevisions`` set, so the other
side's edits are tracked too. A moved provision stays where the new version has it (its
text diffed in place, not as a Word move); in a split each part is diffed against the whole
old provision, so *Reject all* shows the old text once per part — as the redline's pairs do.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.formats.docx.writer import add_block, check_text, new_document, run, save
from inwriting.formats.docx.writer import style_ids as outline_styles
from inwriting.formats.drafts.outline import Style
from inwriting.redline.compare import Redline, RedlinePair
from inwriting.redline.diff import Op, Operation, diff_texts
from inwriting.redline.render import summary

__all__ = ["heading_line", "write_redline_docx"]

_BREAK = "\n\n"
_HEADING_1 = (ProvisionKind.GROUP, ProvisionKind.ANNEX)
_LEGEND = (
    "Changes are tracked: accept all of them to read the new version, reject all of them "
    "to read the old one."
)


def write_redline_docx(
    redline: Redline, *, title: str, author: str = "InWriting", date: datetime
) -> bytes:
    """The redline as a ``.docx`` with tracked changes by ``author`` at ``date`` (a naive
    date is taken as UTC). Raises :class:`~inwriting.errors.FormatError` for text a Word
    file cannot hold, naming the provision."""
    document = new_document(title)
    styles = outline_styles(document)
    add_block(document, title, styles[Style.TITLE])
    add_block(document, f"{summary(redline)}. {_LEGEND}")
    _enable_tracking(document)
    marks = _Revisions(author or "InWriting", _w3c_date(date))
    last = Op.EQUAL
    for pair in redline.pairs:
        where = pair.label
        for paragraph in _paragraphs(pair):
            for _, text in paragraph.pieces:
                check_text(text, where)
            _write(document, paragraph, styles, marks)
            last = paragraph.mark
    if last is not Op.EQUAL:
        add_block(document, "")  # Word's last paragraph mark cannot be a revision
    return save(document)


@dataclass
class _Paragraph:
    """One Word paragraph: its pieces of text, what its mark is (kept, inserted, deleted)
    and whether it is the pair's heading line."""

    pieces: list[tuple[Op, str]]
    mark: Op
    heading: ProvisionKind | None = None


def _paragraphs(pair: RedlinePair) -> list[_Paragraph]:
    """The pair as paragraphs: the heading line, ended by a mark of the provision's own
    kind (kept, inserted or deleted), then the text's paragraphs, the last ended by a mark
    kept when both versions have text, else inserted or deleted with it."""
    exists = _existence(pair.old is not None, pair.new is not None)
    shown = pair.new or pair.old
    assert shown is not None  # a pair has at least one side
    heading = _Paragraph(list(_pieces(_heading_line(pair))), exists, shown.kind)
    body = _existence(bool(pair.old and pair.old.text), bool(pair.new and pair.new.text))
    if not (pair.old and pair.old.text) and not (pair.new and pair.new.text):
        return [heading]
    return [heading, *_split(_tidied(pair.operations), body)]


def _existence(old: bool, new: bool) -> Op:
    if old and new:
        return Op.EQUAL
    return Op.INSERT if new else Op.DELETE


def _split(operations: Sequence[Operation], end: Op) -> list[_Paragraph]:
    """Operations cut into paragraphs at each ``"\\n\\n"``; a paragraph ends with the
    kind of the operation its break belongs to, the last one with ``end``."""
    paragraphs = [_Paragraph([], end)]
    for operation in operations:
        parts = operation.text.split(_BREAK)
        for index, part in enumerate(parts):
            if index:
                paragraphs[-1].mark = operation.op
                paragraphs.append(_Paragraph([], end))
            if part:
                paragraphs[-1].pieces.append((operation.op, part))
    return paragraphs


def _tidied(operations: Sequence[Operation]) -> list[Operation]:
    """Replacements as Word users expect to see them, both texts unchanged: where deleted
    and inserted words end in the same whitespace ("nine " → "six ") that whitespace is
    kept out of the change; where they differ only in whitespace ("determined to" →
    "determinedto") only the whitespace is marked, not the words around it."""
    result: list[Operation] = []
    index = 0
    while index < len(operations):
        first = operations[index]
        second = operations[index + 1] if index + 1 < len(operations) else None
        if second is None or {first.op, second.op} != {Op.INSERT, Op.DELETE}:
            result.append(first)
            index += 1
            continue
        a, b = first.text, second.text
        layout = first.layout and second.layout
        head = _common(a, b, layout) if layout else ""
        a, b = a[len(head) :], b[len(head) :]
        tail = _common(a[::-1], b[::-1], layout)[::-1]
        a, b = a[: len(a) - len(tail)], b[: len(b) - len(tail)]
        if not layout and _glued(a, b):
            head, a, b, tail = _spaced(result, head, a, b, tail)
        result += [Operation(Op.EQUAL, head), Operation(first.op, a, first.layout)]
        result += [Operation(second.op, b, second.layout), Operation(Op.EQUAL, tail)]
        index += 2
    return result


def _glued(a: str, b: str) -> bool:
    return bool(a and b) and not a[-1:].isspace() and not b[:1].isspace()


def _spaced(
    result: list[Operation], head: str, a: str, b: str, tail: str
) -> tuple[str, str, str, str]:
    """A deletion and an insertion that would touch ("ninesix": Word, and whatever reads
    the file's text, shows one word) with a space between, both texts unchanged: the
    unchanged text from the last space before them moves into both (" nine" / " six",
    " (annually" / " (monthly"), or else the space after them stays in both ("Nine " /
    "Six "). Only a change with no space on either side in its line still touches."""
    before = result[-1].text if result and result[-1].op is Op.EQUAL else ""
    at = before.rfind(" ")
    if not head and at >= 0 and "\n" not in before[at:]:
        result[-1] = Operation(Op.EQUAL, before[:at])
        return head, before[at:] + a, before[at:] + b, tail
    if tail:
        return head, a + tail, b + tail, ""
    return head, a, b, tail


def _common(a: str, b: str, layout: bool) -> str:
    """The longest start ``a`` and ``b`` share: any characters but line breaks between
    texts that differ only in whitespace (``layout``), else whitespace only. Line breaks
    stay inside the change, so a paragraph break is never cut in two."""
    size = 0
    while size < min(len(a), len(b)) and a[size] == b[size] and a[size] != "\n":
        if not layout and not a[size].isspace():
            break
        size += 1
    return a[:size]


def _heading_line(pair: RedlinePair) -> list[Operation]:
    """``label — heading`` for both versions, as operations: the label and the heading
    word-diffed, the dash kept, inserted or deleted with the heading."""
    old, new = pair.old, pair.new
    if old is None or new is None:
        shown = new or old
        assert shown is not None
        return [Operation(Op.INSERT if new else Op.DELETE, heading_line(shown))]
    line = list(diff_texts(old.label or old.key, new.label or new.key))
    dash = _existence(bool(old.heading), bool(new.heading))
    if old.heading or new.heading:
        line.append(Operation(dash, " — "))
    return line + list(pair.heading_operations)


def heading_line(provision: Provision) -> str:
    """How a provision is named in the file: ``Article 5 — Definitions``."""
    label = provision.label or provision.key
    return f"{label} — {provision.heading}" if provision.heading else label


def _pieces(operations: Sequence[Operation]) -> Iterator[tuple[Op, str]]:
    return ((o.op, o.text) for o in operations if o.text)


class _Revisions:
    """Makes ``w:ins`` / ``w:del`` elements, each with the next ``w:id``."""

    def __init__(self, author: str, date: str) -> None:
        self.author = author
        self.date = date
        self.count = 0

    def make(self, op: Op) -> etree._Element:
        self.count += 1
        element = OxmlElement("w:ins" if op is Op.INSERT else "w:del")
        element.set(qn("w:id"), str(self.count))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        return element


def _write(
    document: Document, paragraph: _Paragraph, styles: dict[Style, str], marks: _Revisions
) -> None:
    style = None
    if paragraph.heading is not None:
        level = Style.HEADING_1 if paragraph.heading in _HEADING_1 else Style.HEADING_2
        style = styles[level]
    element = add_block(document, "", style)
    if paragraph.mark is not Op.EQUAL:
        properties = OxmlElement("w:rPr")
        properties.append(marks.make(paragraph.mark))
        element.get_or_add_pPr().append(properties)
    for op, text in paragraph.pieces:
        if op is Op.EQUAL:
            element.append(run(text))
            continue
        change = marks.make(op)
        change.append(run(text, deleted=op is Op.DELETE))
        element.append(change)


def _enable_tracking(document: Document) -> None:
    """Set ``w:trackRevisions``, in the place the settings schema gives it."""
    settings = document.settings.element
    if settings.find(qn("w:trackRevisions")) is not None:
        return
    tracking = OxmlElement("w:trackRevisions")
    anchor = settings.find(qn("w:defaultTabStop"))
    if anchor is not None:
        anchor.addprevious(tracking)
    else:
        settings.append(tracking)


def _w3c_date(when: datetime) -> str:
    """``2024-05-01T09:30:00Z``: Word's revision dates are UTC, to the second."""
    moment = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
