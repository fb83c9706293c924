"""Formats: pure codecs between files and the domain's values.

An importer turns the text of a draft into a :class:`~inwriting.domain.documents.ParsedDocument`
(a title and the provisions in document order); an exporter does the reverse. Codecs are
functions of values: they never touch the database, the network or the clock, and the only
functions here that touch the file system are :func:`read_document` and
:func:`import_document`, the thin shell that reads a file's bytes. Whatever is wrong with an
input — not UTF-8, binary, empty, no recognisable structure — is reported as
:class:`~inwriting.errors.FormatError` naming the source and, where known, the line; an
importer raises nothing else, and is fuzzed to keep it so.

The codecs live in families, one sub-package each:

* :mod:`~inwriting.formats.drafts` parses Markdown and plain text drafts into provisions with
  keys, and writes Markdown back;
* :mod:`~inwriting.formats.pdf_text` reads the text layer of PDF drafts (and
  :mod:`~inwriting.formats.pdf` typesets PDFs);
* :mod:`~inwriting.formats.docx` reads and writes Word files (clean, tracked-change redline,
  response table, consolidated text);
* :mod:`~inwriting.formats.akn` maps Akoma Ntoso 3.0 XML both ways;
* :mod:`~inwriting.formats.responses` reads and writes a party's answers as files (response
  files, the comment matrix, choices);
* :mod:`~inwriting.formats.safety` holds the hardened XML and YAML readers every family uses;
* beside them, :mod:`~inwriting.formats.native_json` (the lossless, versioned JSON),
  :mod:`~inwriting.formats.pdf`, :mod:`~inwriting.formats.tables` (CSV and XLSX) and
  :mod:`~inwriting.formats.atom`.

Binary input goes through :func:`parse_bytes` (or :func:`read_document`, which reads a file);
:func:`parse_document` takes text. The ``import_`` variants also return the notes a user should
see (tracked changes accepted, collection documents taken as annexes).

The rules, as users see them, are in ``docs/provision-keys.md``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from inwriting.domain import documents
from inwriting.domain.documents import ParsedDocument
from inwriting.errors import FormatError
from inwriting.formats.akn.ids import NAMESPACES
from inwriting.formats.drafts.markdown import parse_markdown
from inwriting.formats.drafts.markdown_writer import write_markdown
from inwriting.formats.drafts.plaintext import parse_text
from inwriting.formats.drafts.structure import too_many_provisions
from inwriting.formats.imported import Imported
from inwriting.formats.native_json import read_json, write_json
from inwriting.formats.safety.text import decode

if TYPE_CHECKING:  # the DOCX and Akoma Ntoso codecs load lxml and python-docx: on first use
    from inwriting.formats.akn.writer import AknMetadata

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "MAX_DOCUMENT_BYTES",
    "Imported",
    "decode",
    "detect_format",
    "import_bytes",
    "import_document",
    "parse_bytes",
    "parse_document",
    "read_document",
    "render_document",
]

_Parsed = TypeVar("_Parsed", ParsedDocument, Imported)
DocumentFormat = Literal["markdown", "text", "docx", "pdf", "akn", "json"]

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
FORMATS = ("auto", "markdown", "text", "docx", "pdf", "akn", "json")
EXPORT_FORMATS = ("markdown", "docx", "akn", "json")
_SUFFIXES: dict[str, DocumentFormat] = {".md": "markdown", ".markdown": "markdown"}
_SUFFIXES |= {".docx": "docx", ".pdf": "pdf", ".xml": "akn", ".akn": "akn", ".json": "json"}
_WORD_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # a ZIP package; an old binary .doc
_XML_ENCODING = re.compile(r"^(<\?xml[^>]*?encoding=)([\"'])[^\"']*\2")


def detect_format(text: str, source: str = "") -> DocumentFormat:
    """The format of a draft, from its file name, else its content.

    By name: ``.md``/``.markdown``, ``.docx``, ``.pdf``, ``.xml``/``.akn`` (Akoma Ntoso),
    ``.json``. By
    content: XML whose root is ``akomaNtoso`` in an Akoma Ntoso namespace, a JSON object with
    a ``format_version``, Markdown for a text with ``#`` headings, else plain text.

    A single line starting with "#" is not enough in a text without spaces after its hashes
    ("#1 priority"): it takes a heading written the standard way ("# Title") or two written
    the converters' way ("####Purposes and principles").
    """
    by_name = _by_suffix(source)
    if by_name:
        return by_name
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.startswith("<") and "akomaNtoso" in head and any(ns in head for ns in NAMESPACES):
        return "akn"
    if head.startswith("{") and '"format_version"' in head:
        return "json"
    standard = glued = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        hashes = len(stripped) - len(stripped.lstrip("#"))
        if not 1 <= hashes <= 6 or len(line) - len(stripped) > 3:
            continue
        after = stripped[hashes:]
        if after[:1] in (" ", "\t") and after.strip():
            standard += 1
        elif after.strip():
            glued += 1
    return "markdown" if standard or glued >= 2 else "text"


def _by_suffix(source: str) -> DocumentFormat | None:
    name = source.casefold()
    return next((fmt for suffix, fmt in _SUFFIXES.items() if name.endswith(suffix)), None)


def _check_format(format: str, source: str) -> None:
    if format not in FORMATS:
        known = ", ".join(repr(f) for f in FORMATS)
        raise FormatError(f"unknown format {format!r}: expected one of {known}", source=source)


def parse_document(text: str, *, format: str = "auto", source: str = "") -> ParsedDocument:
    """Parse a draft given as text into its title and provisions.

    ``format`` is ``"auto"`` (see :func:`detect_format`), ``"markdown"``, ``"text"``,
    ``"akn"`` or ``"json"`` (DOCX is binary: use :func:`parse_bytes`); ``source`` names the
    input in error messages (usually the file name). Same input, same output: the result
    depends on nothing else.
    """
    _check_format(format, source)
    chosen = detect_format(text, source) if format == "auto" else format
    if chosen in ("docx", "pdf"):
        kind = chosen.upper()
        raise FormatError(f"a {kind} file is binary: read it as bytes, not text", source=source)
    if chosen == "akn":
        from inwriting.formats.akn.reader import import_akn

        return _capped(import_akn(_xml_bytes(text), source=source).document, source)
    if chosen == "json":
        return _capped(read_json(text, source=source), source)
    if chosen == "markdown":
        return parse_markdown(text, source=source)
    return parse_text(text, source=source)


def _xml_bytes(text: str) -> bytes:
    """XML text as UTF-8 bytes, its declaration saying so (it was decoded already)."""
    return _XML_ENCODING.sub(r"\1\2UTF-8\2", text.lstrip("\ufeff"), count=1).encode("utf-8")


def parse_bytes(data: bytes, *, format: str = "auto", source: str = "") -> ParsedDocument:
    """Parse a draft given as the bytes of a file, in any format (see :func:`import_bytes`)."""
    return import_bytes(data, format=format, source=source).document


def import_bytes(data: bytes, *, format: str = "auto", source: str = "") -> Imported:
    """Parse the bytes of a file, with the notes a user should see.

    DOCX (by name, or by its ZIP signature), PDF (by name, or by its ``%PDF-`` header) and
    Akoma Ntoso XML (by name, or by its root) are read as bytes, so that their own encoding
    rules apply; everything else must be UTF-8 text. An old binary ``.doc`` is sent to the
    DOCX reader too, which refuses it by name.
    """
    _check_format(format, source)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise FormatError("file too large: documents are limited to 20 MB", source=source)
    chosen = format
    if format == "auto":
        chosen = _by_suffix(source) or _by_magic(data)
    if chosen == "auto" and data.lstrip()[:1] == b"<":
        chosen = detect_format(data[:4096].decode("utf-8", "replace"))
    if chosen == "docx":
        from inwriting.formats.docx.reader import import_docx

        return _capped(import_docx(data, source=source), source)
    if chosen == "pdf":
        from inwriting.formats.pdf_text import parse_pdf

        return Imported(parse_pdf(data, source=source))
    if chosen == "akn":
        from inwriting.formats.akn.reader import import_akn

        return _capped(import_akn(data, source=source), source)
    return Imported(parse_document(decode(data, source), format=chosen, source=source))


def _by_magic(data: bytes) -> DocumentFormat | Literal["auto"]:
    """A binary format told by the file's first bytes, else ``"auto"``."""
    if data.startswith(_WORD_MAGIC):
        return "docx"
    return "pdf" if data.startswith(b"%PDF-") else "auto"


def _capped(parsed: _Parsed, source: str) -> _Parsed:
    """``parsed``, unless it has more provisions than a version may have (whatever format
    it came in; the text parsers refuse such a document before building it)."""
    doc = parsed.document if isinstance(parsed, Imported) else parsed
    if len(doc.provisions) > documents.MAX_PROVISIONS:
        raise too_many_provisions(source)
    return parsed


def read_document(path: Path, format: str = "auto") -> ParsedDocument:
    """Read and parse a draft file: text in UTF-8 (with or without a byte-order mark), DOCX
    or Akoma Ntoso XML as bytes.

    Files larger than 20 MB are refused before they are read in full: no draft is that big,
    and a mistaken upload of a database dump should fail fast.
    """
    return import_document(path, format).document


def import_document(path: Path, format: str = "auto") -> Imported:
    """Like :func:`read_document`, with the notes a user should see."""
    source = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise FormatError(f"cannot read the file: {reason}", source=source) from error
    return import_bytes(data, format=format, source=source)


def render_document(
    doc: ParsedDocument, format: str, *, metadata: AknMetadata | None = None
) -> bytes:
    """The version as the bytes of a file in ``format`` (one of :data:`EXPORT_FORMATS`);
    ``metadata`` dates and signs an Akoma Ntoso export."""
    if format == "markdown":
        return write_markdown(doc).encode("utf-8")
    if format == "docx":
        from inwriting.formats.docx.writer import write_docx

        return write_docx(doc)
    if format == "akn":
        from inwriting.formats.akn.writer import write_akn

        return write_akn(doc, metadata)
    if format == "json":
        return write_json(doc).encode("utf-8")
    known = ", ".join(repr(f) for f in EXPORT_FORMATS)
    raise FormatError(f"cannot write format {format!r}: expected one of {known}")
