"""``python -m bench``: the exam-day benchmark first, then every other benchmark module in bench/.

Each runs as ``python -m bench.NAME`` in its own process and prints its own table. Modules whose
name starts with ``_`` are helpers and are not run. ``BENCH_ONLY=exam_day,cam`` runs just those.
Exit status: 1 if any benchmark failed.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIRST = "exam_day"


def modules() -> list[str]:
    names = sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))
    names = ([FIRST] if FIRST in names else []) + [n for n in names if n != FIRST]
    only = [n.strip() for n in os.environ.get("BENCH_ONLY", "").split(",") if n.strip()]
    return [n for n in names if n in only] if only else names


def main() -> int:
    failed = []
    for name in modules():
        print(f"\n##### bench.{name}", flush=True)
        proc = subprocess.Popen([sys.executable, "-m", f"bench.{name}"], cwd=HERE.parent)
        try:
            code = proc.wait()
        except KeyboardInterrupt:
            # Ctrl-C reached the benchmark too: give it time to clean up (stop its servers, drop its data).
            try:
                proc.wait(60)
            except (subprocess.TimeoutExpired, KeyboardInterrupt):
                proc.kill()
                proc.wait()
            return 130
        if code:
            failed.append(f"{name} (exit {code})")
    if failed:
        print(f"\nFAILED: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
