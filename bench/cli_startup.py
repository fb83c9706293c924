"""How much CPU does the command line spend before it answers? (issue 17, point 4)

Run ``.venv/bin/python bench/cli_startup.py [--rounds N] [--quick]``. Each command runs in
a fresh interpreter, the commands taken in turns (so a busy neighbour slows them all alike),
``--rounds`` times each (default 20; ``--quick``: 3). The CPU time of each child (user +
system, from ``getrusage(RUSAGE_CHILDREN)``) is measured rather than the wall clock, which a
shared machine makes noisy; the median is reported, with the ratio to ``python -c pass``, the
floor every Python program pays. Target: ``inwriting --help`` and ``inwriting parse`` of a
small draft at most 150 ms of CPU each (a miss prints MISS; only a command that fails exits
1). Alongside, the modules each command imported, counted with ``-X importtime``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "formats" / "un-charter-excerpt.md"
TARGET_MS = 150.0
TARGETED = ("inwriting --help", "inwriting parse SMALL.md")


def commands() -> dict[str, list[str]]:
    python = sys.executable
    cli = [python, "-m", "inwriting"]
    return {
        "python -c pass": [python, "-c", "pass"],
        "inwriting --help": [*cli, "--help"],
        "inwriting --version": [*cli, "--version"],
        "inwriting parse SMALL.md": [*cli, "parse", str(SMALL)],
    }


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_ms(argv: list[str]) -> float:
    """The CPU milliseconds one run of ``argv`` spends (user + system)."""
    before = _children_cpu()
    done = subprocess.run(argv, capture_output=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()}")
    return (_children_cpu() - before) * 1000


def modules_imported(argv: list[str]) -> int:
    done = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], capture_output=True)
    return sum(1 for line in done.stderr.decode().splitlines() if line.startswith("import time:"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="3 rounds, a smoke run")
    args = parser.parse_args()
    rounds = 3 if args.quick else args.rounds
    runs = commands()
    # The user's settings do not change what is measured; bytecode is written, as an installed
    # package has it (pip compiles on install): without it every run recompiles the source.
    env_free = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("INWRITING_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    os.environ.clear()
    os.environ.update(env_free)
    for argv in runs.values():  # warm the file cache and the bytecode
        cpu_ms(argv)
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, argv in runs.items():
            times[name].append(cpu_ms(argv))
    floor = statistics.median(times["python -c pass"])
    print(f"{rounds} rounds each, in turns; CPU = user + system of the child, median")
    print(f"{'command':<26} {'CPU ms':>8} {'min':>8} {'ratio':>7} {'modules':>8}")
    for name, argv in runs.items():
        median = statistics.median(times[name])
        imported = modules_imported(argv)
        line = f"{name:<26} {median:8.1f} {min(times[name]):8.1f} {median / floor:6.1f}x"
        print(f"{line} {imported:8d}")
    for name in TARGETED:
        median = statistics.median(times[name])
        verdict = "PASS" if median <= TARGET_MS else "MISS"
        print(f"{verdict}: {name} {median:.0f} ms of CPU (target <= {TARGET_MS:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
