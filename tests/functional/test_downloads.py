"""Every export as a download from the pages, with the same permissions as the pages."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.domain.derivation import Action, Choice
from inwriting.services import derivation
from inwriting.services.actors import Actor
from inwriting.services.demo import DEMO_PASSWORD, load_demo
from inwriting.settings import Settings

N = "/negotiations/lysra-basin"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    tmp = tmp_path_factory.mktemp("downloads")
    app = create_app(
        Settings(database_url=f"sqlite:///{tmp / 'd.db'}", data_dir=tmp / "d"), checkpointer=False
    )
    app.state.db.upgrade()
    demo = load_demo(app.state.db)
    derivation.derive_version(
        app.state.db, Actor("aron"), demo.version_id, [Choice("art-8", Action.DELETE)]
    )
    with TestClient(app) as c:
        page = c.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf is not None
        c.post(
            "/login", data={"username": "cato", "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
        )
        yield c


@pytest.mark.parametrize(
    ("url", "media"),
    [
        (f"{N}/export.json", "application/json"),
        (f"{N}/versions/1/download/docx", "application/vnd.openxmlformats"),
        (f"{N}/versions/1/download/pdf", "application/pdf"),
        (f"{N}/versions/1/download/akn", "application/xml"),
        (f"{N}/versions/1/download/markdown", "text/markdown"),
        (f"{N}/versions/1/download/consolidated-docx", "application/vnd.openxmlformats"),
        (f"{N}/versions/1/download/consolidated-pdf", "application/pdf"),
        (f"{N}/versions/1/download/matrix-xlsx", "application/vnd.openxmlformats"),
        (f"{N}/versions/1/download/matrix-csv", "text/csv"),
        (f"{N}/responses/1/download.docx", "application/vnd.openxmlformats"),
        (f"{N}/compare/download?old=1&new=2&fmt=docx", "application/vnd.openxmlformats"),
        (f"{N}/compare/download?old=1&new=2&fmt=pdf", "application/pdf"),
    ],
)
def test_each_download_is_a_real_file(client: TestClient, url: str, media: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    body = response.content
    if media == "application/pdf":
        assert body.startswith(b"%PDF")
    elif "openxmlformats" in media and "xlsx" in url:
        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        assert sheet is not None and sheet.max_row > 1
    elif "openxmlformats" in media:
        assert docx.Document(io.BytesIO(body)).paragraphs
    elif media == "application/json":
        assert json.loads(body)["kind"] == "inwriting.negotiation"


def test_downloads_keep_the_pages_permissions(client: TestClient, tmp_path: Path) -> None:
    client.cookies.clear()
    assert client.get(f"{N}/versions/1/download/docx").status_code == 404
    assert client.get(f"{N}/export.json").status_code == 404
    assert client.get("/negotiations/other/versions/1/download/docx").status_code == 404


def test_a_response_file_uploaded_on_the_editor_becomes_the_draft(tmp_path: Path) -> None:
    app = create_app(
        Settings(database_url=f"sqlite:///{tmp_path / 'u.db'}", data_dir=tmp_path / "d"),
        checkpointer=False,
    )
    app.state.db.upgrade()
    load_demo(app.state.db)
    with TestClient(app) as c:
        csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text)
        assert csrf is not None
        c.post(
            "/login", data={"username": "cleo", "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
        )
        editor = c.get(f"{N}/versions/1/respond").text
        token = re.search(r'name="csrf" value="([^"]+)"', editor)
        assert token is not None
        answer = (
            b"party: Federal Republic of Corvinia\n"
            b"positions:\n  - provision: Article 1\n    position: accept\n"
        )
        done = c.post(
            f"{N}/versions/1/respond/upload",
            data={"csrf": token.group(1), "party": "Federal Republic of Corvinia"},
            files={"file": ("answer.yaml", answer, "application/yaml")},
        )
        assert done.status_code == 200 and "1 of 12" in done.text
        bad = c.post(
            f"{N}/versions/1/respond/upload",
            data={"csrf": token.group(1)},
            files={"file": ("answer.yaml", b"positions: [unclosed", "application/yaml")},
        )
        assert bad.status_code == 422 and "answer.yaml" in bad.text
        assert "1 of 12" in c.get(f"{N}/versions/1/respond").text  # nothing changed
