"""Provision keys: short, readable, deterministic, unique within a version.

A key is what responses cite and what the redline aligns first, so it is built from what the
text says a provision *is*, never from where it happens to sit:

* ``preamble``, ``closing``; ``rec-12`` for recital (12); ``art-5`` for every answerable
  numbered unit whatever the text calls it (Article 5, ARTICLE V, § 5, Clause 5, 5.);
* groups by type: ``part-1``, ``title-2``, ``ch-3``, ``sec-1``; an unnumbered heading that
  groups articles is keyed by its first words (``composition``, ``no-warranty``);
* annexes by the word used: ``annex-1``, ``annex-a``, ``appendix``, ``exhibit-b``,
  ``schedule-1``.

When a base key occurs more than once (article 1 of each chapter), every occurrence that has
a parent is qualified by its parent's key: ``ch-2.art-1``, ``part-2.ch-1``,
``part-2.ch-1.art-1``. What still collides (the same number twice in the same group, a
document that really repeats "Article 5") gets ``-2``, ``-3`` ... in document order, the first
keeping the plain key.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_SLUG_WORDS = 5


def slug(text: str) -> str:
    """Lower-case words joined by hyphens: ``"5 bis"`` -> ``"5-bis"``, ``"1.2"`` -> ``"1.2"``."""
    words = re.findall(r"[^\W_]+(?:\.[^\W_]+)*", text.casefold())
    return "-".join(words)


def heading_slug(text: str) -> str:
    """The key of an unnumbered heading: its first words (``"no-warranty"``)."""
    return "-".join(slug(text).split("-")[:_SLUG_WORDS]) or "heading"


def numbered(prefix: str, number: str) -> str:
    """``numbered("art", "5a")`` -> ``"art-5a"``; ``numbered("appendix", "")`` -> ``"appendix"``."""
    return f"{prefix}-{slug(number)}" if slug(number) else prefix


def unique_keys(bases: Sequence[str], parents: Sequence[int | None]) -> list[str]:
    """Final keys from base keys and parent positions (a parent always comes first).

    Linear in the number of provisions: the next suffix to try is remembered per key, so a
    document repeating one label 40,000 times does not search ``-2``, ``-3`` ... again for
    each occurrence. The keys are those of the plain search, since every suffix below the
    remembered one is already taken.
    """
    counts = Counter(bases)
    keys: list[str] = []
    used: set[str] = set()
    next_suffix: dict[str, int] = {}
    for base, parent in zip(bases, parents, strict=True):
        key = base
        if counts[base] > 1 and parent is not None:
            key = f"{keys[parent]}.{base}"
        candidate, suffix = key, next_suffix.get(key, 2)
        if candidate in used:
            candidate = f"{key}-{suffix}"
            while candidate in used:
                suffix += 1
                candidate = f"{key}-{suffix}"
            next_suffix[key] = suffix + 1
        used.add(candidate)
        keys.append(candidate)
    return keys
