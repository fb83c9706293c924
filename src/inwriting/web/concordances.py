"""Compare any two versions a reader may read: pick them, then read the redline or the
concordance (what in the new text says what in the baseline says).

``/compare`` without both versions is the picker (never a bare 422): versions are offered
by negotiation, document and per-document number ("Draft 3"), the ids only in the form's
values. With both, the page shows the picker again above the result, so a reader can
change either side.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from inwriting.http.auth import actor
from inwriting.redline.concordance import Concordance, ConcordanceBy, Unit
from inwriting.redline.render import render_html_body, render_html_operations
from inwriting.services import concordances
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)


class View(StrEnum):
    REDLINE = "redline"
    CONCORDANCE = "concordance"


@dataclass(frozen=True)
class Row:
    """One row of the concordance table: a new unit, an old unit (either may be missing),
    the score and the word diff of a link."""

    new: Unit | None
    old: Unit | None
    score: float | None = None
    diff: Markup | None = None


@router.get("/compare")
def compare_any(
    request: Request,
    old: int | None = None,
    new: int | None = None,
    view: View = View.REDLINE,
    by: ConcordanceBy = ConcordanceBy.PROVISION,
) -> Response:
    db, who = request.app.state.db, actor(request)
    context: dict[str, Any] = {"old": old, "new": new, "view": view, "by": by}
    context["choices"] = _grouped(concordances.list_choices(db, who))
    if old is not None and new is not None:
        if view is View.REDLINE:
            before, after, redline = concordances.version_redline(db, who, old, new)
            body = Markup(render_html_body(redline))  # noqa: S704 - the renderer escapes
            context.update(before=before, after=after, body=body)
        else:
            before, after, found = concordances.version_concordance(db, who, old, new, by)
            context.update(before=before, after=after, rows=_rows(found), found=found)
    return render(request, "concordances/compare.html", **context)


def _grouped(
    choices: list[concordances.Choice],
) -> list[tuple[str, list[concordances.Choice]]]:
    """The choices under their negotiation's title, in order."""
    groups: dict[str, list[concordances.Choice]] = {}
    for choice in choices:
        groups.setdefault(choice.negotiation_title, []).append(choice)
    return list(groups.items())


def _rows(found: Concordance) -> list[Row]:
    """Links in the new text's order, each new unit with no counterpart where it stands,
    the old units with none at the end."""
    linked = {link.new_key for link in found.links}
    rows: list[Row] = []
    by_new: dict[str, list[Row]] = {}
    for link in found.links:
        diff = Markup(render_html_operations(link.operations))  # noqa: S704 - escaped
        by_new.setdefault(link.new_key, []).append(Row(link.new, link.old, link.score, diff))
    for unit in found.new:
        rows += by_new[unit.key] if unit.key in linked else [Row(unit, None)]
    rows += [Row(None, unit) for unit in found.only_old]
    return rows
