"""A paper file as text: its front matter rewritten one field at a time (comments stay)."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import typing as t
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from ...model.fields import POSTER_SESSIONS, one_of
from .export import not_utf8

SESSIONS = one_of(POSTER_SESSIONS)

# The order of fields in a paper's front matter (papers/YICyBtCoZw.md is the model).
# The order of fields in a paper's front matter (papers/YICyBtCoZw.md is the model).
FIELD_ORDER = (
    "title",
    "authors",
    "openreview",
    "presentation",
    "poster_session",
    "links",
    "topics",
    "abstract",
)
MISSING: t.Any = object()


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
    elif key == "abstract" and isinstance(value, str):
        value = LiteralScalarString(value)  # a block: its paragraphs stay readable
    elif isinstance(value, list):
        value = CommentedSeq(value)
        if key == "topics":
            value.fa.set_flow_style()
    return dump_yaml(CommentedMap([(key, value)]))


def placeholder_lines(missing_presentation: str | None, topic_ids: list[str]) -> dict[str, str]:
    """Fields the export cannot know, written empty with a hint; the build rejects them."""
    example = f"[{topic_ids[0]}]" if topic_ids else "[model-analysis]"
    lines = {
        "poster_session": f"poster_session: null  # TO FILL IN: {SESSIONS} (not in the export)\n",
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


def split_lines(text: str) -> list[str]:
    """Lines with their ends; only \\n ends a line (as for YAML and the line numbers shown)."""
    return re.findall(r"[^\n]*\n|[^\n]+\Z", text)


def load_front(text: str, name: str) -> CommentedMap:
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
        lines = split_lines(text)
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
                paper.data = load_front("".join(paper.front), name)
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
        elif key == "abstract":
            segment[key] = LiteralScalarString(value)
        else:
            segment[key] = CommentedSeq(value) if isinstance(value, list) else value
        dumped = dump_yaml(segment).replace("\n", self.newline)
        self.front[start:end] = split_lines(dumped)
        self.data = load_front("".join(self.front), "(rewritten front matter)")
        return True

    @staticmethod
    def _insert_position(key: str, spans: dict[str, tuple[int, int]]) -> int:
        position = 0
        for earlier in FIELD_ORDER[: FIELD_ORDER.index(key)] if key in FIELD_ORDER else FIELD_ORDER:
            if earlier in spans:
                position = max(position, spans[earlier][1])
        return position


def dotted_value(data: dict, dotted: str) -> t.Any:
    value: t.Any = data
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value
