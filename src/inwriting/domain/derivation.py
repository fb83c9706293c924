"""What the drafters decide, provision by provision, when deriving the next version."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Action(StrEnum):
    KEEP = "keep"
    ADOPT = "adopt"  # a party's amendment
    COMPROMISE = "compromise"  # new wording written by the drafters
    DELETE = "delete"
    INSERT = "insert"  # a party's proposed new provision


@dataclass(frozen=True)
class Choice:
    key: str  # the provision decided on (for INSERT: the key it follows)
    action: Action
    party: str = ""  # whose amendment or addition (ADOPT, INSERT)
    text: str = ""  # the compromise wording (COMPROMISE)
    # Wording in the version's other languages (tag -> text), written by the drafters: a
    # compromise's in each of them, and an adopted amendment's or addition's where its party
    # did not give it. Never silently the other language's words (services/derivation.py).
    wordings: dict[str, str] = field(default_factory=dict, hash=False)
