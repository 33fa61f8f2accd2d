"""Import throughput and peak memory of the metrics store, on generated exports.

    python3 benchmarks/metrics_import.py [ROWS ...]

For each size, exports with that many rows are generated: a manual-figures CSV, a
link-clicks CSV, Mailchimp's Reports export (``mailchimp-csv``: one row per campaign,
all of them bulletins, with the real 40-column header) and one campaign's report
(``mailchimp-report-csv``: that many URLs under "Clicks by URL"). Each is imported end
to end (hash, parse, match, map, store in one transaction) into a fresh SQLite store,
each in its own process so that peak memory is that import's own.
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
from datetime import date, datetime, timedelta
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


def _reports(path: Path, rows: int) -> None:
    # The header of the Reports page's "Export as CSV"; every campaign is June's bulletin
    # sent a minute apart (a campaign is told apart by its send time).
    header = (REPO / "tests/data/metrics/mailchimp/reports-2023.csv").read_text().splitlines()[0]
    first = datetime(2023, 6, 29, 9, 0)
    with path.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        for n in range(rows):
            sent = (first + timedelta(minutes=n)).strftime("%b %d, %Y %I:%M %p").lower()
            sent = sent[:1].upper() + sent[1:]
            out.write(
                f'"SPF bulletin June 2023","June 2023 bulletin","SPF bulletin subscribers",'
                f'"{sent}",Thursday,{4000 + n % 500},{3950 + n % 500},31,19,50,2,4,'
                f"{2000 + n % 300},50.63%,5100,{500 + n % 90},12.66%,800,9,1,0,0,"
                f"{n:010x},0,0,0" + ",n/a" * 14 + "\n"
            )


def _report(path: Path, rows: int) -> None:
    base = "https://www.socialpartnershipforum.org/bulletin/items/wider-group-2023-06-21/"
    head = (REPO / "tests/data/metrics/mailchimp/report-2023-12.csv").read_text()
    head = head[: head.index('"URL","Total Clicks"')]
    with path.open("w", encoding="utf-8") as out:
        out.write(head + '"URL","Total Clicks","Unique Clicks"\n')
        for n in range(rows):
            out.write(f'"{base}?page={n}&mc_cid=8c2d4e6f10&mc_eid=[UNIQID]","{n % 50 + 1:,}","1"\n')


WRITERS = {"manual": _manual, "link-clicks": _links, "mailchimp-csv": _reports,
           "mailchimp-report-csv": _report}


def _child(kind: str, rows: int, workdir: Path) -> dict[str, float]:
    sys.path.insert(0, str(REPO))
    import spfcomms
    from spfcomms.metrics import MetricsStore, import_file

    config = spfcomms.load_config(workdir)
    workspace = spfcomms.load_workspace(config)
    source = workdir / f"{kind}.csv"
    WRITERS[kind](source, rows)
    with MetricsStore.open(config) as store:
        started = time.perf_counter()
        result = import_file(store, workspace, source)
        elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": rows, "figures": result.rows, "seconds": elapsed, "peak_mib": peak}


def main(sizes: list[int]) -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, rows, workdir = sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
        print(json.dumps(_child(kind, rows, workdir)))
        return
    print(f"{'export':<22}{'rows':>10}{'figures':>10}{'seconds':>10}{'rows/s':>12}"
          f"{'peak RSS':>12}")
    for kind in WRITERS:
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
            print(f"{kind:<22}{figures['rows']:>10,.0f}{figures['figures']:>10,.0f}"
                  f"{figures['seconds']:>10.2f}{rate:>12,.0f}{figures['peak_mib']:>9.0f} MiB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:] if a.isdigit()] or [10_000, 100_000])
