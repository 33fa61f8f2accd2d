"""Random bytes into every importer: a result or one of spfcomms's errors, never another
exception, and never more than 300 MB of memory.

The fuzzing runs in a fresh Python process (``support/memory.py``) so that
``resource`` measures the peak memory of the importers alone.
Inputs are random bytes, and random content inside valid shells (a real .docx zip, a
Mailchimp header, an access-log line), so that the fuzzing also reaches past the first
check of each reader.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import REPO
from .support.memory import run_fresh

MEMORY_LIMIT_MB = 300
EXAMPLES = 300

SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

MAILCHIMP_HEADER = (
    "campaign_title,subject_line,send_time,emails_sent,hard_bounces,soft_bounces,"
    "syntax_errors,opens_total,unique_opens,proxy_excluded_opens,"
    "proxy_excluded_unique_opens,clicks_total,unique_clicks,unique_subscriber_clicks,"
    "unsubscribed,abuse_reports\n"
)
LOG_LINE = (
    '{ip} - - [{day}/Dec/2023:08:{minute}:32 +0000] "{method} {path} HTTP/1.1" {status} '
    '{size} "{referer}" "{agent}"'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400
)  # any Unicode but lone surrogates
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


def _docx_shell() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Key comms", style="Title")
    document.save(buffer)
    return buffer.getvalue()


def _with_document_xml(shell: bytes, xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(shell))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            payload = xml if member.filename == "word/document.xml" else source.read(member)
            target.writestr(member.filename, payload)
    return buffer.getvalue()


def _document_xml(body: str) -> bytes:
    return (
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>Key comms</w:t></w:r></w:p>'
        f"<w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>"
    ).encode("utf-8", "surrogatepass")


def fuzz_documents(folder: Path) -> None:
    """.docx, .html and .txt files of random bytes, and .docx shells of random XML."""
    from spfcomms import SpfcommsError, import_source

    shell = _docx_shell()

    def attempt(name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        for kind in (None, "news"):  # detected, and the most lenient recogniser
            try:
                import_source(path, issue_id="2024-01", kind=kind)
            except SpfcommsError:
                pass

    @SETTINGS
    @given(data=st.binary(max_size=4000), suffix=st.sampled_from([".docx", ".html", ".txt"]))
    def random_bytes(data: bytes, suffix: str) -> None:
        attempt(f"random{suffix}", data)

    @SETTINGS
    @given(
        data=st.one_of(
            st.binary(max_size=3000),
            text.map(lambda t: t.encode("utf-8")),
            text.map(lambda t: _document_xml(t)),
        )
    )
    def random_word_xml(data: bytes) -> None:
        attempt("shell.docx", _with_document_xml(shell, data))

    @SETTINGS
    @given(body=text, prefix=st.sampled_from(["", "<html><body>", "\ufeff", "<main><h1>"]))
    def random_text(body: str, prefix: str) -> None:
        attempt("page.html", (prefix + body).encode("utf-8"))
        attempt("notes.txt", (prefix + body).encode("utf-16"))

    random_bytes()
    random_word_xml()
    random_text()


def fuzz_metrics(folder: Path) -> None:
    """Mailchimp CSVs and access logs of random bytes and random cells, into a store."""
    from spfcomms import SpfcommsError, load_config, load_workspace
    from spfcomms.metrics import FORMATS, MetricsStore, import_file

    workspace_root = folder / "workspace"
    workspace_root.mkdir()
    (workspace_root / "spfcomms.toml").write_bytes((REPO / "spfcomms.toml").read_bytes())
    shutil.copytree(REPO / "issues", workspace_root / "issues")
    config = load_config(workspace_root)
    workspace = load_workspace(config)
    mailchimp = [f for f in FORMATS if f.startswith("mailchimp") and f.endswith("csv")]

    with MetricsStore.open(config) as store:

        def attempt(name: str, data: bytes, formats: list[str | None]) -> None:
            path = folder / name
            path.write_bytes(data)
            for format in formats:
                try:
                    import_file(store, workspace, path, format=format)
                except SpfcommsError:
                    pass

        @SETTINGS
        @given(data=st.binary(max_size=3000))
        def random_bytes(data: bytes) -> None:
            attempt("export.csv", data, [None, *mailchimp])
            attempt("access.log", data, ["access-log"])

        @SETTINGS
        @given(rows=st.lists(st.lists(cells, min_size=0, max_size=18), max_size=6))
        def random_mailchimp_rows(rows: list[list[str]]) -> None:
            import csv

            buffer = io.StringIO()
            csv.writer(buffer).writerows(rows)
            attempt("mailchimp.csv", (MAILCHIMP_HEADER + buffer.getvalue()).encode(), mailchimp)

        fields = {
            "ip": st.one_of(st.ip_addresses().map(str), cells),
            "day": st.integers(min_value=-5, max_value=40).map(str),
            "minute": st.integers(min_value=0, max_value=99).map(lambda m: f"{m:02d}"),
            "method": st.sampled_from(["GET", "HEAD", "POST", "", 'G"ET']),
            "path": st.one_of(st.sampled_from(["/bulletin/feed.xml", "/bulletin/"]), cells),
            "status": st.one_of(st.sampled_from(["200", "304", "404"]), cells),
            "size": st.one_of(st.integers(min_value=-1, max_value=10**30).map(str), cells),
            "referer": cells,
            "agent": st.one_of(
                st.just("Feedly/1.0 (+http://www.feedly.com/; 31 subscribers)"), cells
            ),
        }

        @SETTINGS
        @given(lines=st.lists(st.one_of(st.fixed_dictionaries(fields), text), max_size=8))
        def random_log_lines(lines: list[dict[str, str] | str]) -> None:
            body = "\n".join(
                LOG_LINE.format(**line) if isinstance(line, dict) else line for line in lines
            )
            attempt("access.log", body.encode("utf-8", "surrogatepass"), ["access-log"])

        random_bytes()
        random_mailchimp_rows()
        random_log_lines()


def run_all() -> int:
    """Run every fuzzer; the peak memory of this process, in MB."""
    import resource

    with tempfile.TemporaryDirectory() as folder:
        fuzz_documents(Path(folder))
        fuzz_metrics(Path(folder))
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def test_importers_survive_random_input_within_300_mb() -> None:
    done = run_fresh(
        "from tests.test_importers_fuzz import run_all; print(run_all())", cwd=REPO, timeout=1500
    )
    # A failure shows hypothesis's smallest failing input and the exception.
    assert done.returncode == 0, done.stderr[-6000:]
    peak_mb = int(done.stdout.strip().splitlines()[-1])
    assert peak_mb < MEMORY_LIMIT_MB, f"peak memory {peak_mb} MB"


def test_the_fuzzers_reach_past_the_first_check(tmp_path: Path) -> None:
    # The shells are real: with sensible content they import.
    from spfcomms import import_source

    shell = _with_document_xml(_docx_shell(), _document_xml("Partnership pays off"))
    (tmp_path / "ok.docx").write_bytes(shell)
    assert import_source(tmp_path / "ok.docx", issue_id="2024-01", kind="news").items
