"""Formats: pure codecs between files and the domain's values.

An importer turns the text of a draft into a :class:`~inwriting.domain.documents.ParsedDocument`
(a title and the provisions in document order); an exporter does the reverse. Codecs are
functions of values: they never touch the database, the network or the clock, and the only
function here that touches the file system is :func:`read_document`, the thin shell that reads
bytes and decodes them. Whatever is wrong with an input — not UTF-8, binary, empty, no
recognisable structure — is reported as :class:`~inwriting.errors.FormatError` naming the
source and, where known, the line; an importer raises nothing else, and is fuzzed to keep it so.

Parsing drafts, from the outside in:

* :mod:`~inwriting.formats.markdown` and :mod:`~inwriting.formats.plaintext` read their syntax
  into lines (:mod:`~inwriting.formats.layout`), removing PDF page furniture on the way
  (:mod:`~inwriting.formats.pages`);
* :mod:`~inwriting.formats.headings` recognises labels ("Article 5", "§ 3", "CHAPTER II") and
  normalises their numbers; :mod:`~inwriting.formats.markers` decides, for the whole document,
  which of them open provisions;
* :mod:`~inwriting.formats.structure` assembles preamble, recitals, articles, groups, annexes
  and closing, and :mod:`~inwriting.formats.keys` gives each its key.

The rules, as users see them, are in ``docs/provision-keys.md``.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Literal

from inwriting.domain.documents import ParsedDocument
from inwriting.errors import FormatError
from inwriting.formats.markdown import parse_markdown
from inwriting.formats.plaintext import parse_text

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "decode",
    "detect_format",
    "parse_document",
    "read_document",
]

DocumentFormat = Literal["markdown", "text"]

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_FORMATS = ("auto", "markdown", "text")
_MARKDOWN_SUFFIXES = (".md", ".markdown")


def detect_format(text: str, source: str = "") -> DocumentFormat:
    """``"markdown"`` for a ``.md``/``.markdown`` file or a text with ``#`` headings, else text.

    A single line starting with "#" is not enough in a text without spaces after its hashes
    ("#1 priority"): it takes a heading written the standard way ("# Title") or two written
    the converters' way ("####Purposes and principles").
    """
    if source.casefold().endswith(_MARKDOWN_SUFFIXES):
        return "markdown"
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


def parse_document(text: str, *, format: str = "auto", source: str = "") -> ParsedDocument:
    """Parse a draft into its title and provisions.

    ``format`` is ``"auto"`` (see :func:`detect_format`), ``"markdown"`` or ``"text"``;
    ``source`` names the input in error messages (usually the file name). Same input, same
    output: the result depends on nothing else.
    """
    if format not in _FORMATS:
        raise FormatError(
            f"unknown format {format!r}: expected 'auto', 'markdown' or 'text'", source=source
        )
    chosen = detect_format(text, source) if format == "auto" else format
    if chosen == "markdown":
        return parse_markdown(text, source=source)
    return parse_text(text, source=source)


def read_document(path: Path, format: str = "auto") -> ParsedDocument:
    """Read, decode and parse a draft file (UTF-8, with or without a byte-order mark).

    Files larger than 20 MB are refused before they are read in full: no draft is that big,
    and a mistaken upload of a database dump should fail fast.
    """
    source = str(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise FormatError(f"cannot read the file: {reason}", source=source) from error
    if len(data) > MAX_DOCUMENT_BYTES:
        raise FormatError("file too large: documents are limited to 20 MB", source=source)
    return parse_document(decode(data, source), format=format, source=source)


def decode(data: bytes, source: str = "") -> str:
    """The text of a UTF-8 file (a leading byte-order mark is dropped), or a FormatError."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FormatError("the file is UTF-16 text: save it as UTF-8", source=source, line=1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise FormatError(
            f"not UTF-8 text: invalid byte 0x{byte:02x}", source=source, line=line
        ) from error
