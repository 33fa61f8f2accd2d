"""Email rendering: mjml-python (in-process) side by side with the reference npm ``mjml``.

Run ``python3 benchmarks/bench_email.py``. It renders the repository's 2023-12 bulletin
and a generated 30-agenda-item bulletin to MJML with spfcomms, then converts the same
MJML with

* mjml-python in-process (median of many calls) and as a whole process,
* npm ``mjml`` in-process under node (``await mjml2html``) and its CLI as a whole process,

and prints times, the ratio and the output sizes. npm ``mjml`` is installed into
``benchmarks/_work/node`` on first use; without node/npm that half is skipped with a
message. Also prints the HTML cost per agenda item for 10/20/30-item bulletins.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchlib import peers  # noqa: E402
from mjml import mjml2html  # noqa: E402

from spfcomms import load_config  # noqa: E402
from spfcomms.render.email import render_email  # noqa: E402
from spfcomms.workspace.collect import load_workspace  # noqa: E402
from tests.support.bulletins import write_workspace  # noqa: E402
from tests.support.site import site_for  # noqa: E402

WORK = REPO / "benchmarks" / "_work"
NODE_DIR = peers.NODE_DIR
PROCESS_RUNS = 5
BENCH_JS = """
const fs = require('fs');
const mjml2html = require('mjml');
(async () => {
  const src = fs.readFileSync(process.argv[2], 'utf8');
  const runs = Number(process.argv[3]);
  for (let i = 0; i < 10; i++) await mjml2html(src);
  const times = [];
  let html = '';
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const out = await mjml2html(src);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    html = out.html;
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({median_ms: times[Math.floor(runs / 2)], min_ms: times[0],
                              size: Buffer.byteLength(html)}));
})();
"""


def emails() -> dict[str, str]:
    """name -> MJML source of the bulletins to compare."""
    config = load_config(REPO)
    workspace = load_workspace(config)
    site = site_for(config, workspace.issues)
    sources = {"repo 2023-12": render_email(workspace.issue("2023-12"), site).mjml}
    root = write_workspace(Path(tempfile.mkdtemp(prefix="spfcomms-bench-")), agenda_items=30)
    config = load_config(root)
    workspace = load_workspace(config)
    site = site_for(config, workspace.issues)
    sources["30 agenda items"] = render_email(workspace.issues[0], site).mjml
    shutil.rmtree(root)
    return sources


def collapsed(html: str) -> int:
    """Bytes with runs of whitespace collapsed, to compare beautified and compact output."""
    return len(re.sub(r"\s+", " ", html).encode("utf-8"))


def in_process_python(source: str, runs: int = 200) -> tuple[float, float, str]:
    times = []
    html = ""
    for _ in range(10):
        mjml2html(source, fonts={})
    for _ in range(runs):
        start = time.perf_counter()
        html = mjml2html(source, fonts={})
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), html


def whole_process(command: list[str]) -> float:
    times = []
    subprocess.run(command, check=True, capture_output=True)  # warm-up
    for _ in range(PROCESS_RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def ensure_npm_mjml() -> Path | None:
    """Path of node_modules/.bin/mjml, installing npm mjml when needed; None if impossible."""
    peer = peers.npm_mjml()
    return None if peer is None else peer.command


def per_item_cost() -> None:
    sizes = {}
    for count in (10, 20, 30):
        root = write_workspace(Path(tempfile.mkdtemp(prefix="spfcomms-bench-")), agenda_items=count)
        config = load_config(root)
        workspace = load_workspace(config)
        site = site_for(config, workspace.issues)
        sizes[count] = render_email(workspace.issues[0], site).size
        shutil.rmtree(root)
    print("\nHTML size per bulletin (agenda item: heading, 2 presenters, paragraph, 4 bullets)")
    print(f"{'agenda items':>13} {'HTML KB':>9}")
    for count, size in sizes.items():
        print(f"{count:>13} {size / 1024:>9.1f}")
    print(f"cost per agenda item: {(sizes[30] - sizes[10]) / 20 / 1024:.2f} KB (budget 1.3 KB)")


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    binary = ensure_npm_mjml()
    rows = []
    for name, source in emails().items():
        mjml_file = WORK / f"{name.replace(' ', '-')}.mjml"
        mjml_file.write_text(source, encoding="utf-8")
        py_med, py_min, py_html = in_process_python(source)
        py_proc = whole_process(
            [
                sys.executable,
                "-c",
                "import sys; from mjml import mjml2html; "
                "open(sys.argv[2], 'w').write(mjml2html(open(sys.argv[1]).read(), fonts={}))",
                str(mjml_file),
                str(WORK / "out-py.html"),
            ]
        )
        row = {
            "name": name,
            "mjml_kb": len(source.encode()) / 1024,
            "py_med": py_med,
            "py_min": py_min,
            "py_proc": py_proc,
            "py_size": len(py_html.encode()),
            "py_collapsed": collapsed(py_html),
        }
        if binary is not None:
            script = NODE_DIR / "bench.js"
            script.write_text(BENCH_JS, encoding="utf-8")
            out = subprocess.run(
                ["node", str(script), str(mjml_file), "30"],
                cwd=NODE_DIR,
                check=True,
                capture_output=True,
                text=True,
            )
            node = json.loads(out.stdout.strip().splitlines()[-1])
            cli_out = WORK / "out-npm.html"
            row.update(
                npm_med=node["median_ms"],
                npm_min=node["min_ms"],
                npm_proc=whole_process([str(binary), str(mjml_file), "-o", str(cli_out)]),
            )
            npm_html = cli_out.read_text(encoding="utf-8")
            row.update(npm_size=len(npm_html.encode()), npm_collapsed=collapsed(npm_html))
            check = subprocess.run(
                [str(binary), "--validate", str(mjml_file)], capture_output=True, text=True
            )
            verdict = "valid" if check.returncode == 0 else check.stdout + check.stderr
            print(f"npm mjml --validate {mjml_file.name}: {verdict.strip()}")
        rows.append(row)

    print(
        f"\nmjml-python (mrml) versus npm mjml; in-process = median of repeated calls, "
        f"whole process = median of {PROCESS_RUNS} runs"
    )
    header = (
        f"{'bulletin':<16} {'MJML KB':>8} {'engine':<12} {'in-proc ms':>10} "
        f"{'process s':>9} {'HTML KB':>8} {'collapsed KB':>12}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['name']:<16} {row['mjml_kb']:>8.1f} {'mjml-python':<12} "
            f"{row['py_med']:>10.2f} {row['py_proc']:>9.3f} {row['py_size'] / 1024:>8.1f} "
            f"{row['py_collapsed'] / 1024:>12.1f}"
        )
        if "npm_med" in row:
            print(
                f"{'':<16} {'':>8} {'npm mjml':<12} {row['npm_med']:>10.2f} "
                f"{row['npm_proc']:>9.3f} {row['npm_size'] / 1024:>8.1f} "
                f"{row['npm_collapsed'] / 1024:>12.1f}"
            )
            print(
                f"{'':<16} {'':>8} {'ratio npm/py':<12} {row['npm_med'] / row['py_med']:>9.1f}x "
                f"{row['npm_proc'] / row['py_proc']:>8.1f}x"
            )
    per_item_cost()


if __name__ == "__main__":
    main()
