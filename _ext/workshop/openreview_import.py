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
* It stops, writes nothing and exits with status 1 when it cannot work exactly: a paper file it
  cannot read (a byte-order mark, bytes that are not UTF-8, no or an unclosed front matter, a
  YAML error: ``file:line`` and what is wrong), an export of the wrong shape (the note and the
  field), a damaged ``papers/.openreview-import.json``, or an accepted note it refuses (a forum
  id that is not one, or the name of a page of ``papers/`` that is not a paper).
  Front matter is rewritten through ruamel.yaml, one field at a time: comments stay.
"""

from __future__ import annotations

import argparse
import ast
import csv
import dataclasses
import difflib
import io
import json
import re
import sys
import typing as t
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from .config import OPTIONS
from .model.records import fold

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


class ImportStopped(Exception):
    """Something the import cannot read safely: it writes nothing. One message per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


FORUM_ID = re.compile(r"[A-Za-z0-9_-]{6,20}")
_MAX_SHOWN = 20  # problems listed per run; the rest are counted


@dataclasses.dataclass(frozen=True)
class Submission:
    forum: str
    title: str
    authors: tuple[str, ...]
    venue: str
    venueid: str
    pdf: str | None
    label: str = ""  # where it is in the export: "note 3 (id abc)", "line 4 (forum abc)"


def _kind(value: t.Any) -> str:
    """What a JSON value is, in words (never its repr)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _value(content: dict, name: str, errors: list[str]) -> t.Any:
    """API v2 wraps every content field as ``{"value": ...}``; API v1 and CSV do not."""
    raw = content.get(name)
    if isinstance(raw, dict):
        if "value" not in raw:
            errors.append(f'content.{name}: expected a value or {{"value": ...}}; found an object')
            return None
        return raw["value"]
    return raw


def _text(content: dict, name: str, errors: list[str]) -> str:
    value = _value(content, name, errors)
    if value is None:
        return ""
    if not isinstance(value, str):
        errors.append(f"content.{name}: expected a string; found {_kind(value)}")
        return ""
    return _clean(value)


def _names(content: dict, errors: list[str]) -> tuple[str, ...]:
    value = _value(content, "authors", errors)
    if value is None:
        return ()
    if isinstance(value, str):
        value = re.split(r"\s*[;|]\s*", value)
    if not isinstance(value, list):
        errors.append(f"content.authors: expected a list of names; found {_kind(value)}")
        return ()
    names = []
    for index, name in enumerate(value):
        if not isinstance(name, str):
            errors.append(
                f"content.authors[{index}]: expected a name (a string); found {_kind(name)}"
            )
        elif cleaned := _clean(name):
            names.append(cleaned)
    return tuple(names)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _submission(forum: str, content: dict, label: str, errors: list[str]) -> Submission:
    """The fields the import reads, each checked for its type; problems go to ``errors``."""
    return Submission(
        forum=_clean(forum),
        title=_text(content, "title", errors),
        authors=_names(content, errors),
        venue=_text(content, "venue", errors),
        venueid=_text(content, "venueid", errors),
        pdf=_text(content, "pdf", errors) or None,
        label=label,
    )


def not_utf8(raw: bytes, error: UnicodeDecodeError) -> tuple[int, str]:
    """The line of the first byte that is not UTF-8, and what to say about it."""
    line = raw[: error.start].count(b"\n") + 1
    return line, f"not UTF-8 (byte 0x{raw[error.start : error.start + 1].hex()})"


def decode_utf8(raw: bytes, where: str, fix: str) -> str:
    """UTF-8 text, or ExportError naming the line of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, problem = not_utf8(raw, error)
        raise ExportError(f"{where}:{line}: {problem}; {fix}") from error


def _stop_on(errors: list[str], path: Path) -> None:
    if errors:
        shown = [f"{path}: {error}" for error in errors[:_MAX_SHOWN]]
        if len(errors) > _MAX_SHOWN:
            shown.append(f"{path}: ... and {len(errors) - _MAX_SHOWN} more problems")
        raise ExportError("\n".join(shown))


def read_export(path: Path) -> list[Submission]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ExportError(f"cannot read {path}: {error.strerror}") from error
    text = decode_utf8(raw.removeprefix(b"\xef\xbb\xbf"), str(path), "save the export as UTF-8")
    errors: list[str] = []
    submissions = []
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        try:
            rows = [(reader.line_num, row) for row in reader]
        except csv.Error as error:
            where = f"{path}:{reader.line_num}"
            raise ExportError(f"{where}: not a valid CSV file ({error})") from error
        if rows and not {"title", "venueid"} <= set(reader.fieldnames or ()):
            raise ExportError(
                f"{path}: a CSV export needs the columns forum (or id), title, "
                "authors, venue and venueid"
            )
        for line, row in rows:
            forum = row.get("forum") or row.get("id") or ""
            content = {key: value for key, value in row.items() if isinstance(key, str)}
            note_errors: list[str] = []
            submissions.append(_submission(forum, content, f"line {line}", note_errors))
            errors += [f"line {line}: {error}" for error in note_errors]
        _stop_on(errors, path)
        return submissions
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"{path}:{error.lineno}: not valid JSON ({error.msg})") from error
    notes = data.get("notes") if isinstance(data, dict) else data
    if not isinstance(notes, list):
        raise ExportError(f'{path}: expected {{"notes": [...]}} as returned by the OpenReview API')
    for index, note in enumerate(notes):
        label = f"note {index}"
        if not isinstance(note, dict):
            errors.append(
                f"{label}: expected an object with id, forum and content; found {_kind(note)}"
            )
            continue
        note_errors = []
        for key in ("id", "forum"):
            if key in note and not isinstance(note[key], str):
                note_errors.append(f"{key}: expected a string; found {_kind(note[key])}")
        forum = next((note[k] for k in ("forum", "id") if isinstance(note.get(k), str)), "")
        if forum:
            label += f" (id {forum})"
        content = note.get("content", {})
        if not isinstance(content, dict):
            note_errors.append(f"content: expected an object of fields; found {_kind(content)}")
            content = {}
        submission = _submission(forum, content, label, note_errors)
        errors += [f"{label}: {error}" for error in note_errors]
        submissions.append(submission)
    _stop_on(errors, path)
    return submissions


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


def _round_trip_yaml() -> YAML:
    """ruamel.yaml in round-trip mode: comments, key order and quoting survive a rewrite.
    The settings are the style of the paper files (papers/YICyBtCoZw.md)."""
    loader = YAML(typ="rt")
    loader.indent(mapping=2, sequence=4, offset=2)
    loader.width = 2**16  # never fold a long title
    loader.preserve_quotes = True
    return loader


_YAML = _round_trip_yaml()


def dump_yaml(data: CommentedMap) -> str:
    out = io.StringIO()
    _YAML.dump(data, out)
    return out.getvalue()


def dump_field(key: str, value: t.Any) -> str:
    """One new top-level field: the title double-quoted, topics on one line, lists as blocks."""
    if key == "title" and isinstance(value, str):
        value = DoubleQuotedScalarString(value)
    elif isinstance(value, list):
        value = CommentedSeq(value)
        if key == "topics":
            value.fa.set_flow_style()
    return dump_yaml(CommentedMap([(key, value)]))


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


class PaperFileError(Exception):
    """A paper file the import cannot read exactly: it is never rewritten."""

    def __init__(self, name: str, line: int, problem: str) -> None:
        super().__init__(f"{name}:{line}: {problem}")


def _split_lines(text: str) -> list[str]:
    """Lines with their ends; only \\n ends a line (as for YAML and the line numbers shown)."""
    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)


def _load_front(text: str, name: str) -> CommentedMap:
    """Front matter text (without fences; it starts at line 2 of the file) as a round-trip map."""

    def line_of(mark: t.Any) -> int:
        return mark.line + 2 if mark is not None else 2

    try:
        for event in _YAML.parse(text):
            anchored = isinstance(event, ScalarEvent | CollectionStartEvent) and event.anchor
            if isinstance(event, AliasEvent) or anchored:
                raise PaperFileError(
                    name,
                    line_of(event.start_mark),
                    "YAML anchors and aliases (& and *) are not allowed in a paper's front "
                    "matter; write the value out",
                )
        data = _YAML.load(text)
    except YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        detail = getattr(error, "problem", None) or str(error)
        context = getattr(error, "context", None)
        problem_mark = getattr(error, "problem_mark", None)
        if context and problem_mark is not None:
            detail += f" ({context}, noticed at line {line_of(problem_mark)})"
        raise PaperFileError(name, line_of(mark), f"YAML syntax error: {detail}") from error
    if not isinstance(data, CommentedMap):
        raise PaperFileError(name, 2, "the front matter is not a list of fields (key: value)")
    if data.fa.flow_style():
        raise PaperFileError(name, 2, "write the front matter one field per line, not as {...}")
    return data


@dataclasses.dataclass
class PaperFile:
    """A paper file split into its front matter lines (without fences) and its body."""

    front: list[str]
    body: str
    data: CommentedMap = dataclasses.field(default_factory=CommentedMap)
    newline: str = "\n"  # "\r\n" in a file saved with Windows line ends: kept as it is

    @classmethod
    def read(cls, path: Path, name: str) -> PaperFile:
        """The file as it is, or PaperFileError (file:line, what is wrong, how to fix it)."""
        raw = path.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            raise PaperFileError(
                name,
                1,
                "the file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM",
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line, problem = not_utf8(raw, error)
            raise PaperFileError(name, line, f"{problem}; save it as UTF-8") from error
        lines = _split_lines(text)
        if not lines or lines[0].strip() != "---":
            raise PaperFileError(
                name,
                1,
                "no front matter (a paper file starts with a line ---); if this page is not a "
                "paper, add it to workshop_collection_pages in conf.py",
            )
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                paper = cls(front=lines[1:index], body="".join(lines[index + 1 :]))
                paper.newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
                paper.data = _load_front("".join(paper.front), name)
                return paper
        raise PaperFileError(
            name, 1, "the front matter opened here is never closed; add a line --- after it"
        )

    def text(self) -> str:
        return f"---{self.newline}" + "".join(self.front) + f"---{self.newline}" + self.body

    def spans(self) -> dict[str, tuple[int, int]]:
        """Top-level key -> (first line, end line) of its text, comments after it excluded."""
        starts = sorted((self.data.lc.key(key)[0], key) for key in self.data)
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

    def set_value(self, dotted: str, value: t.Any) -> bool:
        """Set an owned field; only that top-level field's lines are rewritten, through the
        round-trip library, so the comments inside it stay. False if it cannot be set."""
        key, _, sub = dotted.partition(".")
        spans = self.spans()
        if key in spans:
            start, end = spans[key]
            segment = _YAML.load("".join(self.front[start:end]))
        else:
            start = end = self._insert_position(key, spans)
            segment = CommentedMap()
        if sub:
            inner = segment.get(key)
            if inner is None:
                segment[key] = inner = CommentedMap()
            if not isinstance(inner, dict):
                return False
            inner[sub] = value
        elif isinstance(value, list) and isinstance(segment.get(key), list):
            items = segment[key]
            for index, item in enumerate(value):  # item by item: a comment keeps its place
                if index < len(items):
                    if items[index] != item:
                        items[index] = item
                else:
                    items.append(item)
            del items[len(value) :]
        elif key == "title":
            segment[key] = DoubleQuotedScalarString(value)
        else:
            segment[key] = CommentedSeq(value) if isinstance(value, list) else value
        dumped = dump_yaml(segment).replace("\n", self.newline)
        self.front[start:end] = _split_lines(dumped)
        self.data = _load_front("".join(self.front), "(rewritten front matter)")
        return True

    @staticmethod
    def _insert_position(key: str, spans: dict[str, tuple[int, int]]) -> int:
        position = 0
        for earlier in FIELD_ORDER[: FIELD_ORDER.index(key)] if key in FIELD_ORDER else FIELD_ORDER:
            if earlier in spans:
                position = max(position, spans[earlier][1])
        return position


def _get(data: dict, dotted: str) -> t.Any:
    value: t.Any = data
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


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
    refused: list[str] = dataclasses.field(default_factory=list)

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
            paper.front += _split_lines(placeholders[key])
        elif key == "links":
            if values["links.pdf"]:
                links = CommentedMap([("pdf", values["links.pdf"])])
                paper.front += _split_lines(dump_field("links", links))
        else:
            paper.front += _split_lines(dump_field(key, values[key]))
    paper.data = _load_front("".join(paper.front), "(new paper)")
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
        current = _get(paper.data, field)
        before = previous.get(field, _MISSING)
        if current == new:
            continue
        replaceable = current is _MISSING or current is None or current == before
        if replaceable and paper.set_value(field, new):
            changed = True
        else:
            where = field if current is not _MISSING else field.split(".")[0]
            shown = "not a mapping" if current is _MISSING else _shown(current)
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
    if data.get("poster_session") not in (1, 2):
        needed.append("poster_session (1 or 2)")
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


def plan_import(submissions: list[Submission], papers_dir: Path, venue_id: str) -> Plan:
    report = Report()
    state = load_state(papers_dir)
    previous_papers: dict[str, dict] = state.get("papers", {})
    new_state = {"venue_id": venue_id, "papers": dict(previous_papers)}
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
        new_state["papers"][forum] = {k: v for k, v in values.items() if v is not None}
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
        plan = plan_import(submissions, args.papers_dir, venue_id)
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
