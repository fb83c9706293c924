"""The drafters' operations as JSON, as on their pages (``web/drafting.py``): table a version
by upload, read the consolidated bracketed text, compare two versions, derive the next one.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field, StringConstraints
from starlette.concurrency import run_in_threadpool

from inwriting.api.errors import RESPONSES
from inwriting.api.schemas import OperationOut
from inwriting.domain.derivation import Action, Choice
from inwriting.domain.documents import AnswerLevel, ProvisionKind
from inwriting.domain.responses import PositionKind, wordings_from
from inwriting.formats.preview import preview
from inwriting.http.auth import actor, writer
from inwriting.http.uploads import read_upload, table_upload
from inwriting.redline.align import PairState
from inwriting.redline.bracket_render import summary_line
from inwriting.redline.brackets import BracketedProvision, Item, Option, ProvisionState
from inwriting.redline.render import render_json
from inwriting.services import consolidation, derivation, documents
from inwriting.services.documents import PendingVersion, Version
from inwriting.services.parsing import parse_bytes_within

router = APIRouter(prefix="/api/v1", tags=["drafting"], responses=RESPONSES)
VersionId = Annotated[int, Query(description="A version id.")]


@router.post("/negotiations/{slug}/versions", status_code=201)
async def table_version(
    request: Request,
    slug: str,
    file: Annotated[UploadFile, File(description="Markdown, text, Word, Akoma Ntoso or JSON.")],
    party: Annotated[str, Form(min_length=1, max_length=200, description="Tabled by.")],
    label: Annotated[str, Form(max_length=200)] = "",
    document: Annotated[str, Form(max_length=80, description="Slug; new if empty.")] = "",
    language: Annotated[str, Form(max_length=35, description="BCP 47 tag of its language.")] = "en",
    answer_by: Annotated[
        AnswerLevel | None,
        Form(
            description="What parties answer one by one: article, section (the Sections of "
            "a US-style ARTICLE) or paragraph. Default: what the structure makes obvious."
        ),
    ] = None,
    signature: Annotated[
        str,
        Form(
            max_length=4096,
            description="The member's signature file over the statement of this tabling "
            "(docs/record.md §8); required where the party requires signatures.",
        ),
    ] = "",
) -> Version | PendingVersion:
    """Table a version from a file of at most 20 MB, split into provisions as on the import
    page and cut at the answer level chosen; a file that cannot be read is refused (422),
    naming the file and line. For a party with a clearance chain the answer is the pending
    version (``version_id`` null) that awaits it: see ``/pending-versions/{id}``."""
    who = writer(request)
    return await table_upload(
        request, who, slug, file, party, label, document, language, answer_by, signature
    )


class OutlineRowOut(BaseModel):
    key: str
    kind: ProvisionKind
    label: str
    heading: str
    depth: int = Field(description="0 at the top, 1 inside a group ...")
    characters: int
    answerable: bool


class PreviewOut(BaseModel):
    answer_level: AnswerLevel
    default_level: AnswerLevel = Field(description="What the structure makes obvious.")
    title: str
    answerable: int
    counts: dict[str, int] = Field(description="Provisions of each kind.")
    warnings: list[str] = Field(description="What to check before tabling.")
    outline: list[OutlineRowOut]


@router.post("/negotiations/{slug}/versions/preview")
async def preview_version(
    request: Request,
    slug: str,
    file: Annotated[UploadFile, File(description="Markdown, text, Word, Akoma Ntoso or JSON.")],
    party: Annotated[str, Form(min_length=1, max_length=200, description="Would table it.")],
    answer_by: Annotated[AnswerLevel | None, Form(description="As for tabling.")] = None,
) -> PreviewOut:
    """What tabling this file would table — its outline at the answer level, counts and
    warnings — with nothing written (the import page's preview)."""
    who = writer(request)
    db, settings = request.app.state.db, request.app.state.settings
    await run_in_threadpool(documents.check_may_table, db, who, slug, party)
    name, data = await read_upload(file)
    parsed = await run_in_threadpool(
        parse_bytes_within, data, source=name, seconds=settings.parse_seconds
    )
    shown = preview(parsed, answer_by)
    return PreviewOut(
        answer_level=shown.level,
        default_level=shown.default,
        title=shown.document.title,
        answerable=shown.answerable,
        counts=dict(shown.counts),
        warnings=list(shown.warnings),
        outline=[OutlineRowOut(**asdict(row)) for row in shown.rows],
    )


class OptionOut(BaseModel):
    parties: list[str]
    kind: PositionKind
    text: str
    lacking: str = Field(
        default="",
        description="In a consolidated text in another language: the language the parties' "
        "proposal is not given in (text then says so).",
    )


class SegmentOut(BaseModel):
    text: str = Field(description="Tabled wording; disputed when it has options.")
    options: list[OptionOut]


class NoteOut(BaseModel):
    parties: list[str]
    text: str


class BracketedProvisionOut(BaseModel):
    item: Literal["provision"] = "provision"
    key: str
    kind: ProvisionKind
    label: str
    heading: str
    state: ProvisionState | None = Field(description="None for a heading (never answered).")
    brackets: int
    options: int
    segments: list[SegmentOut]
    whole: list[OptionOut] = Field(description="Proposals to delete or reject it all.")
    exceptions: list[NoteOut]
    accepted_by: list[str]
    unanswered_by: list[str]


class ProposedProvisionOut(BaseModel):
    item: Literal["proposed"] = "proposed"
    after: str
    after_label: str
    option: OptionOut
    brackets: int = 1
    options: int = 1


class ConsolidatedOut(BaseModel):
    version_id: int
    version_label: str
    title: str
    language: str = Field(description="The language it is written in.")
    languages: list[str] = Field(description="Every language of the version, its own first.")
    parties: list[str] = Field(description="The parties asked to answer.")
    responses: dict[str, int] = Field(description="Party → the submitted response shown.")
    summary: str
    counts: dict[ProvisionState, int]
    brackets: int
    options: int
    items: list[
        Annotated[BracketedProvisionOut | ProposedProvisionOut, Field(discriminator="item")]
    ]


@router.get("/versions/{version_id}/consolidated")
def consolidated(
    request: Request,
    version_id: int,
    language: str = Query(
        "", max_length=35, description="One of the version's language texts (default: its own)."
    ),
) -> ConsolidatedOut:
    """Every party's current submitted position written into the version, in brackets: in
    ``language``, each proposal in its wording in that language."""
    found = consolidation.consolidated_text(
        request.app.state.db, actor(request), version_id, language=language
    )
    text = found.text
    return ConsolidatedOut(
        version_id=found.version_id,
        version_label=found.version_label,
        title=found.title,
        language=found.language,
        languages=list(found.languages),
        parties=list(text.parties),
        responses=dict(found.responses),
        summary=summary_line(text),
        counts=text.counts(),
        brackets=text.brackets,
        options=text.options,
        items=[_item(i) for i in text.items],
    )


def _item(item: Item) -> BracketedProvisionOut | ProposedProvisionOut:
    if not isinstance(item, BracketedProvision):
        return ProposedProvisionOut(
            after=item.after, after_label=item.after_label, option=_option(item.option)
        )
    p = item.provision
    return BracketedProvisionOut(
        key=p.key,
        kind=p.kind,
        label=p.label,
        heading=p.heading,
        state=item.state,
        brackets=item.brackets,
        options=item.options,
        segments=[
            SegmentOut(text=s.text, options=[_option(o) for o in s.options]) for s in item.segments
        ],
        whole=[_option(o) for o in item.whole],
        exceptions=[NoteOut(parties=list(n.parties), text=n.text) for n in item.exceptions],
        accepted_by=list(item.accepted_by),
        unanswered_by=list(item.unanswered_by),
    )


def _option(option: Option) -> OptionOut:
    return OptionOut(
        parties=list(option.parties), kind=option.kind, text=option.text, lacking=option.lacking
    )


class PairOut(BaseModel):
    state: PairState
    old_key: str | None
    new_key: str | None
    old_label: str | None
    new_label: str | None
    old_heading: str | None
    new_heading: str | None
    operations: list[OperationOut]


class RedlineOut(BaseModel):
    """The JSON of ``inwriting versions redline --format json`` (docs/redline.md)."""

    format_version: int
    pairs: list[PairOut]


@router.get(
    "/compare",
    response_class=JSONResponse,
    responses={200: {"model": RedlineOut, "description": "The redline, pair by pair"}},
)
def compare(request: Request, old: VersionId, new: VersionId) -> Response:
    """The redline from version ``old`` to version ``new`` (of one negotiation)."""
    _, _, result = consolidation.version_redline(request.app.state.db, actor(request), old, new)
    return Response(render_json(result), media_type="application/json")


WordingText = Annotated[str, Field(max_length=200_000)]


class ChoiceIn(BaseModel):
    key: str = Field(
        min_length=1, max_length=200, description="The provision (insert: the one it follows)."
    )
    action: Action
    party: str = Field(default="", max_length=200, description="Whose amendment or addition.")
    text: str = Field(default="", max_length=200_000, description="The compromise wording.")
    wordings: dict[Annotated[str, StringConstraints(max_length=35)], WordingText] = Field(
        default_factory=dict,
        max_length=50,
        description="Wording in the version's other languages (tag -> text): a compromise's "
        "in each, an adopted amendment's or addition's where its party gave none.",
    )


class DeriveIn(BaseModel):
    label: str = Field(default="", max_length=200, description="Default: 'Version N'.")
    choices: list[ChoiceIn] = Field(default_factory=list, max_length=10_000)
    signature: str = Field(
        default="",
        max_length=4096,
        description="The member's signature file over the statement of tabling the derived "
        "text (docs/record.md §8); required where the party requires signatures.",
    )


class Derived(BaseModel):
    version: Version | None = Field(description="The tabled version; null while pending.")
    pending: PendingVersion | None = Field(
        default=None, description="For a party with a clearance chain: what awaits it."
    )
    redline: str | None = Field(description="Where to read its redline against its parent.")


@router.post("/versions/{version_id}/derive", status_code=201)
def derive(request: Request, version_id: int, body: DeriveIn) -> Derived:
    """Table the next version: provisions without a choice are kept; refused, with every
    problem, if a choice names a provision, party or proposal that does not exist."""
    made = derivation.derive_version(
        request.app.state.db,
        writer(request),
        version_id,
        [Choice(c.key, c.action, c.party, c.text, wordings_from(c.wordings)) for c in body.choices],
        label=body.label,
        signature=body.signature or None,
        origin=request.app.state.settings.record_origin,
    )
    if isinstance(made, PendingVersion):
        return Derived(version=None, pending=made, redline=None)
    return Derived(version=made, redline=f"/api/v1/compare?old={version_id}&new={made.id}")
