"""Every list of the API comes in pages: ``offset`` and ``limit`` in the query, the total
beside the items, so a client knows when it has read everything."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

T = TypeVar("T")
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Limit = Annotated[int, Query(ge=1, le=500)]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


def paginate(items: list[T], offset: int, limit: int) -> Page[T]:
    return Page[T](
        items=items[offset : offset + limit], total=len(items), offset=offset, limit=limit
    )
