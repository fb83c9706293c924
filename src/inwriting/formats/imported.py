"""What an importer hands back when it has something to tell besides the document."""

from __future__ import annotations

from dataclasses import dataclass

from inwriting.domain.documents import ParsedDocument


@dataclass(frozen=True)
class Imported:
    """A parsed document and the notes a user must see about how it was read.

    Notes are not errors: the document was read, but something in the file was decided for
    the user — tracked changes accepted, page markers folded, extra components taken as
    annexes. Front doors show them next to the result; they never change it.
    """

    document: ParsedDocument
    notes: tuple[str, ...] = ()
