"""YAML and JSON from users, read safely into a tree whose every value knows its line.

One reader for every small hand-written file (response files, derivation choices): PyYAML's
composer builds the node graph (libyaml's where present) and :func:`read_tree` turns it into
plain :class:`Scalar`, :class:`Mapping` and :class:`Sequence` values that carry the line each
starts on, so every later error can name it. JSON is YAML's flow style: after the standard
library has checked that a ``.json`` file is strict JSON (so its errors read as JSON errors),
the same composer reads it, and its unquoted scalars are typed by JSON's grammar.

Safety, before any node is built: characters YAML forbids are refused with their line; an
event pass refuses anchors and aliases (so a "billion laughs" file fails at its first anchor),
explicit tags other than YAML's standard scalar and collection tags, nesting deeper than
``max_depth`` (the composer recurses) and a second document. No constructor ever runs: values
stay text exactly as written ("3", "yes", "2024-01-01"), typed but not converted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal, NoReturn, TypeAlias

import yaml

from inwriting.errors import FormatError

Syntax: TypeAlias = Literal["yaml", "json"]

MAX_DEPTH = 16
_TAG = "tag:yaml.org,2002:"
SCALAR_TYPES = frozenset({"str", "int", "float", "bool", "null", "timestamp"})
_ALLOWED_TAGS = frozenset({_TAG + t for t in (*SCALAR_TYPES, "seq", "map")} | {"!"})
# What YAML forbids in a stream (PyYAML's Reader.NON_PRINTABLE), checked up front so the
# error names the line whichever parser (C or Python) is in use.
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# JSON writers escape a character outside the BMP as a surrogate pair; YAML wants one escape.
_SURROGATE_PAIR = re.compile(
    r"(?<!\\)((?:\\\\)*)\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})", re.IGNORECASE
)
# ...and any character it forbids or takes for a line break (NEL, LS, PS) escaped, since in
# valid JSON such characters can stand raw only inside strings.
_JSON_ESCAPED = re.compile(f"{_NOT_YAML.pattern}|[\x85\u2028\u2029]")
_JSON_FLOAT = re.compile(r"[.eE]|^-?(NaN|Infinity)$")
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Scalar:
    value: str  # exactly as written: "3", "yes", "2024-01-01"; "" for null
    type: str  # one of SCALAR_TYPES
    line: int


@dataclass(frozen=True)
class Mapping:
    items: dict[str, Node]
    key_lines: dict[str, int]
    line: int


@dataclass(frozen=True)
class Sequence:
    items: tuple[Node, ...]
    line: int


Node: TypeAlias = "Scalar | Mapping | Sequence"


def describe(node: Node) -> str:
    """What a value is, as a user would say it: "a list", "text", "a yes/no value"."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return {"null": "empty", "str": "text", "bool": "a yes/no value"}.get(
        node.type, f"a {node.type}"
    )


def read_tree(
    text: str, *, source: str = "", syntax: Syntax = "yaml", max_depth: int = MAX_DEPTH
) -> Node | None:
    """The one document in ``text`` as a located tree; ``None`` for an empty YAML stream.

    Raises :class:`FormatError` naming ``source`` and the line, and nothing else.
    """
    reader = _Reader(source, syntax)
    if syntax == "json":
        text = reader.strict_json(text)
    reader.check_characters(text)
    reader.check_events(text, max_depth)
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as exc:
        reader.fail_yaml(exc)
    return None if root is None else reader.node(root)


def load_yaml(text: str, *, source: str = "", max_bytes: int = 1_000_000) -> Any:
    """Plain values (dicts, lists, text; numbers and yes/no as the YAML types them) from a
    small YAML file, read by :func:`read_tree`'s rules."""
    if len(text.encode()) > max_bytes:
        raise FormatError(f"larger than {max_bytes:,} bytes", source=source)
    root = read_tree(text, source=source)
    return None if root is None else _plain(root)


def line_at(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


class _Reader:
    def __init__(self, source: str, syntax: Syntax) -> None:
        self.source = source
        self.syntax = syntax

    def fail(self, message: str, line: int | None = None) -> NoReturn:
        raise FormatError(message, source=self.source, line=line)

    def strict_json(self, text: str) -> str:
        """Check ``text`` is JSON, then write it as the YAML the composer reads alike."""
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            self.fail(f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno)
        except RecursionError:
            self.fail("nested too deeply to be read")
        text = _SURROGATE_PAIR.sub(
            lambda m: m.group(1) + f"\\U{_pair(m.group(2), m.group(3)):08X}", text
        )
        return _JSON_ESCAPED.sub(lambda m: f"\\u{ord(m.group()):04X}", text)

    def check_characters(self, text: str) -> None:
        bad = _NOT_YAML.search(text)
        if bad is not None:
            column = bad.start() - text.rfind("\n", 0, bad.start())
            self.fail(
                f"a character YAML does not allow (U+{ord(bad.group()):04X}, column {column})",
                line_at(text, bad.start()),
            )

    def check_events(self, text: str, max_depth: int) -> None:
        depth, documents = 0, 0
        try:
            for event in yaml.parse(text, Loader=_LOADER):
                line = _line(event.start_mark)
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    self.fail(
                        "YAML anchors and aliases (&name, *name) are not allowed; write each "
                        "text out in full",
                        line,
                    )
                tag = getattr(event, "tag", None)  # set only where the file writes one
                if tag is not None and tag not in _ALLOWED_TAGS:
                    self.fail(f"the tag {_shown_tag(tag)} is not allowed here", line)
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        self.fail("more than one YAML document (---); this file holds one", line)
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > max_depth:
                        self.fail("nested too deeply to be read", line)
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
        except yaml.YAMLError as exc:
            self.fail_yaml(exc)

    def fail_yaml(self, exc: yaml.YAMLError) -> NoReturn:
        if isinstance(exc, yaml.MarkedYAMLError):
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "cannot be read"
            where = f" (column {mark.column + 1})" if mark is not None else ""
            self.fail(f"not valid YAML: {problem}{where}", _line(mark))
        self.fail(f"not valid YAML: {exc}")

    def node(self, node: yaml.Node) -> Node:
        line = _line(node.start_mark) or 1
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, line)
        if isinstance(node, yaml.SequenceNode):
            return Sequence(tuple(self.node(item) for item in node.value), line)
        items: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self.node(key_node)
            if not isinstance(key, Scalar):
                self.fail(f"{describe(key)} used as a key; keys are field names", key.line)
            if key.value in items:
                # Parsers would silently keep the last, losing the first answer.
                first = key_lines[key.value]
                self.fail(
                    f"{key.value!r} given twice in one mapping (first on line {first})", key.line
                )
            items[key.value] = self.node(value_node)
            key_lines[key.value] = key.line
        return Mapping(items, key_lines, line)

    def scalar(self, node: yaml.ScalarNode, line: int) -> Scalar:
        if self.syntax == "json":
            kind = "str" if node.style else _json_type(node.value)
        else:
            tag = node.tag.removeprefix(_TAG) if node.tag.startswith(_TAG) else ""
            # a plain "=" or "<<" (YAML 1.1's value and merge keys) is text
            kind = tag if tag in SCALAR_TYPES else "str"
        return Scalar("" if kind == "null" else node.value, kind, line)


def _json_type(plain: str) -> str:
    if plain in ("true", "false"):
        return "bool"
    if plain == "null":
        return "null"
    return "float" if _JSON_FLOAT.search(plain) else "int"


def _plain(node: Node) -> Any:
    if isinstance(node, Mapping):
        return {key: _plain(value) for key, value in node.items.items()}
    if isinstance(node, Sequence):
        return [_plain(item) for item in node.items]
    if node.type == "null":
        return None
    if node.type in ("int", "float", "bool"):
        return yaml.safe_load(node.value)
    return node.value


def _pair(high: str, low: str) -> int:
    return 0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00)


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _line(mark: Any) -> int | None:
    return None if mark is None else int(mark.line) + 1
