"""``inwriting concordance OLD NEW`` end to end: two different documents in, links out."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from inwriting.cli import app
from tests.conftest import REPO

DATA = REPO / "tests" / "data" / "concordance"
GPL2, GPL3 = DATA / "gpl-2.0.txt", DATA / "gpl-3.0.txt"


def run(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def test_text_output_names_each_link_and_what_has_no_counterpart() -> None:
    result = run("concordance", str(GPL2), str(GPL3))
    assert result.exit_code == 0, result.output
    assert "4. — Conveying Verbatim Copies (art-4)  ←  1. (art-1)" in result.output
    assert "Only in gpl-2.0.txt: " in result.output
    assert "13. — Use with the GNU Affero General Public License (art-13)" in result.output


def test_json_has_links_with_operations_and_the_unlinked_keys() -> None:
    result = run("concordance", str(GPL2), str(GPL3), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"links", "only_old", "only_new"}
    pairs = {(x["old_key"], x["new_key"]) for x in data["links"]}
    assert {("art-1", "art-4"), ("art-7", "art-12"), ("art-11", "art-15")} <= pairs
    assert "art-17" in data["only_new"] and "art-8" in data["only_old"]
    assert all(0 < x["score"] <= 1 and x["operations"] for x in data["links"])


def test_by_paragraph_links_paragraph_keys() -> None:
    result = run("concordance", str(GPL2), str(GPL3), "--json", "--by", "paragraph")
    assert result.exit_code == 0, result.output
    keys = {x["new_key"] for x in json.loads(result.output)["links"]}
    assert any("/" in k for k in keys)


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip")
    result = run("concordance", str(bad), str(GPL3))
    assert result.exit_code != 0
    assert "bad.docx" in result.output
