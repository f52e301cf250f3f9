"""The plan of an import: which files change and how, what is refused, the report."""

from __future__ import annotations

import ast
import dataclasses
import json
import typing as t
from pathlib import Path

import yaml
from ruamel.yaml.comments import CommentedMap

from ...config import OPTIONS
from ...model.fields import POSTER_SESSIONS, one_of
from ...model.records import fold
from .export import (
    FORUM_ID,
    STATUSES,
    ExportError,
    ImportStopped,
    Submission,
    decode_utf8,
    imported_values,
    status,
)
from .paper_file import (
    FIELD_ORDER,
    MISSING,
    PaperFile,
    PaperFileError,
    dotted_value,
    dump_field,
    load_front,
    placeholder_lines,
    split_lines,
)

STATE_FILE = ".openreview-import.json"
OWNED_FIELDS = ("title", "authors", "openreview", "presentation", "links.pdf", "abstract")


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
    refused: list[str] = dataclasses.field(default_factory=list)
    abstracts_left: int = 0  # abstracts in the export, not imported (no --with-abstracts)

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
        if self.refused:
            out.append(f"  refused: {len(self.refused)} accepted notes that cannot be imported")
        if self.abstracts_left:
            out.append(
                f"  abstracts: {self.abstracts_left} in the export, not imported (they are the "
                "authors' text; --with-abstracts imports them, if the organizers so decide)"
            )
        sections = [
            ("Refused (fix the export; nothing was written):", self.refused),
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
    """The record of the last import, checked: a damaged one would mislabel hand edits."""
    path = papers_dir / STATE_FILE
    if not path.exists():
        return {"papers": {}}
    name = f"{papers_dir.name}/{STATE_FILE}"
    fix = (
        f"restore it (git checkout -- {name}) or delete it (the import then keeps every "
        "owned field that differs from the export, as if edited by hand)"
    )
    try:
        text = decode_utf8(path.read_bytes(), name, fix)
        state = json.loads(text)
    except ExportError as error:
        raise ImportStopped([str(error)]) from error
    except json.JSONDecodeError as error:
        problem = f"{name}:{error.lineno}: not valid JSON ({error.msg}); {fix}"
        raise ImportStopped([problem]) from error
    papers = state.get("papers") if isinstance(state, dict) else None
    if isinstance(papers, dict) and all(
        isinstance(fields, dict)
        and all(field in OWNED_FIELDS and _is_owned_value(v) for field, v in fields.items())
        for fields in papers.values()
    ):
        return state
    raise ImportStopped(
        [
            f'{name}: expected {{"papers": {{forum id: {{field: text or list of names}}}}}} '
            f"with the fields {', '.join(OWNED_FIELDS)}, as the import writes it; {fix}"
        ]
    )


def _is_owned_value(value: t.Any) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and all(isinstance(item, str) for item in value)
    )


def state_text(state: dict) -> str:
    return json.dumps(state, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def topic_ids(papers_dir: Path) -> list[str]:
    path = papers_dir.parent / "cfp" / "topics.yaml"
    try:
        areas = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return []
    return [area["id"] for area in areas if isinstance(area, dict) and "id" in area]


def collection_pages(root: Path) -> list[str]:
    """``workshop_collection_pages`` of ``conf.py``, read as a literal (conf.py is not run)."""
    default = next(o.default for o in OPTIONS if o.name == "workshop_collection_pages")
    assert isinstance(default, list | tuple)  # config.py declares a list of page names
    try:
        tree = ast.parse((root / "conf.py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return list(default)
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "workshop_collection_pages"
            for target in statement.targets
        ):
            try:
                pages = ast.literal_eval(statement.value)
            except ValueError:
                break
            if isinstance(pages, list | tuple) and all(isinstance(p, str) for p in pages):
                return list(pages)
    return list(default)


def other_pages(papers_dir: Path) -> dict[str, str]:
    """Names in ``papers/`` taken by something that is not a paper file, lower-cased (a forum
    id differing only in case is the same file on macOS and Windows) -> why."""
    taken: dict[str, str] = {}
    pages = set(collection_pages(papers_dir.parent))
    for path in sorted(papers_dir.iterdir()):
        name = f"{papers_dir.name}/{path.name}"
        if f"{papers_dir.name}/{path.stem}" in pages:
            taken[path.stem.lower()] = (
                f"{name} is not a paper (a page listed in workshop_collection_pages in conf.py)"
            )
        elif path.is_dir():
            taken[path.name.lower()] = f"{name}/ is a folder, not a paper"
        elif path.suffix != ".md":
            taken.setdefault(path.stem.lower(), f"{name} exists and is not a paper")
    return taken


def existing_papers(papers_dir: Path) -> dict[Path, PaperFile]:
    """Every paper file, read exactly; any file that cannot be read stops the import."""
    pages = set(collection_pages(papers_dir.parent))
    found, problems = {}, []
    for path in sorted(papers_dir.glob("*.md")):
        if f"{papers_dir.name}/{path.stem}" in pages:
            continue
        name = f"{papers_dir.name}/{path.name}"
        try:
            paper = PaperFile.read(path, name)
        except PaperFileError as error:
            problems.append(str(error))
            continue
        forum = paper.data.get("openreview")
        if forum is not None and not isinstance(forum, str):
            line = paper.data.lc.key("openreview")[0] + 2
            problems.append(f"{name}:{line}: openreview: expected a forum id (text)")
            continue
        found[path] = paper
    if problems:
        raise ImportStopped(problems)
    return found


def new_paper(values: dict[str, t.Any], topics: list[str], venue: str) -> PaperFile:
    paper = PaperFile(front=[], body="")
    placeholders = placeholder_lines(venue if values["presentation"] is None else None, topics)
    for key in FIELD_ORDER:
        if key in placeholders:
            paper.front += split_lines(placeholders[key])
        elif key == "links":
            if values["links.pdf"]:
                links = CommentedMap([("pdf", values["links.pdf"])])
                paper.front += split_lines(dump_field("links", links))
        elif key == "abstract":
            if values["abstract"]:
                paper.front += split_lines(dump_field(key, values[key]))
        else:
            paper.front += split_lines(dump_field(key, values[key]))
    paper.data = load_front("".join(paper.front), "(new paper)")
    return paper


def update_paper(
    paper: PaperFile, values: dict[str, t.Any], previous: dict, name: str, report: Report
) -> bool:
    """Apply the export's values to the fields not edited by hand; True if the file changes."""
    changed = False
    for field in OWNED_FIELDS:
        new = values[field]
        if new is None:
            continue  # the export cannot tell: leave whatever is there
        current = dotted_value(paper.data, field)
        before = previous.get(field, MISSING)
        if current == new:
            continue
        replaceable = current is MISSING or current is None or current == before
        if replaceable and paper.set_value(field, new):
            changed = True
        else:
            where = field if current is not MISSING else field.split(".")[0]
            shown = "not a mapping" if current is MISSING else _shown(current)
            report.kept_edits.append(
                f"{name}: {where} is {shown}; the export says {field}: {_shown(new)}"
            )
    return changed


def _shown(value: t.Any) -> str:
    plain = list(value) if isinstance(value, list) else value
    return json.dumps(plain, ensure_ascii=False, default=str)


def missing_fields(data: dict) -> list[str]:
    needed = []
    if data.get("presentation") not in ("spotlight", "poster"):
        needed.append("presentation (spotlight or poster)")
    if data.get("poster_session") not in POSTER_SESSIONS:
        needed.append(f"poster_session ({one_of(POSTER_SESSIONS)})")
    if not data.get("topics"):
        needed.append("topics (ids from cfp/topics.yaml)")
    return needed


def refusal(
    submission: Submission, papers_dir: Path, taken: dict[str, str], existing: dict
) -> str | None:
    """Why an accepted note cannot become ``papers/<forum>.md``, or None."""
    forum = submission.forum
    if not forum:
        return "no forum id"
    if not FORUM_ID.fullmatch(forum):
        return "a forum id is 6 to 20 letters, digits, - or _ (as on OpenReview)"
    if forum.lower() in taken:
        return taken[forum.lower()]
    path = papers_dir / f"{forum}.md"
    other = existing[path].data.get("openreview") if path in existing else None
    if other not in (None, forum):
        return f"{papers_dir.name}/{path.name} is the paper with openreview: {other}"
    if not submission.title:
        return "no title"
    if not submission.authors:
        return "no authors"
    return None


def plan_import(
    submissions: list[Submission], papers_dir: Path, venue_id: str, *, with_abstracts: bool = False
) -> Plan:
    """What the import writes. Abstracts are the authors' text: imported only ``with_abstracts``
    (the organizers' choice); without it an abstract in a paper file is left as it is."""
    report = Report()
    state = load_state(papers_dir)
    previous_papers: dict[str, dict] = state.get("papers", {})
    new_papers: dict[str, dict] = dict(previous_papers)
    new_state = {"venue_id": venue_id, "papers": new_papers}
    existing = existing_papers(papers_dir)
    taken = other_pages(papers_dir)
    by_forum = {
        paper.data["openreview"]: path
        for path, paper in existing.items()
        if paper.data.get("openreview")
    }
    by_title = {fold(str(paper.data.get("title", ""))): path for path, paper in existing.items()}
    topics = topic_ids(papers_dir)
    files: dict[Path, str] = {}
    accepted: dict[str, Submission] = {}
    status_of: dict[str, str] = {}

    for submission in submissions:
        kind = status(submission, venue_id)
        status_of[submission.forum] = kind
        if kind != "accepted":
            report.counts[kind] += 1
            continue
        if why := refusal(submission, papers_dir, taken, existing):
            report.refused.append(f"{submission.label}: refused: {why}")
            continue
        if submission.forum in accepted:
            report.problems.append(f"note {submission.forum}: listed twice; the first one is used")
            continue
        accepted[submission.forum] = submission
        report.counts["accepted"] += 1

    for forum, submission in sorted(accepted.items()):
        values = imported_values(submission)
        if not with_abstracts:
            if values["abstract"]:
                report.abstracts_left += 1
            values["abstract"] = None  # "the export cannot tell": the file's field stays
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
            paper = existing[path]
            if update_paper(paper, values, previous_papers.get(forum, {}), name, report):
                files[path] = paper.text()
                report.updated.append(name)
            else:
                report.unchanged.append(name)
        else:
            paper = new_paper(values, topics, submission.venue)
            files[path] = paper.text()
            report.created.append(name)
        data = paper.data
        kept = previous_papers.get(forum, {})  # an abstract imported by an earlier run
        recorded = {k: v for k, v in values.items() if v is not None}
        if "abstract" not in recorded and "abstract" in kept:
            recorded["abstract"] = kept["abstract"]
        new_papers[forum] = recorded
        if needed := missing_fields(data):
            report.to_fill.append(f"{name}: {', '.join(needed)}")

    for path, paper in existing.items():
        forum = paper.data.get("openreview")
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
