"""bench/sign_in_floods.py runs end to end on a real server: it prints the checkpoint's
latencies on the quiet server and during a burst of wrong sign-ins, their ratio and a
PASS/MISS verdict. The numbers belong to the machine, so none is asserted."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO


def test_the_flood_bench_prints_both_measurements_and_a_verdict() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "sign_in_floods.py"), "--burst", "40"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("checkpoint, quiet")
    assert lines[1].startswith("checkpoint, 40 sign-ins")
    assert re.search(r"ratio of medians \d+\.\dx; target: .*: (PASS|MISS)$", lines[2])
