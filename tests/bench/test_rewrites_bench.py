"""bench/rewrites.py runs end to end on the test data: both corpora reported, every diff
rebuilds both texts, and a rewritten sentence is one change run (the number the bench
exists to show; counts, not timings)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_rewritten_sentences_read_as_one_change() -> None:
    run = subprocess.run(
        [sys.executable, str(REPO / "bench" / "rewrites.py")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("\n  rewritten ") == 2
    assert "PASS  every diff rebuilds both texts" in run.stdout
    assert "MISS" not in run.stdout
