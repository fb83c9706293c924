"""Parsing an uploaded file within a time budget, in a process of its own.

A thread cannot be stopped, and a parse running in the server's process holds its
interpreter lock while it runs: one hostile upload could keep a worker busy, slow every other
request, and hold up a shutdown. So an upload is parsed in a child process (forked from a
small ``forkserver`` that has the parsers imported, so starting one costs milliseconds), and
the child is killed when it is not done within the budget; the uploader gets a
:class:`~inwriting.errors.FormatError` saying so, and nothing is tabled.

The parsers stay pure: this module only moves bytes in and a parsed document (or the
parser's own ``FormatError``) out.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection

from inwriting.domain.documents import ParsedDocument
from inwriting.errors import FormatError
from inwriting.formats import parse_bytes

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["inwriting.formats"])


def parse_bytes_within(data: bytes, *, source: str, seconds: float) -> ParsedDocument:
    """:func:`inwriting.formats.parse_bytes` in a child process given ``seconds`` to finish.

    ``seconds <= 0`` parses in this process, with no budget (the CLI on the user's own
    files, and tests of the parsers themselves).
    """
    if seconds <= 0:
        return parse_bytes(data, source=source)
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_parse_child, args=(sender, data, source), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            raise FormatError(
                f"reading the file took longer than {seconds:g} seconds: it was stopped "
                "(split the document, or simplify its structure)",
                source=source,
            )
        outcome = receiver.recv()
    except EOFError as error:  # the child died without an answer (out of memory, killed)
        raise FormatError(
            "the file could not be read: its reader stopped", source=source
        ) from error
    finally:
        child.kill()
        child.join()
        receiver.close()
    if isinstance(outcome, ParsedDocument):
        return outcome
    detail, line = outcome
    raise FormatError(detail, source=source, line=line)


def _parse_child(sender: Connection, data: bytes, source: str) -> None:
    """In the child: send back the parsed document, or the parser's error as plain values
    (an exception with keyword-only arguments does not survive pickling as itself)."""
    try:
        outcome: ParsedDocument | tuple[str, int | None] = parse_bytes(data, source=source)
    except FormatError as error:
        outcome = (error.detail, error.line)
    sender.send(outcome)
    sender.close()
