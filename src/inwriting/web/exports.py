"""Downloads: every export of a negotiation, a version, a response or a redline."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from inwriting.http.auth import actor
from inwriting.http.links import absolute
from inwriting.services import exchange, exports
from inwriting.services.exports import VersionFormat

router = APIRouter(include_in_schema=False)


def _file(found: exports.File) -> Response:
    name, media, data = found
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/negotiations/{slug}/export.json")
def negotiation_json(request: Request, slug: str) -> Response:
    data = exchange.export_negotiation(request.app.state.db, actor(request), slug)
    body = json.dumps(data, ensure_ascii=False, indent=1).encode()
    return _file((f"{slug}.json", "application/json", body))


@router.get("/negotiations/{slug}/versions/{version_id}/download/{fmt}")
def version_file(
    request: Request,
    slug: str,
    version_id: int,
    fmt: VersionFormat,
    language: Annotated[list[str], Query(max_length=35)] = [],  # noqa: B006 (FastAPI copies it)
) -> Response:
    """``?language=nl`` exports that language text; two or more, side by side (docx, pdf)."""
    base = absolute(request, request.app.url_path_for("document", slug=slug, version_id=version_id))
    db, who = request.app.state.db, actor(request)
    return _file(
        exports.export_version(db, who, slug, version_id, fmt, base_url=base, language=language)
    )


@router.get("/negotiations/{slug}/responses/{response_id}/download.docx")
def response_file(
    request: Request,
    slug: str,
    response_id: int,
    language: Annotated[str, Query(max_length=35)] = "",
) -> Response:
    """``?language=nl`` quotes the provisions in that language text of the version."""
    db, who = request.app.state.db, actor(request)
    return _file(exports.export_response(db, who, slug, response_id, language=language))


@router.get("/negotiations/{slug}/compare/download")
def redline_file(
    request: Request, slug: str, old: int, new: int, fmt: Literal["docx", "pdf"] = "docx"
) -> Response:
    who = actor(request)
    author = who.username or "InWriting"
    return _file(
        exports.export_redline(request.app.state.db, who, slug, old, new, fmt, author=author)
    )
