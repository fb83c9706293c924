"""Content digests: SHA-256 over a canonical JSON encoding of what was put in writing.

A tabled version and a submitted response each store the digest of their full content.
Recomputing it later detects any change made behind the services' back; the record commits
to the same digests, so whoever holds the content can prove it was recorded.

Canonical JSON here means: UTF-8, keys sorted, no insignificant whitespace, no ASCII
escaping of non-ASCII characters. Its meaning never changes once published; a new encoding
would get a new ``format_version``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

from inwriting.domain.documents import Provision
from inwriting.domain.languages import LanguageProvision
from inwriting.domain.responses import Position, ResponseContent

FORMAT_VERSION = 1


def canonical_json(value: object) -> bytes:
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def version_digest(title: str, provisions: Sequence[Provision]) -> str:
    content = {
        "format_version": FORMAT_VERSION,
        "title": title,
        "provisions": [p.as_dict() for p in provisions],
    }
    return sha256_hex(canonical_json(content))


def language_text_digest(
    version_digest: str,
    original_language: str,
    language: str,
    title: str,
    provisions: Sequence[LanguageProvision],
) -> str:
    """Digest of a language text, bound to the exact version text (and its language) it
    translates: the same words added to another version have another digest."""
    content = {
        "format_version": FORMAT_VERSION,
        "kind": "language_text",
        "version": version_digest,
        "original_language": original_language,
        "language": language,
        "title": title,
        "provisions": [p.as_dict() for p in provisions],
    }
    return sha256_hex(canonical_json(content))


def response_digest(version_digest: str, draft: ResponseContent) -> str:
    """Digest of a response, bound to the exact version text it answers."""
    content = {
        "format_version": FORMAT_VERSION,
        "version": version_digest,
        "party": draft.party,
        "kind": draft.kind.value,
        "cover_note": draft.cover_note,
        "positions": [_position(p) for p in draft.positions],
    }
    return sha256_hex(canonical_json(content))


def _position(p: Position) -> dict[str, object]:
    """A position as a response's digest covers it. ``wordings`` (its proposed text in the
    version's other languages) is there only when it has any, so a position without them
    encodes, and a response digests, exactly as before wordings existed."""
    encoded: dict[str, object] = {
        "kind": p.kind.value,
        "provision": p.provision,
        "after": p.after,
        "text": p.text,
        "reason": p.reason,
        "exception": p.exception,
    }
    if p.wordings:
        encoded["wordings"] = dict(p.wordings)
    return encoded


def record_content(kind: str, content: Mapping[str, object]) -> dict[str, object]:
    """The object whose canonical JSON a small record subject's digest covers: what an
    entitled reader is shown when a record entry is opened."""
    return {"format_version": FORMAT_VERSION, "kind": kind, **content}


def record_digest(kind: str, content: Mapping[str, object]) -> str:
    """Digest of a small record subject (a negotiation, party, member, request)."""
    return sha256_hex(canonical_json(record_content(kind, content)))
