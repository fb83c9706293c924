"""A version read as a document with every party's position beside each provision, the
agreement matrix (provisions by parties), and one provision with every position on it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from inwriting.errors import missing
from inwriting.http.auth import actor
from inwriting.redline.render import render_html_operations
from inwriting.services import discussion, documents, matrix
from inwriting.services.cache import StateCache
from inwriting.services.matrix import Matrix
from inwriting.web.responses import drafting_parties
from inwriting.web.templating import render, templates

router = APIRouter(include_in_schema=False)


@router.get("/negotiations/{slug}/versions/{version_id}")
def document(request: Request, slug: str, version_id: int) -> Response:
    db, who = request.app.state.db, actor(request)
    text = documents.get_version(db, who, version_id)
    _same_negotiation(text.negotiation, slug, version_id)
    grid = matrix.agreement_matrix(db, who, version_id)
    by_key = {row.provision.key: row for row in grid.rows}
    mine = [] if who.anonymous else drafting_parties(request, slug)
    return render(
        request,
        "versions/document.html",
        text=text,
        grid=grid,
        rows=by_key,
        slug=slug,
        mine=mine,
        threads=_by_key(discussion.list_threads(db, who, version_id)),
        voices=discussion.voices(db, who, slug),
    )


@router.get("/negotiations/{slug}/versions/{version_id}/matrix")
def agreement(request: Request, slug: str, version_id: int) -> Response:
    db, who = request.app.state.db, actor(request)
    grid = matrix.agreement_matrix(db, who, version_id)
    _same_negotiation(grid.negotiation, slug, version_id)
    table = _table(grid, discussion.thread_counts(db, who, version_id))
    if request.headers.get("hx-request") == "true":  # htmx swaps the table alone
        return HTMLResponse(table)
    return render(request, "versions/matrix.html", grid=grid, table=table)


@router.get("/negotiations/{slug}/versions/{version_id}/provisions/{key}")
def provision(request: Request, slug: str, version_id: int, key: str) -> Response:
    """One provision: its text, each party's position with reasons and exceptions, and
    each proposed amendment as a redline of the provision's text."""
    db, who = request.app.state.db, actor(request)
    grid = matrix.agreement_matrix(db, who, version_id)
    _same_negotiation(grid.negotiation, slug, version_id)
    row = grid.row(key)
    amendments = {
        party: Markup(render_html_operations(ops, author=party))  # noqa: S704 - escaped
        for party, ops in row.amendments().items()
    }
    at = grid.rows.index(row)
    return render(
        request,
        "versions/provision.html",
        grid=grid,
        row=row,
        slug=slug,
        amendments=amendments,
        previous=grid.rows[at - 1].provision if at else None,
        following=grid.rows[at + 1].provision if at + 1 < len(grid.rows) else None,
        threads=discussion.list_threads(db, who, version_id, key=key),
        voices=discussion.voices(db, who, slug),
        version_id=version_id,
        key=key,
    )


# The table of 1,000 cells is most of the page's cost. The service hands out the same Matrix
# for as long as the record does not change (services/matrix.py); the table rendered from it
# is kept with it as its state, and reused while that Matrix (or an equal one) is current.
# Thread counts differ by reader (internal threads), so they are part of the key: readers
# who see the same counts share a table, and no reader gets another's counts.
Counts = tuple[tuple[str, discussion.Count], ...]
_tables: StateCache[tuple[int, Counts], Matrix, Markup] = StateCache(64)


def _table(grid: Matrix, counts: dict[str, discussion.Count]) -> Markup:
    key = (grid.version_id, tuple(sorted(counts.items())))
    found = _tables.get(key, grid)
    if found is None:
        html = templates.get_template("versions/_table.html").render(grid=grid, threads=counts)
        found = Markup(html)  # noqa: S704 - rendered by the autoescaping environment just now
        _tables.put(key, grid, found)
    return found


def _by_key(threads: list[discussion.Thread]) -> dict[str, list[discussion.Thread]]:
    found: dict[str, list[discussion.Thread]] = {}
    for t in threads:
        found.setdefault(t.key, []).append(t)
    return found


def _same_negotiation(actual: str, slug: str, version_id: int) -> None:
    if actual != slug:
        raise missing("version")
