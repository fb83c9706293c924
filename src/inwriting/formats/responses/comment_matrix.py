"""The comment matrix: every party's positions in the columns of the ISO/IEC commenting
template, as XLSX or CSV, and back.

Standards committees trade comments in one spreadsheet layout (the ISO/IEC "Template for
comments and secretariat observations"); a secretariat can sort, filter and resolve ours
in the tools it already has. One row per position of every party, provision by provision
in the version's order, parties in the order given, each proposed provision after the one it
follows:

=================================  ============================================================
MB/NC                              the party (a member body or national committee)
Line number                        blank: InWriting drafts have no line numbers
Clause/Subclause                   the provision's label ("Article 5"); "after Article 5" for
                                   a proposed new provision
Paragraph/Figure/Table             the provision's key (``art-5``); for ``add``, the key it
                                   follows
Type of comment                    ``te`` (technical) for amend, reject, delete and add;
                                   ``ge`` (general) for accept_with_exception; blank for
                                   accept. ``ed`` (editorial) is never written: nothing tells an
                                   editorial amendment from another
Comments                           the reason; for accept_with_exception the exception (and
                                   its reason after a blank line and "Reason: ")
Proposed change                    the proposed text (amend, add, a reject that proposes
                                   wording); ``Delete`` for delete
Observations of the secretariat    blank, for the secretariat
Status                             the position: accept, accept_with_exception, amend, ...
Link                               the provision on the web (``base_url#key``), when given
=================================  ============================================================

Reading (:func:`read_comment_matrix`) maps each row onto a position, for sheets this module
wrote and for the ISO template filled in by hand. The header row is found among the first
rows (the template has a title block above it) by its names, forgiving footnote digits and
"(e.g. 3.1)" hints. A row names its party (MB/NC) and its provision (Paragraph/Figure/Table
as a key, else Clause/Subclause as a label). Then:

* a **Status** is the position, and the other columns fill it as written above;
* without one, **Proposed change** "Delete" (or "Delete clause") is ``delete`` and any
  other proposed change ``amend``, the comment being the reason;
* a comment without a proposed change is ``reject`` when its type is ``te`` and
  ``accept_with_exception`` when ``ge`` or ``ed``; with no type it cannot be read either way
  and is refused;
* an empty row is skipped; a row with neither comment, proposed change nor status, or
  without a party or a provision, is refused with a :class:`~inwriting.errors.FormatError`
  naming the row as the spreadsheet numbers it.

Whether the positions are complete and reasoned is the domain's rule
(:func:`~inwriting.domain.responses.validate_response`): the matrix has no cover note, and a
hand-filled one usually answers only the provisions commented on. Workbooks are checked as
DOCX packages are (:func:`~inwriting.formats.docx.reader.check_package`: size, parts, ZIP bombs,
document type declarations) and read by openpyxl in read-only mode, at most
:data:`MAX_ROWS` rows of :data:`MAX_COLUMNS` columns.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Literal
from urllib.parse import quote

import openpyxl

from inwriting.domain.documents import Provision
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.errors import FormatError
from inwriting.formats.docx.reader import check_package
from inwriting.formats.docx.writer import check_text
from inwriting.formats.safety.text import decode
from inwriting.formats.tables import safe_cell, write_csv, write_xlsx

__all__ = [
    "HEADER",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "comment_matrix",
    "matrix_rows",
    "read_comment_matrix",
]

HEADER = (
    "MB/NC",
    "Line number",
    "Clause/Subclause",
    "Paragraph/Figure/Table",
    "Type of comment",
    "Comments",
    "Proposed change",
    "Observations of the secretariat",
    "Status",
    "Link",
)
MAX_ROWS = 100_000
MAX_COLUMNS = 64
MAX_CSV_BYTES = 20 * 1024 * 1024
MatrixFormat = Literal["xlsx", "csv"]
_TYPES = {PositionKind.ACCEPT: "", PositionKind.ACCEPT_WITH_EXCEPTION: "ge"}
_REASON = "\n\nReason: "
_DELETE = re.compile(r"delete(?: (?:the |this )?(?:clause|subclause|provision|article))?\.?")
_SHEET = "Comments"


def matrix_rows(
    provisions: Sequence[Provision],
    responses: Mapping[str, ResponseContent],
    *,
    base_url: str = "",
) -> list[tuple[str, ...]]:
    """The rows under :data:`HEADER`: one per position (responses by party, positions
    resolved to keys), in the version's order; ``base_url`` makes the Link column."""
    labels = {p.key: p.label or p.key for p in provisions}
    order = {p.key: index for index, p in enumerate(provisions)}
    rows: list[tuple[int, bool, int, tuple[str, ...]]] = []
    for party_index, (party, draft) in enumerate(responses.items()):
        for position in draft.positions:
            where = order.get(position.target, len(order))
            added = position.kind is PositionKind.ADD
            rows.append((where, added, party_index, _row(party, position, labels, base_url)))
    rows.sort(key=lambda item: item[:3])  # stable: a party's own order is kept
    return [row for *_, row in rows]


def _row(
    party: str, position: Position, labels: Mapping[str, str], base_url: str
) -> tuple[str, ...]:
    key = position.target
    clause = labels.get(key, position.ref or key)
    comments = position.reason
    proposed = position.text
    if position.kind is PositionKind.ADD:
        clause = f"after {clause}"
    elif position.kind is PositionKind.ACCEPT_WITH_EXCEPTION:
        comments = position.exception + (_REASON + position.reason if position.reason else "")
    elif position.kind is PositionKind.DELETE:
        proposed = "Delete"
    kind = _TYPES.get(position.kind, "te")
    link = f"{base_url}#{quote(key)}" if base_url and key else ""
    return (party, "", clause, key, kind, comments, proposed, "", position.kind.value, link)


def comment_matrix(
    provisions: Sequence[Provision],
    responses: Mapping[str, ResponseContent],
    *,
    fmt: MatrixFormat = "xlsx",
    base_url: str = "",
) -> bytes:
    """The matrix as the bytes of an XLSX workbook (one sheet, "Comments": bold frozen
    header, filters) or a UTF-8 CSV file."""
    rows = matrix_rows(provisions, responses, base_url=base_url)
    if fmt == "csv":
        return write_csv(HEADER, rows).encode("utf-8")
    for row in rows:  # a workbook is XML: what XML cannot hold is refused, not garbled
        for cell in row:
            check_text(cell, f"{row[0]}, {row[2]}")
    return write_xlsx(HEADER, rows, sheet=_SHEET)


# Reading


def read_comment_matrix(
    data: bytes, *, source: str = "", fmt: MatrixFormat = "xlsx"
) -> dict[str, ResponseContent]:
    """Each party's positions in a comment matrix (see the module docstring for how rows
    map onto positions), in the order of the rows. Raises
    :class:`~inwriting.errors.FormatError` only."""
    rows = _xlsx_rows(data, source) if fmt == "xlsx" else _csv_rows(data, source)
    header_at, columns = _header(rows, source)
    found: dict[str, list[Position]] = {}
    for number, cells in rows[header_at + 1 :]:
        values = {
            name: _unescaped(cells[i]) if i < len(cells) else "" for name, i in columns.items()
        }
        if not any(value.strip() for value in values.values()):
            continue
        party = values.get("mbnc", "").strip()
        if not party:
            raise FormatError(f"row {number}: no MB/NC (the party)", source=source)
        found.setdefault(party, []).append(_position(values, number, source))
    return {party: ResponseContent(party, positions=tuple(p)) for party, p in found.items()}


_COLUMN_NAMES = {
    "mbnc": "MB/NC",
    "clausesubclause": "Clause/Subclause",
    "paragraphfiguretable": "Paragraph/Figure/Table",
    "typeofcomment": "Type of comment",
    "comments": "Comments",
    "proposedchange": "Proposed change",
    "status": "Status",
}
_REQUIRED = ("mbnc", "comments", "proposedchange")
_HEADER_SEARCH = 30  # rows above the header: the template's title block


def _normal_name(text: str) -> str:
    """``"Clause/ Subclause (e.g. 3.1)"`` → ``clausesubclause``; ``"MB/NC1"`` → ``mbnc``."""
    return re.sub(r"[^a-z]", "", text.casefold().split("(")[0])


def _header(rows: list[tuple[int, list[str]]], source: str) -> tuple[int, dict[str, int]]:
    for index, (_, cells) in enumerate(rows[:_HEADER_SEARCH]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(cells):
            name = _normal_name(cell)
            if name in _COLUMN_NAMES and name not in columns:
                columns[name] = position
        if all(name in columns for name in _REQUIRED) and (
            "clausesubclause" in columns or "paragraphfiguretable" in columns
        ):
            return index, columns
    wanted = ", ".join(_COLUMN_NAMES[name] for name in _REQUIRED)
    raise FormatError(
        f"not a comment matrix: no header row with {wanted} and Clause/Subclause or "
        "Paragraph/Figure/Table",
        source=source,
    )


def _position(values: Mapping[str, str], number: int, source: str) -> Position:
    key = values.get("paragraphfiguretable", "").strip()
    ref = key or values.get("clausesubclause", "").strip()
    comments, proposed = values.get("comments", ""), values.get("proposedchange", "")
    kind = _kind(values, number, source)
    if kind is PositionKind.ADD:
        after = ref if key else re.sub(r"^after\s+", "", ref, flags=re.IGNORECASE)
        if not after:
            raise FormatError(f"row {number}: add names no provision to follow", source=source)
        return Position(kind, after=after, text=proposed, reason=comments, ref=after)
    if not ref:
        raise FormatError(
            f"row {number}: no provision (Clause/Subclause or Paragraph/Figure/Table)",
            source=source,
        )
    if kind is PositionKind.ACCEPT_WITH_EXCEPTION:
        exception, _, reason = comments.partition(_REASON)
        return Position(kind, ref, exception=exception, reason=reason, ref=ref)
    if kind is PositionKind.DELETE or kind is PositionKind.ACCEPT:
        return Position(kind, ref, reason=comments, ref=ref)
    return Position(kind, ref, text=proposed, reason=comments, ref=ref)


def _kind(values: Mapping[str, str], number: int, source: str) -> PositionKind:
    status = values.get("status", "").strip().casefold()
    if status:
        try:
            return PositionKind(re.sub(r"[\s-]+", "_", status))
        except ValueError:
            known = ", ".join(k.value for k in PositionKind)
            raise FormatError(
                f"row {number}: unknown status {status!r} (expected one of {known})",
                source=source,
            ) from None
    proposed = values.get("proposedchange", "").strip()
    if proposed:
        return PositionKind.DELETE if _DELETE.fullmatch(proposed.casefold()) else PositionKind.AMEND
    if not values.get("comments", "").strip():
        raise FormatError(
            f"row {number}: nothing to read: no comment, proposed change or status",
            source=source,
        )
    kind = values.get("typeofcomment", "").strip().casefold()[:2]
    if kind == "te":
        return PositionKind.REJECT
    if kind in ("ge", "ed"):
        return PositionKind.ACCEPT_WITH_EXCEPTION
    raise FormatError(
        f"row {number}: a comment without a proposed change needs its type of comment: "
        "te (an objection, read as reject) or ge/ed (a remark, read as accept with exception)",
        source=source,
    )


def _unescaped(value: str) -> str:
    """Undo :func:`~inwriting.formats.tables.safe_cell`'s apostrophe before a formula
    character, so "- item" written as "'- item" reads back as written."""
    if value.startswith("'") and safe_cell(value[1:]) != value[1:]:
        return value[1:]
    return value


# Rows of a workbook or a CSV file, numbered as a spreadsheet numbers them.


def _xlsx_rows(data: bytes, source: str) -> list[tuple[int, list[str]]]:
    check_package(data, source, kind="XLSX")
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, conditional formats)
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises what its parts raise; all mean "unreadable"
        raise FormatError(f"not a readable XLSX file: {error}", source=source) from error
    try:
        sheet = book[_SHEET] if _SHEET in book.sheetnames else book.worksheets[0]
        return _limited(
            (
                [_text(value) for value in row]
                for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
            ),
            source,
        )
    except FormatError:
        raise
    except Exception as error:
        raise FormatError(f"not a readable XLSX file: {error}", source=source) from error
    finally:
        book.close()


def _csv_rows(data: bytes, source: str) -> list[tuple[int, list[str]]]:
    if len(data) > MAX_CSV_BYTES:
        raise FormatError("file too large: CSV files are limited to 20 MB", source=source)
    text = decode(data, source)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _limited((row[:MAX_COLUMNS] for row in reader), source)
    except csv.Error as error:
        raise FormatError(f"not valid CSV: {error}", source=source, line=reader.line_num) from error


def _limited(rows: Iterable[list[str]], source: str) -> list[tuple[int, list[str]]]:
    result: list[tuple[int, list[str]]] = []
    for number, row in enumerate(rows, 1):
        if number > MAX_ROWS:
            raise FormatError(f"refused: more than {MAX_ROWS} rows", source=source)
        result.append((number, row))
    return result


def _text(value: object) -> str:
    """A cell's value as the text a reader sees: whole numbers without ".0", dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)
