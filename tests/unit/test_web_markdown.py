"""User Markdown (reasons, texts, rationales) is rendered sanitised: no script can ride in."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from inwriting.web.templating import markdown


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        "<a href='https://x' onclick='alert(1)'>x</a>",
        "![x](data:text/html;base64,PHNjcmlwdD4=)",
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_hostile_markdown_is_defused(hostile: str) -> None:
    """Whatever is left may show as text, but no element may run or load anything."""
    tags = _Tags()
    tags.feed(str(markdown(hostile)))
    assert tags.names <= {"p", "a", "em", "strong", "code"}, tags.names
    for name, value in tags.attributes:
        assert not name.startswith("on"), name
        assert name in {"href", "rel"}, name
        assert not (value or "").strip().lower().startswith(("javascript:", "data:")), value


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes.extend(attrs)


def test_ordinary_markdown_survives() -> None:
    html = str(markdown("We **reject** this, see [the map](https://example.org/map)."))
    assert "<strong>reject</strong>" in html
    assert 'href="https://example.org/map"' in html and 'rel="nofollow' in html
