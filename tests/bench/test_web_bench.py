"""bench/web.py runs end to end: a ``--quick`` run (SQLite, one worker, a small negotiation)
starts the real server, drives it, and prints every measurement with its ratio to the static
ceiling and one PASS/MISS line for the target.

Nothing here looks at the numbers themselves: they belong to the machine, not to the code.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import REPO

RATIO = re.compile(r"\s\d+\.\d\dx\s+\d+\.\d\dx$")  # p50 and p99, each over the static one


def _quick_run() -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "INWRITING_TEST_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, str(REPO / "bench" / "web.py"), "--quick"],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


def test_the_web_bench_prints_ratios_to_the_static_ceiling_and_the_target() -> None:
    result = _quick_run()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    measured = [line for line in lines if line.startswith("SQLite, 1 worker")]
    assert [line.split()[3] for line in measured] == ["static", "matrix", "submission"]
    ratios = [line for line in measured if RATIO.search(line)]
    assert len(ratios) == 2  # matrix and submission, each against static
    targets = [line for line in lines if line.startswith(("PASS ", "MISS "))]
    assert len(targets) == 1 and "matrix p99" in targets[0]
    assert not any("PostgreSQL" in line for line in lines)
