"""InWriting's own JSON: a version exactly as the domain holds it, versioned.

::

    {"format_version": 1,
     "title": "Agreement on ...",
     "provisions": [{"key": "art-1", "kind": "article", "label": "Article 1", "number": "1",
                     "heading": "Scope", "text": "This Agreement ...", "parent": "ch-1"}, ...]}

A provision with footnotes has ``"notes"`` too, a list of their texts (absent when there are
none, so older files and older digests are unchanged). This is the only format that keeps
everything by construction (it is
:meth:`~inwriting.domain.documents.ParsedDocument.as_dict` with a version number), so it is
the one to use between InWriting installations. ``format_version`` is 1; a reader that finds
another number refuses the file rather than guess what changed. The reader checks what the
domain promises of a parsed document: known kinds, unique keys, every parent a group that comes
before, something to answer.
"""

from __future__ import annotations

import json

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.errors import FormatError

__all__ = ["FORMAT_VERSION", "read_json", "write_json"]

FORMAT_VERSION = 1
_FIELDS = ("key", "kind", "label", "number", "heading", "text")


def write_json(doc: ParsedDocument) -> str:
    """The version as pretty-printed JSON (UTF-8 text, non-ASCII kept), ending in a newline."""
    data = {"format_version": FORMAT_VERSION, **doc.as_dict()}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def read_json(text: str, *, source: str = "") -> ParsedDocument:
    """Read a version written by :func:`write_json`. Raises :class:`FormatError` only."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"not valid JSON: {error.msg}"
        raise FormatError(message, source=source, line=error.lineno) from error
    except RecursionError as error:
        raise FormatError("not valid JSON: nested too deeply", source=source) from error
    if not isinstance(data, dict):
        raise FormatError("not an InWriting document: expected a JSON object", source=source)
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise FormatError(
            f"unsupported format_version {version!r}: this InWriting reads version "
            f"{FORMAT_VERSION}",
            source=source,
        )
    title = data.get("title", "")
    items = data.get("provisions")
    if not isinstance(title, str) or not isinstance(items, list):
        raise FormatError(
            "not an InWriting document: expected a string 'title' and a list 'provisions'",
            source=source,
        )
    provisions = tuple(_provision(item, n, source) for n, item in enumerate(items, 1))
    _check(provisions, source)
    return ParsedDocument(title=title, provisions=provisions)


def _provision(item: object, position: int, source: str) -> Provision:
    where = f"provision {position}"
    if not isinstance(item, dict):
        raise FormatError(f"{where}: expected an object", source=source)
    values = {name: item.get(name, "") for name in _FIELDS}
    wrong = [name for name, value in values.items() if not isinstance(value, str)]
    if wrong:
        raise FormatError(f"{where}: {', '.join(wrong)} must be text", source=source)
    parent = item.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise FormatError(f"{where}: parent must be a key or null", source=source)
    if not values["key"]:
        raise FormatError(f"{where}: the key is missing", source=source)
    notes = item.get("notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) and n for n in notes):
        raise FormatError(f"{where}: notes must be a list of texts", source=source)
    try:
        kind = ProvisionKind(values["kind"])
    except ValueError:
        known = ", ".join(k.value for k in ProvisionKind)
        raise FormatError(
            f"{where} ({values['key']}): unknown kind {values['kind']!r} (one of {known})",
            source=source,
        ) from None
    return Provision(
        key=str(values["key"]),
        kind=kind,
        label=str(values["label"]),
        number=str(values["number"]),
        heading=str(values["heading"]),
        text=str(values["text"]),
        parent=parent,
        notes=tuple(notes),
    )


def _check(provisions: tuple[Provision, ...], source: str) -> None:
    groups: set[str] = set()
    seen: set[str] = set()
    for provision in provisions:
        if provision.key in seen:
            raise FormatError(f"duplicate key {provision.key!r}", source=source)
        if provision.parent is not None and provision.parent not in groups:
            raise FormatError(
                f"{provision.key}: parent {provision.parent!r} is not a group before it",
                source=source,
            )
        seen.add(provision.key)
        if not provision.answerable:
            groups.add(provision.key)
    if not any(p.answerable for p in provisions):
        raise FormatError("no provisions found: the document has nothing to answer", source=source)
