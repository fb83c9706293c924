"""Documentation is part of the product: every command and every setting is documented."""

from __future__ import annotations

import dataclasses
import re

import click
import typer

from inwriting.cli import app
from inwriting.settings import Settings
from tests.conftest import REPO


def _commands(group: click.Group, prefix: str) -> list[str]:
    found = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            found += _commands(command, path)
        else:
            found.append(path)
    return found


def test_every_cli_command_is_documented() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, click.Group)
    commands = _commands(root, "inwriting")
    cli_doc = (REPO / "docs" / "cli.md").read_text()
    missing = [c for c in commands if f"`{c}" not in cli_doc]
    assert len(commands) > 15 and missing == []


def test_every_command_has_an_example_in_its_help() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, click.Group)
    stack: list[click.Command] = list(root.commands.values())
    while stack:
        command = stack.pop()
        if isinstance(command, click.Group):
            stack.extend(command.commands.values())
        else:
            assert "Example: inwriting" in (command.help or ""), command.name


def test_every_setting_is_documented() -> None:
    source = (REPO / "src" / "inwriting" / "settings.py").read_text()
    variables = set(re.findall(r"INWRITING_[A-Z_]+", source))
    operations = (REPO / "docs" / "operations.md").read_text()
    assert {f.name for f in dataclasses.fields(Settings)} and variables
    assert [v for v in sorted(variables) if f"`{v}`" not in operations] == []
