"""When the workshop happens, for readers: ``{program-hours}``, ``{add-to-calendar}`` and
``{agenda}``.

* ``{program-hours}`` (a role): the day's hours in venue time, "09:00–17:30 Singapore time
  (UTC+8)", from the program (first start, ``ends_at``); ``_static/localtime.js`` adds the
  reader's hours beside them when their timezone differs.
* ``{add-to-calendar} day`` (a directive): the whole-day calendar file (export ``day-ics``) with
  links that add the same event to Google Calendar and Outlook (``formats/calendar_links.py``).
* ``{agenda}`` (a directive): the reader's starred papers and slots (``_static/agenda.js``), from
  the data file ``agenda.json`` (export ``agenda-json``); without a script, a sentence saying what
  the page needs.

``agenda.js`` (the stars) is loaded on pages that list papers or program slots.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.osutil import relative_uri

from ..diagnostics import Problem, warn
from ..domain import Users, domain
from ..formats.calendar_links import web_calendar_links
from ..formats.ical import CalendarEvent
from ..render import nodes as html
from ..render.nodes import agenda_placeholder, calendar_links_placeholder
from ..render.program_table import time_range
from ..state import site_data
from .calendar_events import the_day
from .data_files import note_data_file
from .exports import EXPORTS, HTML_BUILDERS


def _note_program(directive: SphinxDirective | SphinxRole) -> None:
    env = directive.env
    note_data_file(env, directive.config.workshop_schedule_file)
    note_data_file(env, site_data(env).dates.source)
    domain(env).note_user(Users.agenda, env.docname)


class ProgramHoursRole(SphinxRole):
    """``{program-hours}``: "09:00–17:30 Singapore time (UTC+8)"."""

    def run(self):
        _note_program(self)
        schedule = site_data(self.env).schedule
        if schedule is None or schedule.first_start is None or schedule.last_end is None:
            warn(
                Problem.schedule,
                "{program-hours} needs a valid schedule file with at least one slot "
                f"({self.config.workshop_schedule_file})",
                location=self.get_location(),
            )
            return [nodes.literal(self.rawtext, self.text)], []
        hours = nodes.inline(classes=["wsl-hours"])
        hours += time_range(schedule.first_start, schedule.last_end, schedule.timezone)
        zone, _, offset = schedule.timezone_label().partition(", ")
        hours += nodes.Text(f" {zone}" + (f" ({offset})" if offset else ""))
        # Filled by localtime.js with the reader's hours, when their zone differs.
        hours += html.make("span", "", classes=["wsl-reader-hours"], hidden="hidden")
        return [hours], []


class AddToCalendarDirective(SphinxDirective):
    """``{add-to-calendar} day``: the day's calendar file and web-calendar links."""

    required_arguments = 1
    has_content = False

    def run(self):
        _note_program(self)
        if self.arguments[0] != "day":
            warn(
                Problem.export,
                f"unknown calendar {self.arguments[0]!r} of {{add-to-calendar}}; allowed: day",
                location=self.get_location(),
            )
            return []
        node = calendar_links_placeholder(what="day")
        self.set_source_info(node)
        return [node]


class AgendaDirective(SphinxDirective):
    """``{agenda}``: the starred items, listed by ``agenda.js``."""

    has_content = False

    def run(self):
        _note_program(self)
        node = agenda_placeholder()
        self.set_source_info(node)
        return [node]


def calendar_line(
    intro: str, ics_uri: str | None, event: CalendarEvent | None, *, ics_label: str
) -> nodes.paragraph:
    """ "Add …: calendar file (.ics) · Google Calendar · Outlook"."""
    # Links, not what the page is about: kept out of the search index ("no-search").
    line = nodes.paragraph("", intro, classes=["wsl-add-to-calendar-line", "no-search"])
    links: list[nodes.Node] = []
    if ics_uri:
        links.append(
            nodes.reference(
                "",
                ics_label,
                refuri=ics_uri,
                internal=True,
                classes=["reference", "internal", "wsl-export", "wsl-add-to-calendar"],
            )
        )
    if event is not None:
        links += [
            nodes.reference("", label, refuri=url, classes=["wsl-web-calendar"])
            for label, url in web_calendar_links(event)
        ]
    for index, link in enumerate(links):
        if index:
            line += nodes.Text(" · ")
        line += link
    return line


def _day_links(app: Sphinx, docname: str) -> list[nodes.Node]:
    path = EXPORTS["day-ics"].path(app)
    if path is None:
        return []
    uri = relative_uri(app.builder.get_target_uri(docname), path)
    return [
        calendar_line(
            "Add the day to your calendar: ",
            uri,
            the_day(app),
            ics_label="calendar file (.ics)",
        )
    ]


def _agenda(app: Sphinx, docname: str) -> list[nodes.Node]:
    path = EXPORTS["agenda-json"].path(app)
    needs = nodes.paragraph(
        "",
        "This page lists the papers and program slots you star on the program, the papers page "
        "and each paper's page. It needs JavaScript, and keeps your choice only in this "
        "browser (local storage): nothing is sent anywhere.",
        classes=["wsl-agenda-needs"],
    )
    if path is None:
        return [needs]
    here = app.builder.get_target_uri(docname)
    root = relative_uri(here, "") or "./"
    box = html.make(
        "div",
        "",
        classes=["wsl-agenda"],
        data_src=relative_uri(here, path),
        data_root=root,
    )
    return [needs, box]


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for links in list(doctree.findall(calendar_links_placeholder)):
        links.replace_self(_day_links(app, docname) if app.builder.name in HTML_BUILDERS else [])
    for box in list(doctree.findall(agenda_placeholder)):
        box.replace_self(_agenda(app, docname) if app.builder.format == "html" else [])


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    workshop = domain(app.env)
    if workshop.uses(Users.agenda, pagename) and not workshop.uses(Users.localtime, pagename):
        app.add_js_file("localtime.js", loading_method="defer")
    if any(
        workshop.uses(kind, pagename) for kind in (Users.agenda, Users.listing, Users.localtime)
    ):
        app.add_js_file("agenda.js", loading_method="defer")


def setup_when(app: Sphinx) -> None:
    app.add_role("program-hours", ProgramHoursRole())
    app.add_directive("add-to-calendar", AddToCalendarDirective)
    app.add_directive("agenda", AgendaDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-page-context", on_html_page_context)
