"""A response file imported into a party's draft, as on the response editor
(``web/responses.py``); the other response operations are in ``v1.py``."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from starlette.concurrency import run_in_threadpool

from inwriting.api.errors import RESPONSES
from inwriting.formats.responses.imports import read_any_response
from inwriting.http.auth import writer
from inwriting.http.uploads import read_upload
from inwriting.services import responses
from inwriting.services.responses import Response

router = APIRouter(prefix="/api/v1", tags=["negotiations"], responses=RESPONSES)


@router.post("/versions/{version_id}/draft/file")
async def import_draft(
    request: Request,
    version_id: int,
    file: Annotated[
        UploadFile, File(description="YAML or JSON response file, Word table, comment matrix.")
    ],
    party: Annotated[str, Form(min_length=1, max_length=200, description="Answering for.")],
) -> Response:
    """Save the file's answer as the party's draft (creating or replacing it). A file that
    cannot be read is refused (422, the file and line in ``details``) and changes nothing; a
    readable one is saved as it stands, with every problem left before it can be submitted."""
    who = writer(request)
    name, data = await read_upload(file, default_name="response.yaml")

    def save_file() -> Response:
        draft = read_any_response(data, source=name, party=party)
        db = request.app.state.db
        return responses.save_draft(db, who, version_id, replace(draft, party=party))

    return await run_in_threadpool(save_file)
