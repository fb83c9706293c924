"""Tabling a PDF through the API: the same provisions as its source, within the parse
budget's child process; a scanned PDF refused with nothing tabled."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from inwriting.formats import parse_document
from inwriting.services import accounts, documents, record
from inwriting.services.actors import Actor
from tests.conftest import DATA

N = "/api/v1/negotiations/lysra-basin"
ALDAVIA = "Republic of Aldavia"
PDFS = DATA / "pdf"


@pytest.fixture
def api(demo_app: FastAPI) -> Iterator[tuple[TestClient, dict[str, str]]]:
    secret, _ = accounts.create_token(demo_app.state.db, Actor("aron"), "tests")
    with TestClient(demo_app) as client:
        yield client, {"Authorization": f"Bearer {secret}"}


def test_a_pdf_upload_is_tabled_as_its_source_text(api: tuple[TestClient, dict[str, str]]) -> None:
    client, headers = api
    assert client.app.state.settings.parse_seconds > 0  # type: ignore[attr-defined]
    made = client.post(
        f"{N}/versions",
        data={"party": ALDAVIA, "label": "Protocol, from PDF"},
        files={
            "file": (
                "protocol.pdf",
                (PDFS / "protocol.weasyprint.pdf").read_bytes(),
                "application/pdf",
            )
        },
        headers=headers,
    )
    assert made.status_code == 201, made.text
    tabled = client.get(f"/api/v1/versions/{made.json()['id']}", headers=headers).json()
    source = parse_document((PDFS / "protocol.txt").read_text(encoding="utf-8"))
    assert [(p["key"], p["label"], p["heading"], p["text"]) for p in tabled["provisions"]] == [
        (p.key, p.label, p.heading, p.text) for p in source.provisions
    ]


def test_a_scanned_pdf_is_refused_and_nothing_is_tabled(
    api: tuple[TestClient, dict[str, str]],
) -> None:
    client, headers = api
    db = client.app.state.db  # type: ignore[attr-defined]
    before = (record.record_size(db), documents.list_documents(db, Actor("aron"), "lysra-basin"))
    refused = client.post(
        f"{N}/versions",
        data={"party": ALDAVIA},
        files={"file": ("scan.pdf", (PDFS / "scanned.pdf").read_bytes(), "application/pdf")},
        headers=headers,
    )
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "format_error"
    assert "no text layer: it looks scanned; run OCR first" in error["message"]
    assert (record.record_size(db), documents.list_documents(db, Actor("aron"), "lysra-basin")) == (
        before
    )
