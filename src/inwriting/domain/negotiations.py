"""Negotiations, parties and members: the vocabulary of who may do what."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum


class Visibility(StrEnum):
    PRIVATE = "private"
    PUBLIC = "public"


class Role(StrEnum):
    DRAFTER = "drafter"  # prepares answers
    PRINCIPAL = "principal"  # approves and sends them on the party's behalf
    OBSERVER = "observer"  # reads

    @property
    def may_draft(self) -> bool:
        return self is not Role.OBSERVER


def slugify(text: str, *, fallback: str = "item", max_length: int = 40) -> str:
    """A readable ASCII slug for URLs and CLI references: ``"Treaty on X" -> "treaty-on-x"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:  # cut at a word boundary where there is one
        cut = slug[: max_length + 1].rfind("-")
        slug = slug[: cut if cut > 0 else max_length]
    return slug.rstrip("-") or fallback
