"""Exports of a version's languages: side by side in DOCX and PDF (one column each), one
language text as DOCX, Markdown or an Akoma Ntoso expression in that language (same work),
and a response quoting the provisions in a chosen language; with the pages' permissions."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from lxml import etree

import inwriting.demo
from inwriting.formats import parse_document
from inwriting.services import documents, languages
from inwriting.services.actors import Actor
from inwriting.services.demo import DEMO_PASSWORD
from tests.unit.formats.test_akoma_ntoso import assert_valid

DRAFT = (Path(inwriting.demo.__file__).parent / "draft.md").read_text(encoding="utf-8")
DUTCH = DRAFT.replace("Article", "Artikel").replace("Agreement on", "Overeenkomst over")
V1 = "/negotiations/lysra-basin/versions/1"
NS = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}


@pytest.fixture
def client(demo_app: FastAPI) -> TestClient:
    languages.add_language_text(demo_app.state.db, Actor("aron"), 1, "nl", parse_document(DUTCH))
    c = TestClient(demo_app)
    csrf = re.search(r'name="csrf" value="([^"]+)"', c.get("/login").text)
    assert csrf is not None
    form = {"username": "cato", "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
    assert c.post("/login", data=form, follow_redirects=False).status_code == 303
    return c


def test_side_by_side_in_word_one_column_per_language(client: TestClient) -> None:
    got = client.get(f"{V1}/download/docx?language=en&language=nl")
    assert got.status_code == 200, got.text[:300]
    assert re.search(r'filename="[^"]*-en-nl\.docx"', got.headers["content-disposition"])
    document = docx.Document(io.BytesIO(got.content))
    table = document.tables[0]
    assert len(table.columns) == 2
    header = [cell.text for cell in table.rows[0].cells]
    assert header[0].startswith("en: Agreement on") and header[1].startswith("nl: Overeenkomst")
    row = next(r for r in table.rows if r.cells[0].text.startswith("Article 1 "))
    assert row.cells[1].text.startswith("Artikel 1 ")
    assert 'w:val="nl"' in etree.tostring(row.cells[1]._tc).decode()
    version = documents.get_version(client.app.state.db, Actor("cato"), 1)  # type: ignore[attr-defined]
    assert len(table.rows) == 1 + len(version.provisions)  # the header, a row per provision


def test_side_by_side_in_pdf(client: TestClient, tmp_path: Path) -> None:
    got = client.get(f"{V1}/download/pdf?language=nl&language=en")
    assert got.status_code == 200 and got.content.startswith(b"%PDF")
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    (tmp_path / "p.pdf").write_bytes(got.content)
    text = subprocess.run(
        [tool, "-layout", str(tmp_path / "p.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in text.splitlines() if "Artikel 1 " in line)
    assert line.index("Artikel 1") < line.index("Article 1")  # nl first, as asked


def test_one_language_as_a_text_and_as_an_akoma_ntoso_expression(client: TestClient) -> None:
    markdown = client.get(f"{V1}/download/markdown?language=nl").text
    assert "Artikel 5" in markdown and "Article 5" not in markdown
    english = etree.fromstring(client.get(f"{V1}/download/akn").content)
    dutch_bytes = client.get(f"{V1}/download/akn?language=nl").content
    assert_valid(dutch_bytes)
    dutch = etree.fromstring(dutch_bytes)

    def frbr(root: etree._Element, level: str, what: str) -> str:
        found = root.find(f".//a:{level}/a:{what}", NS)
        assert found is not None
        return str(found.get("value") or found.get("language"))

    assert frbr(english, "FRBRExpression", "FRBRlanguage") == "eng"
    assert frbr(dutch, "FRBRExpression", "FRBRlanguage") == "nld"
    assert frbr(dutch, "FRBRWork", "FRBRuri") == frbr(english, "FRBRWork", "FRBRuri")
    assert "/nld@" in frbr(dutch, "FRBRExpression", "FRBRuri")


def test_the_response_quotes_the_provisions_in_the_chosen_language(client: TestClient) -> None:
    dutch = docx.Document(
        io.BytesIO(
            client.get("/negotiations/lysra-basin/responses/1/download.docx?language=nl").content
        )
    )
    words = "\n".join(c.text for t in dutch.tables for r in t.rows for c in r.cells)
    assert "Artikel 1" in words and "Article 1" not in words


def test_what_cannot_be_exported_is_refused(client: TestClient) -> None:
    assert client.get(f"{V1}/download/docx?language=fr").status_code == 404
    refused = client.get(f"{V1}/download/matrix-csv?language=nl")
    assert refused.status_code == 422 and "original language" in refused.text
    side = client.get(f"{V1}/download/akn?language=en&language=nl")
    assert side.status_code == 422 and "side by side only as docx or pdf" in side.text
    client.cookies.clear()
    assert client.get(f"{V1}/download/docx?language=en&language=nl").status_code == 404
