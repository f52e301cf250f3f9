"""YAML data files and front matter, read with the line number of every value.

Validation goes through pydantic; each validation error becomes one located report (a warning,
in a build) that names the field, what was found and what is allowed. No Sphinx here.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass, field
from pathlib import Path

import pydantic
import pydantic_core
import yaml

from .problems import Problem, Report

KeyPath = tuple[str | int, ...]
ModelT = t.TypeVar("ModelT", bound=pydantic.BaseModel)

# Scalars that PyYAML would turn into dates stay strings: pydantic parses them and
# reports an impossible date (2025-02-30) as a field error instead of a crash.
_KEEP_AS_STRING = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str"}
# libyaml's parser when PyYAML was built with it: front matter of 2,000 papers parses ~10x faster.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The most YAML one data file or one front matter may hold (CONTRIBUTING.md): the real files
# are a few KB; the limit bounds what a pull request can make every build parse.
MAX_YAML_BYTES = 256 * 1024
# Explicit tags a contributor may write: YAML's plain data types. Every other tag names a
# constructor (``!!python/object``, ``!!binary``, ``!mine``): refused, never constructed.
_DATA_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")}
_DATA_TAGS |= {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_REFERENCE_HELP = "write the value out in full where it is needed"
LONGEST_SHOWN = 80  # characters of a wrong value quoted in a message (an abstract can be long)


class DataError(Exception):
    """A data file that cannot be parsed at all (syntax error)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Located:
    """Plain Python data from YAML, plus the 1-based line of every key and item."""

    data: t.Any
    source: str
    lines: dict[KeyPath, int] = field(default_factory=dict)
    # As written in the file, for values YAML did not read as text (``NO`` -> False).
    written: dict[KeyPath, str] = field(default_factory=dict)

    def line(self, path: t.Sequence[str | int] = ()) -> int:
        """Line of the deepest known ancestor of ``path``."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def where(self, path: t.Sequence[str | int] = ()) -> str:
        return f"{self.source}:{self.line(path)}"


def _convert(node: yaml.Node, path: KeyPath, located: Located, offset: int) -> t.Any:
    located.lines.setdefault(path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        result: dict[t.Any, t.Any] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, (*path, "\0key"), Located(None, ""), offset)
            if key in result:
                raise DataError(f"duplicate key {key!r}", key_node.start_mark.line + 1 + offset)
            located.lines[(*path, key)] = key_node.start_mark.line + 1 + offset
            result[key] = _convert(value_node, (*path, key), located, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, (*path, index), located, offset) for index, item in enumerate(node.value)
        ]
    if node.tag in _KEEP_AS_STRING:
        return node.value
    located.written[path] = node.value
    return _scalar(node)


def _scalar(node: yaml.Node) -> t.Any:
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


def _refuse_references(text: str, offset: int) -> None:
    """Refuse anchors, aliases and non-data tags, from the event stream (nothing is built).

    Aliases would let a few lines expand into billions of values ("billion laughs").
    """
    if not any(mark in text for mark in "&*!"):
        return  # none of them can occur: no second pass over the text
    try:
        for event in yaml.parse(text, Loader=FAST_LOADER):
            line = (event.start_mark.line if event.start_mark else 0) + 1 + offset
            if isinstance(event, yaml.AliasEvent):
                raise DataError(
                    f"the YAML alias '*{event.anchor}' is not allowed (no anchors, aliases "
                    f"or tags in contributed files); {_REFERENCE_HELP}",
                    line,
                )
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise DataError(
                    f"the YAML anchor '&{anchor}' is not allowed (no anchors, aliases or "
                    f"tags in contributed files); remove it and {_REFERENCE_HELP}",
                    line,
                )
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _DATA_TAGS:
                raise DataError(
                    f"the YAML tag {tag!r} is not allowed (no anchors, aliases or tags in "
                    "contributed files; allowed: plain values, quoted text, lists, mappings); "
                    "remove the tag, and quote the value if it is text",
                    line,
                )
    except yaml.MarkedYAMLError:
        return  # a syntax error: reported, with its context, when the text is composed


def _compose(text: str, offset: int, first_line: int) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=FAST_LOADER)
    except yaml.MarkedYAMLError:
        pass  # parsed again below: the pure-Python parser's messages name the open construct
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        # The construct that was left open (context) is where the fix usually goes.
        mark = error.context_mark or error.problem_mark
        line = (mark.line + 1 + offset) if mark else first_line
        detail = error.problem or str(error)
        if error.context and error.problem_mark:
            detail += f" ({error.context}, noticed at line {error.problem_mark.line + 1 + offset})"
        raise DataError(f"YAML syntax error: {detail}", line) from error


def parse_yaml(text: str, *, source: str, first_line: int = 1) -> Located:
    """Parse YAML text; ``first_line`` is the file line where ``text`` starts."""
    offset = first_line - 1
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > MAX_YAML_BYTES:
        raise DataError(
            f"{size // 1024} KB of YAML; the limit is {MAX_YAML_BYTES // 1024} KB per data "
            "file or front matter: split the file, or move long text into the page body",
            first_line,
        )
    _refuse_references(text, offset)
    root = _compose(text, offset, first_line)
    located = Located(data={}, source=source)
    if root is not None:
        located.data = _convert(root, (), located, offset)
    located.lines.setdefault((), first_line)
    return located


def decode(raw: bytes) -> str:
    """A contributed file's text: UTF-8, and a leading byte order mark dropped.

    Sphinx reads pages the same way (``source_encoding = "utf-8-sig"``), so a file saved
    with a BOM by a Windows editor reads the same everywhere.
    """
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
        line = raw[:start].count(b"\n") + 1
        raise DataError(
            f"the file is not UTF-8 text (byte 0x{raw[start]:02x} on line {line}); save it "
            "as UTF-8 (in most editors: 'Save with encoding', UTF-8)",
            line,
        ) from None


def read_text(path: Path) -> str:
    """:func:`decode` of a file; raises ``OSError`` or ``DataError``."""
    return decode(path.read_bytes())


def read_yaml_file(path: Path, *, source: str, report: Report) -> Located | None:
    """Read a YAML data file; report (located) and return None when it cannot be read."""
    try:
        text = read_text(path)
    except OSError as error:
        report(Problem.data, f"cannot read data file: {error.strerror}", location=source)
        return None
    except DataError as error:
        report(Problem.data, str(error), location=f"{source}:{error.line}")
        return None
    try:
        return parse_yaml(text, source=source)
    except DataError as error:
        report(Problem.data, f"{error}; fix the YAML", location=f"{source}:{error.line}")
        return None


def front_matter_is_unclosed(text: str) -> bool:
    """The text opens a front matter (a first line ``---``) and never closes it."""
    lines = text.splitlines()
    return bool(lines) and lines[0].strip() == "---" and split_front_matter(text)[0] is None


UNCLOSED_FRONT_MATTER = (
    "the front matter opened at line 1 is never closed; end it with a '---' line"
)


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return the YAML between the leading ``---`` fences and the line where it starts."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, 0
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:index]), 2
    return None, 0


def describe_error(
    error: pydantic_core.ErrorDetails,
    model: type[pydantic.BaseModel],
    *,
    written: str | None = None,
) -> str:
    """One pydantic error as a sentence a contributor can act on.

    ``written`` is the value as the file has it, when YAML read it as something else than text.
    """
    loc = error["loc"]
    name = ".".join(str(part) for part in loc) or "(file)"
    kind = error["type"]
    if kind == "missing":
        return f"missing required field '{name}'"
    if kind == "extra_forbidden":
        allowed = ", ".join(sorted(_field_names(model, loc[:-1])))
        return f"unknown field '{name}'; allowed fields: {allowed}"
    message = error["msg"].removeprefix("Value error, ")
    found = error.get("input")
    shown = "" if isinstance(found, dict | list) or found is None else f" (found {found!r})"
    if isinstance(found, str) and len(found) > LONGEST_SHOWN:  # the start tells where it is
        shown = f" (found {found[:LONGEST_SHOWN]!r}..., {len(found):,} characters)"
    if kind == "string_type" and isinstance(found, bool | int | float) and written is not None:
        why = (
            "YAML reads an unquoted yes/no, true/false or on/off as a boolean"
            if isinstance(found, bool)
            else "YAML reads an unquoted number as a number"
        )
        key = str(loc[-1]) if loc and isinstance(loc[-1], str) else None
        example = f'{key}: "{written}"' if key else f'"{written}"'
        return f"field '{name}': {message}{shown}; {why}: quote it: {example}"
    return f"field '{name}': {message}{shown}"


def _field_names(model: type[pydantic.BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    current: t.Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        annotation = info.annotation
        candidates = [annotation, *t.get_args(annotation)]
        nested = [
            c for c in candidates if isinstance(c, type) and issubclass(c, pydantic.BaseModel)
        ]
        nested += [
            a
            for c in candidates
            for a in t.get_args(c)
            if isinstance(a, type) and issubclass(a, pydantic.BaseModel)
        ]
        if not nested:
            return []
        current = nested[0]
    # Fields the site fills in itself (``exclude=True``: id, docname, line) are not written.
    fields = getattr(current, "model_fields", {})
    return [name for name, info in fields.items() if not info.exclude]


def validate(
    model: type[ModelT],
    located: Located,
    *,
    problem: Problem,
    report: Report,
    path: KeyPath = (),
    context: dict[str, t.Any] | None = None,
    what: str = "",
    extra: dict[str, t.Any] | None = None,
) -> ModelT | None:
    """Validate ``located.data`` at ``path`` (plus ``extra`` fields) into ``model``.

    Reports once per validation error, located at the line of the offending field.
    """
    data = located.data
    for part in path:
        data = data[part]
    if extra:
        data = {**data, **extra} if isinstance(data, dict) else data
    try:
        return model.model_validate(data, context=context)
    except pydantic.ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = (*path, *error["loc"])
            prefix = f"{what}: " if what else ""
            message = describe_error(error, model, written=located.written.get(loc))
            item = (error.get("ctx") or {}).get("index")  # one item of a list field
            where = located.where(loc if item is None else (*loc, item))
            report(problem, prefix + message, location=where)
        return None
