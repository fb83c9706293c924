"""The one reader of hand-written YAML and JSON: located values, JSON read as JSON, hostile
input refused with its line before anything is built."""

from __future__ import annotations

import json

import pytest

from inwriting.errors import FormatError
from inwriting.formats.safety.yaml import Mapping, Scalar, Sequence, load_yaml, read_tree


def _field(text: str, syntax: str = "yaml") -> Scalar:
    root = read_tree(text, source="f", syntax=syntax)  # type: ignore[arg-type]
    assert isinstance(root, Mapping)
    value = root.items["a"]
    assert isinstance(value, Scalar)
    return value


@pytest.mark.parametrize(
    ("value", "kind"),
    [("é😀", "str"), (1e5, "float"), (-3, "int"), (True, "bool"), (None, "null"), ("1e5", "str")],
)
def test_json_values_keep_json_types_whatever_a_yaml_resolver_would_say(
    value: object, kind: str
) -> None:
    for ensure_ascii in (True, False):  # surrogate-pair escapes and raw characters alike
        text = json.dumps({"a": value}, ensure_ascii=ensure_ascii, indent="\t")
        got = _field(text, "json")
        assert got.type == kind
        if kind == "str":
            assert got.value == value


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029", "\x90", "\ufffe"])
def test_json_strings_keep_characters_yaml_would_fold_or_refuse(char: str) -> None:
    assert _field(json.dumps({"a": f"x{char}y"}, ensure_ascii=False), "json").value == f"x{char}y"


def test_every_value_knows_its_line() -> None:
    root = read_tree("a: 1\nb:\n  - x\n  - c: d\n", source="f")
    assert isinstance(root, Mapping)
    assert root.key_lines == {"a": 1, "b": 2}
    listed = root.items["b"]
    assert isinstance(listed, Sequence)
    assert [item.line for item in listed.items] == [3, 4]


@pytest.mark.parametrize(
    ("text", "syntax", "words", "line"),
    [
        ("a: &x 1\nb: *x\n", "yaml", "anchors and aliases", 1),
        ("a: 1\nb: !!python/object:os.system x\n", "yaml", "tag !!python/object:os.system", 2),
        ("a: !local x\n", "yaml", "tag !local", 1),
        ("a: 1\n---\nb: 2\n", "yaml", "more than one YAML document", 2),
        ("a: 1\na: 2\n", "yaml", "'a' given twice in one mapping (first on line 1)", 2),
        ('{"a": 1,\n "a": 2}', "json", "'a' given twice", 2),
        ('{"a": 1,,}', "json", "not valid JSON", 1),
        ("a:\n  b: \x07\n", "yaml", "U+0007", 2),
        ("[" * 17 + "]" * 17, "yaml", "nested too deeply", 1),
    ],
)
def test_hostile_or_malformed_input_is_refused_naming_the_line(
    text: str, syntax: str, words: str, line: int
) -> None:
    with pytest.raises(FormatError) as caught:
        read_tree(text, source="f.txt", syntax=syntax)  # type: ignore[arg-type]
    assert words in caught.value.message
    assert caught.value.line == line


def test_deep_nesting_is_refused_without_recursing_into_it() -> None:
    for syntax in ("yaml", "json"):  # ours at 16 levels, or libyaml's own limit, looking ahead
        with pytest.raises(FormatError, match=r"nested too deeply|maximum nesting depth"):
            read_tree("[" * 200_000 + "]" * 200_000, syntax=syntax)  # type: ignore[arg-type]


def test_plain_values_for_small_files() -> None:
    assert load_yaml("label: Draft 2\nn: 3\nok: yes\nnone:\nchoices: []\n") == {
        "label": "Draft 2",
        "n": 3,
        "ok": True,
        "none": None,
        "choices": [],
    }
    assert load_yaml("") is None
    with pytest.raises(FormatError, match="larger than 10 bytes"):
        load_yaml("a: 12345678901", max_bytes=10)
