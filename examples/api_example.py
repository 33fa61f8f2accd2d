"""Use spfcomms from Python: load a workspace, walk its content, build it.

Run it from anywhere; by default it uses the minimal example workspace beside it:

    python examples/api_example.py [WORKSPACE] [--output FOLDER]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spfcomms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "workspace", nargs="?", type=Path, default=Path(__file__).resolve().parent / "minimal"
    )
    parser.add_argument("--output", type=Path, help="build into this folder")
    args = parser.parse_args()

    try:
        config = spfcomms.load_config(args.workspace)
        workspace = spfcomms.load_workspace(config)
    except spfcomms.ContentError as exc:
        # Every problem of the workspace, each with its file and line.
        for problem in exc.problems:
            print(problem)
        return 1

    print(f"{config.site.name}: {len(workspace.issues)} issue(s)")
    for issue in workspace.issues:
        print(f"\nIssue {issue.number} ({issue.id}): {issue.title}")
        for item in issue.items:
            print(f"  [{item.kind.singular}] {item.title}  -> {config.url_for(item.path)}")
            if isinstance(item, spfcomms.MeetingSummary):
                for agenda_item in item.all_agenda_items():
                    who = "; ".join(p.describe() for p in agenda_item.presenters) or "no presenter"
                    print(f"      - {agenda_item.title} ({who})")
    organisations = sorted(
        {
            person.organisation
            for issue in workspace.issues
            for item in issue.items
            if isinstance(item, spfcomms.MeetingSummary)
            for agenda_item in item.all_agenda_items()
            for person in agenda_item.presenters
            if person.organisation
        }
    )
    print(f"\nOrganisations presenting: {', '.join(organisations)}")

    if args.output is not None:
        config = config.with_output_dir(args.output.resolve())
    result = spfcomms.build(config)
    print(f"\nWrote {len(result.written)} files to {config.output_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
