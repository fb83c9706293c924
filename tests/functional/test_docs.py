"""Documentation is part of the product: every command and every setting is documented."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
import typer
from fastapi import FastAPI

from inwriting.cli import app
from tests.conftest import REPO


def _commands(group: Any, path: str) -> Iterator[tuple[str, Any]]:
    """Every leaf command under ``group`` with its full name (Typer vendors its own Click,
    so groups are recognised by having sub-commands, not by class)."""
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, f"{path} {name}")
        else:
            yield f"{path} {name}", command


def _all() -> list[tuple[str, Any]]:
    return list(_commands(typer.main.get_command(app), "inwriting"))


def test_every_cli_command_is_documented() -> None:
    """In docs/cli.md, or in the docs/ page of its own topic (redline.md, formats.md...)."""
    cli_doc = "\n".join(p.read_text() for p in sorted((REPO / "docs").glob("*.md")))
    names = [name for name, _ in _all()]
    assert len(names) > 15
    assert [n for n in names if f"`{n}" not in cli_doc] == []


def test_every_command_has_an_example_in_its_help() -> None:
    assert [n for n, c in _all() if "Example: inwriting" not in (c.help or "")] == []


def test_every_setting_is_documented() -> None:
    settings = (REPO / "src" / "inwriting" / "settings.py").read_text()
    cli = (REPO / "src" / "inwriting" / "cli" / "__init__.py").read_text()
    variables = set(re.findall(r"INWRITING_[A-Z_]+", settings + cli))
    operations = (REPO / "docs" / "operations.md").read_text()
    assert {"INWRITING_DATABASE_URL", "INWRITING_USER"} <= variables
    assert [v for v in sorted(variables) if f"`{v}`" not in operations] == []


def test_every_api_operation_is_documented(demo_app: FastAPI) -> None:
    """In docs/api.md's table: its method and its path (path parameters by any name)."""
    doc = (REPO / "docs" / "api.md").read_text()
    rows = [line for line in doc.splitlines() if line.startswith("| ")]
    missing = [
        (method.upper(), path)
        for path, item in demo_app.openapi()["paths"].items()
        for method in item
        if not any(_documents(row, method.upper(), path) for row in rows)
    ]
    assert len(demo_app.openapi()["paths"]) > 25
    assert missing == []


def _documents(row: str, method: str, path: str) -> bool:
    unnamed = re.sub(r"\{\w+\}", "{}", row)
    wanted = re.sub(r"\{\w+\}", "{}", path)
    return row.startswith(f"| {method} |") and any(
        f"`{wanted}{end}" in unnamed for end in ("`", "?")
    )


def test_no_file_holds_a_merge_conflict() -> None:
    """A conflict resolved by committing both sides' markers reads as nonsense to users."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout: no list of tracked files")
    marker = re.compile(r"^(<{7} |>{7} |={7}$)", re.MULTILINE)
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for name in tracked:
        path = REPO / name
        text = path.suffix in (".md", ".py", ".html", ".toml", ".yaml", ".yml", ".txt", ".js")
        if text and marker.search(path.read_text(encoding="utf-8", errors="replace")):
            found.append(name)
    assert found == []
