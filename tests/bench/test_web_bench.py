"""bench/web.py runs end to end: a ``--quick`` run (SQLite, one worker, a small negotiation)
builds the data set, starts the real server, drives it, verifies the record it made, and
prints every measurement with its ratio to the static ceiling and a PASS/MISS line for each
target; ``--un`` names the 400 x 193 configuration.

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
    names = [line.split()[3] for line in measured]
    assert names == ["static", "matrix", "consolidated", "submission"]
    ratios = [line for line in measured if RATIO.search(line)]
    assert len(ratios) == 3  # each against static
    targets = [line[6:] for line in lines if line.startswith(("PASS ", "MISS "))]
    assert [t.split(": ")[1].split(" within")[0] for t in targets] == [
        "matrix p99",
        "consolidated p99",
        "submission p50",
    ]
    assert "verified: SQLite: ok" in result.stderr  # the record the run made verifies
    assert any(line.startswith("data set built through the services on SQLite") for line in lines)
    assert not any("PostgreSQL" in line for line in lines)


def test_the_un_configuration_is_400_articles_by_193_parties_all_answered() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from web import parse_args  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(REPO / "bench"))
    cfg = parse_args(["--un", "--postgres", "postgresql://x@127.0.0.1/y"])
    assert (cfg.articles, cfg.parties, cfg.workers) == (400, 193, (1, 2))
    assert cfg.paged and cfg.postgres == "postgresql://x@127.0.0.1/y"
    assert not parse_args(["--quick"]).paged
