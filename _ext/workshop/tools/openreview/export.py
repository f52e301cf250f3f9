"""The OpenReview export (API v1 or v2 JSON, or CSV) read into submissions; problems located."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import typing as t
from pathlib import Path

STATUSES = ("accepted", "rejected", "withdrawn", "desk-rejected", "other")


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
    abstract: str | None = None  # paragraphs separated by an empty line


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


def _paragraphs(content: dict, name: str, errors: list[str]) -> str | None:
    """Text that keeps its paragraphs (an abstract): each one on a line, an empty line between."""
    value = _value(content, name, errors)
    if value is None:
        return None
    if not isinstance(value, str):
        errors.append(f"content.{name}: expected a string; found {_kind(value)}")
        return None
    paragraphs = (_clean(part) for part in re.split(r"\n[ \t\r]*\n", value))
    return "\n\n".join(part for part in paragraphs if part) or None


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
        abstract=_paragraphs(content, "abstract", errors),
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
        "abstract": submission.abstract,
    }
