"""``inwriting redline --format docx|pdf`` and ``inwriting convert --to pdf`` end to end:
files in, binary files out, no database."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from inwriting.cli import app
from inwriting.formats import read_document
from tests.functional.test_redline_cli import NEW, OLD
from tests.unit.formats.test_docx_redline import accept_all, reject_all


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "v1.md", tmp_path / "v2.md"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def run(*args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    if ok:
        assert result.exit_code == 0, result.output
    return result


def paragraphs_of(path: Path) -> list[str]:
    """Each provision's text as the version has it."""
    return [p.text for p in read_document(path).provisions]


def test_docx_redline_accepts_to_the_new_version_and_rejects_to_the_old(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    out = tmp_path / "redline.docx"
    done = run("redline", *map(str, files), "--format", "docx", "-o", str(out), "--author", "B")
    assert done.stdout.strip() == f"Wrote the redline (3 pairs) to {out}"
    data = out.read_bytes()
    accepted, rejected = accept_all(data), reject_all(data)
    for text in paragraphs_of(files[1]):
        assert text in accepted
    for text in paragraphs_of(files[0]):
        assert text in rejected
    assert "They may not be re-elected." in accepted
    assert "They may not be re-elected." not in rejected
    with zipfile.ZipFile(out) as package:
        xml = package.read("word/document.xml").decode()
    assert 'w:author="B"' in xml and "<w:ins " in xml


def test_pdf_redline_is_written_to_a_file(files: tuple[Path, Path], tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", reason="WeasyPrint is not installed")
    out = tmp_path / "redline.pdf"
    run("redline", *map(str, files), "--format", "pdf", "-o", str(out))
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_binary_redlines_need_a_file(files: tuple[Path, Path], fmt: str) -> None:
    done = run("redline", *map(str, files), "--format", fmt, ok=False)
    assert done.exit_code != 0
    assert f"{fmt.upper()} is binary: write it to a file with -o FILE" in done.output


def test_convert_prints_a_version_to_pdf(files: tuple[Path, Path], tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", reason="WeasyPrint is not installed")
    out = tmp_path / "v2.pdf"
    done = run("convert", str(files[1]), "--to", "pdf", "-o", str(out))
    assert done.stdout.strip() == f"Wrote 3 provisions to {out} (pdf)"
    assert out.read_bytes().startswith(b"%PDF")
    refused = run("convert", str(files[1]), "--to", "pdf", "-o", "-", ok=False)
    assert refused.exit_code != 0 and "PDF is binary" in refused.output
