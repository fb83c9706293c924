"""The import page tables a PDF draft, and refuses a scanned one with its message."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from inwriting.app import create_app
from inwriting.services import documents, record
from inwriting.services.actors import Actor
from inwriting.services.demo import DEMO_PASSWORD, load_demo
from inwriting.settings import Settings
from tests.conftest import DATA

N = "/negotiations/lysra-basin"
PDFS = DATA / "pdf"


@pytest.fixture
def signed_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    tmp = tmp_path_factory.mktemp("pdf-import")
    app = create_app(
        Settings(database_url=f"sqlite:///{tmp / 'p.db'}", data_dir=tmp / "d"), checkpointer=False
    )
    app.state.db.upgrade()
    load_demo(app.state.db)
    with TestClient(app) as client:
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert csrf is not None
        form = {"username": "aron", "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
        client.post("/login", data=form)
        token = re.search(r'name="csrf" value="([^"]+)"', client.get(f"{N}/import").text)
        assert token is not None
        yield client, token.group(1)


def _upload(client: TestClient, csrf: str, name: str) -> Any:  # an httpx response
    form = {"csrf": csrf, "party": "Republic of Aldavia", "label": "From PDF"}
    files = {"file": (name, (PDFS / name).read_bytes(), "application/pdf")}
    return client.post(f"{N}/import", data=form, files=files, follow_redirects=False)


def test_a_text_pdf_is_tabled_from_the_import_page(signed_in: tuple[TestClient, str]) -> None:
    client, csrf = signed_in
    assert "PDF (with a text layer" in client.get(f"{N}/import").text
    shown = _upload(client, csrf, "protocol.libreoffice.pdf")  # the preview, then confirm
    assert shown.status_code == 200 and "Article 11" in shown.text
    token = re.search(r'name="token" value="([^"]+)"', shown.text)
    assert token is not None
    confirm = {"csrf": csrf, "token": token.group(1), "party": "Republic of Aldavia"}
    made = client.post(f"{N}/import/confirm", data=confirm, follow_redirects=False)
    assert made.status_code == 303
    page = client.get(made.headers["location"]).text
    assert "Protocol on Judicial Co-operation in Civil Matters" in page
    assert "Article 11 — Denunciation" in page and "Page 2" not in page


def test_a_scanned_pdf_is_refused_with_its_reason(signed_in: tuple[TestClient, str]) -> None:
    client, csrf = signed_in
    db = client.app.state.db  # type: ignore[attr-defined]
    before = (record.record_size(db), documents.list_documents(db, Actor("aron"), "lysra-basin"))
    refused = _upload(client, csrf, "scanned.pdf")
    assert refused.status_code == 422
    assert "it looks scanned; run OCR first" in refused.text
    after = (record.record_size(db), documents.list_documents(db, Actor("aron"), "lysra-basin"))
    assert after == before
