"""Response files: a party's written answer to a version, as YAML or JSON.

A response file is what a drafter writes (or a tool exports) to answer a draft article by
article. This module turns its text into a :class:`~inwriting.domain.responses.ResponseContent`
plus the line each position starts on, and back.

The format (documented for users in ``docs/response-files.md``)::

    format_version: 1          # optional; only 1 is known
    party: Party B             # required
    kind: formal               # or interim; default formal
    cover_note: ...            # optional
    positions:                 # required; one entry per answer, in any order
      - provision: Article 1   # a key (art-1) or a label (Article 1)
        position: accept
      - provision: art-3
        position: amend
        text: ...
        reason: ...
      - after: Article 5       # add places a new provision after an existing one
        position: add
        text: ...
        reason: ...
        wordings:              # optional: the proposed text in the version's other
          nl: ...              # languages (text is its own language's)

Only *structure* is checked here and refused with a :class:`~inwriting.errors.FormatError`
naming the source and line: malformed YAML/JSON, unknown fields, unknown position kinds,
values of the wrong type, anchors and aliases, oversized input. Whether the answers are
complete and reasoned (a missing reason, an unanswered article, an unknown provision) is a
*rule* of the domain (:func:`~inwriting.domain.responses.validate_response`), reported by
:mod:`inwriting.formats.responses.checking` with every problem at once.

:func:`read_response` and :func:`write_response` are pure (text in, values out);
:func:`read_response_bytes` decodes a file's bytes; only :func:`read_response_file` opens a
file, for the command line.

Safety: YAML and JSON are read by the one hardened reader of
:mod:`inwriting.formats.safety.yaml` (no constructor runs; only the standard tags; anchors and
aliases refused, so "billion laughs" documents fail at their first anchor; nesting capped);
input over 5 MB is refused before it is parsed.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from dataclasses import dataclass
from typing import Literal, NoReturn, TypeAlias

import yaml

from inwriting.domain.languages import language_tag
from inwriting.domain.responses import Position, PositionKind, ResponseContent, ResponseKind
from inwriting.errors import FormatError, ValidationError
from inwriting.formats.safety.text import decode
from inwriting.formats.safety.yaml import (
    Mapping,
    Node,
    Scalar,
    Sequence,
    describe,
    line_at,
    read_tree,
)

FORMAT_VERSION = 1
MAX_BYTES = 5 * 1024 * 1024  # 5 MB: far beyond any real response, small enough to parse fast

ResponseFormat: TypeAlias = Literal["yaml", "json"]

TOP_LEVEL_FIELDS = ("format_version", "party", "kind", "cover_note", "positions")
POSITION_FIELDS = ("provision", "after", "position", "text", "reason", "exception", "wordings")

# Common slips, answered with the field meant.
_FIELD_HINTS = {
    "kind": "position",
    "type": "position",
    "key": "provision",
    "label": "provision",
    "article": "provision",
    "ref": "provision",
    "comment": "reason",
    "justification": "reason",
    "proposed_text": "text",
    "proposal": "text",
    "wording": "text",
    "translations": "wordings",
    "languages": "wordings",
}


@dataclass(frozen=True)
class ResponseFile:
    """A response file as read: the draft and, for each of its positions, the line (1-based)
    its entry starts on (``None`` where unknown, e.g. a draft built in code)."""

    content: ResponseContent
    lines: tuple[int | None, ...]
    source: str = ""
    format: ResponseFormat = "yaml"

    def line_of(self, index: int | None) -> int | None:
        """The line of position ``index``; ``None`` for ``None`` or an index out of range."""
        if index is None or not 0 <= index < len(self.lines):
            return None
        return self.lines[index]


def read_response(
    text: str, *, source: str = "", fmt: Literal["auto", "yaml", "json"] = "auto"
) -> ResponseFile:
    """Read a response file. ``source`` (a file name) is only used in error messages and to
    pick the format: ``.json`` is JSON, ``.yaml``/``.yml`` YAML; otherwise text whose first
    non-blank character is ``{`` is JSON and anything else YAML.

    Raises :class:`FormatError` (with ``source`` and ``line``) and nothing else.
    """
    return _Reader(source).read(text, fmt)


def read_response_bytes(
    data: bytes, *, source: str = "", fmt: Literal["auto", "yaml", "json"] = "auto"
) -> ResponseFile:
    """:func:`read_response` for the bytes of a file: UTF-8, with or without a byte-order
    mark. Oversized input is refused before it is decoded."""
    reader = _Reader(source)
    if len(data) > MAX_BYTES:
        reader.fail(
            f"file of {len(data):,} bytes; a response file may hold at most "
            f"{MAX_BYTES:,} bytes (5 MB)"
        )
    return reader.read(decode(data, source), fmt)


def read_response_file(
    path: str | os.PathLike[str], *, fmt: Literal["auto", "yaml", "json"] = "auto"
) -> ResponseFile:
    """Read the response file at ``path`` (named in errors as given).

    The one function here that touches the file system, for the front doors (CLI); everything
    else is text in, values out. A file that cannot be opened is a :class:`FormatError` too.
    """
    source = os.fspath(path)
    try:
        with open(source, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FormatError(f"cannot read the file: {exc.strerror or exc}", source=source) from exc
    return read_response_bytes(data, source=source, fmt=fmt)


def write_response(draft: ResponseContent, *, fmt: ResponseFormat = "yaml") -> str:
    """The response file for ``draft``. Each position names its target as stored (a key once
    resolved); ``ref`` is not written. ``read_response(write_response(d)).content == d`` for every
    draft ``read_response`` can produce (non-blank party, ``ref`` equal to the target)."""
    data: dict[str, object] = {
        "format_version": FORMAT_VERSION,
        "party": draft.party,
        "kind": draft.kind.value,
    }
    if draft.cover_note:
        data["cover_note"] = draft.cover_note
    data["positions"] = [_entry(pos) for pos in draft.positions]
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        body = yaml.dump(
            data,
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=100,
        )
        return "# InWriting response file (docs/response-files.md)\n" + body
    raise ValueError(f"unknown response file format {fmt!r}; use 'yaml' or 'json'")


def _entry(pos: Position) -> dict[str, object]:
    entry: dict[str, object] = {}
    for name in ("provision", "after"):
        if getattr(pos, name) != "":
            entry[name] = getattr(pos, name)
    entry["position"] = pos.kind.value
    for name in ("text", "reason", "exception"):
        if getattr(pos, name) != "":
            entry[name] = getattr(pos, name)
    if pos.wordings:
        entry["wordings"] = dict(pos.wordings)
    return entry


class _Dumper(yaml.SafeDumper):
    """Multi-line text as literal blocks (``|``), so paragraphs read as written."""


# Line breaks YAML 1.1 knows besides \n and \r, which PyYAML's emitter would write raw into
# plain or block text and its reader then fold: such text is double-quoted (and escaped).
_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if _OTHER_BREAKS.search(value) else "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, message: str, line: int | None = None) -> NoReturn:
        raise FormatError(message, source=self.source, line=line)

    def read(self, text: str, fmt: str) -> ResponseFile:
        if len(text) > MAX_BYTES:
            self.fail(
                f"file larger than 5 MB; a response file may hold at most {MAX_BYTES:,} bytes"
            )
        try:
            size = len(text.encode("utf-8"))
        except UnicodeEncodeError as exc:
            self.fail("text that is not valid Unicode (a lone surrogate)", line_at(text, exc.start))
        if size > MAX_BYTES:
            self.fail(
                f"file of {size:,} bytes; a response file may hold at most "
                f"{MAX_BYTES:,} bytes (5 MB)"
            )
        text = text.removeprefix("\ufeff")
        chosen = self._choose_format(text, fmt)
        draft, lines = self._draft(read_tree(text, source=self.source, syntax=chosen))
        return ResponseFile(content=draft, lines=lines, source=self.source, format=chosen)

    def _choose_format(self, text: str, fmt: str) -> ResponseFormat:
        if fmt in ("yaml", "json"):
            return "json" if fmt == "json" else "yaml"
        if fmt != "auto":
            raise ValueError(f"unknown response file format {fmt!r}; use auto, yaml or json")
        name = self.source.casefold()
        if name.endswith(".json"):
            return "json"
        if name.endswith((".yaml", ".yml")):
            return "yaml"
        return "json" if text.lstrip().startswith("{") else "yaml"

    # --- tree → draft ---------------------------------------------------------------------

    def _draft(self, root: Node | None) -> tuple[ResponseContent, tuple[int | None, ...]]:
        if root is None:
            self.fail("empty file; a response file is a mapping with party and positions")
        if not isinstance(root, Mapping):
            self.fail(
                f"the file holds {describe(root)}, not a mapping; a response file is a mapping "
                "with party and positions",
                root.line,
            )
        self._refuse_unknown(root, TOP_LEVEL_FIELDS, "a response file", "")
        fields = root.items
        if "format_version" in fields:
            version = fields["format_version"]
            if not (
                isinstance(version, Scalar)
                and version.type == "int"
                and version.value.strip().lstrip("+") == str(FORMAT_VERSION)
            ):
                shown = version.value if isinstance(version, Scalar) else describe(version)
                self.fail(
                    f"format_version {shown} is not known; this InWriting reads "
                    f"format_version {FORMAT_VERSION}",
                    version.line,
                )
        if "party" not in fields:
            self.fail("no party; add 'party: <your party>' at the top", root.line)
        party = self._text(fields["party"], "party", "")
        if not party.strip():
            self.fail("party is blank; name the party answering", fields["party"].line)
        kind = ResponseKind.FORMAL
        if "kind" in fields:
            kind = ResponseKind(
                self._choice(fields["kind"], "kind", "", [k.value for k in ResponseKind])
            )
        cover_note = (
            self._text(fields["cover_note"], "cover_note", "") if "cover_note" in fields else ""
        )
        if "positions" not in fields:
            self.fail(
                "no positions; add 'positions:' with one entry per provision answered "
                "(an empty list, [], if none yet)",
                root.line,
            )
        entries = fields["positions"]
        if isinstance(entries, Scalar) and entries.type == "null":
            entries = Sequence((), entries.line)
        if not isinstance(entries, Sequence):
            self.fail(
                f"positions must be a list of entries (- provision: ...), not {describe(entries)}",
                entries.line,
            )
        positions = tuple(self._position(entry, n) for n, entry in enumerate(entries.items, 1))
        draft = ResponseContent(party=party, kind=kind, cover_note=cover_note, positions=positions)
        return draft, tuple(entry.line for entry in entries.items)

    def _position(self, entry: Node, number: int) -> Position:
        where = f"position {number}: "
        if not isinstance(entry, Mapping):
            self.fail(
                f"{where}each entry must be a mapping (provision: ..., position: ...), "
                f"not {describe(entry)}",
                entry.line,
            )
        self._refuse_unknown(entry, POSITION_FIELDS, "a position", where)
        fields = entry.items
        if "position" not in fields or (
            isinstance(fields["position"], Scalar) and fields["position"].type == "null"
        ):
            allowed = ", ".join(k.value for k in PositionKind)
            self.fail(f"{where}no position given; say one of: {allowed}", entry.line)
        kind = PositionKind(
            self._choice(fields["position"], "position", where, [k.value for k in PositionKind])
        )
        provision = (
            self._ref(fields["provision"], "provision", where) if "provision" in fields else ""
        )
        after = self._ref(fields["after"], "after", where) if "after" in fields else ""
        texts = {
            name: self._text(fields[name], name, where) if name in fields else ""
            for name in ("text", "reason", "exception")
        }
        wordings = self._wordings(fields["wordings"], where) if "wordings" in fields else {}
        return Position(
            kind=kind,
            provision=provision,
            after=after,
            text=texts["text"],
            reason=texts["reason"],
            exception=texts["exception"],
            ref=after if kind is PositionKind.ADD else provision,
            wordings=wordings,
        )

    def _wordings(self, node: Node, where: str) -> dict[str, str]:
        """``wordings:`` a mapping of language tag to the proposed text in that language."""
        if isinstance(node, Scalar) and node.type == "null":
            return {}
        if not isinstance(node, Mapping):
            self.fail(
                f"{where}wordings must map a language to its text (nl: ...), not {describe(node)}",
                node.line,
            )
        found: dict[str, str] = {}
        for tag, value in node.items.items():
            try:
                language = language_tag(tag)
            except ValidationError as error:
                self.fail(f"{where}wordings: {error.message}", node.key_lines.get(tag, node.line))
            if language in found:
                self.fail(f"{where}wordings: {language} is given twice", value.line)
            found[language] = self._text(value, f"the {language} wording", where)
        return dict(sorted(found.items()))

    def _refuse_unknown(
        self, node: Mapping, allowed: tuple[str, ...], what: str, where: str
    ) -> None:
        unknown = [name for name in node.items if name not in allowed]
        if not unknown:
            return
        hints = []
        for name in unknown:
            meant = _FIELD_HINTS.get(name.casefold().replace("-", "_").replace(" ", "_"))
            if meant is None or meant not in allowed:
                close = difflib.get_close_matches(name.casefold(), allowed, n=1)
                meant = close[0] if close else None
            hints.append(f"{name!r} (did you mean {meant!r}?)" if meant else repr(name))
        plural = "s" if len(unknown) > 1 else ""
        self.fail(
            f"{where}unknown field{plural} {', '.join(hints)}; {what} takes {', '.join(allowed)}",
            node.key_lines[unknown[0]],
        )

    def _text(self, node: Node, name: str, where: str) -> str:
        if isinstance(node, Scalar):
            return node.value  # a YAML number, date or yes/no is taken exactly as written
        hint = (
            "; for several paragraphs write a block (|) with a blank line between them"
            if isinstance(node, Sequence)
            else "; quote it if it holds a colon"
        )
        self.fail(f"{where}{name} must be text, not {describe(node)}{hint}", node.line)

    def _ref(self, node: Node, name: str, where: str) -> str:
        if isinstance(node, Scalar) and node.type in ("str", "null"):
            return node.value
        if isinstance(node, Scalar) and node.type in ("int", "float"):
            self.fail(
                f"{where}{name} is the bare number {node.value}; write 'Article {node.value}' "
                f"or a key like art-{node.value}",
                node.line,
            )
        self.fail(
            f"{where}{name} must name a provision by key (art-3) or label (Article 3), "
            f"not {describe(node)}",
            node.line,
        )

    def _choice(self, node: Node, name: str, where: str, allowed: list[str]) -> str:
        if isinstance(node, Scalar):
            value = re.sub(r"[\s_-]+", "_", node.value.strip().casefold())
            if value in allowed:
                return value
            close = difflib.get_close_matches(value, allowed, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            shown = repr(node.value)
        else:
            hint, shown = "", describe(node)
        self.fail(
            f"{where}{name} {shown} is not one of {', '.join(allowed)}{hint}",
            node.line,
        )
