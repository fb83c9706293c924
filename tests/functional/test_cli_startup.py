"""The CLI starts at once (issue 17, point 4): a command imports only what it uses.

Not timed (a shared machine makes timings flaky): what a fresh interpreter has imported
after ``--help``, ``--version`` or ``parse`` is checked instead, from ``-X importtime``.
``bench/cli_startup.py`` measures the CPU time.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA

SMALL = DATA / "formats" / "un-charter-excerpt.md"

# Neither a database, the web app, nor an office or XML library, for a command that needs none.
HEAVY = (
    "sqlalchemy",
    "alembic",
    "fastapi",
    "starlette.applications",
    "uvicorn",
    "jinja2",
    "weasyprint",
    "docx",
    "openpyxl",
    "lxml",
    "yaml",
    "rapidfuzz",
    "cryptography",
    "argon2",
    "PIL",
    "inwriting.services",
    "inwriting.storage",
    "inwriting.app",
    "inwriting.redline",
    "inwriting.tlog",
)


def imported(*args: str) -> set[str]:
    """The modules a fresh ``python -m inwriting ARGS`` imports."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("INWRITING_")}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "inwriting", *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[1].strip() for line in lines[1:]}  # the first is the header


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("db", "--help")])
def test_help_and_version_import_nothing_heavy(args: tuple[str, ...]) -> None:
    modules = imported(*args)
    assert "typer" in modules  # the check sees what was imported
    assert heavy(modules) == []
    assert "rich.progress" not in modules


def test_parse_imports_the_text_parsers_and_nothing_heavy() -> None:
    modules = imported("parse", str(SMALL))
    assert "inwriting.formats.drafts.markdown" in modules
    assert heavy(modules) == []


def test_a_command_still_imports_what_it_uses(tmp_path: Path) -> None:
    modules = imported("convert", str(SMALL), "--to", "akn", "-o", str(tmp_path / "out.xml"))
    assert "lxml" in modules
    assert "sqlalchemy" not in modules
