"""The consolidated text (:mod:`~inwriting.redline.brackets`) as a Word file.

It reads as :mod:`~inwriting.redline.bracket_render` prints it, so a text looks the same in
every format: a summary (``12 provisions: 5 agreed, ... ; 7 brackets, 4 options``) and a
table of the counts, then each provision under its label and heading with its state
(``open: 3 brackets, 2 options; not answered by Party C``) and its text, the disputed words
in brackets followed by each alternative attributed to its parties — ``elected for [nine]
[Party B: six] years``, a joint option once (``[Party B, Party C: six]``). A proposal to
delete or reject the whole provision brackets the whole text and follows it (``[Party C:
delete]``); exceptions follow as notes; a proposed provision stands in brackets where it
would go.

In Word the tabled wording in dispute is highlighted, the alternatives are in italics and
the parties' names in bold — but the brackets are always written out, so the text survives
printing in black and white, copying as plain text and reading aloud. Headings use Word's
heading styles, so the navigation pane lists every provision.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from docx.document import Document

from inwriting.domain.documents import ProvisionKind
from inwriting.domain.responses import PositionKind
from inwriting.formats.docx.writer import (
    add_block,
    add_table,
    check_text,
    new_document,
    run,
    save,
    style_ids,
)
from inwriting.formats.drafts.outline import Style
from inwriting.redline.bracket_render import state_line, summary_line
from inwriting.redline.brackets import (
    BracketedProvision,
    ConsolidatedText,
    Option,
    ProposedProvision,
    Segment,
)

__all__ = ["write_consolidated_docx"]

# A piece of text and its run properties; "\n\n" inside it starts a new paragraph.
Piece = tuple[str, tuple[str, ...]]
_DISPUTED = ("highlight:yellow",)
_OPTION = ("i",)
_PARTIES = ("b", "i")
_NOTE = ("i",)
_WORDS = {PositionKind.DELETE: "delete", PositionKind.REJECT: "reject"}
_HEADING_1 = (ProvisionKind.GROUP, ProvisionKind.ANNEX)


def write_consolidated_docx(text: ConsolidatedText, *, title: str) -> bytes:
    """The consolidated text as a ``.docx``. Raises :class:`~inwriting.errors.FormatError`
    for text a Word file cannot hold, naming the provision."""
    document = new_document(title)
    styles = style_ids(document)
    add_block(document, title, styles[Style.TITLE])
    add_block(document, summary_line(text) + ".")
    if text.parties:
        add_block(document, f"Parties asked: {', '.join(text.parties)}.")
    add_table(document, ("State", "Provisions"), _counts(text), widths=(2.5, 1.2))
    for item in text.items:
        if isinstance(item, ProposedProvision):
            where = f"new provision after {item.after_label or item.after}"
            _paragraphs(document, _proposal(item), where)
            continue
        level = Style.HEADING_1 if item.provision.kind in _HEADING_1 else Style.HEADING_2
        heading = _title(item)
        check_text(heading, heading)
        add_block(document, heading, styles[level])
        if item.state is not None:
            _paragraphs(document, [(state_line(item), _NOTE)], heading)
        _paragraphs(document, list(_body(item)), heading)
    return save(document)


def _counts(text: ConsolidatedText) -> list[tuple[str, str]]:
    rows = [(state.value.replace("_", " "), str(n)) for state, n in text.counts().items()]
    return [*rows, ("brackets", str(text.brackets)), ("options", str(text.options))]


def _title(item: BracketedProvision) -> str:
    p = item.provision
    label = p.label or p.key
    return f"{label} — {p.heading}" if p.heading else label


def _body(item: BracketedProvision) -> Iterator[Piece]:
    """The text with its brackets, then the whole-provision options and the exceptions,
    each in a paragraph of its own."""
    pieces = list(_text_of(item.segments))
    if item.whole:
        pieces = [("[", ()), *pieces, ("]", ())]
    if any(text.strip() for text, _ in pieces):
        yield from pieces
        yield "\n\n", ()
    for option in item.whole:
        yield from _option(option)
        yield "\n\n", ()
    for note in item.exceptions:
        yield f"Exception ({', '.join(note.parties)}): {note.text}", _NOTE
        yield "\n\n", ()


def _text_of(segments: Sequence[Segment]) -> Iterator[Piece]:
    """The segments as :mod:`~inwriting.redline.bracket_render` joins them: a space
    around a bracket wherever words would otherwise touch it."""
    last = ""  # the last character of the text as read, "]" after a bracket
    for segment in segments:
        if not segment.disputed:
            if last == "]" and segment.text[:1].isalnum():
                yield " ", ()
            yield segment.text, ()
            last = segment.text[-1:] or last
            continue
        core = segment.text.rstrip()
        trailing = segment.text[len(core) :]
        if last.isalnum():
            yield " ", ()
        if core:
            yield f"[{core}]", _DISPUTED
            yield " ", ()
        for index, option in enumerate(segment.options):
            if index:
                yield " ", ()
            yield from _option(option)
        yield trailing, ()
        last = trailing[-1:] or "]"


def _option(option: Option) -> Iterator[Piece]:
    """``[Party B, Party C: six]``: the parties in bold, the alternative in italics."""
    words = option.text if option.lacking else _WORDS.get(option.kind) or option.text or "delete"
    yield "[", _OPTION
    yield f"{', '.join(option.parties)}:", _PARTIES
    yield f" {words}]", _OPTION


def _proposal(item: ProposedProvision) -> list[Piece]:
    where = item.after_label or item.after
    return [
        ("[", _OPTION),
        (f"{', '.join(item.option.parties)}:", _PARTIES),
        (f" new provision after {where}:", _OPTION),
        ("\n\n", ()),
        (f"{item.option.text}]", ()),
    ]


def _paragraphs(document: Document, pieces: Sequence[Piece], where: str) -> None:
    """Write ``pieces`` as paragraphs of runs, a new paragraph at each ``"\\n\\n"``; a
    trailing break opens no empty paragraph."""
    current: list[Piece] = []
    for text, properties in pieces:
        check_text(text, where)
        parts = text.split("\n\n")
        for index, part in enumerate(parts):
            if index:
                _paragraph(document, current)
                current = []
            if part:
                current.append((part, properties))
    if current:
        _paragraph(document, current)


def _paragraph(document: Document, pieces: Sequence[Piece]) -> None:
    element = add_block(document, "")
    for text, properties in pieces:
        element.append(run(text, properties=properties))
