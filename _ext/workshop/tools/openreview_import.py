"""Import accepted papers from an OpenReview export into ``papers/<forum-id>.md``.

Usage (from the repository root)::

    python -m workshop.tools.openreview_import export.json [--venue-id <id>] [--dry-run]
        [--with-abstracts]

The export is the JSON that OpenReview's API v2 returns for ``/notes?content.venueid=<venue>``
(``{"notes": [...]}``, content fields as ``{"value": ...}``) or a CSV file with the columns
``forum`` (or ``id``), ``title``, ``authors`` (separated by ``;`` or ``|``), ``venue``,
``venueid`` and optionally ``pdf`` and ``abstract``.

What it does, and what it never does:

* Only notes whose ``venueid`` is the venue id count; rejected, withdrawn, desk-rejected and
  other notes are skipped and counted. The presentation comes from the ``venue`` string
  (oral or spotlight -> ``spotlight``, poster -> ``poster``).
* It owns five fields: ``title``, ``authors``, ``openreview``, ``presentation`` and
  ``links.pdf``, and with ``--with-abstracts`` a sixth, ``abstract``. Abstracts are the authors'
  text: they are imported only when the organizers choose to (the flag, off by default); without
  it an abstract already in a file is left as it is, and the report counts the ones not imported.
  What it last imported is kept in ``papers/.openreview-import.json``; a field
  whose value differs from that record was edited by hand and is never overwritten (the
  report names it). Every other field, any comment and the page body are left as they are.
* The export cannot know ``poster_session`` and ``topics``: a new paper gets them as empty
  placeholders with a comment, the report lists them, and the strict build fails on them
  (with file and line) until an organizer fills them in.
* A paper missing from the export is reported and kept, never deleted. A second run with
  the same export changes nothing. ``--dry-run`` prints the changes as a diff and writes nothing.
* It stops, writes nothing and exits with status 1 when it cannot work exactly: a paper file it
  cannot read (a byte-order mark, bytes that are not UTF-8, no or an unclosed front matter, a
  YAML error: ``file:line`` and what is wrong), an export of the wrong shape (the note and the
  field), a damaged ``papers/.openreview-import.json``, or an accepted note it refuses (a forum
  id that is not one, or the name of a page of ``papers/`` that is not a paper).
  Front matter is rewritten through ruamel.yaml, one field at a time: comments stay.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

import yaml

from .openreview.export import ExportError, ImportStopped, read_export
from .openreview.plan import STATE_FILE, plan_import, state_text


def default_venue_id(root: Path) -> str | None:
    try:
        info = yaml.safe_load((root / "_data" / "workshop.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    return info.get("openreview_group") if isinstance(info, dict) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m workshop.tools.openreview_import",
        description="Create or update papers/<forum-id>.md from an OpenReview export "
        "(API v2 JSON or CSV). Never deletes a paper, never overwrites a hand edit.",
    )
    parser.add_argument("export", type=Path, help="the export: notes JSON or CSV")
    parser.add_argument(
        "--venue-id",
        help="accepted notes have this venueid (default: openreview_group in _data/workshop.yaml)",
    )
    parser.add_argument(
        "--papers-dir",
        type=Path,
        default=Path("papers"),
        help="the folder of paper files (default: papers)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would change as a diff; write nothing"
    )
    parser.add_argument(
        "--with-abstracts",
        action="store_true",
        help="also import each paper's abstract (the authors' text: off by default, the "
        "organizers' choice)",
    )
    args = parser.parse_args(argv)
    venue_id = args.venue_id or default_venue_id(args.papers_dir.parent)
    if not venue_id:
        parser.error("--venue-id is needed (no openreview_group in _data/workshop.yaml)")
    if not args.papers_dir.is_dir():
        parser.error(f"{args.papers_dir} is not a folder")
    try:
        submissions = read_export(args.export)
        plan = plan_import(
            submissions, args.papers_dir, venue_id, with_abstracts=args.with_abstracts
        )
    except (ExportError, ImportStopped) as error:
        for line in str(error).splitlines():
            print(f"error: {line}", file=sys.stderr)
        print("The import stopped: nothing was written.", file=sys.stderr)
        return 1
    source = str(args.export)
    report = "\n".join(plan.report.lines(source=source, venue_id=venue_id, dry_run=args.dry_run))
    if plan.report.refused:
        print(report)
        print(
            f"error: {len(plan.report.refused)} accepted notes refused (listed above); "
            "nothing was written.",
            file=sys.stderr,
        )
        return 1
    state_path = args.papers_dir / STATE_FILE
    if args.dry_run:
        for path, text in sorted(plan.files.items()):
            before = path.read_text(encoding="utf-8") if path.exists() else ""
            sys.stdout.writelines(
                difflib.unified_diff(
                    before.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=str(path) if before else "/dev/null",
                    tofile=str(path),
                )
            )
        if plan.state_changed:
            print(f"(would update {state_path})")
    else:
        for path, text in sorted(plan.files.items()):
            path.write_text(text, encoding="utf-8", newline="")  # line ends as they were
        if plan.state_changed:
            state_path.write_text(state_text(plan.state), encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
