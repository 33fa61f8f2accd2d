"""Modules that moved still import from their old paths for one release, with a warning.

Each check runs in a fresh interpreter: importing an old path binds it on the package
(``spfcomms.build`` becomes the alias module), which must not leak into other tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import spfcomms

REPO = Path(__file__).resolve().parent.parent

# old module -> names scripts may have imported from it, each with its new home.
OLD_PATHS = {
    "spfcomms.build": {
        "build": "spfcomms.commands.build",
        "BuildResult": "spfcomms.commands.build",
        "Workspace": "spfcomms.model.content",
        "load_workspace": "spfcomms.workspace.collect",
        "collect_workspace": "spfcomms.workspace.collect",
        "render_site": "spfcomms.render.site",
    },
    "spfcomms.config": {"Config": "spfcomms.model.config", "load_config": "spfcomms.model.config"},
    "spfcomms.content": {"Issue": "spfcomms.model.content", "ItemKind": "spfcomms.model.content"},
    "spfcomms.exceptions": {
        "Problem": "spfcomms.model.problems",
        "SourceLocation": "spfcomms.model.problems",
        "Severity": "spfcomms.model.problems",
        "ContentError": "spfcomms.model.exceptions",
        "SpfcommsError": "spfcomms.model.exceptions",
    },
    "spfcomms.loaders": {"load_issues": "spfcomms.workspace.loaders"},
    "spfcomms.validate": {"validate": "spfcomms.workspace.validate"},
    "spfcomms.scaffold": {"new_issue": "spfcomms.workspace.scaffold"},
    "spfcomms.utm": {"UtmTagger": "spfcomms.render.utm", "strip_opt_out": "spfcomms.model.urls"},
    "spfcomms.templating": {"make_environment": "spfcomms.render.templating"},
    "spfcomms.writers": {"OutputTree": "spfcomms.output.writers"},
    "spfcomms.delivery": {
        "send_test": "spfcomms.commands.send_test",
        "send_message": "spfcomms.output.delivery",
    },
    "spfcomms.linkcheck": {
        "LinkResult": "spfcomms.checks.linkstatus",
        "LinkStatus": "spfcomms.checks.linkstatus",
        "check_links": "spfcomms.checks.linkcheck",
        "link_health": "spfcomms.checks.linkcache",
        "link_history": "spfcomms.checks.linkcache",
    },
    "spfcomms.linkextract": {"LinkTarget": "spfcomms.checks.linkextract"},
    "spfcomms.serve": {"PreviewServer": "spfcomms.commands.serve"},
}

PROBE = textwrap.dedent(
    """
    import importlib, json, sys, warnings
    old, names = sys.argv[1], json.loads(sys.argv[2])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = __import__(old, fromlist=["*"])  # as an import statement does
    same = {n: getattr(module, n) is getattr(importlib.import_module(h), n)
            for n, h in names.items()}
    print(json.dumps({
        "warnings": [str(w.message) for w in caught if w.category is DeprecationWarning],
        "where": [w.filename for w in caught],
        "same": same,
    }))
    """
)


def probe(old: str, names: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, old, json.dumps(names)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("old", sorted(OLD_PATHS))
def test_an_old_module_path_still_imports_and_warns(old: str) -> None:
    found = probe(old, OLD_PATHS[old])
    assert found["same"] == dict.fromkeys(OLD_PATHS[old], True)
    warnings = found["warnings"]
    assert isinstance(warnings, list) and len(warnings) == 1
    assert f"{old} is deprecated" in warnings[0]
    assert all(home in warnings[0] for home in set(OLD_PATHS[old].values()))
    assert found["where"] == ["<string>"]  # the warning points at the importing line


def test_every_public_name_still_comes_from_its_old_module() -> None:
    # Where each name of spfcomms.__all__ was defined before the move.
    old_home = {
        "build": "spfcomms.build",
        "load_workspace": "spfcomms.build",
        "render_site": "spfcomms.build",
        "Workspace": "spfcomms.build",
        "BuildResult": "spfcomms.build",
        "Config": "spfcomms.config",
        "load_config": "spfcomms.config",
        "Issue": "spfcomms.content",
        "Problem": "spfcomms.exceptions",
        "ContentError": "spfcomms.exceptions",
        "load_issues": "spfcomms.loaders",
        "new_issue": "spfcomms.scaffold",
        "UtmTagger": "spfcomms.utm",
        "validate": "spfcomms.validate",
        "send_test": "spfcomms.delivery",
        "check_links": "spfcomms.linkcheck",
        "link_health": "spfcomms.linkcheck",
        "LinkTarget": "spfcomms.linkextract",
        "PreviewServer": "spfcomms.serve",
    }
    code = textwrap.dedent(
        """
        import importlib, json, sys, warnings
        warnings.simplefilter("ignore", DeprecationWarning)
        import spfcomms
        pairs = json.loads(sys.argv[1])
        public = {name: getattr(spfcomms, name) for name in pairs}
        print(json.dumps({name: getattr(importlib.import_module(old), name) is public[name]
                          for name, old in pairs.items()}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(old_home)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert json.loads(done.stdout) == dict.fromkeys(old_home, True)
    assert set(old_home) <= set(spfcomms.__all__)


def test_the_old_build_and_validate_modules_can_still_be_called() -> None:
    # `import spfcomms.build` binds the module where scripts call the function.
    code = textwrap.dedent(
        """
        import sys, warnings
        warnings.simplefilter("ignore", DeprecationWarning)
        import spfcomms.build, spfcomms.validate, spfcomms
        config = spfcomms.load_config(sys.argv[1])
        print(len(spfcomms.validate([], config)), callable(spfcomms.build))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(REPO)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    assert done.stdout.split() == ["0", "True"]


def test_the_old_checks_names_warn_on_use() -> None:
    code = textwrap.dedent(
        """
        import warnings
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import spfcomms.checks.outputs
            quiet = len(caught)
            from spfcomms.checks import check_workspace, CheckReport
        from spfcomms.commands.check import check_workspace as new
        from spfcomms.checks.report import CheckReport as report
        print(quiet, len(caught), check_workspace is new, CheckReport is report)
        print(caught[0].message)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    first, second = done.stdout.splitlines()
    assert first.split() == ["0", "2", "True", "True"]
    assert "spfcomms.checks.check_workspace is deprecated" in second
    assert "spfcomms.commands.check" in second


def test_renamed_classes_keep_their_old_names_with_a_warning() -> None:
    code = textwrap.dedent(
        """
        import warnings
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            from spfcomms.metrics import ImportResult
        from spfcomms.metrics import MetricsImportResult
        from spfcomms.importers import ImportMessage, Level
        from spfcomms.model.problems import Problem, Severity
        print(ImportResult is MetricsImportResult, ImportMessage is Problem, Level is Severity)
        print(caught[0].category.__name__, caught[0].message)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    first, second = done.stdout.splitlines()
    assert first.split() == ["True", "True", "True"]
    assert second.startswith("DeprecationWarning spfcomms.metrics.ImportResult is deprecated")
    assert "spfcomms.metrics.MetricsImportResult" in second
