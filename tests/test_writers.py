"""The output tree: guarded paths, no double writes, an all-or-nothing swap."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from spfcomms import WriteError
from spfcomms.output.ownership import MANIFEST_NAME
from spfcomms.output.writers import OutputTree, write_file_atomic


def _tree(root: Path) -> dict[str, bytes]:
    # Every file but the manifest, which tests/test_output_ownership.py looks at.
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.name != MANIFEST_NAME
    }


@pytest.mark.parametrize(
    "relpath",
    ["../escape.html", "a/../../b", "/etc/passwd", "..", "", "a\\b", "a\x00b"],
)
def test_paths_outside_the_output_folder_are_refused(relpath: str) -> None:
    with pytest.raises(WriteError, match="refusing"):
        OutputTree().add(relpath, "x")


def test_a_second_write_to_the_same_path_is_refused() -> None:
    out = OutputTree()
    out.add("items/a/index.html", "first")
    with pytest.raises(WriteError, match="written twice"):
        out.add("items/a/index.html", "second")
    assert out.get("items/a/index.html") == b"first"
    # Spelling the same path differently does not get around it.
    with pytest.raises(WriteError, match="written twice"):
        out.add("items//a/./index.html", "third")


def test_commit_writes_every_file_and_replaces_the_old_tree(tmp_path: Path) -> None:
    target = tmp_path / "_build"
    old = OutputTree()
    old.add("index.html", "old")
    old.add("stale.html", "gone after the next build")
    old.commit(target)

    new = OutputTree()
    new.add("index.html", "new")
    new.add("items/a/index.html", b"\x00binary")
    written = new.commit(target)
    assert _tree(target) == {"index.html": b"new", "items/a/index.html": b"\x00binary"}
    assert [(w.path, w.size) for w in written] == [("index.html", 3), ("items/a/index.html", 7)]
    # No staging or old trees are left beside the output folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_build"]


def test_the_output_folder_is_readable_by_others(tmp_path: Path) -> None:
    # A web server usually runs as another user; a private (0700) folder would 403.
    out = OutputTree()
    out.add("index.html", "x")
    out.commit(tmp_path / "_build")
    mode = stat.S_IMODE((tmp_path / "_build").stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o777 & ~umask


def test_a_failing_commit_leaves_the_old_tree_intact(tmp_path: Path) -> None:
    target = tmp_path / "_build"
    old = OutputTree()
    old.add("index.html", "old")
    old.add("assets/style.css", "old css")
    old.commit(target)
    before = _tree(target)

    broken = OutputTree()
    broken.add("index.html", "new")
    # A file and a folder with the same name cannot both be written: the write fails
    # half-way through, after index.html was already written to the staging folder.
    broken.add("page", "a file")
    broken.add("page/index.html", "a file inside it")
    with pytest.raises(WriteError, match="cannot write the build"):
        broken.commit(target)
    assert _tree(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_build"]


def test_a_folder_that_is_not_an_earlier_build_is_not_replaced(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "thesis.docx").write_bytes(b"precious")
    out = OutputTree()
    out.add("index.html", "x")
    with pytest.raises(WriteError, match="not replaced: it was not written by spfcomms"):
        out.commit(documents)
    assert (documents / "thesis.docx").read_bytes() == b"precious"


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    out = OutputTree()
    out.add("index.html", "x")
    out.commit(tmp_path / "site")
    assert _tree(tmp_path / "site") == {"index.html": b"x"}


def test_write_file_atomic_replaces_a_file_in_one_step(tmp_path: Path) -> None:
    path = tmp_path / "new" / "issue.toml"
    write_file_atomic(path, "number = 1\n")
    write_file_atomic(path, b"number = 2\n")
    assert path.read_text("utf-8") == "number = 2\n"
    assert [p.name for p in path.parent.iterdir()] == ["issue.toml"]
