"""``inwriting redline OLD NEW`` end to end: two files in, a redline out, no database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from inwriting.cli import app

OLD = """# Agreement on the Lysra

## Article 1 — Scope

This Agreement applies to the <Lysra> river basin.

## Article 2 — Judges

The judges shall be elected for nine years. They may be re-elected.

## Article 3 — Reports

Each Party shall report annually.
"""

NEW = """# Agreement on the Lysra

## Article 1 — Scope

This Agreement applies to the <Lysra>   river
basin.

## Article 2 — Reports

Each Party shall report annually.

## Article 3 — Judges

The judges shall be elected for nine years. They may not be re-elected.
"""


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


def test_json_redline(files: tuple[Path, Path]) -> None:
    out = json.loads(run("redline", *map(str, files), "--format", "json").stdout)
    pairs = {p["new_key"]: p for p in out["pairs"]}
    assert pairs["art-1"]["state"] == "same"
    judges = pairs["art-3"]
    assert (judges["old_key"], judges["old_label"], judges["new_label"]) == (
        "art-2",
        "Article 2",
        "Article 3",
    )
    assert judges["state"] in ("moved", "renumbered")
    assert {"op": "insert", "text": "not "} in judges["operations"]
    for p in out["pairs"]:
        ops = p["operations"]
        assert "".join(o["text"] for o in ops if o["op"] != "insert") == (
            OLD.split(f"{p['old_label']} — ")[1].split("\n\n", 1)[1].split("\n\n##")[0].strip()
        )


def test_text_is_the_default(files: tuple[Path, Path]) -> None:
    out = run("redline", *map(str, files)).stdout
    assert out.startswith("Redline: v1.md → v2.md")
    assert "They may {+not+} be re-elected." in out
    assert "=== Article 1 — Scope (unchanged)\nThis Agreement applies" in out


def test_html_page_written_to_a_file(files: tuple[Path, Path], tmp_path: Path) -> None:
    target = tmp_path / "redline.html"
    done = run("redline", *map(str, files), "--format", "html", "-o", str(target),
               "--author", "Party B")  # fmt: skip
    assert "Wrote the redline" in done.stdout
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "&lt;Lysra&gt;" in page and "<Lysra>" not in page
    assert 'data-author="Party B"' in page and "visually-hidden" in page
    assert "<script" not in page and "<link" not in page


def test_criticmarkup(files: tuple[Path, Path]) -> None:
    out = run("redline", *map(str, files), "--format", "criticmarkup").stdout
    assert out.startswith("# Redline: v1.md → v2.md")
    assert "They may {++not++} be re-elected." in out


def test_unreadable_input_is_an_error_naming_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("  \n", encoding="utf-8")
    done = run("redline", str(empty), str(empty), ok=False)
    assert done.exit_code == 1
    assert "empty.md" in done.stderr and "Traceback" not in done.stderr
    missing = run("redline", str(tmp_path / "nope.md"), str(empty), ok=False)
    assert missing.exit_code == 2


def test_help_has_an_example() -> None:
    assert "Example: inwriting redline" in run("redline", "--help").stdout


def test_a_real_process(files: tuple[Path, Path]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "inwriting", "redline", *map(str, files), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["format_version"] == 1
