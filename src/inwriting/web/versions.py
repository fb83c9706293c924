"""A version read as a document with every party's position beside each provision, the
agreement matrix (provisions by parties), and one provision with every position on it."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from inwriting.domain.divergences import Divergence, divergences
from inwriting.domain.languages import LanguageProvision
from inwriting.errors import missing
from inwriting.http.auth import actor
from inwriting.redline.render import render_html_operations
from inwriting.services import consultations, discussion, documents, languages, matrix
from inwriting.services.actors import Actor
from inwriting.services.cache import StateCache
from inwriting.services.languages import LanguageText
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
        languages=_languages(request, who, version_id),
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
        languages=_languages(request, actor(request), version_id),
        previous=grid.rows[at - 1].provision if at else None,
        following=grid.rows[at + 1].provision if at + 1 < len(grid.rows) else None,
        consultation=consultations.panel(db, who, version_id, key),
        commented="commented" in request.query_params,
        sign_up=request.app.state.settings.sign_up,
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


@dataclass(frozen=True)
class Languages:
    """What a page shows of a version's languages: every language it has, the ones chosen
    (``?language=en&language=nl``; all of them by default), each chosen text by key, and
    the divergences flagged per provision key."""

    all: tuple[LanguageText, ...]
    chosen: tuple[LanguageText, ...]
    texts: dict[str, dict[str, LanguageProvision]]  # language -> key -> provision
    divergences: dict[str, list[Divergence]]  # key -> divergences

    @property
    def parallel(self) -> bool:
        return len(self.chosen) > 1


def _languages(request: Request, who: Actor, version_id: int) -> Languages:
    db = request.app.state.db
    every = tuple(languages.list_language_texts(db, who, version_id))
    wanted = {tag.casefold() for tag in request.query_params.getlist("language")}
    chosen = tuple(t for t in every if t.language.casefold() in wanted) or every
    flagged: dict[str, list[Divergence]] = {}
    for d in divergences(every[0].language, {t.language: t.provisions for t in every}):
        flagged.setdefault(d.key, []).append(d)
    texts = {t.language: {p.key: p for p in t.provisions} for t in chosen}
    return Languages(every, chosen, texts, flagged)


def _same_negotiation(actual: str, slug: str, version_id: int) -> None:
    if actual != slug:
        raise missing("version")
