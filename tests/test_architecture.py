"""The import graph of the installed package follows docs/architecture.md.

Every ``import`` and ``from ... import`` in every module counts, wherever it is
written (inside functions and under ``TYPE_CHECKING`` too): an import the layer
table does not allow, or a cycle between modules, fails.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import spfcomms

PACKAGE = Path(spfcomms.__file__).resolve().parent
ARCHITECTURE = Path(__file__).resolve().parent.parent / "docs" / "architecture.md"
# Importable from anywhere: they import nothing of spfcomms.
LEAVES = frozenset({"_version", "_deprecated", "_lazy"})


def layer_table() -> dict[str, frozenset[str]]:
    """package -> the packages it may import, from the table in docs/architecture.md."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    block = text.split("<!-- layers:start -->")[1].split("<!-- layers:end -->")[0]
    table: dict[str, frozenset[str]] = {}
    for row in block.splitlines():
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        match = re.fullmatch(r"`(\w+)`", cells[0]) if cells else None
        if match is None:
            continue
        table[match.group(1)] = frozenset(re.findall(r"`(\w+)`", cells[1]))
    return table


def module_name(path: Path) -> str:
    parts = ["spfcomms", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """(imported spfcomms module, line) for every import statement in the module."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "spfcomms":
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if target.split(".")[0] != "spfcomms":
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                yield (submodule if submodule in MODULES else target), node.lineno


def package_of(module: str) -> str:
    """The top-level room a module lives in; "" for the package root and old paths."""
    parts = module.split(".")
    if len(parts) == 1:
        return ""
    top = parts[1]
    is_room = (PACKAGE / top).is_dir() or top in LEAVES
    return top if is_room else ""


def test_the_layer_table_names_every_package() -> None:
    rooms = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert rooms == set(layer_table())


def test_imports_only_go_down() -> None:
    table = layer_table()
    wrong = []
    for name, path in MODULES.items():
        room = package_of(name)
        if room == "" or room in LEAVES:
            continue  # the root, old import paths (above everything) and the leaves
        allowed = table[room] | LEAVES | {room}
        for target, line in imports_of(name, path):
            if package_of(target) not in allowed:
                shown = package_of(target) or "the package root or an old import path"
                wrong.append(
                    f"{path.relative_to(PACKAGE)}:{line}: {room} imports {target} ({shown})"
                )
    assert wrong == []


def test_leaves_import_nothing_of_spfcomms() -> None:
    for leaf in LEAVES:
        name = f"spfcomms.{leaf}"
        assert list(imports_of(name, MODULES[name])) == []


def test_no_import_cycles() -> None:
    graph = {
        name: {t for t, _ in imports_of(name, path) if t in MODULES and t != name}
        for name, path in MODULES.items()
    }
    cycles = [sorted(c) for c in strongly_connected(graph) if len(c) > 1]
    assert cycles == []


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively (the graph has a few hundred modules)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    found.append(component)
    return found


@pytest.mark.parametrize(
    ("graph", "expected"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_cycle_finder_finds_cycles(
    graph: dict[str, set[str]], expected: list[list[str]]
) -> None:
    assert [sorted(c) for c in strongly_connected(graph) if len(c) > 1] == expected


def test_the_graph_sees_relative_function_level_and_type_checking_imports(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from ..model.content import Issue\n"
        "from . import sizes\n"
        "if TYPE_CHECKING:\n"
        "    from ..commands.build import build\n"
        "def f():\n"
        "    from spfcomms.cli import main\n"
    )
    fake = tmp_path / "probe.py"
    fake.write_text(source, encoding="utf-8")
    found = dict(imports_of("spfcomms.checks.probe", fake))
    assert set(found) == {
        "spfcomms.model.content",
        "spfcomms.checks.sizes",
        "spfcomms.commands.build",
        "spfcomms.cli",
    }
    assert [package_of(name) for name in sorted(found)] == ["checks", "cli", "commands", "model"]
