"""Where the tlog test vectors live, and parametrization over the transparency-dev files.

``tests/data/tlog`` is a byte-for-byte copy of the team's published vectors (sources and
licences in its README), so every check runs in a fresh clone; ``tests/unit/test_data_copies.py``
compares it with the originals where they are present.

A test that takes a ``merkle_vector`` argument runs once per transparency-dev JSON file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "data" / "tlog"
MERKLE = "transparency-dev-merkle/testdata"


@pytest.fixture
def data() -> Path:
    """The vectors, in tests/data/tlog."""
    return DATA


@pytest.fixture
def vectors() -> Path:
    """The vectors (the same folder as ``data``; tests name whichever reads better)."""
    return DATA


@pytest.fixture
def source() -> Path:
    """The vectors, for tests written to run on more than one copy of them."""
    return DATA


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``merkle_vector`` over the transparency-dev JSON vector files."""
    if "merkle_vector" in metafunc.fixturenames:
        base = DATA / MERKLE
        files = sorted(base.rglob("*.json"))
        metafunc.parametrize(
            "merkle_vector", files, ids=[f.relative_to(base).as_posix() for f in files]
        )
