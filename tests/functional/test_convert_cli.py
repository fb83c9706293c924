"""``inwriting convert`` end to end: files in, files out, no database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner, Result

from inwriting.cli import app
from inwriting.formats import read_document
from tests.conftest import DATA
from tests.unit.formats import docx_builders as build

DRAFT = DATA / "responses" / "draft.md"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run ``inwriting ARGS`` in-process in an empty folder; no database is involved."""
    monkeypatch.setenv("INWRITING_DATABASE_URL", f"sqlite:///{tmp_path / 'unused.db'}")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def run(*args: str, ok: bool = True) -> Result:
        result = runner.invoke(app, list(args), env={"COLUMNS": "200"})
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        if ok and result.exit_code != 0:
            raise AssertionError(f"{args} exited {result.exit_code}:\n{result.output}")
        return result

    return run


def test_a_draft_goes_through_every_format_and_comes_back(run, tmp_path: Path) -> None:
    original = read_document(DRAFT)
    steps = [(DRAFT, "docx", "a.docx"), ("a.docx", "akn", "b.xml"), ("b.xml", "json", "c.json")]
    steps.append(("c.json", "markdown", "d.md"))
    for source, target, output in steps:
        done = run("convert", str(source), "--to", target, "-o", output)
        count = len(original.provisions)
        assert done.stdout.strip() == f"Wrote {count} provisions to {output} ({target})"
    assert read_document(tmp_path / "d.md") == original
    assert json.loads((tmp_path / "c.json").read_text())["format_version"] == 1
    assert (tmp_path / "a.docx").read_bytes().startswith(b"PK")


def test_akn_export_takes_date_and_author(run, tmp_path: Path) -> None:
    run("convert", str(DRAFT), "--to", "akn", "-o", "v.xml", "--date", "2024-05-01",
        "--author", "Party A")  # fmt: skip
    root = etree.parse(str(tmp_path / "v.xml")).getroot()
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    assert root.find(".//a:FRBRWork/a:FRBRdate", ns).get("date") == "2024-05-01"
    assert root.find(".//a:TLCOrganization[@eId='author']", ns).get("showAs") == "Party A"


def test_text_formats_can_go_to_standard_output(run) -> None:
    done = run("convert", str(DRAFT), "--to", "markdown", "-o", "-")
    assert done.stdout.startswith("# ")
    assert "### Article 1" in done.stdout


def test_the_source_format_can_be_forced(run, tmp_path: Path) -> None:
    plain = tmp_path / "draft.data"
    plain.write_text(DRAFT.read_text(encoding="utf-8"), encoding="utf-8")
    done = run("convert", str(plain), "--from", "markdown", "--to", "json", "-o", "-")
    assert json.loads(done.stdout)["title"] == read_document(DRAFT).title


def test_notes_on_the_reading_are_printed(run, tmp_path: Path) -> None:
    document = build.new()
    document.add_paragraph("Agreement")
    document.add_paragraph("Article 1", style="Heading 2")
    runs = build.run("We ") + build.delete("may ") + build.ins("shall ") + build.run("meet.")
    build.add_runs(document, runs)
    (tmp_path / "tracked.docx").write_bytes(build.save(document))
    done = run("convert", "tracked.docx", "--to", "markdown", "-o", "clean.md")
    assert "note: tracked changes were accepted (1 insertions, 1 deletions)" in done.stderr
    assert "We shall" in (tmp_path / "clean.md").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "docx", "-o", "-"], "DOCX is binary"),
        (["--to", "akn", "-o", "x.xml", "--date", "1 May"], "--date must be YYYY-MM-DD"),
        (["--to", "markdown", "-o", str(DRAFT)], "refusing to overwrite the input"),
    ],
)
def test_mistakes_are_refused_with_a_message(run, args: list[str], message: str) -> None:
    done = run("convert", str(DRAFT), *args, ok=False)
    assert done.exit_code == 1
    assert message in done.stderr and "Traceback" not in done.stderr


def test_unreadable_input_names_the_file(run, tmp_path: Path) -> None:
    (tmp_path / "judgment.xml").write_text(
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'
        "<judgment><meta/><judgmentBody/></judgment></akomaNtoso>"
    )
    done = run("convert", "judgment.xml", "--to", "json", "-o", "j.json", ok=False)
    assert done.exit_code == 1
    assert "judgment.xml, line 1: no provisions found" in done.stderr
    assert not (tmp_path / "j.json").exists()


def test_parse_reads_docx_and_akn_too(run, tmp_path: Path) -> None:
    (tmp_path / "numbered.docx").write_bytes(
        (DATA / "docx" / "numbered-articles.docx").read_bytes()
    )
    done = run("parse", "numbered.docx", "--json")
    keys = [p["key"] for p in json.loads(done.stdout)["provisions"]]
    assert keys[:3] == ["preamble", "ch-1", "art-1"]
    akn = run("parse", str(DATA / "akn" / "rivers.xml"), "--format", "akn")
    assert "ch-1.art-1" in akn.stdout


def test_help_shows_an_example(run) -> None:
    assert "Example: inwriting convert" in run("convert", "--help").stdout
