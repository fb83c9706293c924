"""Renderers: the JSON contract, escaped and accessible HTML, CriticMarkup, plain text."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from inwriting.domain.documents import Provision, ProvisionKind
from inwriting.redline.compare import compare
from inwriting.redline.render import (
    redline_json,
    render_criticmarkup,
    render_html,
    render_json,
    render_text,
)


def article(number: int | str, text: str, heading: str = "") -> Provision:
    return Provision(
        f"art-{number}", ProvisionKind.ARTICLE, f"Article {number}", str(number), heading, text
    )


OLD = (
    article(1, "The judges shall be elected for nine years. They may be re-elected.", "Terms"),
    article(2, "Each Party shall report <annually> & publish."),
    article(3, "This article goes away entirely."),
)
NEW = (
    article(1, "The judges shall be elected for nine years. They may not be re-elected.", "Terms"),
    article(2, "Each Party shall report <monthly> & publish."),
    article(4, "A new article on <script>alert(1)</script> arrives."),
)


def test_json_has_the_documented_shape() -> None:
    out = json.loads(render_json(compare(OLD, NEW)))
    assert out["format_version"] == 1
    first = out["pairs"][0]
    assert set(first) >= {"state", "old_key", "new_key", "old_label", "new_label", "operations"}
    assert first["state"] == "changed"
    assert {"op": "insert", "text": "not "} in first["operations"]
    assert [p["state"] for p in out["pairs"]] == ["changed", "changed", "removed", "added"]
    assert out == redline_json(compare(OLD, NEW))


PROVISION_TEXT = st.text(st.sampled_from("ab c.\n <&>é中"), max_size=60)


@given(olds=st.lists(PROVISION_TEXT, min_size=1, max_size=4),
       news=st.lists(PROVISION_TEXT, min_size=1, max_size=4))  # fmt: skip
def test_json_operations_rebuild_each_provision(olds: list[str], news: list[str]) -> None:
    old = tuple(article(i + 1, t) for i, t in enumerate(olds))
    new = tuple(article(i + 1, t) for i, t in enumerate(news))
    texts = {("old", p.key): p.text for p in old} | {("new", p.key): p.text for p in new}
    redline = compare(old, new)
    assert json.loads(render_json(redline)) == redline_json(redline)
    for pair in json.loads(render_json(redline))["pairs"]:
        ops = pair["operations"]
        rebuilt_old = "".join(o["text"] for o in ops if o["op"] != "insert")
        rebuilt_new = "".join(o["text"] for o in ops if o["op"] != "delete")
        assert rebuilt_old == (texts["old", pair["old_key"]] if pair["old_key"] else "")
        assert rebuilt_new == (texts["new", pair["new_key"]] if pair["new_key"] else "")


def test_html_is_a_standalone_escaped_accessible_page() -> None:
    page = render_html(compare(OLD, NEW), title="Redline <v1> → v2", author="Party <B>")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "<link" not in page and "http" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<title>Redline &lt;v1&gt; → v2</title>" in page
    assert re.search(
        r'<ins title="Inserted by Party &lt;B&gt;" data-author="Party &lt;B&gt;">'
        r'<span class="visually-hidden">inserted: </span>not<span class="visually-hidden">'
        r" \(end inserted\)</span></ins> be re-elected",
        page,
    )
    assert '<span class="visually-hidden">deleted: </span>annually' in page
    assert "text-decoration: underline" in page and "text-decoration: line-through" in page


def test_text_and_criticmarkup_marks() -> None:
    redline = compare(OLD, NEW)
    text = render_text(redline)
    assert "They may {+not+} be re-elected." in text
    assert "report <[-annually-]{+monthly+}> & publish" in text
    assert "=== Article 3 (removed)" in text
    critic = render_criticmarkup(redline)
    assert "They may {++not++} be re-elected." in critic
    assert "report <{~~annually~>monthly~~}> & publish" in critic
    assert "{--This article goes away entirely.--}" in critic


def test_layout_changes_show_the_new_text_and_no_mark() -> None:
    redline = compare(
        (article(1, "determined to save\nsucceeding generations"),),
        (article(1, "determinedto save succeeding  generations"),),
    )
    assert redline.pairs[0].state.value == "same"
    body = render_text(redline).split("\n", 4)[-1]
    assert "determinedto save succeeding  generations" in body
    assert "[-" not in body and "{+" not in body
    assert "<del title" not in render_html(redline) and "{--" not in render_criticmarkup(redline)


def test_a_deletion_does_not_glue_words_together() -> None:
    redline = compare((article(1, "the territory of territories named"),),
                      (article(1, "the territory territories named"),))  # fmt: skip
    assert "territory [-of-] territories" in render_text(redline)


def test_moves_and_renumbering_are_described() -> None:
    old = (article(1, "Alpha beta gamma delta."), article(2, "Epsilon zeta eta theta."))
    new = (article(1, "Epsilon zeta eta theta."), article(2, "Alpha beta gamma delta!"))
    text = render_text(compare(old, new))
    assert "(renumbered from Article 2)" in text or "(moved from Article 2)" in text
    assert "text changed" in text
