"""`make bench`: run every benchmark script and print its figures.

Each script prints its own table; the gas and replay scripts also write their output next
to themselves (benchmarks/*.txt). benchmarks/RESULTS.md records a run with machine and date.
Pass `--quick` to skip the bulk comparison (its naive web3.py round alone takes minutes) and
run the competences set on 10 schools instead of 100.
"""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = [
    ("land gas", ["land_gas.py"]),
    ("shared blocks gas", ["common_gas.py"]),
    ("diploma gas", ["diploma_gas.py"]),
    ("social rent: replay and lease gas", ["housing_bench.py"]),
    ("local decisions: gas, Python work, a year of Flanders", ["decisions_bench.py"]),
    ("competences: gas, sizes, presentations verified per second", ["competence_bench.py"]),
    ("woningpas: gas and the benchmark set", ["woningpas_bench.py"]),
    ("bulk import", ["bulk.py", "--count", "2000"]),
]


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    import os

    print(f"# {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, {cpu_model()}, "
          f"Python {platform.python_version()}")
    failed = []
    for title, command in SCRIPTS:
        if quick and command[0] == "bulk.py":
            continue
        if quick and command[0] == "competence_bench.py":  # 10 schools instead of 100
            command = [*command, "--schools", "10", "--sizes", "100,1000"]
        print(f"\n## {title}\n", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(HERE / command[0]), *command[1:]],
                                cwd=HERE.parent, check=False)
        print(f"({title}: {time.perf_counter() - started:.0f} s)", flush=True)
        if result.returncode != 0:
            failed.append(title)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
