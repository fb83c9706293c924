"""Where the tlog test vectors live, and parametrization over the transparency-dev files.

Two sources:

* ``tests/data/tlog``: a small copy that is always present, so the core checks always run;
* the shared ``vectors/`` folder (``$INWRITING_VECTORS``, else ``<repo>/../shared/vectors``):
  the full published set. Tests reading it are marked ``corpus`` and skip, with the reason,
  where it is absent.

A test that takes a ``merkle_vector`` argument runs once per transparency-dev JSON file in the
shared folder; ``local_merkle_vector`` runs over the copies in ``tests/data/tlog``; a test that
takes ``source`` runs on the local copy and again, marked ``corpus``, on the shared folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

HERE = Path(__file__).resolve()
DATA = HERE.parents[2] / "data" / "tlog"
VECTORS = Path(os.environ.get("INWRITING_VECTORS") or HERE.parents[4] / "shared" / "vectors")
NO_VECTORS = f"shared test vectors not found at {VECTORS} (set INWRITING_VECTORS)"
MERKLE = "transparency-dev-merkle/testdata"


@pytest.fixture
def data() -> Path:
    """The always-present copy of the vectors, in tests/data/tlog."""
    return DATA


@pytest.fixture
def vectors() -> Path:
    """The shared vectors folder; skips the test where it is absent."""
    if not VECTORS.is_dir():
        pytest.skip(NO_VECTORS)
    return VECTORS


def _merkle_files(root: Path) -> list[object]:
    base = root / MERKLE
    if not base.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=NO_VECTORS), id="absent")]
    files = sorted(base.rglob("*.json"))
    return [pytest.param(path, id=path.relative_to(base).as_posix()) for path in files]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``merkle_vector`` and ``local_merkle_vector`` over the JSON vector files."""
    if "merkle_vector" in metafunc.fixturenames:
        metafunc.parametrize("merkle_vector", _merkle_files(VECTORS))
    if "local_merkle_vector" in metafunc.fixturenames:
        metafunc.parametrize("local_merkle_vector", _merkle_files(DATA))


@pytest.fixture(
    params=[
        pytest.param("local", id="local"),
        pytest.param("shared", id="shared", marks=pytest.mark.corpus),
    ]
)
def source(request: pytest.FixtureRequest) -> Path:
    """Run a test on the local copy and again (as a corpus test) on the shared folder."""
    if request.param == "local":
        return DATA
    if not VECTORS.is_dir():
        pytest.skip(NO_VECTORS)
    return VECTORS
