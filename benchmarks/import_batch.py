"""Importing a batch of documents with ``--into auto``: the goal is 200 in under 10 s.

    python3 benchmarks/import_batch.py [COUNT] [RUNS]

COUNT documents (default 200) are generated from the importer's fixtures
(tests/data/importers/documents/: Key comms web pages and Word files, case studies,
news), each a different meeting or story: the years and titles are shifted so that
every one is a new item. They are spread over .txt, .md, .html and .docx. Then:

- ``spfcomms import ALL --into auto`` runs as a user runs it, in a new process, into an
  empty workspace (every issue folder is created), timed from start to exit; RUNS times
  (default 3), each into a new workspace, and the median is shown (the machine is
  shared, so single runs vary);
- the same batch runs again (every item unchanged), the case of importing twice;
- as a floor, the same documents are only read (parsed into blocks, nothing
  recognised or written), in this process.

No other tool recognises Key comms, case studies and presenters, so there is no peer to
run beside it; the "read only" row shows how much of the time is the file formats.
Prints a table: run, documents, seconds, documents per second.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spfcomms.importers import read_source  # noqa: E402
from tests.support.documents import DOCUMENTS, EXPECTED  # noqa: E402
from tests.support.docx_builder import markdown_to_docx  # noqa: E402

FORMATS = ("txt", "md", "html", "docx")
GOAL_SECONDS = 10.0


def _variant(text: str, name: str, shift: int) -> str:
    """The document moved ``shift`` years back, its title numbered when it names the item."""
    if shift == 0:
        return text
    text = re.sub(r"\b(20[0-3]\d)\b", lambda m: str(int(m.group(1)) - shift), text)
    expected = EXPECTED[name]
    if expected.kind != "meeting-summary":
        main = re.split(r"\s+[-–—]\s+", expected.title, maxsplit=1)[0]
        text = text.replace(main, f"{main} {shift}")
    return text


def generate(folder: Path, count: int) -> list[Path]:
    """``count`` distinct documents made from the fixtures that carry their own date."""
    pool = sorted(name for name, e in EXPECTED.items() if e.into == "auto")
    paths: list[Path] = []
    for number in range(count):
        name = pool[number % len(pool)]
        shift = number // len(pool)
        fmt = FORMATS[number % len(FORMATS)]
        source_fmt = "md" if fmt == "docx" else fmt
        text = _variant(
            (DOCUMENTS / f"{name}.{source_fmt}").read_text(encoding="utf-8"), name, shift
        )
        stem = f"{number:03d}-{name}"
        if fmt == "docx":
            paths.append(markdown_to_docx(text, folder / f"{stem}.docx"))
        else:
            path = folder / f"{stem}.{fmt}"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths


def _cli(workspace: Path, paths: list[Path]) -> tuple[float, str]:
    command = [sys.executable, "-m", "spfcomms", "-q", "-c", str(workspace), "import"]
    command += [str(p) for p in paths] + ["--into", "auto"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed, done.stdout


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        documents = folder / "documents"
        documents.mkdir()
        paths = generate(documents, count)
        times = []
        for run in range(runs):
            workspace = folder / f"workspace-{run}"
            (workspace / "issues").mkdir(parents=True)
            shutil.copy2(ROOT / "spfcomms.toml", workspace / "spfcomms.toml")
            times.append(_cli(workspace, paths)[0])
        first = statistics.median(times)
        items = len(list((workspace / "issues").glob("*/*.md")))
        issues = len(list((workspace / "issues").glob("*/issue.toml")))
        again, _ = _cli(workspace, paths)
        started = time.perf_counter()
        for path in paths:
            read_source(path)
        floor = time.perf_counter() - started
    print(f"{count} documents ({', '.join(FORMATS)}) -> {items} items in {issues} new issues")
    print(f"{'run':<50}{'documents':>10}{'seconds':>10}{'docs/s':>9}")
    for label, seconds in (
        (f"spfcomms import --into auto (new, median of {runs})", first),
        (f"spfcomms import --into auto (new, slowest of {runs})", max(times)),
        ("spfcomms import --into auto (all unchanged)", again),
        ("read only (floor, in process)", floor),
    ):
        print(f"{label:<50}{count:>10}{seconds:>10.2f}{count / seconds:>9.0f}")
    verdict = "met" if first < GOAL_SECONDS else "MISSED"
    print(f"goal: {count} documents in under {GOAL_SECONDS:g} s: {verdict}")


if __name__ == "__main__":
    main()
