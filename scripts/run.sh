#!/usr/bin/env bash
# The main job on this repository's own workspace: build the bulletins (web pages,
# emails, feeds, snippets) into _build/, fill the SQLite metrics store
# (.spfcomms/metrics.sqlite) from the example exports in examples/metrics/ (invented
# figures), and write the communications audit into _audit/.
# Safe to run again: a build replaces _build/ whole, and re-importing a file changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
examples=examples/metrics

spfcomms build
spfcomms -q metrics import \
  "$examples/mailchimp-2023-06.json" "$examples/mailchimp-reports-2023.csv" \
  "$examples/mailchimp-report-2023-12.csv" \
  "$examples/link-clicks-2023-06.csv" "$examples/link-clicks-2023-12.csv" \
  "$examples/ga4-pages-2023-06.csv" "$examples/manual-2023.toml" \
  "$examples/manual-baselines-2019.csv" "$examples/access-2023-12.log"
# Matomo exports do not say which dates they cover, so the period is given.
spfcomms -q metrics import "$examples/matomo-pages-2023-12.csv" --from 2023-12-14 --to 2024-01-13
spfcomms report

echo
echo "Where to look:"
echo "  _build/index.html                  the bulletin archive (open it in a browser)"
echo "  _build/issues/2023-12/email.html   an email bulletin (.txt and .eml beside it)"
echo "  _build/feed.xml, atom.xml, feed.json and snippets/   what partner sites read"
echo "  _audit/index.html                  the communications audit (CSV beside it)"
echo "  spfcomms metrics show              the reach figures in the metrics store"
