"""The peer tools spfcomms is compared with, installed on first use into benchmarks/_work/.

- Pelican: its own virtual environment (``_work/pelican-venv``), so that its pins never
  touch the environment spfcomms runs in;
- npm ``mjml``: its own node prefix (``_work/node``);
- Hugo: Debian's ``hugo`` package, through ``apt-get`` when running as root.

Each finder says what it installs, and returns ``None`` with a message when the peer
cannot be had; the benchmark then skips that comparison.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
REPO = HERE.parent
WORK = HERE / "_work"
PELICAN_VENV = WORK / "pelican-venv"
NODE_DIR = WORK / "node"


@dataclass(frozen=True)
class Peer:
    """A peer's command and the version it reports."""

    name: str
    command: Path
    version: str


def _say(message: str) -> None:
    print(f"  [peers] {message}", flush=True)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def _run(
    argv: list[str], timeout: float, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )


def _install(name: str, argv: list[str], cwd: Path | None, result: Path) -> bool:
    """Run one install command; say why and return False when ``result`` is not there after."""
    try:
        done = _run(argv, 900, cwd)
    except (OSError, subprocess.SubprocessError) as exc:
        _say(f"{name} could not be installed ({exc}): skipped")
        return False
    if done.returncode != 0 or not result.exists():
        _say(f"{name} could not be installed: skipped\n{done.stderr.strip()[-500:]}")
        return False
    return True


def pelican(install: bool = True) -> Peer | None:
    """Pelican (with Markdown) in ``_work/pelican-venv``."""
    command = PELICAN_VENV / "bin" / "pelican"
    if not command.is_file():
        if not install:
            _say("Pelican is not installed in _work/ and --no-install was given: skipped")
            return None
        _say(f"installing Pelican and Markdown from PyPI into {_shown(PELICAN_VENV)} ...")
        pip = str(PELICAN_VENV / "bin" / "pip")
        if not _install(
            "Pelican", [sys.executable, "-m", "venv", str(PELICAN_VENV)], None, Path(pip)
        ):
            return None
        if not _install("Pelican", [pip, "install", "-q", "pelican", "markdown"], None, command):
            return None
    version = _run([str(command), "--version"], 60).stdout.strip()
    return Peer("pelican", command, version)


def npm_mjml(install: bool = True) -> Peer | None:
    """The npm ``mjml`` CLI in ``_work/node``."""
    binary = NODE_DIR / "node_modules" / ".bin" / "mjml"
    if not binary.exists():
        if shutil.which("node") is None or shutil.which("npm") is None:
            _say("node/npm not found (apt-get install nodejs npm): npm mjml skipped")
            return None
        if not install:
            _say("npm mjml is not installed in _work/ and --no-install was given: skipped")
            return None
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        _say(f"installing npm mjml into {_shown(NODE_DIR)} ...")
        argv = ["npm", "install", "--no-audit", "--no-fund", "--silent", "mjml"]
        if not _install("npm mjml", argv, NODE_DIR, binary):
            return None
    package = NODE_DIR / "node_modules" / "mjml" / "package.json"
    version = json.loads(package.read_text(encoding="utf-8")).get("version", "?")
    return Peer("npm mjml", binary, f"mjml {version}")


def hugo(install: bool = True) -> Peer | None:
    """Debian's ``hugo``; installed with apt-get only when running as root."""
    found = shutil.which("hugo")
    if found is None:
        if not install:
            _say("hugo not found and --no-install was given: skipped")
            return None
        if os.geteuid() != 0 or shutil.which("apt-get") is None:
            _say("hugo not found; install Debian's package (sudo apt-get install hugo): skipped")
            return None
        _say("installing Debian's hugo with apt-get (running as root) ...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for attempt in (
            ["apt-get", "install", "-y", "-q", "hugo"],
            ["apt-get", "update", "-q"],
            ["apt-get", "install", "-y", "-q", "hugo"],
        ):
            try:
                subprocess.run(attempt, env=env, capture_output=True, timeout=900, check=False)
            except (OSError, subprocess.SubprocessError) as exc:
                _say(f"apt-get failed ({exc})")
            found = shutil.which("hugo")
            if found is not None:
                break
        if found is None:
            _say("apt-get could not install hugo: skipped")
            return None
    version = _run([found, "version"], 60).stdout.strip().split(" linux")[0]
    return Peer("hugo", Path(found), version)
