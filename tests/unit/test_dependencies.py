"""pyproject.toml declares exactly the distributions that src/ imports.

A module imported but not declared works only while some other dependency happens to pull it
in (pydantic, starlette and markupsafe did, through FastAPI and Jinja2) and breaks the day
that dependency stops. A declared dependency that nothing imports must say why it is needed.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib

from tests.conftest import REPO

# Declared, needed at run time, but never named in an import statement of src/.
LOADED_INDIRECTLY = {
    "psycopg": "SQLAlchemy loads the PostgreSQL driver from the URL (postgresql+psycopg)",
    "fast-diff-match-patch": "redline/engines.py imports it by name, with a fallback",
    "jinja2": "the pages' templates, through fastapi.templating.Jinja2Templates",
    "python-multipart": "FastAPI parses form posts and uploads with it",
}


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules() -> set[str]:
    """Top-level names of every absolute import in src/, at any depth (lazy imports too)."""
    names: set[str] = set()
    for path in (REPO / "src").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "inwriting"}


def _imported_distributions() -> dict[str, str]:
    """Each third-party module imported by src/, mapped to the distribution installing it."""
    installed = importlib.metadata.packages_distributions()
    return {
        module: _normalise(installed[module][0]) if module in installed else f"?{module}"
        for module in _imported_modules()
    }


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    return {
        _normalise(re.split(r"[\[<>=!~; ]", spec, maxsplit=1)[0])
        for spec in project["dependencies"]
    }


def test_every_imported_distribution_is_declared() -> None:
    imported = _imported_distributions()
    assert {"pydantic", "starlette", "markupsafe", "sqlalchemy"} <= set(imported.values())
    assert sorted(d for d in set(imported.values()) if d not in _declared()) == []


def test_every_declared_distribution_is_imported_or_says_why() -> None:
    imported = set(_imported_distributions().values())
    assert sorted(_declared() - imported - set(LOADED_INDIRECTLY)) == []
    assert sorted(set(LOADED_INDIRECTLY) - _declared()) == []


def _pinned(lock: str) -> set[str]:
    text = (REPO / lock).read_text(encoding="utf-8")
    return {_normalise(m.group(1)) for m in re.finditer(r"^([A-Za-z0-9._-]+)==", text, re.M)}


def _requirement_name(requirement: str) -> str:
    return _normalise(re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0])


def test_the_lock_files_pin_every_declared_dependency() -> None:
    """`make lock` after every change of pyproject.toml: pip installs from the locks, so a
    dependency declared but not pinned is missing on a fresh clone (CI) and nowhere else."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    runtime = {_requirement_name(r) for r in project["dependencies"]}
    dev = {_requirement_name(r) for r in project["optional-dependencies"]["dev"]}
    assert runtime - _pinned("requirements.lock") == set()
    assert (runtime | dev) - _pinned("requirements-dev.lock") == set()
