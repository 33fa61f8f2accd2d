#!/usr/bin/env bash
# Installs what the test suite needs, then runs the whole suite.
# This is the README's test command; CI (.ci/run) runs it too.
# Debian's chromium, postgresql and npm are installed when missing and we run as root;
# otherwise the tests that need them say why they are skipped (in CI they fail).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
# npm fetches axe-core, the reference accessibility checker the tests compare against.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "not installed: ${missing[*]} (apt-get install them as root); tests that need them will skip"
  fi
fi

python3 -m pip install -q --disable-pip-version-check -e '.[test]'
python3 -m pytest "$@"
