"""Import throughput and peak memory of the metrics store, on generated exports.

    python3 benchmarks/metrics_import.py [ROWS ...]

For each size, a manual-figures CSV and a link-clicks CSV with that many rows are
generated, then imported end to end (hash, parse, map, store in one transaction) into a
fresh SQLite store, each in its own process so that peak memory is that import's own.
Set SPFCOMMS_DATABASE_URL to measure another database instead (it must be empty).
Prints a table: rows, seconds, rows per second, peak RSS.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _manual(path: Path, rows: int) -> None:
    start = date(2023, 6, 29)
    with path.open("w", encoding="utf-8") as out:
        out.write("channel,metric,value,period_start,period_end,issue,label,note\n")
        for n in range(rows):
            day = start + timedelta(days=n % 3000)
            out.write(f"social,impressions,{1000 + n % 997},{day},{day},,account-{n // 3000},\n")


def _links(path: Path, rows: int) -> None:
    base = "https://www.socialpartnershipforum.org/bulletin/items/wider-group-2023-06-21/"
    with path.open("w", encoding="utf-8") as out:
        out.write("URL,Total Clicks,Unique Clicks\n")
        for n in range(rows):
            out.write(f"{base}?page={n}&utm_campaign=2023-06&mc_eid=x{n},{n % 50 + 1},1\n")


def _child(kind: str, rows: int, workdir: Path) -> dict[str, float]:
    sys.path.insert(0, str(REPO))
    import spfcomms
    from spfcomms.metrics import MetricsStore, import_file

    config = spfcomms.load_config(workdir)
    workspace = spfcomms.load_workspace(config)
    source = workdir / f"{kind}.csv"
    (_manual if kind == "manual" else _links)(source, rows)
    with MetricsStore.open(config) as store:
        started = time.perf_counter()
        result = import_file(store, workspace, source)
        elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": result.rows, "seconds": elapsed, "peak_mib": peak}


def main(sizes: list[int]) -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, rows, workdir = sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
        print(json.dumps(_child(kind, rows, workdir)))
        return
    print(f"{'export':<16}{'rows':>10}{'seconds':>10}{'rows/s':>12}{'peak RSS':>12}")
    for kind in ("manual", "link-clicks"):
        for rows in sizes:
            workdir = Path(tempfile.mkdtemp(prefix="spfcomms-bench-"))
            try:
                shutil.copy(REPO / "spfcomms.toml", workdir / "spfcomms.toml")
                shutil.copytree(REPO / "issues", workdir / "issues")
                done = subprocess.run(
                    [sys.executable, __file__, "--child", kind, str(rows), str(workdir)],
                    capture_output=True, text=True, check=True, env=dict(os.environ),
                )
                figures = json.loads(done.stdout.strip().splitlines()[-1])
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
            rate = figures["rows"] / figures["seconds"]
            print(f"{kind:<16}{figures['rows']:>10,.0f}{figures['seconds']:>10.2f}"
                  f"{rate:>12,.0f}{figures['peak_mib']:>9.0f} MiB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:] if a.isdigit()] or [10_000, 100_000])
