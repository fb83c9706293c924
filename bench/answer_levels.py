"""Does cutting a draft at an answer level scale linearly? Each shape at n and 4n blocks.

Run ``.venv/bin/python bench/answer_levels.py [--small N] [--quick]``. For each shape a
document is parsed once, then cut at its level (:func:`inwriting.formats.levels.answer_by`)
and checked as the import preview checks it (:func:`inwriting.formats.preview.preview`),
best of five taken in turns for ``--small`` blocks (default 10,000) and four times as many;
the ratio of the two times is reported: linear work gives about 4x, quadratic 16x. Target:
every ratio at most 5x (a failure exits 1). The shapes are where a quadratic spot would show:

* many articles of numbered paragraphs, and one article of very many paragraphs (with
  out-of-sequence numbers and lettered points between them), by paragraph;
* US-style ARTICLEs grouping Sections, many of them or one holding very many, by article;
* the same article label repeated (keys ``art-1-2`` ..., paragraphs under each).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from unittest import mock

from inwriting.domain import documents
from inwriting.domain.documents import ParsedDocument
from inwriting.formats import parse_document
from inwriting.formats.preview import preview

TARGET = 5.0
ROUNDS = 5

Shape = Callable[[int], tuple[str, str]]  # n blocks -> (markdown text, level)


def _articles_of_paragraphs(n: int) -> tuple[str, str]:
    article = "## Article {i}\n\nThe Parties agree:\n\n1. One.\n\n(a) point;\n\n2. Two.\n\n"
    return "# T\n\n" + "".join(article.format(i=i) for i in range(1, n // 4 + 1)), "paragraph"


def _one_long_article(n: int) -> tuple[str, str]:
    body = "".join(f"({i}) Paragraph {i}.\n\n(a) point.\n\n(7) stray.\n\n" for i in range(1, n))
    return "# T\n\n## Article 1\n\n" + body, "paragraph"


def _us_articles(n: int) -> tuple[str, str]:
    group = "## ARTICLE {i}\n\n### Section {i}.1 Terms\n\nText.\n\n### Section {i}.2 More\n\nX.\n\n"
    return "# T\n\n" + "".join(group.format(i=i) for i in range(1, n // 3 + 1)), "article"


def _one_us_article(n: int) -> tuple[str, str]:
    sections = "".join(f"### Section 1.{i} Terms\n\nText.\n\n" for i in range(1, n))
    return (
        "# T\n\n## ARTICLE I\n\n" + sections + "## ARTICLE II\n\n### Section 2.1\n\nX.\n",
        "article",
    )


def _repeated_label(n: int) -> tuple[str, str]:
    return "# T\n\n" + "## Article 1\n\n1. One.\n\n2. Two.\n\n" * (n // 3), "paragraph"


SHAPES: dict[str, Shape] = {
    "articles of paragraphs": _articles_of_paragraphs,
    "one article, many paragraphs": _one_long_article,
    "US articles of sections": _us_articles,
    "one US article, many sections": _one_us_article,
    "one label repeated": _repeated_label,
}


def _once(parsed: ParsedDocument, level: str) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        preview(parsed, level)
        return time.perf_counter() - start
    finally:
        gc.enable()


def _pair(shape: Shape, small: int) -> tuple[float, float]:
    inputs = []
    for size in (small, 4 * small):
        text, level = shape(size)
        inputs.append((parse_document(text, format="markdown"), level))
    best = [float("inf"), float("inf")]
    for _ in range(ROUNDS):
        for index, (parsed, level) in enumerate(inputs):
            best[index] = min(best[index], _once(parsed, level))
    return best[0], best[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=10_000, help="blocks in the small input")
    parser.add_argument("--quick", action="store_true", help="2,000 blocks: a smoke run")
    args = parser.parse_args(argv)
    small = 2_000 if args.quick else args.small
    misses = 0
    print(f"{'shape':32} {small:>8,} {4 * small:>8,} blocks   ratio")
    with mock.patch.object(documents, "MAX_PROVISIONS", sys.maxsize):
        for name, shape in SHAPES.items():
            one, four = _pair(shape, small)
            ratio = four / max(one, 1e-6)
            misses += ratio > TARGET
            print(f"{name:32} {one:7.3f}s {four:7.3f}s {ratio:7.2f}x")
    verdict = "PASS" if not misses else "MISS"
    print(f"{verdict} every shape within {TARGET:.0f}x for 4x the blocks ({misses} over)")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
