"""Import accepted papers from an OpenReview export into ``papers/<forum-id>.md``.

Usage (from the repository root)::

    python -m workshop.openreview_import export.json [--venue-id <id>] [--dry-run]

The export is the JSON that OpenReview's API v2 returns for ``/notes?content.venueid=<venue>``
(``{"notes": [...]}``, content fields as ``{"value": ...}``) or a CSV file with the columns
``forum`` (or ``id``), ``title``, ``authors`` (separated by ``;`` or ``|``), ``venue``,
``venueid`` and optionally ``pdf``.

What it does, and what it never does:

* Only notes whose ``venueid`` is the venue id count; rejected, withdrawn, desk-rejected and
  other notes are skipped and counted. The presentation comes from the ``venue`` string
  (oral or spotlight -> ``spotlight``, poster -> ``poster``).
* It owns five fields: ``title``, ``authors``, ``openreview``, ``presentation`` and
  ``links.pdf``. What it last imported is kept in ``papers/.openreview-import.json``; a field
  whose value differs from that record was edited by hand and is never overwritten (the
  report names it). Every other field, any comment and the page body are left as they are.
* The export cannot know ``poster_session`` and ``topics``: a new paper gets them as empty
  placeholders with a comment, the report lists them, and the strict build fails on them
  (with file and line) until an organizer fills them in.
* A paper missing from the export is reported and kept, never deleted. A second run with
  the same export changes nothing. ``--dry-run`` prints the changes as a diff and writes nothing.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import difflib
import json
import re
import sys
import typing as t
from pathlib import Path

import yaml

from .records import fold

STATE_FILE = ".openreview-import.json"
OWNED_FIELDS = ("title", "authors", "openreview", "presentation", "links.pdf")
# The order of fields in a paper's front matter (papers/YICyBtCoZw.md is the model).
FIELD_ORDER = (
    "title",
    "authors",
    "openreview",
    "presentation",
    "poster_session",
    "links",
    "topics",
)
STATUSES = ("accepted", "rejected", "withdrawn", "desk-rejected", "other")
_MISSING: t.Any = object()


# -- the export --------------------------------------------------------------------------------


class ExportError(Exception):
    """The export file cannot be used at all."""


@dataclasses.dataclass(frozen=True)
class Submission:
    forum: str
    title: str
    authors: tuple[str, ...]
    venue: str
    venueid: str
    pdf: str | None


def _value(content: dict, name: str) -> t.Any:
    """API v2 wraps every content field as ``{"value": ...}``; API v1 and CSV do not."""
    raw = content.get(name)
    return raw.get("value") if isinstance(raw, dict) else raw


def _clean(text: t.Any) -> str:
    return " ".join(str(text or "").split())


def _submission(forum: str, content: dict) -> Submission:
    authors = _value(content, "authors") or []
    if isinstance(authors, str):
        authors = re.split(r"\s*[;|]\s*", authors)
    return Submission(
        forum=_clean(forum),
        title=_clean(_value(content, "title")),
        authors=tuple(name for name in map(_clean, authors) if name),
        venue=_clean(_value(content, "venue")),
        venueid=_clean(_value(content, "venueid")),
        pdf=_clean(_value(content, "pdf")) or None,
    )


def read_export(path: Path) -> list[Submission]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ExportError(f"cannot read {path}: {error.strerror}") from error
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
        if rows and not {"title", "venueid"} <= set(rows[0]):
            raise ExportError(
                f"{path}: a CSV export needs the columns forum (or id), title, "
                "authors, venue and venueid"
            )
        return [_submission(row.get("forum") or row.get("id") or "", row) for row in rows]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from error
    notes = data.get("notes") if isinstance(data, dict) else data
    if not isinstance(notes, list):
        raise ExportError(f'{path}: expected {{"notes": [...]}} as returned by the OpenReview API')
    return [
        _submission(note.get("forum") or note.get("id") or "", note.get("content") or {})
        for note in notes
        if isinstance(note, dict)
    ]


def status(submission: Submission, venue_id: str) -> str:
    """accepted | rejected | withdrawn | desk-rejected | other (another venue, under review)."""
    if submission.venueid == venue_id:
        return "accepted"
    if not submission.venueid.startswith(venue_id + "/"):
        return "other"
    kind = submission.venueid[len(venue_id) + 1 :].lower()
    if "withdraw" in kind:
        return "withdrawn"
    if "desk" in kind:
        return "desk-rejected"
    if "reject" in kind:
        return "rejected"
    return "other"


def presentation(venue: str) -> str | None:
    words = set(re.findall(r"[a-z]+", venue.lower()))
    if words & {"oral", "spotlight"}:
        return "spotlight"
    if "poster" in words:
        return "poster"
    return None


def pdf_link(submission: Submission) -> str | None:
    if submission.pdf and submission.pdf.startswith("/pdf"):
        return f"https://openreview.net/pdf?id={submission.forum}"  # the forum's current PDF
    if submission.pdf and submission.pdf.startswith(("https://", "http://")):
        return submission.pdf
    return None


def imported_values(submission: Submission) -> dict[str, t.Any]:
    """The owned fields as the export says them; ``None`` where the export cannot tell."""
    return {
        "title": submission.title,
        "authors": list(submission.authors),
        "openreview": submission.forum,
        "presentation": presentation(submission.venue),
        "links.pdf": pdf_link(submission),
    }


# -- front matter text -------------------------------------------------------------------------


class _Quoted(str):
    """A title: always double-quoted, like the existing paper files."""


class _Flow(list):
    """A list written on one line: ``topics: [a, b]``."""


class FrontMatterDumper(yaml.SafeDumper):
    """The YAML style of the paper files: indented block lists, quoted title, flow topics."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


FrontMatterDumper.add_representer(
    _Quoted,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"'),
)
FrontMatterDumper.add_representer(
    _Flow,
    lambda dumper, value: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", value, flow_style=True
    ),
)


def dump_field(key: str, value: t.Any) -> str:
    if key == "title" and isinstance(value, str):
        value = _Quoted(value)
    elif key == "topics" and isinstance(value, list):
        value = _Flow(value)
    return yaml.dump(
        {key: value},
        Dumper=FrontMatterDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=2**16,
    )


def placeholder_lines(missing_presentation: str | None, topic_ids: list[str]) -> dict[str, str]:
    """Fields the export cannot know, written empty with a hint; the build rejects them."""
    example = f"[{topic_ids[0]}]" if topic_ids else "[model-analysis]"
    lines = {
        "poster_session": "poster_session: null  # TO FILL IN: 1 or 2 (not in the export)\n",
        "topics": f"topics: []  # TO FILL IN: topic ids from cfp/topics.yaml, e.g. {example}\n",
    }
    if missing_presentation is not None:
        lines["presentation"] = (
            "presentation: null  # TO FILL IN: spotlight or poster (venue "
            f"{json.dumps(missing_presentation, ensure_ascii=False)})\n"
        )
    return lines


@dataclasses.dataclass
class PaperFile:
    """A paper file split into its front matter lines (without fences) and its body."""

    front: list[str]
    body: str

    @classmethod
    def parse(cls, text: str) -> PaperFile | None:
        lines = text.splitlines(keepends=True)
        if not lines or lines[0].strip() != "---":
            return None
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                return cls(front=lines[1:index], body="".join(lines[index + 1 :]))
        return None

    def text(self) -> str:
        return "---\n" + "".join(self.front) + "---\n" + self.body

    def data(self) -> dict:
        loaded = yaml.safe_load("".join(self.front))
        return loaded if isinstance(loaded, dict) else {}

    def spans(self) -> dict[str, tuple[int, int]]:
        """Top-level key -> (first line, end line) of its text, comments after it excluded."""
        starts = [
            (i, m.group(1))
            for i, line in enumerate(self.front)
            if (m := re.match(r"^([A-Za-z_][\w-]*)\s*:", line))
        ]
        spans = {}
        for number, (start, key) in enumerate(starts):
            end = starts[number + 1][0] if number + 1 < len(starts) else len(self.front)
            while (
                end - 1 > start
                and re.match(r"^\s*(#.*)?$", self.front[end - 1])
                and not self.front[end - 1].startswith(" ")
            ):
                end -= 1
            spans[key] = (start, end)
        return spans

    def set_field(self, key: str, text: str) -> None:
        """Replace a top-level field's lines, or insert them where the field order puts them."""
        spans = self.spans()
        new_lines = text.splitlines(keepends=True)
        if key in spans:
            start, end = spans[key]
            self.front[start:end] = new_lines
            return
        position = 0
        for earlier in FIELD_ORDER[: FIELD_ORDER.index(key)] if key in FIELD_ORDER else FIELD_ORDER:
            if earlier in spans:
                position = max(position, spans[earlier][1])
        self.front[position:position] = new_lines


def _get(data: dict, dotted: str) -> t.Any:
    value: t.Any = data
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def _set(data: dict, dotted: str, value: t.Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        if not isinstance(data.get(part), dict):
            data[part] = {}
        data = data[part]
    data[last] = value


# -- the plan ----------------------------------------------------------------------------------


@dataclasses.dataclass
class Report:
    counts: dict[str, int] = dataclasses.field(default_factory=lambda: dict.fromkeys(STATUSES, 0))
    created: list[str] = dataclasses.field(default_factory=list)
    updated: list[str] = dataclasses.field(default_factory=list)
    unchanged: list[str] = dataclasses.field(default_factory=list)
    kept_edits: list[str] = dataclasses.field(default_factory=list)
    missing: list[str] = dataclasses.field(default_factory=list)
    to_fill: list[str] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)

    def lines(self, *, source: str, venue_id: str, dry_run: bool) -> list[str]:
        would = "would be " if dry_run else ""
        counts = self.counts
        out = [
            f"OpenReview import from {source} (venue id {venue_id})"
            + (" [dry run]" if dry_run else ""),
            f"  accepted: {counts['accepted']} ({len(self.created)} {would}created, "
            f"{len(self.updated)} {would}updated, {len(self.unchanged)} unchanged)",
            f"  skipped: {counts['rejected']} rejected, {counts['withdrawn']} withdrawn, "
            f"{counts['desk-rejected']} desk-rejected, {counts['other']} other "
            "(another venue or still under review)",
        ]
        sections = [
            ("Fields edited by hand, kept (the export says otherwise):", self.kept_edits),
            (
                "Papers not accepted in this export, kept (delete a file by hand if right):",
                self.missing,
            ),
            ("Not imported:", self.problems),
            ("To fill in before the strict build passes:", self.to_fill),
        ]
        for title, items in sections:
            if items:
                out.append(title)
                out += [f"  {item}" for item in items]
        return out


@dataclasses.dataclass
class Plan:
    files: dict[Path, str]  # path -> new text, only files that change
    state: dict
    state_changed: bool
    report: Report


def load_state(papers_dir: Path) -> dict:
    path = papers_dir / STATE_FILE
    if not path.exists():
        return {"papers": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def state_text(state: dict) -> str:
    return json.dumps(state, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def topic_ids(papers_dir: Path) -> list[str]:
    path = papers_dir.parent / "cfp" / "topics.yaml"
    try:
        areas = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return []
    return [area["id"] for area in areas if isinstance(area, dict) and "id" in area]


def existing_papers(papers_dir: Path) -> dict[Path, dict]:
    found = {}
    for path in sorted(papers_dir.glob("*.md")):
        parsed = PaperFile.parse(path.read_text(encoding="utf-8"))
        if parsed is not None:
            try:
                found[path] = parsed.data()
            except yaml.YAMLError:
                found[path] = {}
    return found


def new_paper(values: dict[str, t.Any], topics: list[str], venue: str) -> PaperFile:
    paper = PaperFile(front=[], body="")
    placeholders = placeholder_lines(venue if values["presentation"] is None else None, topics)
    for key in FIELD_ORDER:
        if key in placeholders:
            paper.front += placeholders[key].splitlines(keepends=True)
        elif key == "links":
            if values["links.pdf"]:
                paper.front += dump_field("links", {"pdf": values["links.pdf"]}).splitlines(True)
        else:
            paper.front += dump_field(key, values[key]).splitlines(keepends=True)
    return paper


def update_paper(
    paper: PaperFile, values: dict[str, t.Any], previous: dict, name: str, report: Report
) -> bool:
    """Apply the export's values to the fields not edited by hand; True if the file changes."""
    data = paper.data()
    changed_keys: set[str] = set()
    for field in OWNED_FIELDS:
        new = values[field]
        if new is None:
            continue  # the export cannot tell: leave whatever is there
        current = _get(data, field)
        before = previous.get(field, _MISSING)
        if current == new:
            continue
        if current is _MISSING or current is None or (before is not _MISSING and current == before):
            _set(data, field, new)
            changed_keys.add(field.split(".")[0])
        else:
            report.kept_edits.append(
                f"{name}: {field} is {json.dumps(current, ensure_ascii=False)}; the export says "
                f"{json.dumps(new, ensure_ascii=False)}"
            )
    for key in sorted(changed_keys, key=FIELD_ORDER.index):
        paper.set_field(key, dump_field(key, data[key]))
    return bool(changed_keys)


def missing_fields(data: dict) -> list[str]:
    needed = []
    if data.get("presentation") not in ("spotlight", "poster"):
        needed.append("presentation (spotlight or poster)")
    if data.get("poster_session") not in (1, 2):
        needed.append("poster_session (1 or 2)")
    if not data.get("topics"):
        needed.append("topics (ids from cfp/topics.yaml)")
    return needed


def plan_import(submissions: list[Submission], papers_dir: Path, venue_id: str) -> Plan:
    report = Report()
    state = load_state(papers_dir)
    previous_papers: dict[str, dict] = state.get("papers", {})
    new_state = {"venue_id": venue_id, "papers": dict(previous_papers)}
    existing = existing_papers(papers_dir)
    by_forum = {
        data["openreview"]: path for path, data in existing.items() if data.get("openreview")
    }
    by_title = {fold(str(data.get("title", ""))): path for path, data in existing.items()}
    topics = topic_ids(papers_dir)
    files: dict[Path, str] = {}
    accepted: dict[str, Submission] = {}
    status_of: dict[str, str] = {}

    for submission in submissions:
        kind = status(submission, venue_id)
        report.counts[kind] += 1
        status_of[submission.forum] = kind
        if kind != "accepted":
            continue
        if (
            not re.fullmatch(r"[A-Za-z0-9_-]{6,20}", submission.forum)
            or not submission.title
            or not submission.authors
        ):
            report.problems.append(
                f"note {submission.forum or '(no id)'}: needs a forum id, a title and authors"
            )
            continue
        if submission.forum in accepted:
            report.problems.append(f"note {submission.forum}: listed twice; the first one is used")
            continue
        accepted[submission.forum] = submission

    for forum, submission in sorted(accepted.items()):
        values = imported_values(submission)
        path = by_forum.get(forum, papers_dir / f"{forum}.md")
        name = f"{papers_dir.name}/{path.name}"
        same_title = by_title.get(fold(submission.title))
        if path not in existing and same_title is not None:
            report.problems.append(
                f"note {forum}: {papers_dir.name}/{same_title.name} has the same title; if it is "
                f"this paper, rename it to {papers_dir.name}/{forum}.md and set openreview: {forum}"
            )
            continue
        if path in existing:
            original = path.read_text(encoding="utf-8")
            paper = PaperFile.parse(original)
            if update_paper(paper, values, previous_papers.get(forum, {}), name, report):
                files[path] = paper.text()
                report.updated.append(name)
            else:
                report.unchanged.append(name)
            data = paper.data()
        else:
            paper = new_paper(values, topics, submission.venue)
            files[path] = paper.text()
            report.created.append(name)
            data = paper.data()
        new_state["papers"][forum] = {k: v for k, v in values.items() if v is not None}
        if needed := missing_fields(data):
            report.to_fill.append(f"{name}: {', '.join(needed)}")

    for path, data in existing.items():
        forum = data.get("openreview")
        if forum and forum not in accepted:
            why = status_of.get(forum)
            detail = f"{why} in the export" if why and why != "other" else "not in the export"
            report.missing.append(f"{papers_dir.name}/{path.name} ({detail})")
    if topics and report.to_fill:
        report.to_fill.append(f"topic ids: {', '.join(topics)}")
    # No state file is written by a run that imported nothing and found none.
    state_changed = bool(new_state["papers"] or previous_papers) and state_text(
        new_state
    ) != state_text(state)
    return Plan(files=files, state=new_state, state_changed=state_changed, report=report)


# -- command line ------------------------------------------------------------------------------


def default_venue_id(root: Path) -> str | None:
    try:
        info = yaml.safe_load((root / "_data" / "workshop.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    return info.get("openreview_group") if isinstance(info, dict) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m workshop.openreview_import",
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
    args = parser.parse_args(argv)
    venue_id = args.venue_id or default_venue_id(args.papers_dir.parent)
    if not venue_id:
        parser.error("--venue-id is needed (no openreview_group in _data/workshop.yaml)")
    if not args.papers_dir.is_dir():
        parser.error(f"{args.papers_dir} is not a folder")
    try:
        submissions = read_export(args.export)
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    plan = plan_import(submissions, args.papers_dir, venue_id)
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
            path.write_text(text, encoding="utf-8")
        if plan.state_changed:
            state_path.write_text(state_text(plan.state), encoding="utf-8")
    source = str(args.export)
    print("\n".join(plan.report.lines(source=source, venue_id=venue_id, dry_run=args.dry_run)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
