"""PDF exports through WeasyPrint: pages with headers and numbers, escaped text, and no
fetching of anything a document points to.

Skipped, with the reason, where WeasyPrint (or Pango) is not installed; the checks on the
text of the pages need poppler's ``pdftotext`` and are skipped without it.
"""

from __future__ import annotations

import http.server
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.formats.pdf import (
    consolidated_pdf,
    css_string,
    print_css,
    redline_pdf,
    render_pdf,
    version_pdf,
)
from inwriting.redline.compare import compare
from inwriting.redline.render import html_page
from tests.unit.redline.test_brackets import consolidated

try:
    import weasyprint
except (ImportError, OSError) as error:  # OSError: Pango missing
    pytest.skip(f"WeasyPrint is not available: {error}", allow_module_level=True)


def article(number: int, text: str, heading: str = "") -> Provision:
    return Provision(
        f"art-{number}", ProvisionKind.ARTICLE, f"Article {number}", str(number), heading, text
    )


OLD = [article(1, "The judges shall be elected for nine years.", "Judges")]
NEW = [article(1, "The judges shall be elected for six years.", "Judges")]
HOSTILE = 'Treaty </style><script>alert("x")</script> \\ "quoted"'


def pdftotext(data: bytes, tmp_path: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: the pages cannot be read")
    source = tmp_path / "out.pdf"
    source.write_bytes(data)
    done = subprocess.run(
        [tool, "-layout", str(source), "-"], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_a_version_has_its_title_label_and_page_numbers_on_every_page(tmp_path: Path) -> None:
    long_text = "\n\n".join(f"Paragraph {n} of a long article. " * 8 for n in range(60))
    doc = ParsedDocument("Agreement on the Lysra", (article(1, long_text, "Scope"),))
    data = version_pdf(doc, title="Agreement on the Lysra", version_label="Draft 2")
    assert data.startswith(b"%PDF")
    pages = pdftotext(data, tmp_path).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) > 2
    for number, page in enumerate(pages, 1):
        assert "Agreement on the Lysra" in page and "Draft 2" in page
        assert f"Page {number} of {len(pages)}" in page
    assert "Article 1 – Scope" in pages[0]


def test_a_redline_shows_its_changes_and_a_hostile_title_stays_text(tmp_path: Path) -> None:
    data = redline_pdf(compare(OLD, NEW), title=HOSTILE, version_label="v1 → v2", author="B")
    text = pdftotext(data, tmp_path)
    assert "nine" in text and "six" in text
    assert "inserted:" not in text  # screen-reader words are for the web page
    assert text.count('alert("x")') >= 2  # in the header and the heading, as text
    assert "v1 → v2" in text


def test_a_consolidated_text_keeps_its_brackets(tmp_path: Path) -> None:
    data = consolidated_pdf(consolidated(), title="Consolidated text", version_label="Draft 2")
    text = " ".join(pdftotext(data, tmp_path).split())
    assert "[nine] [Party B, Party C: six]" in text
    assert "[Party C: delete]" in text


def test_header_text_cannot_leave_its_css_string() -> None:
    escaped = css_string(HOSTILE)
    assert '"' not in escaped and "<" not in escaped and ">" not in escaped
    assert "\\22 quoted\\22 " in escaped and "\\5c " in escaped
    assert css_string("line\nbreak") == "line\\a break"
    css = print_css(HOSTILE, "v2")
    assert "</style>" not in css and '"v2"' in css


# Nothing is fetched


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def local_server() -> Iterator[str]:
    """An HTTP server on the loopback address that counts what it is asked for."""
    _Counting.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def png(tmp_path: Path) -> Path:
    from PIL import Image  # Pillow comes with WeasyPrint

    path = tmp_path / "picture.png"
    Image.new("RGB", (8, 8), "red").save(path)
    return path


def test_remote_and_local_resources_are_never_fetched(tmp_path: Path, local_server: str) -> None:
    picture = png(tmp_path).as_uri()
    body = (
        f'<link rel="stylesheet" href="{local_server}/style.css">'
        f"<style>@import url({local_server}/import.css);</style>"
        f'<p>Text <img src="{local_server}/remote.png"> <img src="{picture}"></p>'
    )
    data = render_pdf(html_page("T", body), header="T")
    assert data.startswith(b"%PDF")
    assert _Counting.requests == []
    assert b"/Subtype /Image" not in data
    # the same page with WeasyPrint's own fetcher does load both: the check above means it
    fetched = weasyprint.HTML(string=html_page("T", body)).write_pdf()
    assert b"/Subtype /Image" in fetched and _Counting.requests


def test_a_missing_weasyprint_is_a_format_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from inwriting.errors import FormatError

    real_import = builtins.__import__

    def no_weasyprint(name: str, *args: object, **kwargs: object) -> object:
        if name == "weasyprint":
            raise ImportError("No module named 'weasyprint'")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(FormatError, match="PDF export needs WeasyPrint"):
        render_pdf("<p>x</p>", header="T")


GLUE_CASES = [
    ("The judges shall be elected for nine years.", "The judges shall be elected for six years."),
    ("within the framework of cooperation.", "within the framework discuss."),
    ("Nine judges sit.", "Six judges sit."),
    ("They may meet (annually) in Brussels.", "They may meet (monthly) in Brussels."),
]


def test_adjacent_deleted_and_inserted_words_read_back_a_space_apart(tmp_path: Path) -> None:
    old = [article(n, a) for n, (a, _) in enumerate(GLUE_CASES, 1)]
    new = [article(n, b) for n, (_, b) in enumerate(GLUE_CASES, 1)]
    text = " ".join(pdftotext(redline_pdf(compare(old, new), title="Glue"), tmp_path).split())
    for glued in ("ninesix", "cooperationdiscuss", "NineSix", "annuallymonthly"):
        assert glued not in text
    for spaced in ("nine six", "cooperation discuss", "Nine Six", "annually monthly"):
        assert spaced in text
