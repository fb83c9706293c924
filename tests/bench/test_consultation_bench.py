"""bench/consultation.py runs end to end on PostgreSQL with a small load: it prints the
grouping throughput, the summary's cold and warm times with their baseline, and a verdict.

Nothing here looks at the numbers themselves: they belong to the machine, not to the code.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import PG_URL, REPO

pytestmark = pytest.mark.postgres


def test_the_consultation_bench_runs_small() -> None:
    if not PG_URL:
        pytest.skip("PostgreSQL not configured: set INWRITING_TEST_DATABASE_URL (.ci/run does)")
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "consultation.py"),
            "--database",
            PG_URL,
            "--comments",
            "3000",
            "--through-service",
            "30",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for line in (
        "grouping through the service:",
        "MinHash and bands alone:",
        "loaded 3,000",
        "summary cold:",
        "summary warm:",
        "export of",
    ):
        assert line in out, out
    assert out.strip().splitlines()[-1] in ("PASS", "MISS")
