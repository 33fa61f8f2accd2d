"""Inputs that must not escape the workspace or exhaust the machine (issue cases 4 to 9)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spfcomms import load_config

from .support.cli import news_workspace, run
from .support.workspace import ISSUE, NEWS, make_workspace


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return news_workspace(tmp_path, monkeypatch)


SECRET = NEWS.format(id="stolen").replace("The story", "The private salary list")


def _secret_outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(SECRET, encoding="utf-8")
    return outside / "secret.md"


def _published(workspace: Path) -> str:
    build = workspace / "_build"
    if not build.is_dir():
        return ""
    return "".join(p.read_text("utf-8", "replace") for p in build.rglob("*") if p.is_file())


# Case 4: item references and symbolic links


@pytest.mark.parametrize("reference", ["../../../outside/secret", "ABSOLUTE", "sub/../../x"])
def test_an_item_reference_is_a_file_name_in_its_issue_folder(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], reference: str
) -> None:
    secret = _secret_outside(tmp_path)
    if reference == "ABSOLUTE":
        reference = str(secret.with_suffix(""))
    issue = workspace / "issues" / "2024-01" / "issue.toml"
    issue.write_text(ISSUE.format(items=f'["story", "{reference}"]'), encoding="utf-8")
    code, _, err = run(capsys, "build")
    assert code == 1
    assert f"issue.toml:5: error: '{reference}' is not an item of this issue" in err
    assert "[bad-item-name]" in err
    assert "private salary" not in _published(workspace)


@pytest.mark.parametrize("where", ["item", "issue folder", "issue.toml"])
def test_links_out_of_the_workspace_are_refused(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    secret = _secret_outside(tmp_path)
    issue = workspace / "issues" / "2024-01"
    if where == "item":
        (issue / "stolen.md").symlink_to(secret)
        (issue / "issue.toml").write_text(ISSUE.format(items='["story", "stolen"]'), "utf-8")
        bad = issue / "stolen.md"
    elif where == "issue folder":
        (secret.parent / "issue.toml").write_text(
            ISSUE.format(items='["secret"]').replace("number = 1", "number = 2"), "utf-8"
        )
        (workspace / "issues" / "2024-02").symlink_to(secret.parent, target_is_directory=True)
        bad = workspace / "issues" / "2024-02" / "issue.toml"
    else:
        (secret.parent / "issue.toml").write_text(ISSUE.format(items='["story"]'), "utf-8")
        (issue / "issue.toml").unlink()
        (issue / "issue.toml").symlink_to(secret.parent / "issue.toml")
        bad = issue / "issue.toml"
    code, _, err = run(capsys, "build")
    assert code == 1
    assert f"{bad.relative_to(workspace)}: error: is a link to " in err
    assert "outside the workspace" in err and "[outside-link]" in err
    assert "private salary" not in _published(workspace)


def test_links_inside_the_workspace_are_fine_and_outside_ones_can_be_allowed(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = _secret_outside(tmp_path)
    issue = workspace / "issues" / "2024-01"
    (workspace / "drafts").mkdir()
    (workspace / "drafts" / "kept.md").write_text(NEWS.format(id="kept"), "utf-8")
    (issue / "kept.md").symlink_to(workspace / "drafts" / "kept.md")
    (issue / "stolen.md").symlink_to(secret)
    (issue / "issue.toml").write_text(ISSUE.format(items='["story", "kept"]'), "utf-8")
    assert run(capsys, "build")[0] == 0
    (issue / "issue.toml").write_text(ISSUE.format(items='["story", "kept", "stolen"]'), "utf-8")
    config = (workspace / "spfcomms.toml").read_text("utf-8")
    (workspace / "spfcomms.toml").write_text(
        config + "[build]\nallow_outside_symlinks = true\n", "utf-8"
    )
    assert run(capsys, "build")[0] == 0
    assert "private salary" in _published(workspace)


def test_a_template_linked_from_outside_the_workspace_is_refused(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "elsewhere.css"
    outside.write_text("body { color: red }\n", encoding="utf-8")
    (workspace / "templates" / "assets").mkdir(parents=True)
    (workspace / "templates" / "assets" / "style.css").symlink_to(outside)
    code, _, err = run(capsys, "build")
    assert code == 1
    assert "templates/assets/style.css: is a link to " in err and "outside the workspace" in err
    assert "Traceback" not in err


def test_an_item_linked_to_dev_zero_is_refused_without_reading_it(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issue = workspace / "issues" / "2024-01"
    (issue / "endless.md").symlink_to("/dev/zero")
    (issue / "issue.toml").write_text(ISSUE.format(items='["story", "endless"]'), "utf-8")
    code, out, err = run(capsys, "check")
    assert code == 1
    assert "endless.md: error: is a link to /dev/zero, outside the workspace" in out + err


def test_even_an_allowed_link_to_dev_zero_is_never_read(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issue = workspace / "issues" / "2024-01"
    (issue / "endless.md").symlink_to("/dev/zero")
    (issue / "issue.toml").write_text(ISSUE.format(items='["story", "endless"]'), "utf-8")
    config = (workspace / "spfcomms.toml").read_text("utf-8")
    (workspace / "spfcomms.toml").write_text(
        config + "[build]\nallow_outside_symlinks = true\n", "utf-8"
    )
    code, out, err = run(capsys, "check")
    assert code == 1
    assert "endless.md: error: is not an ordinary file" in out + err


def test_an_item_file_larger_than_any_text_is_not_read(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = workspace / "issues" / "2024-01" / "story.md"
    with story.open("ab") as stream:
        stream.truncate(25_000_000)  # sparse: no disk used
    code, out, err = run(capsys, "check")
    assert code == 1
    assert "story.md: error: larger than 20 MB; an item is text" in out + err


# Case 9: ids end at the end, not before a final newline


def test_an_issue_id_with_a_trailing_newline_is_refused(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "story.txt"
    source.write_text("A headline\n\nA paragraph of news about partnership.\n", "utf-8")
    before = sorted(p.name for p in (workspace / "issues").iterdir())
    code, _, err = run(capsys, "import", str(source), "--into", "2024-01\n")
    assert code == 2 and "must be YEAR-MONTH" in err
    code, _, err = run(capsys, "new", "2024-02\n")
    assert code == 1 and "is not an issue id" in err
    assert sorted(p.name for p in (workspace / "issues").iterdir()) == before
    assert run(capsys, "check")[0] == 0


def test_a_folder_with_a_newline_in_its_name_is_a_problem_not_a_traceback(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As an earlier spfcomms could create it.
    folder = workspace / "issues" / "2024-02\n"
    folder.mkdir()
    (folder / "issue.toml").write_text(ISSUE.format(items="[]"), "utf-8")
    code, out, err = run(capsys, "check")
    assert code == 1 and "Traceback" not in err
    assert "must be named YEAR-MONTH" in out


def test_a_workspace_with_the_default_setting_builds_as_before(tmp_path: Path) -> None:
    root = make_workspace(tmp_path / "plain", {})
    config = load_config(root)
    assert config.build.allow_outside_symlinks is False
    assert os.fspath(config.root) in {os.fspath(p) for p in config.content_roots}


# Case 5: Word documents that inflate, or hide entity bombs, or are not Word documents


def _word_document() -> bytes:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("Partnership pays off", style="Title")
    document.add_paragraph("A trust and its unions agreed a new rota together.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _with_document_xml(path: Path, xml: bytes | None = None, *, spaces: int = 0) -> Path:
    """A real .docx whose word/document.xml is replaced by ``xml`` or by ``spaces``
    bytes of white space inside a <w:document> (a zip bomb: it compresses 1000 to 1)."""
    import io
    import zipfile

    original = zipfile.ZipFile(io.BytesIO(_word_document()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in original.infolist():
            if member.filename != "word/document.xml":
                target.writestr(member, original.read(member))
            elif xml is not None:
                target.writestr(member.filename, xml)
            else:
                with target.open(member.filename, "w", force_zip64=True) as stream:
                    stream.write(b'<w:document xmlns:w="' + W_NAMESPACE + b'"><w:body>')
                    block = b" " * (1 << 20)
                    for _ in range(spaces // len(block)):
                        stream.write(block)
                    stream.write(b"</w:body></w:document>")
    return path


W_NAMESPACE = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
        for n in range(1, 10)
    )
    + b']>\n<w:document xmlns:w="'
    + W_NAMESPACE
    + b'"><w:body><w:p><w:r><w:t>&lol9;'
    b"</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (BILLION_LAUGHS, "'word/document.xml' declares a document type (<!DOCTYPE>)"),
        (b'<w:document xmlns:w="' + W_NAMESPACE + b'"><w:body><w:p>', "damaged XML"),
        (b"\xff\xfe not xml at all", "damaged XML"),
        (
            b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>hello</p></body></html>',
            "its main part holds <html>, not <w:document>",
        ),
    ],
)
def test_hostile_word_documents_are_clear_errors(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], xml: bytes, message: str
) -> None:
    document = _with_document_xml(tmp_path / "Key comms.docx", xml)
    code, _, err = run(capsys, "import", str(document), "--into", "2024-01")
    assert code == 1, err
    assert "Traceback" not in err and message in err
    assert err.startswith(f"spfcomms: error: {document}: ")


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    from .support.memory import run_fresh

    bomb = _with_document_xml(tmp_path / "bomb.docx", spaces=1 << 30)
    assert bomb.stat().st_size < 1_500_000
    # In a fresh interpreter, so that its peak memory is the import's alone.
    script = (
        "import resource, sys, time\n"
        "from spfcomms import ImportSourceError, import_source\n"
        "started = time.monotonic()\n"
        "try:\n"
        "    import_source(sys.argv[1])\n"
        "except ImportSourceError as exc:\n"
        "    print(exc)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
        "print(time.monotonic() - started)\n"
    )
    done = run_fresh(script, str(bomb), timeout=120)
    message, peak_mb, seconds = done.stdout.strip().splitlines()
    assert "refused: 'word/document.xml' unpacks to 1,073,741," in message
    assert int(peak_mb) < 300
    assert float(seconds) < 10


def test_a_part_compressed_beyond_any_word_document_is_refused(tmp_path: Path) -> None:
    from spfcomms import ImportSourceError, import_source

    bomb = _with_document_xml(tmp_path / "small-bomb.docx", spaces=20 << 20)
    with pytest.raises(ImportSourceError, match=r"is compressed [\d,]+ to 1 \(a zip bomb\?\)"):
        import_source(bomb)


def test_a_part_that_inflates_past_its_stated_size_is_refused(tmp_path: Path) -> None:
    from spfcomms import ImportSourceError, import_source

    body = b" " * (40 << 20)
    xml = b'<w:document xmlns:w="' + W_NAMESPACE + b'"><w:body>' + body + b"</w:body></w:document>"
    data = bytearray(_with_document_xml(tmp_path / "honest.docx", xml).read_bytes())
    # Lower the size the central directory states (what zipfile trusts) to 1,000 bytes.
    name = b"word/document.xml"
    entry = data.find(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name:
        entry = data.find(b"PK\x01\x02", entry + 4)
    data[entry + 24 : entry + 28] = (1000).to_bytes(4, "little")
    liar = tmp_path / "liar.docx"
    liar.write_bytes(bytes(data))
    with pytest.raises(ImportSourceError, match="'word/document.xml' is damaged"):
        import_source(liar)


# Case 6: files that never end, and UTF-16 text


def test_a_source_linked_to_dev_zero_is_refused(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").symlink_to("/dev/zero")
    code, _, err = run(capsys, "import", str(tmp_path / "notes.txt"), "--into", "2024-01")
    assert code == 1
    assert "notes.txt: is not an ordinary file (a device, pipe or socket)" in err


def test_a_source_larger_than_the_limit_is_refused_by_a_bounded_read(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as stream:
        stream.truncate(25_000_000)
    code, _, err = run(capsys, "import", str(big), "--into", "2024-01")
    assert code == 1 and "big.txt: more than the 20 MB import limit" in err


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_unicode_text_from_notepad_is_decoded_not_called_binary(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    import codecs

    text = "Partnership pays off – for staff\n\nA trust and its unions agreed a new rota.\n"
    bom = {"utf-16": b"", "utf-16-be": codecs.BOM_UTF16_BE, "utf-32": b""}[encoding]
    source = tmp_path / "story.txt"
    source.write_bytes(bom + text.encode(encoding))
    code, out, err = run(
        capsys, "import", str(source), "--into", "2024-01", "--kind", "news", "--dry-run"
    )
    assert code == 0, err
    assert "Partnership pays off – for staff" in out


# The logo: a workspace file the build publishes as it is ([site].logo)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32 + b"a private picture"


def _with_logo(workspace: Path, name: str, extra: str = "") -> int:
    """Name ``name`` as the logo in spfcomms.toml; the number of its line there."""
    settings = workspace / "spfcomms.toml"
    text = settings.read_text("utf-8") + f'logo = "{name}"\n'
    settings.write_text(text + extra, "utf-8")
    return text.count("\n")


def test_a_logo_linked_from_outside_the_workspace_is_refused_unless_allowed(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "private.png"
    outside.write_bytes(PNG)
    (workspace / "logo.png").symlink_to(outside)
    line = _with_logo(workspace, "logo.png")
    code, out, err = run(capsys, "build")
    assert code == 1
    assert f"spfcomms.toml:{line}: error: [site].logo: 'logo.png' is a link to {outside}" in err
    assert "[outside-link]" in err and "Traceback" not in err
    assert not (workspace / "_build").exists()
    assert run(capsys, "check")[0] == 1
    settings = workspace / "spfcomms.toml"
    allowed = settings.read_text("utf-8") + "[build]\nallow_outside_symlinks = true\n"
    settings.write_text(allowed, "utf-8")
    assert run(capsys, "build")[0] == 0
    assert (workspace / "_build" / "assets" / "logo.png").read_bytes() == PNG


def test_a_logo_that_is_a_device_or_too_big_is_never_read(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "endless.png").symlink_to("/dev/zero")
    _with_logo(workspace, "endless.png", "[build]\nallow_outside_symlinks = true\n")
    code, _, err = run(capsys, "build")
    assert code == 1
    assert "[site].logo: 'endless.png' is not an ordinary file" in err and "[not-a-file]" in err
    huge = workspace / "huge.png"
    with huge.open("wb") as stream:
        stream.write(PNG)
        stream.truncate(6_000_000)  # sparse: no disk used
    (workspace / "spfcomms.toml").write_text(
        (workspace / "spfcomms.toml").read_text("utf-8").replace("endless.png", "huge.png"),
        "utf-8",
    )
    code, _, err = run(capsys, "build")
    assert code == 1
    assert "[site].logo: 'huge.png' is larger than 5 MB" in err and "[too-large]" in err
    assert not (workspace / "_build").exists()
