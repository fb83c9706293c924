"""Spreadsheet and feed writers: safe cells, frozen headers, valid Atom."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import feedparser
import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from inwriting.formats.atom import FeedEntry, write_atom
from inwriting.formats.tables import safe_cell, write_csv, write_xlsx


def test_cells_that_would_run_as_formulas_are_defused() -> None:
    rows = [['=HYPERLINK("http://evil")', "+1", "-2", "@SUM(A1)", "plain"]]
    parsed = list(csv.reader(io.StringIO(write_csv(["a", "b", "c", "d", "e"], rows))))
    assert parsed[1] == ['\'=HYPERLINK("http://evil")', "'+1", "'-2", "'@SUM(A1)", "plain"]
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx(["a"] * 5, rows))).active
    assert sheet is not None
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil")' and sheet["A2"].data_type == "s"


@given(st.lists(st.lists(st.text(max_size=30), min_size=2, max_size=2), max_size=8))
def test_csv_round_trips_every_text(rows: list[list[str]]) -> None:
    parsed = list(csv.reader(io.StringIO(write_csv(["x", "y"], rows), newline="")))
    assert parsed[1:] == [[safe_cell(c) for c in r] for r in rows]


@given(st.text(max_size=80), st.text(max_size=200))
def test_atom_is_well_formed_for_any_text(title: str, summary: str) -> None:
    """Even control characters a party pasted into a rationale must not break the feed."""
    when = datetime(2026, 11, 29, tzinfo=UTC)
    body = write_atom(
        feed_id="tag:example.org,2026:feed",
        title="Talks",
        self_link="https://example.org/feed.atom",
        entries=[FeedEntry("tag:example.org,2026:1", title + "x", when, summary)],
        updated=when,
    )
    feed = feedparser.parse(body)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and len(feed.entries) == 1
