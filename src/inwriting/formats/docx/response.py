"""A party's response as a Word file: the article-by-article written answer, and back.

What a party sends is a letter in form: a title, a small table of particulars (party,
version answered, formal or interim, the record's receipt once submitted), the cover note,
then one real Word table with a row per answer —

===============  ==================================================================
Provision        the provision answered, as the version labels it ("Article 5"), or
                 "New provision after Article 5" for an addition
Key              its key (``art-5``); for an addition, the key it follows
Position         ``accept``, ``accept_with_exception``, ``amend``, ``reject``,
                 ``delete``, ``add``, or ``not answered`` (an interim response's gap)
Proposed text    the wording proposed (amend, add; a reject may propose wording)
Proposed text    the same wording in each other language of the version (one column per
(nl)             language, only for a version with language texts; empty: not given)
Exception        the exception taken (accept_with_exception)
Reason           why
===============  ==================================================================

— in the version's order, each addition after the provision it follows. The page is turned
to landscape for the six columns, and the header row repeats on every page.

:func:`read_response_docx` reads that shape back (the round trip is exact for positions
given in document order): a party can draft its answer in Word, in the table it was sent,
and upload it. It reads the *Key* and *Position* columns, never the labels, and takes
tracked changes as accepted, as the DOCX importer does. The package is checked by
:func:`~inwriting.formats.docx.reader.check_package` before anything is parsed (size, parts, ZIP
bombs, document type declarations). Whether the answer is complete and reasoned is the
domain's business (:func:`~inwriting.domain.responses.validate_response`), not the reader's.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

import docx
from lxml import etree

from inwriting.domain.documents import Provision
from inwriting.domain.languages import language_tag
from inwriting.domain.responses import Position, PositionKind, ResponseContent, ResponseKind
from inwriting.errors import FormatError, ValidationError
from inwriting.formats.docx.numbering import W
from inwriting.formats.docx.reader import check_package, paragraph_text
from inwriting.formats.docx.writer import (
    add_block,
    add_table,
    check_text,
    landscape,
    new_document,
    save,
    style_ids,
)
from inwriting.formats.drafts.outline import Style

__all__ = [
    "COLUMNS",
    "FORMAT_VERSION",
    "NOT_ANSWERED",
    "columns_for",
    "read_response_docx",
    "write_response_docx",
]

FORMAT_VERSION = "1"
COLUMNS = ("Provision", "Key", "Position", "Proposed text", "Exception", "Reason")
NOT_ANSWERED = "not answered"
_COVER_NOTE = "Cover note"
_INTERIM = "interim: an explicitly partial answer"
_WIDTHS = (1.3, 0.9, 1.2, 2.4, 1.5, 1.7)  # inches: 9 in all, a landscape page's text width
_KINDS = ", ".join(kind.value for kind in PositionKind)


def columns_for(languages: Sequence[str]) -> tuple[str, ...]:
    """The table's columns for a version with language texts in ``languages`` (its own
    language's proposed text in "Proposed text", then one column per other language)."""
    return (*COLUMNS[:4], *(f"Proposed text ({lang})" for lang in languages), *COLUMNS[4:])


def write_response_docx(
    draft: ResponseContent,
    provisions: Sequence[Provision],
    *,
    version_label: str,
    title: str,
    receipt: str | None = None,
    languages: Sequence[str] = (),
) -> bytes:
    """The response as a ``.docx``; ``provisions`` are the version's, in order (labels for
    the table, and the order of its rows); ``receipt`` the record's receipt (entry index and
    content hash) of a submitted response; ``languages`` the version's other languages, a
    column each for the proposed text in it."""
    rows = [_with_wordings(row, position, languages) for row, position in _rows(draft, provisions)]
    for row in rows:
        for text in row:
            check_text(text, row[0] or row[1])
    check_text(draft.cover_note, _COVER_NOTE)
    document = new_document(title)
    landscape(document)
    styles = style_ids(document)
    add_block(document, title, styles[Style.TITLE])
    rows_of_particulars = _particulars(draft, version_label, receipt)
    add_table(document, ("Particulars", ""), rows_of_particulars, widths=(2.0, 7.0))
    if draft.cover_note:
        add_block(document, _COVER_NOTE, styles[Style.HEADING_1])
        for paragraph in draft.cover_note.split("\n\n"):
            add_block(document, paragraph)
    add_block(document, "Positions", styles[Style.HEADING_1])
    add_table(document, columns_for(languages), rows, widths=_widths(len(languages)))
    return save(document)


def _with_wordings(
    row: tuple[str, ...], position: Position | None, languages: Sequence[str]
) -> tuple[str, ...]:
    wordings = [position.wording(lang) if position else "" for lang in languages]
    return (*row[:4], *wordings, *row[4:])


def _widths(languages: int) -> tuple[float, ...]:
    """The proposed text's 2.4 inches shared with its other languages' columns."""
    if not languages:
        return _WIDTHS
    text = _WIDTHS[3] + 1.2  # the exception and reason give up some width
    each = text / (languages + 1)
    return (*_WIDTHS[:3], *[each] * (languages + 1), _WIDTHS[4] - 0.5, _WIDTHS[5] - 0.7)


def _particulars(
    draft: ResponseContent, version_label: str, receipt: str | None
) -> list[tuple[str, str]]:
    kind = _INTERIM if draft.kind is ResponseKind.INTERIM else ResponseKind.FORMAL.value
    rows = [("Party", draft.party), ("Version", version_label), ("Response", kind)]
    if receipt:
        rows.append(("Record receipt", receipt))
    rows.append(("Format version", FORMAT_VERSION))
    return rows


def _rows(
    draft: ResponseContent, provisions: Sequence[Provision]
) -> Iterator[tuple[tuple[str, ...], Position | None]]:
    """One row per answer in the version's order, additions after what they follow, then
    answers to keys the version does not have (so nothing written is lost); each with its
    position (None for a provision not answered)."""
    labels = {p.key: p.label or p.key for p in provisions}
    answers: dict[str, list[Position]] = {}
    added: dict[str, list[Position]] = {}
    for position in draft.positions:
        into = added if position.kind is PositionKind.ADD else answers
        into.setdefault(position.target, []).append(position)
    for provision in provisions:
        if provision.answerable:
            found = answers.pop(provision.key, [])
            yield from ((_row(p, labels), p) for p in found)
            if not found:
                yield (labels[provision.key], provision.key, NOT_ANSWERED, "", "", ""), None
        yield from ((_row(p, labels), p) for p in added.pop(provision.key, []))
    for rest in (*answers.values(), *added.values()):
        yield from ((_row(p, labels), p) for p in rest)


def _row(position: Position, labels: dict[str, str]) -> tuple[str, ...]:
    target = position.target
    label = labels.get(target, position.ref or target)
    if position.kind is PositionKind.ADD:
        label = f"New provision after {label}"
    return (
        label,
        target,
        position.kind.value,
        position.text,
        position.exception,
        position.reason,
    )


# Reading


def read_response_docx(data: bytes, *, source: str = "") -> ResponseContent:
    """The response in a ``.docx`` written by :func:`write_response_docx` (and perhaps
    edited in Word since). Raises :class:`~inwriting.errors.FormatError` only, naming the
    table row at fault."""
    check_package(data, source)
    try:
        body = docx.Document(io.BytesIO(data)).element.body
    except Exception as error:  # python-docx raises what its parts raise; all mean "unreadable"
        raise FormatError(f"not a readable DOCX file: {error}", source=source) from error
    particulars: dict[str, str] | None = None
    positions: tuple[Position, ...] | None = None
    for table in body.iterfind(f"{W}tbl"):
        rows = [_cells(row, number, source) for number, row in enumerate(_trs(table), 1)]
        languages = _languages(rows[0]) if rows else None
        if languages is not None and positions is None:
            positions = tuple(_positions(rows, languages, source))
        elif rows and rows[0][:1] == ["Particulars"] and particulars is None:
            particulars = {row[0].strip(): row[1].strip() for row in rows[1:] if len(row) == 2}
    if particulars is None or positions is None:
        raise FormatError(
            "not an InWriting response: expected a table of particulars and a table headed "
            + " | ".join(COLUMNS),
            source=source,
        )
    party, kind = _party(particulars, source)
    return ResponseContent(party, kind, _cover_note(body), positions)


def _trs(table: etree._Element) -> Iterator[etree._Element]:
    return table.iterfind(f"{W}tr")


def _cells(row: etree._Element, number: int, source: str) -> list[str]:
    cells = []
    for cell in row.iterfind(f"{W}tc"):
        if cell.find(f".//{W}tbl") is not None:
            raise FormatError(f"table row {number}: a cell holds a table", source=source)
        cells.append("\n\n".join(paragraph_text(p) for p in cell.iterfind(f"{W}p")))
    return cells


def _languages(header: list[str]) -> tuple[str, ...] | None:
    """The other languages of a positions table's header (() for the plain six columns), or
    None when it is not the header of a positions table."""
    cells = [cell.strip() for cell in header]
    if (
        len(cells) < len(COLUMNS)
        or cells[:4] != list(COLUMNS[:4])
        or cells[-2:] != list(COLUMNS[4:])
    ):
        return None
    found = []
    for cell in cells[4:-2]:
        if not (cell.startswith("Proposed text (") and cell.endswith(")")):
            return None
        found.append(cell[len("Proposed text (") : -1])
    return tuple(found)


def _positions(
    rows: list[list[str]], languages: tuple[str, ...], source: str
) -> Iterator[Position]:
    expected = len(COLUMNS) + len(languages)
    for number, cells in enumerate(rows[1:], 2):
        if len(cells) != expected:
            raise FormatError(
                f"positions table, row {number}: {len(cells)} cells, expected {expected}",
                source=source,
            )
        _, key, kind, text, *given, exception, reason = cells
        wordings = _wordings(languages, given, source)
        wanted = kind.strip().casefold()
        if wanted == NOT_ANSWERED:
            continue
        try:
            position = PositionKind(wanted.replace(" ", "_"))
        except ValueError:
            raise FormatError(
                f"positions table, row {number}: unknown position {kind.strip()!r} "
                f"(expected one of {_KINDS}, or {NOT_ANSWERED!r})",
                source=source,
            ) from None
        if not key.strip():
            raise FormatError(f"positions table, row {number}: no key", source=source)
        ref = key.strip()
        yield Position(
            position,
            provision="" if position is PositionKind.ADD else ref,
            after=ref if position is PositionKind.ADD else "",
            text=text,
            reason=reason,
            exception=exception,
            ref=ref,
            wordings=wordings,
        )


def _wordings(languages: tuple[str, ...], given: list[str], source: str) -> dict[str, str]:
    """The language columns filled in (an empty cell: not given in that language)."""
    found: dict[str, str] = {}
    for header, text in zip(languages, given, strict=True):
        try:
            language = language_tag(header)
        except ValidationError as error:
            message = f"positions table, column 'Proposed text ({header})': {error.message}"
            raise FormatError(message, source=source) from None
        if language in found:
            raise FormatError(f"positions table: two columns for {language}", source=source)
        if text.strip():
            found[language] = text
    return dict(sorted(found.items()))


def _party(particulars: dict[str, str], source: str) -> tuple[str, ResponseKind]:
    party = particulars.get("Party", "")
    if not party:
        raise FormatError("the table of particulars names no party", source=source)
    kind = particulars.get("Response", ResponseKind.FORMAL.value).casefold()
    if kind.startswith(ResponseKind.INTERIM.value):
        return party, ResponseKind.INTERIM
    if kind in ("", ResponseKind.FORMAL.value):
        return party, ResponseKind.FORMAL
    raise FormatError(f"response {kind!r}: expected formal or interim", source=source)


def _cover_note(body: etree._Element) -> str:
    """The paragraphs under the heading "Cover note", up to the next heading or table."""
    found: list[str] | None = None
    for block in body:
        if found is not None and (block.tag != f"{W}p" or _is_heading(block)):
            break
        if block.tag != f"{W}p":
            continue
        if found is None:
            if _is_heading(block) and paragraph_text(block).strip() == _COVER_NOTE:
                found = []
            continue
        found.append(paragraph_text(block))
    return "\n\n".join(found or [])


def _is_heading(paragraph: etree._Element) -> bool:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style is not None and style.get(f"{W}val", "").startswith(("Heading", "Title"))
