"""The parser on the intake corpus: real drafts of many traditions, checked against MANIFEST.json.

``tests/data/intake`` is a copy of ``../shared/corpus/intake`` (sources and licences are in
its ``MANIFEST.json``); documents only the shared folder has are checked where it is present
and skipped elsewhere. One case per document asserts every field the manifest gives:

* ``answerable``: the units a party answers one by one, outside annexes, at the answer level
  the structure makes obvious (:func:`~inwriting.formats.levels.default_level`; the ``unit``
  field says what the tradition calls them): articles, or the numbered paragraphs of a
  document read by paragraph (the Mozilla Public License's "1.1." ... under "1."); the
  words under a heading or before a paragraph 1, which the level makes answerable too, are
  not numbered units and the manifest does not count them;
* ``top_groups``: the highest-level headings that group units: the groups with no parent,
  or, where only one of them holds units, the groups inside that one (the Russian
  Constitution's "РАЗДЕЛ ПЕРВЫЙ" holds all nine chapters, "РАЗДЕЛ ВТОРОЙ" only final
  provisions that are no articles: its chapters divide the units); ``annexes``: annex
  provisions;
* ``preamble``/``closing``: whether a preamble (or recitals) and a closing were found;
* first and last unit labels (compared without a final full stop, as "1." and "1" are the
  same label), and the first words of the first unit's text, markup stripped (after its
  label and title line: a paragraph keeps both in its text).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.formats import read_document
from inwriting.formats.drafts.headings import heading_like
from inwriting.formats.levels import answer_by
from tests.conftest import DATA, REPO

LOCAL = DATA / "intake"
SHARED = REPO.parent / "shared" / "corpus" / "intake"
# Documents the parser does not read right yet, with what goes wrong: strict, so that a fix
# shows here (and the entry must go).
NOT_YET: dict[str, str] = {}


def _entries() -> list[tuple[Path, dict[str, Any]]]:
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    for folder in (SHARED, LOCAL):  # the local copy wins
        manifest = folder / "MANIFEST.json"
        if manifest.is_file():
            for entry in json.loads(manifest.read_text(encoding="utf-8"))["documents"]:
                if (folder / entry["file"]).is_file():
                    found[entry["file"]] = (folder / entry["file"], entry)
    return [found[name] for name in sorted(found)]


def _cases() -> list[Any]:
    cases = []
    for path, entry in _entries():
        marks = []
        if entry["file"] in NOT_YET:
            marks.append(pytest.mark.xfail(strict=True, reason=NOT_YET[entry["file"]]))
        cases.append(pytest.param(path, entry, id=entry["file"], marks=marks))
    return cases or [pytest.param(None, {}, marks=pytest.mark.skip(reason="no intake corpus"))]


@cache
def _parsed(path: Path) -> ParsedDocument:
    return read_document(path)


def _in_annex(provision: Provision, by_key: dict[str, Provision]) -> bool:
    parent = provision.parent
    while parent is not None:
        if by_key[parent].kind is ProvisionKind.ANNEX:
            return True
        parent = by_key[parent].parent
    return False


def _bare(text: str) -> str:
    """Text without Markdown/HTML markup and with white space collapsed."""
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"[*_`]|\\(?=\S)", "", text)
    return " ".join(text.split())


def _label(label: str) -> str:
    return " ".join(label.split()).rstrip(".")


def _unit(provision: Provision) -> bool:
    if provision.kind is ProvisionKind.PARAGRAPH:
        return bool(provision.number)  # not the words before paragraph 1 or under a heading
    return provision.kind is ProvisionKind.ARTICLE


def _body(unit: Provision) -> str:
    """A unit's text after its label and title line: a paragraph keeps both in its text
    ("1.1. “Contributor”" / "means each ...")."""
    if unit.kind is not ProvisionKind.PARAGRAPH:
        return unit.text
    first, *others = unit.text.split("\n\n")
    number = unit.label.rsplit(" ", 1)[-1].rstrip(".")
    first = re.sub(rf"^\W*{re.escape(number)}\.?\s*", "", first)
    if others and heading_like(first):
        return "\n\n".join(others)
    return "\n\n".join([first, *others])


def _top_groups(doc: ParsedDocument, units: list[Provision]) -> int:
    """How many groups the highest level dividing the units has (see the module docstring)."""
    by_key = doc.by_key()
    holding: set[str] = set()  # the groups with a unit inside
    for unit in units:
        parent = unit.parent
        while parent is not None and parent not in holding:
            holding.add(parent)
            parent = by_key[parent].parent
    groups = [p for p in doc.provisions if p.kind is ProvisionKind.GROUP]
    level = [p for p in groups if p.parent is None]
    while True:
        with_units = [g for g in level if g.key in holding]
        inside = [p for p in groups if len(with_units) == 1 and p.parent == with_units[0].key]
        if not inside:
            return len(level)
        level = inside


def structure(parsed: ParsedDocument) -> dict[str, Any]:
    """The manifest's fields, as read from a parsed document cut at its default level."""
    doc = answer_by(parsed, None)
    by_key = doc.by_key()
    units = [p for p in doc.provisions if _unit(p) and not _in_annex(p, by_key)]
    return {
        "answerable": len(units),
        "top_groups": _top_groups(doc, units),
        "annexes": sum(1 for p in doc.provisions if p.kind is ProvisionKind.ANNEX),
        "preamble": any(
            p.kind in (ProvisionKind.PREAMBLE, ProvisionKind.RECITAL) for p in doc.provisions
        ),
        "closing": any(p.kind is ProvisionKind.CLOSING for p in doc.provisions),
        "first_unit_label": _label(units[0].label) if units else None,
        "last_unit_label": _label(units[-1].label) if units else None,
        "first_unit_text": _bare(_body(units[0])) if units else "",
    }


@pytest.mark.parametrize(("path", "entry"), _cases())
def test_intake_document(path: Path, entry: dict[str, Any]) -> None:
    expected = entry["expected"]
    found = structure(_parsed(path))
    wanted = {
        "answerable": expected["answerable"],
        "top_groups": expected["top_groups"],
        "annexes": expected["annexes"],
        "preamble": expected["preamble"],
        "closing": expected["closing"],
        "first_unit_label": _label(expected["first_unit_label"]),
        "last_unit_label": _label(expected["last_unit_label"]),
        "first_unit_text": _bare(expected["first_unit_starts_with"]),
    }
    found["first_unit_text"] = found["first_unit_text"][: len(wanted["first_unit_text"])]
    assert found == wanted
