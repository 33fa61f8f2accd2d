"""Years of monthly issues with their reach-figure exports, and a metrics store filled
from them through ``spfcomms metrics import``: the ground the audit and the import
workloads stand on.

Making the exports takes seconds; filling the store takes minutes, so the filled store
is kept in benchmarks/_work/ and reused while the generators and the metrics package's
sources are the same (``--fresh`` makes it again).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spfcomms

from .core import WORK, Context
from .exports import EXPORTS_VERSION, Exports, write_exports
from .measure import run_process
from .workspace import GENERATOR_VERSION, generate_workspace

FIRST_YEAR = 2014
STORE = Path(".spfcomms") / "metrics.sqlite"


@dataclass(frozen=True)
class Years:
    """A generated workspace of ``years`` years, and its exports."""

    workspace: Path
    exports: Exports
    issues: int
    items: int


@cache
def _importer_digest() -> str:
    """A digest of the metrics package's sources: a store filled by other code is stale."""
    spec = importlib.util.find_spec("spfcomms.metrics")
    if spec is None or not spec.submodule_search_locations:
        return spfcomms.__version__
    digest = hashlib.sha256()
    for folder in spec.submodule_search_locations:
        for path in sorted(Path(folder).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _stamp(years: int) -> dict[str, object]:
    return {
        "years": years,
        "workspace": GENERATOR_VERSION,
        "exports": EXPORTS_VERSION,
        "spfcomms": spfcomms.__version__,
        "importer": _importer_digest(),
    }


def _fresh(stamp_file: Path, stamp: dict[str, object]) -> bool:
    try:
        return bool(json.loads(stamp_file.read_text(encoding="utf-8")) == stamp)
    except (OSError, ValueError):
        return False


def years_of_issues(ctx: Context, years: int) -> Years:
    """The workspace and exports of ``years`` years (made again when out of date)."""
    root = WORK / f"years-{years}"
    workspace, folder = root / "workspace", root / "exports"
    stamp_file = root / "stamp.json"
    if ctx.fresh or not _fresh(stamp_file, _stamp(years)):
        print(
            f"  generating {years} years of issues and their exports in {root.name}/ ...",
            flush=True,
        )
        shutil.rmtree(root, ignore_errors=True)
        generate_workspace(workspace, issues=12 * years, first_year=FIRST_YEAR)
        loaded = spfcomms.load_workspace(spfcomms.load_config(workspace))
        write_exports(loaded, folder)
        stamp_file.write_text(json.dumps(_stamp(years)), encoding="utf-8")
    made = Exports(
        campaigns=sorted(folder.glob("mailchimp-report-*.json")),
        clicks=sorted(folder.glob("click-report-*.csv")),
        manual=sorted(folder.glob("hand-kept-*.toml")),
        pages=sorted(folder.glob("ga4-pages-*.csv")),
        logs=sorted(folder.glob("access-*.log")),
    )
    issues = 12 * years
    return Years(workspace, made, issues, issues * 17)


def filled_store(ctx: Context, years: Years) -> Path:
    """A metrics store holding every export of ``years``, filled with the CLI once."""
    store = years.workspace.parent / "filled-metrics.sqlite"
    stamp_file = years.workspace.parent / "filled-stamp.json"
    stamp = {**_stamp(years.issues // 12), "files": len(years.exports.everything)}
    if not ctx.fresh and store.is_file() and _fresh(stamp_file, stamp):
        return store
    files = years.exports.everything
    print(
        f"  filling a metrics store from {len(files)} exports with `spfcomms metrics import` "
        "(once; kept for later runs) ...",
        flush=True,
    )
    shutil.rmtree(years.workspace / ".spfcomms", ignore_errors=True)
    began = time.perf_counter()
    env = ctx.env()
    # In chunks, to keep the command lines short.
    for chunk in range(0, len(files), 100):
        run_process(
            ctx.spfcomms(
                "-q", "-c", years.workspace, "metrics", "import", *files[chunk : chunk + 100]
            ),
            env=env,
        )
    print(f"  filled in {time.perf_counter() - began:.0f} s", flush=True)
    shutil.copyfile(years.workspace / STORE, store)
    stamp_file.write_text(json.dumps(stamp), encoding="utf-8")
    return store


def store_counts(store: Path) -> str:
    """Rows in the store's main tables, for the table's note."""
    import sqlite3

    with sqlite3.connect(store) as db:
        tables = {
            name for (name,) in db.execute("select name from sqlite_master where type='table'")
        }
        counts = {
            name: db.execute(f'select count(*) from "{name}"').fetchone()[0]  # noqa: S608
            for name in ("metrics", "link_clicks", "import_batches")
            if name in tables
        }
    return ", ".join(f"{n:,} {name}" for name, n in counts.items())
