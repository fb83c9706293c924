"""Does parsing a draft scale linearly? Each input shape at n and 4n blocks, in one run.

Run ``.venv/bin/python bench/parsing.py [--small N] [--quick]``. For each shape the parser
reads a document of ``--small`` blocks (default 10,000) and one four times larger, best of
five taken in turns, and the ratio of the two times is reported: linear work gives about
4x (a little more as the larger input leaves the CPU caches), quadratic work 16x. Target:
every ratio at most 5x (a failure exits 1). The shapes are the inputs a quadratic spot
would show on (issue 11):

* the same article label repeated (``## Article 1``), distinct labels, chapters each
  restarting their numbering, many unnumbered groups, many recitals, PDF-like pages;
* status notes under each heading ("In force from ..."), "§" labels grouping articles,
  headings after which the numbering starts again, licence sections over subsections;
* captions above articles ("（見出し）"), many bracketed lines that caption nothing, a
  Spanish "Disposición final primera" repeated;
* one huge paragraph, as one line and as many wrapped lines (with soft hyphens), a heading
  with a long run of spaces, a separator-looking line, many blank lines.

Documents over the provision cap are parsed with the cap lifted: the point is the parser's
own cost, not the cap.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from unittest import mock

from inwriting.domain import documents
from inwriting.formats import parse_document

TARGET = 5.0
ROUNDS = 5

Shape = Callable[[int], tuple[str, str]]  # n -> (text, format)


def _repeat(block: str, fmt: str = "markdown") -> Shape:
    return lambda n: (block * n, fmt)


def _numbered(block: str, fmt: str = "markdown") -> Shape:
    return lambda n: ("".join(block.format(i=i) for i in range(1, n + 1)), fmt)


def _recitals(n: int) -> tuple[str, str]:
    body = "".join(f"({i}) Whereas reason {i}.\n\n" for i in range(1, n + 1))
    return f"Title\n\n{body}HAVE ADOPTED THIS REGULATION:\n\nArticle 1\n\nText.\n", "text"


def _pages(n: int) -> tuple[str, str]:
    page = "L 119/{i} EN Official Journal\n\nArticle {i}\n\nText of it (1).\n\n(1) OJ C 1.\n\f"
    return "".join(page.format(i=i) for i in range(1, n + 1)), "text"


SHAPES: dict[str, Shape] = {
    "one label repeated": _repeat("## Article 1\n\nx\n\n"),
    "distinct labels": _numbered("## Article {i}\n\nx\n\n"),
    "chapters restarting": _numbered("# Chapter {i}\n\n## Article 1\n\nx\n\n"),
    "unnumbered groups": _repeat("GENERAL RULES\n\nArticle 1\n\nx.\n\n", "text"),
    "plain-text labels": _numbered("Article {i}\nText {i}.\n", "text"),
    "recitals": _recitals,
    "pages with footnotes": _pages,
    "status notes under headings": _numbered("## Article {i}\n\nIn force from 1 May 2020\n\nx\n\n"),
    "paragraph signs over articles": _numbered(
        "## § {i}\n\n### Kop\n\n### Artikel {i}\n\nx\n\n### Artikel {i}a\n\nx\n\n"
    ),
    "numbering started again": _repeat("### Article 2\n\nx\n\n#### More\n\n### Article 1\n\nx\n\n"),
    "licence subsections": _numbered(
        "{i}. Heading\n\n{i}.1. Title\n\nx.\n\n{i}.2. Title\n\nx.\n\n", "text"
    ),
    "one huge line": lambda n: ("# Article 1\n\n" + "word " * (20 * n), "markdown"),
    "one paragraph, many lines": lambda n: ("Article 1\n\n" + "word\n" * (20 * n), "text"),
    "soft hyphens": lambda n: ("Article 1\n\n" + "wo\u00ad\nrd " * (20 * n), "text"),
    "spaces in a heading": lambda n: ("# Article 1 x" + " " * (20 * n) + "y\n", "markdown"),
    "separator-like line": lambda n: ("Article 1\n\n" + "- " * (20 * n) + "x\n", "text"),
    "blank lines": lambda n: ("Article 1\n\nx" + "\n" * (20 * n) + "y\n", "text"),
    "captions above articles": _numbered("\n（見出し）\nArticle {i}\nText.\n２　More.\n", "text"),
    "bracketed lines, no article": lambda n: (
        "Article 1\n\nx.\n\n" + "(caption)\n\n\n" * n + "Article 2\n\ny.\n",
        "text",
    ),
    "dispositions repeated": _repeat("Disposición final primera. Entrada.\nTexto.\n\n", "text"),
    "one-line articles, § signs": _numbered(
        "Art. {i}. Tekst.\n\nArt. {i}a. § 1. Jeden.\n\n§ 2. Dwa.\n\n", "text"
    ),
}


def _once(text: str, fmt: str) -> float:
    """One parse, with the cyclic garbage collector off (as ``timeit`` does): its full
    collections grow with the heap and would blur the parser's own cost."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        parse_document(text, format=fmt)
        return time.perf_counter() - start
    finally:
        gc.enable()


def _pair(shape: Shape, small: int) -> tuple[float, float]:
    """Best of :data:`ROUNDS` for the small and the large input, taking turns, so that a
    moment when the shared machine is slower slows both alike."""
    inputs = (shape(small), shape(4 * small))
    best = [float("inf"), float("inf")]
    for _ in range(ROUNDS):
        for index, (text, fmt) in enumerate(inputs):
            best[index] = min(best[index], _once(text, fmt))
    return best[0], best[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000, help="blocks in the small input")
    parser.add_argument("--quick", action="store_true", help="2,000 blocks: a smoke run")
    args = parser.parse_args(argv)
    small = 2_000 if args.quick else args.small
    misses = 0
    print(f"{'shape':28} {small:>8,} {4 * small:>8,} blocks   ratio")
    with mock.patch.object(documents, "MAX_PROVISIONS", sys.maxsize):
        for name, shape in SHAPES.items():
            one, four = _pair(shape, small)
            ratio = four / max(one, 1e-6)
            misses += ratio > TARGET
            print(f"{name:28} {one:7.3f}s {four:7.3f}s {ratio:7.2f}x")
    verdict = "PASS" if not misses else "MISS"
    print(f"{verdict} every shape within {TARGET:.0f}x for 4x the blocks ({misses} over)")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
