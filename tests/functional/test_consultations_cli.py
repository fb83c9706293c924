"""The consultation commands, end to end on a SQLite file."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from inwriting.cli import app
from inwriting.domain.negotiations import Visibility
from inwriting.services import users
from inwriting.services.actors import OPERATOR
from inwriting.storage.engine import Database
from tests.integration.builders import build

LETTER = 'Publish the flow data every week; farmers downstream need it. =HYPERLINK("x")'


def _run(url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--database", url, *args])
    return result.exit_code, result.output


def test_open_comment_moderate_summarise_and_export(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    db = Database(url)
    db.upgrade()
    version = build(db, visibility=Visibility.PUBLIC).version_id
    for i in range(3):
        users.create_user(db, OPERATOR, f"pub{i}", f"Public {i}")
    db.dispose()
    v = str(version)
    assert _run(url, "--as", "amos", "consultations", "open", v, "--closes", "2099-01-31")[0] == 0
    for i in range(3):
        code, out = _run(
            url,
            "--as",
            f"pub{i}",
            "consultations",
            "comment",
            v,
            "art-2",
            "--stance",
            "oppose",
            "--reason",
            LETTER,
            "--json",
        )
        assert code == 0, out
    code, out = _run(
        url,
        "--as",
        "ben",
        "consultations",
        "comment",
        v,
        "art-2",
        "--stance",
        "oppose",
        "--reason",
        "x",
    )
    assert code == 1 and "members of a party answer in writing" in out
    code, out = _run(
        url,
        "--as",
        "pub0",
        "consultations",
        "comment",
        v,
        "art-1",
        "--stance",
        "maybe",
        "--reason",
        "x",
    )
    assert code == 1 and "write support, oppose or amend" in out
    code, out = _run(url, "--as", "amos", "consultations", "queue", v, "--json")
    group = json.loads(out)[0]
    assert group["count"] == 3
    code, out = _run(
        url, "--as", "amos", "consultations", "moderate", v, "--group", str(group["group_id"])
    )
    assert code == 0 and "3 comments published" in out
    code, out = _run(url, "consultations", "summary", v, "art-2", "--json")
    summary = json.loads(out)
    assert summary["counts"]["oppose"] == 3 and summary["arguments"] == 1
    assert summary["pending"] is None
    assert (
        _run(
            url, "--as", "zed", "consultations", "export", v, "art-2", "-o", str(tmp_path / "c.csv")
        )[0]
        == 0
    )
    with (tmp_path / "c.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert len(rows) == 4 and rows[1][4].startswith("Publish")
    assert _run(url, "consultations", "export", v, "art-2", "-o", str(tmp_path / "c.xlsx"))[0] == 0
    book = load_workbook(tmp_path / "c.xlsx")
    assert book.active is not None and book.active.max_row == 4
    book.close()
    code, out = _run(url, "consultations", "export", v, "art-2", "-o", str(tmp_path / "c.pdf"))
    assert code == 1 and "write a .csv or .xlsx file" in out
    code, out = _run(url, "record", "verify", "--json")
    assert code == 0, out
