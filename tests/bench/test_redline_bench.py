"""bench/redline.py runs end to end: a ``--quick`` run on the GDPR prints each contender with
its changed tokens, the ratios, the correctness checks and one PASS/MISS line per target.

Nothing here looks at the timings: they belong to the machine, not to the code. The GDPR is
the copy in ``tests/data/corpus``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.conftest import CORPUS, REPO

GDPR = CORPUS / "gdpr-2016-679.en.txt"


def test_the_redline_bench_prints_ratios_checks_and_targets() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "redline.py"), "--quick", "--gdpr", str(GDPR)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert any(line.startswith("ratio difflib/ours:") for line in lines)
    assert any(line.startswith("ratio ours/git:") for line in lines)
    git = shutil.which("git") is not None
    contenders = ["ours", "difflib (default, words)"] + ["git diff --word-diff=porcelain"] * git
    for contender in contenders:
        assert any(line.startswith(contender) for line in lines), contender
    assert [line for line in lines if line.startswith("FAIL")] == []
    assert len([line for line in lines if line.startswith(("PASS ", "MISS "))]) == 1 + 2 * git
