"""A response from any file a party may send: the YAML/JSON response file, the Word table we
export, or an ISO/IEC comment matrix (XLSX or CSV) — chosen by the file's name."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from inwriting.domain.responses import ResponseContent
from inwriting.errors import FormatError
from inwriting.formats.docx.response import read_response_docx
from inwriting.formats.responses.comment_matrix import read_comment_matrix
from inwriting.formats.responses.files import read_response_bytes


def read_any_response(data: bytes, *, source: str, party: str | None = None) -> ResponseContent:
    """The response in ``data``. A comment matrix may hold several parties' comments: then
    ``party`` says whose to take (it may be left out when there is only one)."""
    suffix = PurePath(source).suffix.lower()
    if suffix == ".docx":
        draft = read_response_docx(data, source=source)
    elif suffix in (".xlsx", ".csv"):
        draft = _from_matrix(data, source, "csv" if suffix == ".csv" else "xlsx", party)
    else:
        draft = read_response_bytes(data, source=source).content
    if party and draft.party and draft.party != party:
        raise FormatError(
            f"this is the response of {draft.party!r}, not of {party!r}", source=source
        )
    return draft if draft.party else replace(draft, party=party or "")


def _from_matrix(data: bytes, source: str, fmt: str, party: str | None) -> ResponseContent:
    by_party = read_comment_matrix(data, source=source, fmt="csv" if fmt == "csv" else "xlsx")
    if party is None and len(by_party) == 1:
        return next(iter(by_party.values()))
    if party is None:
        names = ", ".join(sorted(by_party))
        raise FormatError(f"the matrix has several parties ({names}): say which", source=source)
    if party not in by_party:
        raise FormatError(f"the matrix has no row of {party!r}", source=source)
    return by_party[party]
