"""Search terms and snippets (domain/search.py) as plain values."""

from __future__ import annotations

import importlib.util

from inwriting.domain.search import MAX_TERMS, Segment, fts5_query, hits_in, snippet, terms
from inwriting.storage import search as storage_search
from tests.conftest import REPO


def test_a_query_is_plain_words_whatever_it_holds() -> None:
    assert terms('"Water" NEAR(rights*) -dam (x) \x00 OR') == (
        "water",
        "near",
        "rights",
        "dam",
        "x",
        "or",
    )
    assert terms("") == terms('"*-()^:') == ()
    assert len(terms("word " * 5_000 + " ".join(f"w{i}" for i in range(100)))) <= MAX_TERMS


def test_fts5_query_quotes_every_word() -> None:
    assert fts5_query(("near", "or")) == '"near" "or"'


def test_a_snippet_marks_whole_words_and_cuts_around_the_first() -> None:
    text = " ".join(f"w{i}" for i in range(100)) + " the Dam and dams"
    found = snippet(text, ("dam",))
    assert found[0].text.startswith("…w89 ")
    assert [s.text for s in found if s.matched] == ["Dam"]
    assert "dams" in found[-1].text
    assert snippet("No match here", ("dam",)) == (Segment("No match here", False),)


def test_hits_in_counts_distinct_words_present() -> None:
    assert hits_in("A dam, a river.", ("dam", "river", "sea")) == 2


def test_the_queries_match_the_migrations_indexes() -> None:
    """PostgreSQL uses an expression index only for the very expression indexed."""
    indexed: dict[str, tuple[str, ...]] = {}
    for name in ("0008_search", "0017_discussion"):
        path = REPO / f"src/inwriting/storage/migrations/versions/{name}.py"
        spec = importlib.util.spec_from_file_location(f"migration_{name}", path)
        assert spec is not None and spec.loader is not None
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        for table, columns in migration.SEARCHED.items():
            assert migration.tsvector(table, columns) == storage_search.tsvector(table, columns)
        indexed.update(migration.SEARCHED)
    assert indexed == storage_search.SEARCHED
