"""Tables out: CSV and XLSX from a header and rows of text, for ledgers and comment matrices.

Spreadsheet programs execute cells that start with ``=``, ``+``, ``-`` or ``@`` as formulas,
so such cells are written with a leading apostrophe (the OWASP "CSV injection" advice): a
party's reason must never run as a formula on the other side's machine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_csv(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return out.getvalue()


def write_xlsx(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, sheet: str = "Sheet1"
) -> bytes:
    """One sheet: bold, frozen header row with filters; long text wraps."""
    book = Workbook()
    ws = book.active
    assert ws is not None  # a new workbook always has one sheet
    ws.title = sheet[:31]
    ws.append(list(header))
    for row in rows:
        ws.append([safe_cell(c) for c in row])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for i, name in enumerate(header, start=1):
        longest = max([len(name), *(len(r[i - 1]) for r in rows)])
        ws.column_dimensions[get_column_letter(i)].width = min(max(longest, 8) + 2, 60)
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
