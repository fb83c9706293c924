"""Discussion on a provision: threads, their visibility and status, messages and mentions.

A **thread** is started on one provision of one version and follows that provision, by its
key, into the document's other versions (``services/discussion.py`` does the following, with
the redline's alignment). It is ``internal`` to the party that started it — its members
only, whatever their role — or ``shared`` with every party of the negotiation.

Messages are Markdown, rendered sanitised by the front doors. A message may mention members
by ``@username``; who may be mentioned is decided by the service (someone who can read the
thread), what counts as a mention is decided here.
"""

from __future__ import annotations

import re
from enum import StrEnum

from inwriting.errors import Problem

MAX_BODY = 20_000  # characters of one message
MAX_MENTIONS = 20  # distinct members mentioned in one message

# ``@name`` at the start of the text or after a character that cannot be part of an address
# (so ``ana@example.org`` mentions nobody), in the alphabet of usernames
# (``services/users.py``), not followed by more of it (``@ana.`` at a sentence's end is ana).
_MENTION = re.compile(r"(?<![\w@.])@([a-z0-9][a-z0-9._-]{1,63})(?![a-z0-9_-])", re.IGNORECASE)


class ThreadVisibility(StrEnum):
    INTERNAL = "internal"  # the members of the starting party only
    SHARED = "shared"  # every party of the negotiation


class ThreadStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"


def mentions(body: str) -> tuple[str, ...]:
    """The distinct usernames ``body`` mentions, lower-cased, in order of first mention; a
    trailing full stop belongs to the sentence, not the name."""
    found: list[str] = []
    for match in _MENTION.finditer(body):
        name = match.group(1).lower().rstrip(".")
        if len(name) >= 2 and name not in found:
            found.append(name)
    return tuple(found)


def body_problems(body: str) -> list[Problem]:
    """What is wrong with a message's text: empty, too long, or too many mentions."""
    if not body.strip():
        return [Problem("a message needs some text", "message", "body", "empty_body")]
    if len(body) > MAX_BODY:
        return [
            Problem(
                f"a message is at most {MAX_BODY:,} characters, not {len(body):,}",
                "message",
                "body",
                "too_long",
            )
        ]
    if len(mentions(body)) > MAX_MENTIONS:
        return [
            Problem(
                f"a message mentions at most {MAX_MENTIONS} members",
                "message",
                "body",
                "too_many_mentions",
            )
        ]
    return []
