"""The derivation file: what to do with each provision when deriving the next version.

::

    label: Draft 2                       # optional
    choices:
      - provision: art-5                 # a key (or a label as the text writes it)
        action: adopt                    # keep | adopt | compromise | delete | insert
        party: Kingdom of Brenmark       # adopt: whose amendment; insert: whose addition
      - provision: art-6
        action: compromise
        text: The seat of the Commission shall be agreed.
        wordings:                        # a version with language texts: the wording in
          nl: De zetel van de Commissie wordt overeengekomen.   # each other language
      - after: art-7                     # insert: the provision it follows
        action: insert
        party: Kingdom of Brenmark

Provisions not named are kept. Structural errors are ``FormatError`` naming the entry;
whether a party really proposed that amendment is for the service to check.
"""

from __future__ import annotations

from dataclasses import dataclass

from inwriting.domain.derivation import Action, Choice
from inwriting.domain.responses import wordings_from
from inwriting.errors import FormatError, ValidationError
from inwriting.formats.safety.yaml import load_yaml

MAX_BYTES = 1_000_000
_FIELDS = {"provision", "after", "action", "party", "text", "wordings"}


@dataclass(frozen=True)
class Choices:
    label: str
    choices: tuple[Choice, ...]


def read_choices(text: str, *, source: str = "") -> Choices:
    data = load_yaml(text, source=source, max_bytes=MAX_BYTES)
    if not isinstance(data, dict) or not isinstance(data.get("choices", []), list):
        raise FormatError("expected a mapping with a 'choices' list", source=source)
    unknown = set(data) - {"label", "choices"}
    if unknown:
        raise FormatError(
            f"unknown field(s): {', '.join(sorted(map(str, unknown)))}", source=source
        )
    label = data.get("label") or ""
    if not isinstance(label, str):
        raise FormatError("label: expected text", source=source)
    return Choices(
        label,
        tuple(_choice(entry, n, source) for n, entry in enumerate(data.get("choices") or [], 1)),
    )


def _choice(entry: object, number: int, source: str) -> Choice:
    where = f"choice {number}"
    if not isinstance(entry, dict):
        raise FormatError(f"{where}: expected a mapping", source=source)
    unknown = set(entry) - _FIELDS
    if unknown:
        raise FormatError(
            f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))}", source=source
        )
    wordings = entry.pop("wordings", None) or {}
    if not all(isinstance(v, str) for v in entry.values()):
        raise FormatError(f"{where}: every value is text", source=source)
    if not isinstance(wordings, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in wordings.items()
    ):
        raise FormatError(f"{where}: wordings maps a language to its text (nl: ...)", source=source)
    try:
        given = wordings_from(wordings)
    except ValidationError as error:
        raise FormatError(f"{where}: wordings: {error.message}", source=source) from None
    try:
        action = Action(entry.get("action", ""))
    except ValueError:
        allowed = ", ".join(a.value for a in Action)
        raise FormatError(f"{where}: action must be one of {allowed}", source=source) from None
    key = entry.get("after", "") if action is Action.INSERT else entry.get("provision", "")
    if not key:
        wanted = "after" if action is Action.INSERT else "provision"
        raise FormatError(f"{where}: name the provision ({wanted}: ...)", source=source)
    return Choice(key, action, entry.get("party", ""), entry.get("text", ""), given)
