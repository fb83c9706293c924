"""The concordance of two versions as JSON, as on the compare page (``web/concordances.py``)
and from ``inwriting concordance --json``: any two versions the caller may read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from inwriting.api.errors import RESPONSES
from inwriting.api.schemas import OperationOut
from inwriting.http.auth import actor
from inwriting.redline.concordance import ConcordanceBy
from inwriting.services import concordances

router = APIRouter(prefix="/api/v1", tags=["drafting"], responses=RESPONSES)


class LinkOut(BaseModel):
    old_key: str = Field(description="The baseline's provision key (KEY/N: its Nth paragraph).")
    new_key: str
    score: float = Field(ge=0, le=1, description="How alike the two texts are.")
    operations: list[OperationOut]


class ConcordanceOut(BaseModel):
    """The JSON of ``inwriting concordance --json`` (docs/redline.md)."""

    links: list[LinkOut]
    only_old: list[str] = Field(description="Keys of the baseline with no counterpart.")
    only_new: list[str] = Field(description="Keys of the new version with no counterpart.")


@router.get("/concordance")
def concordance(
    request: Request,
    old: Annotated[int, Query(description="The baseline: a version id.")],
    new: Annotated[int, Query(description="The new text: a version id.")],
    by: Annotated[ConcordanceBy, Query(description="Link provisions or paragraphs.")] = (
        ConcordanceBy.PROVISION
    ),
) -> ConcordanceOut:
    """What in version ``new`` says what in version ``old`` says, whatever their documents,
    numbering and order: links many to many with scores and word diffs."""
    _, _, found = concordances.version_concordance(
        request.app.state.db, actor(request), old, new, by
    )
    return ConcordanceOut(
        links=[
            LinkOut(
                old_key=link.old_key,
                new_key=link.new_key,
                score=round(link.score, 3),
                operations=OperationOut.many(link.operations),
            )
            for link in found.links
        ],
        only_old=[u.key for u in found.only_old],
        only_new=[u.key for u in found.only_new],
    )
