"""bench/record.py runs end to end: a ``--quick`` run on SQLite prints every comparison with
its ratio, the correctness checks and one PASS/MISS line per target.

Nothing here looks at the numbers themselves: they belong to the machine, not to the code.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import REPO

RATIO = re.compile(r"\s\d+\.\d\dx$")


def _quick_run() -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "INWRITING_TEST_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, str(REPO / "bench" / "record.py"), "--quick"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_the_record_bench_prints_ratios_checks_and_targets() -> None:
    result = _quick_run()
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    ratios = [line for line in lines if RATIO.search(line)]
    for baseline in (
        "InmemoryTree.append_entry",
        "the SHA-256 limit",
        "ORM bulk insert",
        "batched, sustained",
        "pymerkle prove_inclusion",
        "the same, from a dict in memory",
        "pymerkle verify_inclusion",
        "pymerkle verify_consistency",
    ):
        assert any(baseline in line for line in ratios), baseline
    assert any("agree" in line for line in lines)
    assert any("sampled proofs from the database verify" in line for line in lines)
    targets = [line for line in lines if line.startswith(("PASS ", "MISS "))]
    assert len(targets) == 4  # in-memory, batched SQLite, two proof latencies
    assert not any("PostgreSQL" in line for line in lines)
