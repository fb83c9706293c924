"""A version read as a document with every party's position beside each provision, the
agreement matrix (provisions by parties), and one provision with every position on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from inwriting.domain.divergences import Divergence, divergences
from inwriting.domain.languages import LanguageProvision
from inwriting.errors import NotFound, missing
from inwriting.http.auth import actor
from inwriting.redline.render import render_html_operations
from inwriting.services import consultations, discussion, documents, languages, matrix
from inwriting.services.actors import Actor
from inwriting.services.cache import StateCache
from inwriting.services.languages import LanguageText
from inwriting.services.matrix import Matrix
from inwriting.web.responses import drafting_parties
from inwriting.web.templating import Shown, kept, render, templates

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
def agreement(
    request: Request,
    slug: str,
    version_id: int,
    parties: int | None = None,
    provisions: int | None = None,
) -> Response:
    """The matrix. One that fits a page (up to 20 parties and 100 provisions) is shown whole;
    a larger one (193 parties: 77,200 cells) opens on a heat map, a line per provision
    counting each position, and shows the full table a page at a time: ``parties`` and
    ``provisions`` number the pages (from 1) of 20 parties and of 100 provisions."""
    db, who = request.app.state.db, actor(request)
    grid, threads = matrix.matrix_page(db, who, version_id)
    _same_negotiation(grid.negotiation, slug, version_id)
    paged = Paging.of(grid)
    page = paged.page(parties, provisions)
    fragment = _fragment(grid, paged, page, threads)
    if request.headers.get("hx-request") == "true":  # htmx swaps the table alone
        return HTMLResponse(fragment)
    return render(
        request, "versions/matrix.html", grid=grid, paged=paged, page=page, table=fragment
    )


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


PAGE_PARTIES = 20  # columns of the full table per page
PAGE_PROVISIONS = 100  # rows of the full table per page


@dataclass(frozen=True)
class Page:
    """A page of the full table (numbered from 1), or ``None`` for the heat map."""

    parties: int
    provisions: int


@dataclass(frozen=True)
class Paging:
    """How a matrix is cut into pages of the full table."""

    party_pages: int
    provision_pages: int
    parties_per_page: ClassVar[int] = PAGE_PARTIES  # for the templates
    provisions_per_page: ClassVar[int] = PAGE_PROVISIONS

    @classmethod
    def of(cls, grid: Matrix) -> Paging:
        return cls(
            max(1, -(-len(grid.parties) // PAGE_PARTIES)),
            max(1, -(-len(grid.rows) // PAGE_PROVISIONS)),
        )

    @property
    def whole(self) -> bool:
        """The matrix fits one page: it is shown as a table at once, with no heat map."""
        return self.party_pages == self.provision_pages == 1

    def page(self, parties: int | None, provisions: int | None) -> Page | None:
        """The page asked for: none named opens a large matrix on its heat map."""
        if parties is None and provisions is None and not self.whole:
            return None
        for name, number, pages in (
            ("parties", parties, self.party_pages),
            ("provisions", provisions, self.provision_pages),
        ):
            if number is not None and not 1 <= number <= pages:
                raise NotFound(f"no page {number} of {name}: there are {pages} (from 1)")
        return Page(parties or 1, provisions or 1)


# The table of 1,000 cells is most of the page's cost. The service hands out the same Matrix
# for as long as the record does not change (services/matrix.py); each fragment rendered from
# it (the heat map, a page of the table) is kept with it as its state, and reused while that
# Matrix (or an equal one) is current. Thread counts differ by reader (internal threads), so
# they are part of the key: readers who see the same counts share a fragment, and no reader
# gets another's counts.
Counts = tuple[tuple[str, discussion.Count], ...]
_fragments: StateCache[tuple[int, Page | None, Counts], Matrix, Shown] = StateCache(256)


def _fragment(
    grid: Matrix, paged: Paging, page: Page | None, counts: dict[str, discussion.Count]
) -> Shown:
    key = (grid.version_id, page, tuple(sorted(counts.items())))
    found = _fragments.get(key, grid)
    if found is None:
        if page is None:
            html = templates.get_template("versions/_heat.html").render(
                grid=grid, paged=paged, page=None, tallied=matrix.TALLIED
            )
        else:
            html = _table(grid, paged, page, counts)
        found = kept(html)  # rendered by the autoescaping environment just now
        _fragments.put(key, grid, found)
    return found


def _table(grid: Matrix, paged: Paging, page: Page, counts: dict[str, discussion.Count]) -> str:
    first_party = (page.parties - 1) * PAGE_PARTIES
    first_row = (page.provisions - 1) * PAGE_PROVISIONS
    columns = range(first_party, min(first_party + PAGE_PARTIES, len(grid.parties)))
    return templates.get_template("versions/_table.html").render(
        grid=grid,
        paged=paged,
        page=page,
        columns=columns,
        rows=grid.rows[first_row : first_row + PAGE_PROVISIONS],
        first_row=first_row,
        threads=counts,
    )


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
