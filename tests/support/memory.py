"""Running code in a fresh interpreter whose peak memory is its own.

On Linux a process keeps its ``ru_maxrss`` across ``exec``: a child started by the test
process begins with the test process's peak (hundreds of MB after the browser and
database tests). A grandchild started by a small interpreter begins with that small
interpreter's. So the code runs two levels down, and reports
``resource.getrusage(RUSAGE_SELF).ru_maxrss`` itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_fresh(
    code: str, *args: str, cwd: Path | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run ``python -c code args...`` two processes down from this one."""
    relay = (
        "import subprocess, sys\nsys.exit(subprocess.call([sys.executable, '-c', *sys.argv[1:]]))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", relay, code, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


PEAK_MB = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"
"""A line that prints this process's peak memory in MB (Linux reports kB)."""
