"""Redline: what changed between two versions, and where a version stands after the answers.

The model, from the bottom up:

* :mod:`~inwriting.redline.tokens` cuts text into words (any script; each CJK character is
  a word), punctuation and the whitespace after them, keeping exact spans. Tokens compare
  without their whitespace: re-wrapping, doubled spaces or a lost space are never changes.
* :mod:`~inwriting.redline.align` (with :mod:`~inwriting.redline.matching`) pairs the
  provisions of two versions — by key when the new version was derived in the product,
  otherwise by text and label — so that each pair is ``same``, ``changed``, ``renumbered``,
  ``moved``, ``added``, ``removed``, ``split`` or ``merged``, and a renumbered article is
  never shown as deleted and re-added.
* :mod:`~inwriting.redline.diff` diffs two texts word by word into a neutral list of
  :class:`~inwriting.redline.operations.Operation` values (``equal`` / ``insert`` /
  ``delete``) that rebuild both texts exactly; :mod:`~inwriting.redline.engines` runs the
  sequence diff, :mod:`~inwriting.redline.hunks` makes its output readable.
  :mod:`~inwriting.redline.compare` does alignment and diff for two versions and gives a
  :class:`~inwriting.redline.compare.Redline`.
* :mod:`~inwriting.redline.render` turns a redline into JSON, plain text, CriticMarkup or a
  standalone HTML page; every later format (DOCX tracked changes) reads the same operations.
* :mod:`~inwriting.redline.brackets` writes the consolidated text of a version given the
  responses to it — each provision's state and the disputed wording in brackets with the
  parties' alternatives — and :mod:`~inwriting.redline.bracket_render` prints it.

What this package must not do: it is pure. Values in, values out — no database, no files,
no network, no clock, no randomness, and no framework (no SQLAlchemy, Typer, Rich, FastAPI,
Jinja2); HTML is assembled here with every text escaped precisely because no template engine
may be imported. Same input, same output, which is what lets a recorded version's redline be
recomputed by anyone and come out the same. It knows documents only as
:class:`~inwriting.domain.documents.Provision` values and responses as
:class:`~inwriting.domain.responses.ResponseContent` values; reading files and the database is
the callers' business (``inwriting redline``, the services).
"""

from __future__ import annotations

from inwriting.redline.align import Pair, PairState, align
from inwriting.redline.brackets import ConsolidatedText, ProvisionState, consolidate
from inwriting.redline.compare import Redline, RedlinePair, compare
from inwriting.redline.diff import Op, Operation, diff_texts, new_text, old_text

__all__ = [
    "ConsolidatedText",
    "Op",
    "Operation",
    "Pair",
    "PairState",
    "ProvisionState",
    "Redline",
    "RedlinePair",
    "align",
    "compare",
    "consolidate",
    "diff_texts",
    "new_text",
    "old_text",
]
