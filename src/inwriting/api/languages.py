"""Language texts of a version as JSON: add one by upload, read them, check them for
divergences (as ``inwriting documents import --version`` and ``versions check-languages``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from pydantic import BaseModel, Field

from inwriting.api.errors import RESPONSES
from inwriting.domain.divergences import Check
from inwriting.http.auth import actor, writer
from inwriting.http.uploads import language_upload
from inwriting.services import languages
from inwriting.services.languages import LanguageText

router = APIRouter(prefix="/api/v1", tags=["languages"], responses=RESPONSES)


class LanguageProvisionOut(BaseModel):
    key: str = Field(description="The version's key of the provision this one translates.")
    label: str
    heading: str
    text: str


class LanguageTextSummary(BaseModel):
    version_id: int
    language: str = Field(description="BCP 47 tag.")
    original: bool = Field(description="Whether this is the version's own text.")
    title: str
    added_by: str
    added_at: datetime
    content_sha256: str
    record_index: int | None = Field(description="The record entry that put it in writing.")


class LanguageTextOut(LanguageTextSummary):
    provisions: list[LanguageProvisionOut]


class DivergenceOut(BaseModel):
    key: str
    label: str
    check: Check
    original: str
    language: str
    in_original: list[str] = Field(description="What only the original has (a count for counts).")
    in_language: list[str]
    detail: str


class LanguageCheckOut(BaseModel):
    version_id: int
    original: str
    languages: list[str]
    diverges: bool
    divergences: list[DivergenceOut]


@router.post("/versions/{version_id}/languages", status_code=201)
async def add_language_text(
    request: Request,
    version_id: int,
    file: Annotated[UploadFile, File(description="The translation: any draft format.")],
    language: Annotated[str, Form(min_length=2, max_length=35, description="BCP 47 tag.")],
    mapping: Annotated[
        str, Form(max_length=1_000_000, description="YAML 'translation: version key' pairs.")
    ] = "",
) -> LanguageTextOut:
    """Add a translation as one more equally authentic text of the version, aligned to its
    provisions by structure; refused (422), one problem per provision that does not line up,
    unless ``mapping`` confirms where they belong. It never changes afterwards."""
    added = await language_upload(request, writer(request), version_id, file, language, mapping)
    return _full(added)


@router.get("/versions/{version_id}/languages")
def list_language_texts(request: Request, version_id: int) -> list[LanguageTextSummary]:
    """The version's texts, its original language first."""
    found = languages.list_language_texts(request.app.state.db, actor(request), version_id)
    return [_summary(t) for t in found]


@router.get("/versions/{version_id}/languages/{language}")
def get_language_text(request: Request, version_id: int, language: str) -> LanguageTextOut:
    """The version's text in one language, provision by provision under the version's keys."""
    db = request.app.state.db
    return _full(languages.get_language_text(db, actor(request), version_id, language))


@router.get("/versions/{version_id}/divergences")
def check_languages(request: Request, version_id: int) -> LanguageCheckOut:
    """Numbers, dates, article references, quoted terms and paragraph counts that differ
    between the version's original text and each language text, provision by provision."""
    found = languages.check_languages(request.app.state.db, actor(request), version_id)
    return LanguageCheckOut(
        version_id=found.version_id,
        original=found.original,
        languages=list(found.languages),
        diverges=found.diverges,
        divergences=[DivergenceOut.model_validate(d.as_dict()) for d in found.divergences],
    )


def _summary(text: LanguageText) -> LanguageTextSummary:
    return LanguageTextSummary(
        version_id=text.version_id,
        language=text.language,
        original=text.original,
        title=text.title,
        added_by=text.added_by,
        added_at=text.added_at,
        content_sha256=text.content_sha256,
        record_index=text.record_index,
    )


def _full(text: LanguageText) -> LanguageTextOut:
    return LanguageTextOut(
        **_summary(text).model_dump(),
        provisions=[LanguageProvisionOut(**p.as_dict()) for p in text.provisions],
    )
