"""Invisible characters are shown as visible marks in pages, DOCX and PDF; never stored so.

A provision whose text carries a right-to-left override (U+202E) and a zero-width space, and
a reason with a byte-order mark, must read ``⟦U+202E⟧`` etc. wherever they are rendered,
while the stored text and its digest keep the characters themselves.
"""

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

from inwriting.domain.digests import version_digest
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.domain.visible import restored, visible
from inwriting.formats import parse_document
from inwriting.services import documents, responses
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.demo import ALDAVIA, CORVINIA, DEMO_PASSWORD, SLUG

TEXT = "The Parties shall pay 1\u202e000\u202c euros\u200b."
REASON = "We\ufeff cannot \u2066agree\u2069."
N = f"/negotiations/{SLUG}"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\u202eb", "a⟦U+202E⟧b"),
        ("x\u200by\u2060z\ufeff", "x⟦U+200B⟧y⟦U+2060⟧z⟦U+FEFF⟧"),
        ("bell\x07 and c1\x85", "bell⟦U+0007⟧ and c1⟦U+0085⟧"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("\u2066iso\u2069 \u200e\u200f", "⟦U+2066⟧iso⟦U+2069⟧ ⟦U+200E⟧⟦U+200F⟧"),
        ("نمی\u200cخواهم", "نمی\u200cخواهم"),  # a joiner inside a Persian word is kept
        ("end\u200d", "end⟦U+200D⟧"),  # ... not at a word's edge
        ("Plain ASCII text.", "Plain ASCII text."),
    ],
)
def test_visible_marks_every_invisible_character(text: str, shown: str) -> None:
    assert visible(text) == shown


def _tabled(app: FastAPI) -> int:
    source = f"# Fees\n\n## Article 1\n\n{TEXT}\n"
    parsed = parse_document(source, format="markdown", source="fees.md")
    version = documents.table_version(app.state.db, Actor("aron"), SLUG, ALDAVIA, parsed)
    return version.id


def _signed_in(app: FastAPI, username: str) -> TestClient:
    client = TestClient(app)
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert csrf is not None
    form = {"username": username, "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    return client


def test_pages_show_the_marks_and_the_stored_text_keeps_the_characters(
    demo_app: FastAPI,
) -> None:
    version = _tabled(demo_app)
    reject = Position(PositionKind.REJECT, provision="art-1", reason=REASON)
    draft = ResponseContent(CORVINIA, positions=(reject,))
    saved = responses.save_draft(demo_app.state.db, Actor("cleo"), version, draft)
    cleo = _signed_in(demo_app, "cleo")
    page = cleo.get(f"{N}/versions/{version}").text
    assert "1⟦U+202E⟧000⟦U+202C⟧ euros⟦U+200B⟧." in page and "\u202e" not in page
    shown = cleo.get(f"{N}/responses/{saved.id}").text
    assert "We⟦U+FEFF⟧ cannot ⟦U+2066⟧agree⟦U+2069⟧." in shown and "\ufeff" not in shown
    stored = documents.get_version(demo_app.state.db, OPERATOR, version)
    assert stored.provisions[-1].text == TEXT  # the stored text is unchanged
    digest = version_digest(stored.version.title, stored.provisions)
    assert stored.version.content_sha256 == digest  # computed over the characters themselves
    kept = responses.get_response(demo_app.state.db, Actor("cleo"), saved.id)
    assert kept.content.positions[0].reason == REASON


def test_docx_and_pdf_show_the_marks(demo_app: FastAPI, tmp_path: Path) -> None:
    version = _tabled(demo_app)
    client = _signed_in(demo_app, "aron")
    word = client.get(f"{N}/versions/{version}/download/docx")
    assert word.status_code == 200
    paragraphs = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
    assert "1⟦U+202E⟧000⟦U+202C⟧ euros⟦U+200B⟧." in paragraphs and "\u202e" not in paragraphs
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    pdf = client.get(f"{N}/versions/{version}/download/pdf")
    assert pdf.status_code == 200
    (tmp_path / "v.pdf").write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "v.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "U+202E" in text and "U+200B" in text and "\u202e" not in text


@pytest.mark.parametrize("text", [TEXT, REASON, "a\xadb\u2028c", "نمی\u200cخواهم"])
def test_marks_read_back_as_the_characters(text: str) -> None:
    """A file we exported (a response filled in in Word) comes back as it was stored; the
    DOCX reader restores marks (tests/unit/formats/test_docx_response.py round-trips any
    text through Word)."""
    assert visible(text) != text or text.startswith("نمی")
    assert restored(visible(text)) == text
    assert restored("⟦U+0041⟧") == "⟦U+0041⟧"  # only marks of hidden characters


def test_saving_the_editor_keeps_the_hidden_characters_it_shows_as_marks(
    demo_app: FastAPI,
) -> None:
    """The editor's text boxes show ⟦U+202E⟧ where the text holds U+202E; sending the form
    back unchanged must store the character, not the mark."""
    version = _tabled(demo_app)
    reject = Position(PositionKind.REJECT, provision="art-1", reason=REASON)
    saved = responses.save_draft(
        demo_app.state.db, Actor("cleo"), version, ResponseContent(CORVINIA, positions=(reject,))
    )
    cleo = _signed_in(demo_app, "cleo")
    editor = cleo.get(f"{N}/versions/{version}/respond").text
    assert visible(REASON) in editor
    token = re.search(r'name="csrf" value="([^"]+)"', editor)
    assert token is not None
    form = {
        "csrf": token.group(1),
        "party": CORVINIA,
        "pos-art-1": "reject",
        "reason-art-1": visible(REASON),  # as the text box shows it
    }
    sent = cleo.post(f"{N}/versions/{version}/respond", data=form, follow_redirects=False)
    assert sent.status_code == 303
    kept = responses.get_response(demo_app.state.db, Actor("cleo"), saved.id)
    assert kept.content.positions[0].reason == REASON
