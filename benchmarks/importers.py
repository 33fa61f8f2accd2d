"""How long an import takes, per source format and for a long document.

Run ``python3 benchmarks/importers.py``; prints a table (median of several runs).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spfcomms.importers import import_source, render_item  # noqa: E402
from tests.support.docx_builder import markdown_to_docx  # noqa: E402

DATA = ROOT / "tests" / "data" / "importers"
SEEDS = next(
    (
        p
        for p in (ROOT.parent / "shared" / "seeds", ROOT.parent.parent / "shared" / "seeds")
        if p.is_dir()
    ),
    None,
)


def _time(path: Path, runs: int = 15) -> tuple[float, int]:
    times = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        result = import_source(path, issue_id="2024-01")
        size = len(render_item(result.items[0]).encode())
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, size


def _long_document(folder: Path, items: int) -> Path:
    lines = ["# Key comms", "", "## SPF Wider Group", "", "10 January 2024", ""]
    for n in range(items):
        lines += [
            f"### Agenda item {n} - Alex Morgan{n % 7} and Sam Lee, NHS Employers",
            "",
            "A paragraph of discussion with a [link](https://example.org/page) in it. " * 4,
            "",
            "- a first point",
            "- a second point",
            "",
        ]
    path = folder / f"long-{items}.md"
    path.write_text("\n".join(lines).replace("Morgan0", "Morgan"), encoding="utf-8")
    return path


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        markdown = DATA / "keycomms_variants.md"
        sources = [
            ("variants .txt", DATA / "keycomms_variants.txt"),
            ("variants .md", markdown),
            ("variants .html", DATA / "keycomms_variants.html"),
            ("variants .docx", markdown_to_docx(markdown.read_text(), folder / "v.docx")),
            ("case study .txt", DATA / "case_study.txt"),
            ("news .html", DATA / "news.html"),
        ]
        if SEEDS is not None:
            sources += [(f"seed {p.name[:3]}", p) for p in sorted(SEEDS.glob("00[014]_*.txt"))]
        long_md = _long_document(folder, 200)
        sources += [
            ("200 agenda items .md", long_md),
            ("200 agenda items .docx", markdown_to_docx(long_md.read_text(), folder / "l.docx")),
        ]
        print(f"{'source':<26}{'input KB':>10}{'output KB':>11}{'median ms':>11}")
        for label, path in sources:
            milliseconds, output = _time(path, runs=5 if "200" in label else 15)
            print(
                f"{label:<26}{path.stat().st_size / 1024:>10.1f}{output / 1024:>11.1f}"
                f"{milliseconds:>11.1f}"
            )


if __name__ == "__main__":
    main()
