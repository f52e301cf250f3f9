"""The kinds of problem a contributor's file can have: the subtypes of every warning.

Pure data (no Sphinx): the loaders of the model report through a callable, see :class:`Report`.
The Sphinx glue passes ``diagnostics.warn``; a command-line tool passes a printer.
"""

from __future__ import annotations

import enum
import sys
import typing as t


class Problem(enum.Enum):
    """Warning subtypes, shown as ``[workshop.<subtype>]``.

    Each subtype can be silenced in ``suppress_warnings``.
    """

    data = "data"
    """A data file cannot be read: missing file or YAML syntax error."""
    dates = "dates"
    """An entry of the dates file is invalid, or the dates contradict each other."""
    date_ref = "date_ref"
    """A page references a date key that the dates file does not define."""
    info = "info"
    """The workshop information file has an invalid or unknown field."""
    info_ref = "info_ref"
    """A page references a workshop fact that does not exist."""
    topic = "topic"
    """The topic areas file is invalid, or a page references an unknown topic area."""
    person = "person"
    """A person file has an invalid front matter."""
    paper = "paper"
    """A paper file has an invalid front matter."""
    news = "news"
    """A news post has an invalid front matter."""
    collection = "collection"
    """Records disagree across files: duplicate ids, unexpected pages in a collection folder."""
    reference = "reference"
    """A cross-reference role names a record that does not exist."""
    schedule = "schedule"
    """The schedule file is invalid: times, durations, overlaps or references."""
    export = "export"
    """A page links to a generated file (calendar, frab schedule) that is unknown or not built."""
    content = "content"
    """Contributed content uses something that is not allowed (raw HTML, unsafe links)."""
    redirect = "redirect"
    """An entry of the old-address redirects file is invalid, or would replace a page."""
    docs = "docs"
    """A generated reference table cannot be built: unknown model, field without description."""


class Report(t.Protocol):
    """Where a loader sends each problem: ``location`` is ``"path:line"`` (or a node, in Sphinx)."""

    def __call__(self, problem: Problem, message: str, *, location: t.Any) -> None: ...


def printer(stream: t.TextIO | None = None) -> Report:
    """A :class:`Report` for command-line tools: ``path:line: message [workshop.<subtype>]``.

    The location and the tag are those of the build's warning for the same problem.
    """

    def report(problem: Problem, message: str, *, location: t.Any) -> None:
        print(f"{location}: {message} [workshop.{problem.value}]", file=stream or sys.stderr)

    return report
