"""Redlines of real successive versions: the copies in ``tests/data/corpus/versions``."""

from __future__ import annotations

from functools import cache

from inwriting.formats import read_document
from inwriting.redline.compare import Redline, RedlinePair, compare
from inwriting.redline.diff import Op, Operation, new_text, old_text
from inwriting.redline.render import render_text
from tests.conftest import CORPUS

VERSIONS = CORPUS / "versions"


@cache
def redline(old: str, new: str) -> Redline:
    return compare(
        read_document(VERSIONS / old).provisions, read_document(VERSIONS / new).provisions
    )


def pair(result: Redline, key: str) -> RedlinePair:
    return next(p for p in result.pairs if p.new_key == key)


def changes(p: RedlinePair) -> list[Operation]:
    return [o for o in p.operations if o.changes]


def test_every_pair_rebuilds_both_versions() -> None:
    for old, new in [
        ("eupl-1.1.txt", "eupl-1.2.txt"),
        ("echr.en.dutch-db-2010-06-01.md", "echr.en.dutch-db-2014-05-01.md"),
        ("un-charter.en.dutch-db-1973-09-24.md", "un-charter.en.dutch-db-2013-11-19.md"),
        ("gpl-2.0.txt", "gpl-3.0.txt"),
        ("mpl-1.1.txt", "mpl-2.0.txt"),
    ]:
        for p in redline(old, new).pairs:
            assert old_text(p.operations) == (p.old.text if p.old else "")
            assert new_text(p.operations) == (p.new.text if p.new else "")


def test_eupl_aligns_article_to_article() -> None:
    result = redline("eupl-1.1.txt", "eupl-1.2.txt")
    assert [(p.old_key, p.new_key) for p in result.pairs] == [
        ("preamble", "preamble"),
        *((f"art-{n}", f"art-{n}") for n in range(1, 16)),
        ("appendix", "appendix"),
    ]
    assert {p.state.value for p in result.pairs} == {"same", "changed"}
    art15 = render_text(Redline((pair(result, "art-15"),)))
    assert "European Union [-country-]{+Member State+} where" in art15


def test_echr_article_23_shows_not_as_one_inserted_word() -> None:
    result = redline("echr.en.dutch-db-2010-06-01.md", "echr.en.dutch-db-2014-05-01.md")
    art23 = pair(result, "art-23")
    assert art23.state.value == "changed"
    first = art23.operations[:3]
    assert first[0].op is Op.EQUAL and first[0].text.endswith("They may ")
    assert first[1] == Operation(Op.INSERT, "not ")
    assert first[2].op is Op.EQUAL and first[2].text.startswith("be re-elected.")
    assert [(o.op.value, o.text.strip()) for o in changes(art23)] == [
        ("insert", "not"),
        ("delete", "untill"),
        ("insert", "until"),
        ("delete", "continues"),
        ("insert", "continue"),
    ]
    assert "in [-Chamers-]{+Chambers+} of seven" in render_text(Redline((pair(result, "art-26"),)))
    assert [p.state.value for p in result.pairs].count("same") >= 45


def test_un_charter_whitespace_noise_shows_almost_nothing() -> None:
    """The 2013 record lost spaces everywhere ("determinedto", "1.To"); only the few real
    corrections are changes, and the text shown is the new one."""
    result = redline("un-charter.en.dutch-db-1973-09-24.md", "un-charter.en.dutch-db-2013-11-19.md")
    assert all(p.old and p.new and p.old_key == p.new_key for p in result.pairs)
    assert {p.state.value for p in result.pairs} == {"same", "changed"}
    assert result.changed_tokens() < 40
    preamble = changes(pair(result, "preamble"))
    assert [(o.op.value, o.text.strip()) for o in preamble] == [
        ("delete", "economie"),
        ("insert", "economic"),
    ]
    shown = render_text(Redline((pair(result, "preamble"),)))
    assert "determinedto save succeeding generations" in shown
