"""The markup of the program: the timezone statement, the table, the note on what was not
published, and the local-time button.

HTML gets a table of ``html.element`` nodes (their visitors are registered in ``html.py``);
builders without HTML (text, LaTeX, man...) get the same rows as a list of plain docutils nodes,
which every writer knows (``render_list``), and no button. What a slot says comes from
``features/slot_details.py``; this module only lays it out.
"""

from __future__ import annotations

import datetime as dt
import typing as t

from docutils import nodes
from sphinx.application import Sphinx

from ..domain import page_link as make_link
from ..model.dates import format_day
from ..model.program import PAUSES, Schedule, TimedSlot
from . import nodes as html

if t.TYPE_CHECKING:
    from ..features.slot_details import Part


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


def time_range(starts: dt.datetime, ends: dt.datetime, timezone: str) -> list[nodes.Node]:
    """ "09:00–09:30" as two ``<time>`` elements."""
    return [
        time_element(starts, timezone),
        nodes.Text("\N{EN DASH}"),
        time_element(ends, timezone, ends=True),
    ]


def _minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{minutes} min"


def _time_cell(slot: TimedSlot, timezone: str) -> html.element:
    cell = html.make("th", classes=["wsl-slot-time"], scope="row")
    cell += time_range(slot.starts, slot.ends, timezone)
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


Describe = t.Callable[[TimedSlot], "list[Part]"]


def _row(
    app: Sphinx,
    docname: str,
    schedule: Schedule,
    slot: TimedSlot,
    targets: set[str],
    describe: Describe,
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
    what += nodes.inline("", _row_title(slot), classes=["wsl-slot-title"])
    details = describe(slot)
    if details:
        what += nodes.Text(" ")
        what += nodes.inline(
            "", "", *detail_nodes(app, docname, details, targets), classes=["wsl-slot-details"]
        )
    tr += _time_cell(slot, schedule.timezone)
    tr += html.make("td", _minutes_text(slot.minutes), classes=["wsl-slot-length"])
    tr += what
    return tr


def _groups(schedule: Schedule) -> list[tuple[str | None, list[TimedSlot]]]:
    """Consecutive slots of the same thematic session (None: outside any session)."""
    groups: list[tuple[str | None, list[TimedSlot]]] = []
    for slot in schedule.slots:
        if not groups or groups[-1][0] != slot.session:
            groups.append((slot.session, []))
        groups[-1][1].append(slot)
    return groups


def _row_title(slot: TimedSlot) -> str:
    # Inside its session's group, an introduction need not repeat the session's name.
    if slot.kind == "session-intro" and not slot.slot.title:
        return f"Introduction to session {slot.session_number}"
    return slot.title


def render_table(
    app: Sphinx, docname: str, schedule: Schedule, targets: set[str], describe: Describe
) -> html.element:
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
    for key, slots in _groups(schedule):
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
            span += time_range(first.starts, max(s.ends for s in slots), schedule.timezone)
            cell += span
            heading += cell
            body += heading
        for slot in slots:
            body += _row(app, docname, schedule, slot, targets, describe)
        table += body
    return table


def render_list(
    app: Sphinx, docname: str, schedule: Schedule, targets: set[str], describe: Describe
) -> list[nodes.Node]:
    """The table's rows for builders without HTML: one list item per slot ("09:00–09:30,
    30 min: title. details"), a paragraph naming each thematic session."""
    result: list[nodes.Node] = [
        nodes.paragraph(
            "", f"Program of {format_day(schedule.day)}, in {schedule.timezone_label()}:"
        )
    ]
    for key, slots in _groups(schedule):
        if key is not None:
            first, last = slots[0], max(s.ends for s in slots)
            heading = f"Session {first.session_number}: {first.session_title}"
            span = f"{first.starts:%H:%M}\N{EN DASH}{last:%H:%M}"
            result.append(
                nodes.paragraph("", "", nodes.strong("", heading), nodes.Text(f" ({span})"))
            )
        items = nodes.bullet_list()
        for slot in slots:
            when = f"{slot.starts:%H:%M}\N{EN DASH}{slot.ends:%H:%M}"
            when += f", {_minutes_text(slot.minutes)}: "
            line = nodes.paragraph("", when, nodes.strong("", _row_title(slot)))
            details = describe(slot)
            if details:
                line += nodes.Text(". ")
                line += detail_nodes(app, docname, details, targets)
            items += nodes.list_item("", line)
        result.append(items)
    return result


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
    text = f"{listed[0].upper()}{listed[1:]} are not in the workshop's public records."
    return [nodes.paragraph("", text, classes=["wsl-schedule-unknowns"])]


def toggle_nodes(
    *, venue_name: str | None = None
) -> tuple[nodes.Element, nodes.Text, nodes.Element]:
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
    return status, nodes.Text(" "), button


def is_toggle_button(node: nodes.Node) -> bool:
    return isinstance(node, html.element) and "wsl-localtime-toggle" in node["classes"]


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
