"""Dates on pages: the ``{date}`` role, ``{important-dates}`` and ``{if-date}``.

* ``{date}`key``` renders a date ("Monday, February 10, 2025, 23:59 AoE"), its exact UTC instant
  for deadlines, and the original date struck through when it was moved.
* ``{important-dates}`` renders the table of all dates in chronological order, with their state.
* ``{if-date} key state`` shows its content only while the date is in that state
  ("upcoming", "today" or "passed"), judged against the build date.

The dates file is read once at ``builder-inited`` (``state.py``; model: ``model/dates.py``); the
build date is ``SOURCE_DATE_EPOCH`` when set, so builds are reproducible and testable. Pages that
show a state are read again when a state changed since the last build. The markup is
``render/dates.py``.
"""

from __future__ import annotations

import typing as t

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..diagnostics import Problem, warn
from ..domain import domain
from ..model.dates import STATES, DateEntry
from ..render.dates import date_nodes
from ..render.nodes import as_written
from ..state import build_memory, site_data
from ..tables import table
from .data_files import note_data_file

if t.TYPE_CHECKING:
    from ..diagnostics import Location

# -- state kept in the build environment ------------------------------------------------------


def note_uses_dates(env: BuildEnvironment, *, states: bool, key: str | None = None) -> None:
    """Record that the current document shows the date ``key`` (None: every date), and, if
    ``states``, dates' states."""
    note_data_file(env, site_data(env).dates.source, key)
    if states:
        domain(env).note_state_user(env.docname)


def lookup(env: BuildEnvironment, key: str, *, location: Location) -> DateEntry | None:
    dates = site_data(env).dates
    entry = dates.entries.get(key)
    if entry is None and not dates.was_refused(key):
        known = ", ".join(sorted(dates.entries)) or "(none)"
        warn(
            Problem.date_ref,
            f"unknown date key {key!r}; keys defined in {dates.source}: {known}",
            location=location,
        )
    return entry


def on_env_get_outdated(app, env, added, changed, removed) -> list[str]:
    """Re-read the pages that show a date state when a state changed since the last build."""
    states = site_data(env).date_states()
    memory = build_memory(env)
    previous, memory.date_states = memory.date_states, states
    if previous is None or previous == states:
        return []
    return sorted(domain(env).state_users())


# -- the role and the directives ----------------------------------------------------------------


class DateRole(SphinxRole):
    """``{date}`submission_deadline``` renders that date from the dates file."""

    def run(self):
        key = self.text.strip()
        note_uses_dates(self.env, states=True, key=key)
        entry = lookup(self.env, key, location=self.get_location())
        if entry is None:
            return [nodes.literal(self.rawtext, self.text)], []
        return [date_nodes(entry, state=entry.state(site_data(self.env).now))], []


class ImportantDatesDirective(SphinxDirective):
    """The table of every date, in chronological order, generated from the dates file."""

    has_content = False

    def run(self):
        note_uses_dates(self.env, states=True)
        data = site_data(self.env)
        rows = []
        passed = []
        for _key, entry in data.dates.sorted():
            state = entry.state(data.now)
            if state == "passed":
                passed.append(entry)
            what: list[nodes.Node] = [as_written(nodes.inline("", entry.label))]
            if entry.note:
                note = nodes.inline("", f"({entry.note})", classes=["wsl-note"])
                what += [nodes.Text(" "), as_written(note)]
            utc = entry.utc_text()
            row = [
                what,
                [date_nodes(entry, state=state, with_utc=False)],
                [nodes.Text(utc or "\N{EM DASH}")],
            ]
            rows.append(row)
        node = table(["What", "When", "In UTC"], rows, classes=["wsl-dates-table"])
        self.set_source_info(node)
        return [*_passed_sentence(passed, len(rows)), node]


def _passed_sentence(passed: list, total: int) -> list[nodes.paragraph]:
    """What has passed, said once above the table rather than on every row."""
    if not passed:
        return []
    line = nodes.paragraph("", "", classes=["wsl-dates-state", "wsl-state-passed"])
    if len(passed) == total:
        line += nodes.Text("All these dates have passed.")
    else:
        line += nodes.Text("The dates up to and including \u201c")
        line += as_written(nodes.inline("", passed[-1].label))  # as the table shows it
        line += nodes.Text("\u201d have passed.")
    return [line]


class IfDateDirective(SphinxDirective):
    """Show the content only while a date is in one of the given states.

    ``{if-date} workshop_day passed`` or ``{if-date} submission_deadline upcoming today``.
    """

    required_arguments = 2
    optional_arguments = 2
    has_content = True

    def run(self):
        key, *wanted = self.arguments
        note_uses_dates(self.env, states=True, key=key)
        unknown = [state for state in wanted if state not in STATES]
        if unknown:
            warn(
                Problem.date_ref,
                f"unknown date state {unknown[0]!r}; allowed: {', '.join(STATES)}",
                location=self.get_location(),
            )
            return []
        entry = lookup(self.env, key, location=self.get_location())
        if entry is None or entry.state(site_data(self.env).now) not in wanted:
            return []
        return self.parse_content_to_nodes(allow_section_headings=True)


def setup_dates(app: Sphinx) -> None:
    app.connect("env-get-outdated", on_env_get_outdated)
    app.add_role("date", DateRole())
    app.add_directive("important-dates", ImportantDatesDirective)
    app.add_directive("if-date", IfDateDirective)
