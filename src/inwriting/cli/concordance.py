"""``inwriting concordance``: what in one text says what another says, with no database."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from inwriting.cli.parse import InputFormat

if TYPE_CHECKING:
    from inwriting.redline.concordance import Concordance


OLD = typer.Argument(
    ..., exists=True, dir_okay=False, readable=True, help="The baseline: the text compared with."
)


class By(StrEnum):
    """The values of :class:`~inwriting.redline.concordance.ConcordanceBy`, without loading
    the redline package before the command runs."""

    PROVISION = "provision"
    PARAGRAPH = "paragraph"


NEW = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The new text.")


def concordance(
    old: Path = OLD,
    new: Path = NEW,
    by: By = typer.Option(By.PROVISION, "--by", help="Link whole provisions, or their paragraphs."),
    as_json: bool = typer.Option(False, "--json", help="Print the links as JSON."),
    source_format: InputFormat = typer.Option(
        InputFormat.AUTO, "--from", help="How to read OLD and NEW (default: guess)."
    ),
) -> None:
    """Link each provision (or paragraph) of NEW to those of OLD that say the same thing.

    For two different documents — a draft and the last agreed text, an earlier treaty, the
    other side's model — whatever their numbering and order: links are many to many
    (merged and split articles), each with a score (0 to 1) and, with --json, its word diff.
    What has no counterpart is listed on each side. See docs/redline.md.

    Example: inwriting concordance founding-act-1997.md draft-agreement-2021.md --by paragraph
    """
    from inwriting.formats import read_document
    from inwriting.redline.concordance import ConcordanceBy
    from inwriting.redline.concordance import concordance as concord

    before = read_document(old, format=source_format.value)
    after = read_document(new, format=source_format.value)
    result = concord(before.provisions, after.provisions, by=ConcordanceBy(by.value))
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    sys.stdout.write(render_concordance(result, old.name, new.name))


def render_concordance(result: Concordance, old_name: str, new_name: str) -> str:
    """The links as lines a reader can scan: new unit, old unit, score, how much changed."""
    lines = [f"Concordance: {old_name} → {new_name}", ""]
    lines.append(f"{len(result.links)} links")
    for link in result.links:
        changed = sum(len(o.text.split()) for o in link.operations if o.changes)
        words = "same words" if not changed else f"{changed} words differ"
        lines.append(
            f"  {link.new.label} ({link.new_key})  ←  {link.old.label} ({link.old_key})  "
            f"{link.score:.2f}  {words}"
        )
    for side, found in (
        (f"Only in {old_name}", result.only_old),
        (f"Only in {new_name}", result.only_new),
    ):
        lines += ["", f"{side}: {len(found)}"]
        lines += [f"  {u.label} ({u.key})" for u in found]
    return "\n".join(lines) + "\n"
