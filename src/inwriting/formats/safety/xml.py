"""Parsing XML that may have been written to hurt us.

Drafts arrive from other parties, so an XML file is untrusted input. XML's document type
declarations are the classic ways in: an external entity that reads ``/etc/passwd`` or a URL
into the text (XXE), entities that expand a billion times ("billion laughs"), and DTDs fetched
from the network. A legal document needs none of this, so:

* any ``<!DOCTYPE`` is refused outright, before parsing (in the raw bytes) and after it (in
  what the parser saw, which catches other encodings);
* the parser resolves no entities, loads no DTD, never touches the network and keeps
  libxml2's limits on depth (256) and text node size (``huge_tree`` off);
* input larger than :data:`MAX_XML_BYTES` is refused before the parser sees a byte.

Every failure is a :class:`~inwriting.errors.FormatError` naming the source and, where the
parser knows it, the line.
"""

from __future__ import annotations

from lxml import etree

from inwriting.errors import FormatError

MAX_XML_BYTES = 20 * 1024 * 1024
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")


def parse_xml(data: bytes, *, source: str = "") -> etree._Element:
    """The root element of ``data``, parsed with every dangerous feature off."""
    if len(data) > MAX_XML_BYTES:
        raise FormatError("file too large: XML documents are limited to 20 MB", source=source)
    if not data.strip():
        raise FormatError("empty document: there is no XML to parse", source=source, line=1)
    for marker in _FORBIDDEN:
        position = data.find(marker)
        if position >= 0:
            line = data.count(b"\n", 0, position) + 1
            raise FormatError(_DOCTYPE_REFUSED, source=source, line=line)
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        at = error.lineno if error.lineno and error.lineno > 0 else None
        message = str(error.msg or error).split(" (<string>")[0]
        raise FormatError(f"not well-formed XML: {message}", source=source, line=at) from error
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", "") or docinfo.internalDTD is not None:
        raise FormatError(_DOCTYPE_REFUSED, source=source, line=1)
    return root


_DOCTYPE_REFUSED = (
    "XML with a document type declaration (<!DOCTYPE> or <!ENTITY>) is refused: "
    "it can read local files or expand without bound, and no legal document needs it"
)
