"""The program of the workshop day from one data file, and the reader's local time.

* ``program/schedule.yaml`` holds the thematic sessions and the slots. The day and the venue
  timezone are those of the ``workshop_day`` entry of the dates file: never typed twice.
* ``{schedule}`` renders the timezone statement with the local-time button, the program table
  (one row per slot, grouped by thematic session, end times computed) and one note on what was
  not published; ``{schedule-groups}`` renders what the slots point to, as sections (the posters
  of each poster session with its time, the invited speakers, the spotlight papers). A slot links
  to those sections only on a page that has them.
* ``{local-time-toggle}`` renders the button of ``_static/localtime.js``, which shows every
  ``<time datetime>`` of the page in the reader's timezone. The script is loaded only on pages
  that have the button (the schedule has its own).

Every problem of the data file is a ``[workshop.schedule]`` warning located at its line; references
to people and papers are checked once every record has been read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from . import html
from .collections import make_link, papers, people, people_by_name
from .diagnostics import Problem, warn
from .listings import paper_list, plural, render_people
from .model.dates import format_day
from .model.program import PAUSES, Schedule, TimedSlot
from .model.program_file import check_references
from .state import site_data

# -- checks once every record is read -------------------------------------------------------------


def on_env_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    schedule = site_data(env).schedule
    if schedule is not None:
        check_references(schedule, people=people(env), papers=papers(env), report=warn)


# -- what a slot says and links to ---------------------------------------------------------------

# Targets on the program page below the table, generated from the records.
SPEAKERS_ANCHOR = "program-invited-speakers"
SPOTLIGHTS_ANCHOR = "program-spotlight-papers"


def posters_anchor(session: int) -> str:
    return f"program-posters-{session}"


@dataclass(frozen=True)
class Part:
    """A piece of what the program says about a slot; HTML links it, plain text does not."""

    text: str
    anchor: str | None = None  # a target below the table, on the program page
    docname: str | None = None  # a record's page


def slot_details(slot: TimedSlot, env: BuildEnvironment) -> list[Part]:
    """What the program says about a slot beyond its title, for every output."""
    parts: list[Part] = []
    data = slot.slot
    # Unknown ids were reported by check_references; the slot then reads as if none were given.
    known_people, known_papers = people(env), papers(env)
    presenters = [known_people[p] for p in data.people if p in known_people]
    presented = [known_papers[p] for p in data.papers if p in known_papers]
    if presenters:
        parts.append(Part("With "))
        for position, person in enumerate(presenters):
            parts.append(Part(", " if position else ""))
            parts.append(Part(person.name, docname=person.docname))
        parts.append(Part(". "))
    elif slot.kind == "invited-talk":
        # Who spoke in which slot was not published: said once, by unknowns_note().
        parts += [
            Part("One of the "),
            Part(plural(len(invited_speakers(env)), "invited speaker"), SPEAKERS_ANCHOR),
            Part(". "),
        ]
    if presented:
        parts.append(Part("Papers: "))
        for position, paper in enumerate(presented):
            parts.append(Part("; " if position else ""))
            parts.append(Part(paper.title, docname=paper.docname))
        parts.append(Part(". "))
    elif slot.kind == "spotlights":
        parts += [
            Part("Among the "),
            Part(plural(len(spotlight_papers(env)), "spotlight paper"), SPOTLIGHTS_ANCHOR),
            Part(". "),
        ]
    if data.poster_session is not None:
        count = len(posters(env, data.poster_session))
        parts += [
            Part(f"{plural(count, 'poster')} of "),
            Part(f"poster session {data.poster_session}", posters_anchor(data.poster_session)),
            Part(". "),
        ]
    if data.note:
        parts.append(Part(data.note))
    if parts and parts[-1].anchor is None and parts[-1].docname is None:
        parts[-1] = Part(parts[-1].text.rstrip())
    return [part for part in parts if part.text]


def plain_details(slot: TimedSlot, env: BuildEnvironment) -> str:
    return "".join(part.text for part in slot_details(slot, env)).strip()


def invited_speakers(env: BuildEnvironment) -> list:
    return sorted(
        (p for p in people(env).values() if "invited-speaker" in p.roles), key=lambda p: p.sort_key
    )


def spotlight_papers(env: BuildEnvironment) -> list:
    return sorted(
        (p for p in papers(env).values() if p.presentation == "spotlight"), key=lambda p: p.sort_key
    )


def posters(env: BuildEnvironment, session: int) -> list:
    return sorted(
        (p for p in papers(env).values() if p.poster_session == session), key=lambda p: p.sort_key
    )


# -- rendering the program ------------------------------------------------------------------------


class schedule_placeholder(nodes.General, nodes.Element):
    """Where generated content goes once every record is read.

    ``part`` says which: ``table``, ``posters-<n>``, ``speakers`` or ``spotlights``.
    """


def _note_schedule_page(env: BuildEnvironment, config) -> None:
    env.note_dependency(config.workshop_schedule_file)
    env.note_dependency(site_data(env).dates.source)
    domain = env.get_domain("workshop")
    domain.put("listing_users", env.docname, True)  # written again when a record changes
    domain.put("localtime_users", env.docname, True)
    domain.put("schedule_users", env.docname, True)  # the exports link back to it


def _placeholder(directive: SphinxDirective, part: str) -> schedule_placeholder:
    node = schedule_placeholder(part=part)
    directive.set_source_info(node)
    return node


class ScheduleDirective(SphinxDirective):
    """``{schedule}``: the timezone statement with the local-time button, the program table,
    and one note on what was not published."""

    has_content = False

    def run(self):
        _note_schedule_page(self.env, self.config)
        schedule = site_data(self.env).schedule
        if schedule is None:
            warn(
                Problem.schedule,
                f"{{schedule}} needs a valid schedule file "
                f"{self.config.workshop_schedule_file} (see the warnings above, or create it; "
                "the option workshop_schedule_file names another file)",
                location=self.get_location(),
            )
            return []
        return [render_intro(schedule), _placeholder(self, "table"), *unknowns_note(schedule)]


class ScheduleGroupsDirective(SphinxDirective):
    """``{schedule-groups}``: what the slots link to, one section each (so "On this page" lists
    them): every poster session with its time and posters, the invited speakers, the spotlight
    papers. Sections, so put it at the level where they belong (e.g. under the page title)."""

    has_content = False

    def run(self):
        _note_schedule_page(self.env, self.config)
        schedule = site_data(self.env).schedule
        if schedule is None:
            return []  # {schedule} on the same page says why
        result: list[nodes.Node] = []
        for slot in schedule.slots:
            number = slot.slot.poster_session
            if slot.kind == "poster-session" and number is not None:
                title = nodes.title("", f"Poster session {number}, ")
                title += time_element(slot.starts, schedule.timezone)
                title += nodes.Text("\N{EN DASH}")
                title += time_element(slot.ends, schedule.timezone, ends=True)
                result.append(self._section(title, posters_anchor(number), f"posters-{number}"))
        if any(s.kind == "invited-talk" and not s.slot.people for s in schedule.slots):
            title = nodes.title("", "Invited speakers")
            result.append(self._section(title, SPEAKERS_ANCHOR, "speakers"))
        if any(s.kind == "spotlights" and not s.slot.papers for s in schedule.slots):
            title = nodes.title("", "Spotlight papers")
            result.append(self._section(title, SPOTLIGHTS_ANCHOR, "spotlights"))
        return result

    def _section(self, title: nodes.title, anchor: str, part: str) -> nodes.section:
        section = nodes.section("", title, ids=[anchor], names=[anchor])
        self.set_source_info(section)
        section += _placeholder(self, part)
        return section


def unknowns_note(schedule: Schedule) -> list[nodes.paragraph]:
    """What the program cannot say, said once under the table rather than on every row."""
    unknown = []
    if any(s.kind == "invited-talk" and not s.slot.people for s in schedule.slots):
        unknown += ["the titles of the invited talks", "which invited speaker gave which talk"]
    if any(s.kind == "spotlights" and not s.slot.papers for s in schedule.slots):
        unknown.append("which spotlight paper was presented in which slot")
    if not unknown:
        return []
    listed = ", ".join(unknown[:-1]) + (" and " if len(unknown) > 1 else "") + unknown[-1]
    text = f"{listed[0].upper()}{listed[1:]} were not published."
    return [nodes.paragraph("", text, classes=["wsl-schedule-unknowns"])]


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def time_element(when: dt.datetime, timezone: str, *, ends: bool = False) -> html.element:
    """``<time datetime="...Z" data-tz=...>09:00</time>``: the toggle converts it.

    The end of a range (``ends``) shows only the clock when it falls on the start's day.
    """
    classes = ["wsl-time", "wsl-time-end"] if ends else ["wsl-time"]
    return html.make(
        "time", f"{when:%H:%M}", classes=classes, datetime=_iso(when), data_tz=timezone
    )


def _minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{minutes} min"


def _time_cell(slot: TimedSlot, timezone: str) -> html.element:
    cell = html.make("th", classes=["wsl-slot-time"], scope="row")
    cell += time_element(slot.starts, timezone)
    cell += nodes.Text("\N{EN DASH}")
    cell += time_element(slot.ends, timezone, ends=True)
    return cell


def detail_nodes(
    app: Sphinx, docname: str, parts: list[Part], targets: set[str]
) -> list[nodes.Node]:
    """``targets``: the ids on the page; a link to a section the page lacks stays plain text."""
    result: list[nodes.Node] = []
    for part in parts:
        if part.docname is not None:
            result.append(make_link(app.builder, docname, part.docname, part.text))
        elif part.anchor is not None and part.anchor in targets:
            result.append(
                nodes.reference(
                    "",
                    part.text,
                    refuri=f"#{part.anchor}",
                    internal=True,
                    classes=["reference", "internal"],
                )
            )
        else:
            result.append(nodes.Text(part.text))
    return result


def _row(
    app: Sphinx, docname: str, schedule: Schedule, slot: TimedSlot, targets: set[str]
) -> html.element:
    what = html.make("td", classes=["wsl-slot-what"])
    tr = html.make(
        "tr",
        classes=[
            "wsl-slot",
            f"wsl-slot-{slot.kind}",
            *(["wsl-pause"] if slot.kind in PAUSES else []),
        ],
    )
    tr["ids"] = [slot.anchor]
    # Inside its session's group, an introduction need not repeat the session's name.
    title = (
        f"Introduction to session {slot.session_number}"
        if slot.kind == "session-intro" and not slot.slot.title
        else slot.title
    )
    what += nodes.inline("", title, classes=["wsl-slot-title"])
    details = slot_details(slot, app.env)
    if details:
        what += nodes.Text(" ")
        what += nodes.inline(
            "", "", *detail_nodes(app, docname, details, targets), classes=["wsl-slot-details"]
        )
    tr += _time_cell(slot, schedule.timezone)
    tr += html.make("td", _minutes_text(slot.minutes), classes=["wsl-slot-length"])
    tr += what
    return tr


def render_table(app: Sphinx, docname: str, schedule: Schedule, targets: set[str]) -> html.element:
    """One row per slot, grouped by thematic session: no rows for gaps or the end of the day."""
    table = html.make("table", classes=["wsl-schedule"])
    # Said for screen readers; the statement above the table says it to everyone.
    caption = html.make(
        "caption", f"Program of {format_day(schedule.day)} at the venue, ", classes=["wsl-sr-only"]
    )
    caption += html.make("span", f"in {schedule.timezone_label()}", classes=["wsl-tz-label"])
    table += caption
    head = html.make("thead")
    header = html.make("tr")
    header += html.make("th", "Time", scope="col")
    header += html.make("th", "Length", scope="col")
    header += html.make("th", "What", scope="col")
    head += header
    table += head
    groups: list[tuple[str | None, list[TimedSlot]]] = []
    for slot in schedule.slots:
        if not groups or groups[-1][0] != slot.session:
            groups.append((slot.session, []))
        groups[-1][1].append(slot)
    for key, slots in groups:
        body = html.make("tbody", classes=["wsl-schedule-group"])
        if key is not None:
            first = slots[0]
            body["classes"].append("wsl-session")
            body["ids"] = [f"session-{key}"]
            heading = html.make("tr", classes=["wsl-session-heading"])
            cell = html.make(
                "th",
                f"Session {first.session_number}: {first.session_title} ",
                scope="rowgroup",
                colspan="3",
            )
            span = html.make("span", "", classes=["wsl-session-span"])
            span += time_element(first.starts, schedule.timezone)
            span += nodes.Text("\N{EN DASH}")
            span += time_element(max(s.ends for s in slots), schedule.timezone, ends=True)
            cell += span
            heading += cell
            body += heading
        for slot in slots:
            body += _row(app, docname, schedule, slot, targets)
        table += body
    return table


def toggle_nodes(*, venue_name: str | None = None) -> list[nodes.Node]:
    """The local-time button, hidden until the script runs (without it, venue times stay).

    Its label says what pressing it does ("Show my time", "Show Singapore time"); the status
    next to it says which times are shown.
    """
    button = html.make(
        "button",
        "Show my time",
        classes=["wsl-localtime-toggle"],
        type="button",
        hidden="hidden",
        data_venue_name=venue_name or "",
    )
    status = html.make("span", "", classes=["wsl-localtime-status"], role="status")
    return [status, nodes.Text(" "), button]


def render_intro(schedule: Schedule) -> nodes.paragraph:
    """The one statement of the timezone; the script rewrites it in the reader's time."""
    label = schedule.timezone_label()
    intro = nodes.paragraph(classes=["wsl-schedule-timezone", "wsl-localtime"])
    status, space, button = toggle_nodes(venue_name=label.split(",")[0])
    status += nodes.Text("Times are in ")
    status += nodes.strong("", label)
    status += nodes.Text(", the time at the venue.")
    if schedule.first_start is not None and schedule.last_end is not None:
        first, last = (
            when.astimezone(dt.UTC) for when in (schedule.first_start, schedule.last_end)
        )
        on = "" if first.date() == schedule.day else f" on {format_day(first.date())}"
        status += nodes.Text(f" In UTC: {first:%H:%M} to {last:%H:%M}{on}.")
    intro += [status, space, button]
    return intro


def _fill(
    app: Sphinx, docname: str, schedule: Schedule, part: str, targets: set[str]
) -> list[nodes.Node]:
    env = app.env
    if part == "table":
        return [render_table(app, docname, schedule, targets)]
    if part == "speakers":
        return render_people(app, docname, {"role": "invited-speaker"})
    by_name = people_by_name(env)
    if part == "spotlights":
        text = "The papers chosen for the spotlight talks, with their poster sessions."
        return [
            nodes.paragraph("", text, classes=["wsl-count"]),
            paper_list(app, docname, spotlight_papers(env), by_name),
        ]
    chosen = posters(env, int(part.removeprefix("posters-")))
    return [
        nodes.paragraph("", plural(len(chosen), "poster"), classes=["wsl-count"]),
        paper_list(app, docname, chosen, by_name),
    ]


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    schedule = site_data(app.env).schedule
    targets = {anchor for section in doctree.findall(nodes.section) for anchor in section["ids"]}
    for node in list(doctree.findall(schedule_placeholder)):
        if schedule is None:
            node.replace_self([])
            continue
        part = node.get("part", "table")
        node.replace_self(_fill(app, docname, schedule, part, targets))
    if docname in app.env.get_domain("workshop").items("localtime_users"):
        annotate_date_times(app.env, doctree)


def annotate_date_times(env: BuildEnvironment, doctree: nodes.document) -> None:
    """Give the ``{date}`` role's times their timezone, so the toggle can tell a change of day."""
    by_instant = {
        entry.iso(): entry.timezone or "AoE"
        for _key, entry in site_data(env).dates.sorted()
        if entry.instant is not None
    }
    for node in doctree.findall(html.element):
        attributes = node["attributes"]
        if node["tag"] == "time" and "data_tz" not in attributes:
            timezone = by_instant.get(attributes.get("datetime", ""))
            if timezone is not None:
                # Intl knows AoE (UTC-12) as Etc/GMT+12 (POSIX signs are inverted).
                attributes["data_tz"] = "Etc/GMT+12" if timezone == "AoE" else timezone


# -- the local-time toggle ------------------------------------------------------------------------


class LocalTimeToggleDirective(SphinxDirective):
    """``{local-time-toggle}``: a button that shows the page's times in the reader's timezone."""

    has_content = False

    def run(self):
        self.env.get_domain("workshop").put("localtime_users", self.env.docname, True)
        paragraph = nodes.paragraph(classes=["wsl-localtime"])
        paragraph.extend(toggle_nodes())
        self.set_source_info(paragraph)
        return [paragraph]


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    if pagename in app.env.get_domain("workshop").items("localtime_users"):
        app.add_js_file("localtime.js", loading_method="defer")


def setup_schedule(app: Sphinx) -> None:
    app.add_node(schedule_placeholder)
    app.connect("env-check-consistency", on_env_check_consistency)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-page-context", on_html_page_context)
    app.add_directive("schedule", ScheduleDirective)
    app.add_directive("schedule-groups", ScheduleGroupsDirective)
    app.add_directive("local-time-toggle", LocalTimeToggleDirective)
