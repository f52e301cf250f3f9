"""The markup of person and paper pages: headers, avatar, badges, author links, backlinks; a
paper's links row, when and where it was shown, its abstract and related papers; a speaker's
talk."""

from __future__ import annotations

import datetime as dt
import typing as t
from dataclasses import dataclass

from docutils import nodes
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from ..domain import page_link, relative_uri
from ..model.dates import format_day
from ..model.fields import PRESENTATIONS, ROLES
from ..model.program import Schedule, TimedSlot
from ..model.records import Paper, Person
from .nodes import element, link_list, make, pending_author, topic_link
from .program_table import time_element, toggle_nodes


def avatar(person: Person, *, resolved: bool = False) -> nodes.Node:
    """The person's photo, or initials on a coloured disc.

    A record page's photo is collected by Sphinx when the page is read (``/`` is the source
    folder). Listings are made when pages are written, after that: their image points at the
    same collected file directly.
    """
    if person.photo:
        if resolved:
            return nodes.image(
                uri=person.photo,
                candidates={"*": person.photo},
                alt=person.name,
                classes=["wsl-avatar", "wsl-photo"],
            )
        return nodes.image(
            uri="/" + person.photo, alt=person.name, classes=["wsl-avatar", "wsl-photo"]
        )
    hue = sum(map(ord, person.name)) % 360  # stable colour per person
    return make(
        "span",
        person.initials,
        classes=["wsl-avatar"],
        aria_hidden="true",
        style=f"--wsl-avatar-hue: {hue}",
    )


def role_badges(person: Person) -> list[nodes.Node]:
    return [
        nodes.inline("", ROLES[role], classes=["wsl-badge", f"wsl-role-{role}"])
        for role in person.roles
    ]


def person_header(person: Person) -> nodes.container:
    header = nodes.container(classes=["wsl-record-header", "wsl-person-header"])
    header += avatar(person)
    facts = nodes.container(classes=["wsl-record-facts"])
    facts += nodes.paragraph("", person.affiliation, classes=["wsl-affiliation"])
    facts += nodes.paragraph("", "", *role_badges(person), classes=["wsl-badges"])
    # A Scholar profile given as the homepage too is shown once, under its own name
    links = [] if person.homepage == person.scholar else [("Homepage", person.homepage)]
    if person.scholar:
        links.append(("Google Scholar", person.scholar))
    links += [(link.label, link.url) for link in person.links]
    facts += link_line(links)
    header += facts
    return header


def link_line(links: list[tuple[str, str]]) -> nodes.paragraph:
    line = nodes.paragraph(classes=["wsl-links"])
    for index, (label, url) in enumerate(links):
        if index:
            line += nodes.Text(" · ")
        line += nodes.reference("", label, refuri=url)
    return line


def paper_header(env: BuildEnvironment, paper: Paper) -> nodes.container:
    header = nodes.container(classes=["wsl-record-header", "wsl-paper-header"])
    header += nodes.paragraph("", "", *author_nodes(paper), classes=["wsl-authors"])
    header += nodes.paragraph(
        "",
        "",
        nodes.inline(
            "",
            PRESENTATIONS[paper.presentation],
            classes=["wsl-badge", f"wsl-presentation-{paper.presentation}"],
        ),
        nodes.Text(" "),
        nodes.inline(
            "", f"Poster session {paper.poster_session}", classes=["wsl-badge", "wsl-session"]
        ),
        classes=["wsl-badges"],
    )
    links = paper_links(paper)
    if links:
        header += link_line(links)
    topics = nodes.paragraph("", "Topics: ", classes=["wsl-topics"])
    for index, topic in enumerate(paper.topics):
        if index:
            topics += nodes.Text(", ")
        topics += topic_link(topic)  # the papers of that topic, once the listing is known
    header += topics
    return header


# The links row: these first, in this order, then the paper's other links.
FIRST_LINKS = ("OpenReview", "PDF", "arXiv", "Code")


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """``(label, url)`` of every link the record has, and no other."""
    links = [("OpenReview", paper.openreview_url)] if paper.openreview_url else []
    links += paper.links.items()
    rank = {label: position for position, label in enumerate(FIRST_LINKS)}
    return sorted(links, key=lambda link: rank.get(link[0], len(rank)))


def resolved_topic(uri: str | None, topic_id: str, title: str) -> nodes.Element:
    """A topic of a paper: a link to the papers listing filtered by it (``?topic=<id>``)."""
    text = nodes.inline("", title, classes=["wsl-topic"])
    if not uri:
        return text
    return nodes.reference(
        "", "", text, refuri=f"{uri}?topic={topic_id}", internal=True, classes=["wsl-topic-link"]
    )


# -- when and where ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Appearance:
    """How a paper was shown: a label, the slots it may have been in, and whether the program
    says which one (``one_of``: it was one of ``slots``, which one is not in the public records)."""

    label: str
    slots: tuple[TimedSlot, ...]
    one_of: bool = False


Link = t.Callable[[TimedSlot], "nodes.Node | None"]


def _day_time(when: dt.datetime, timezone: str) -> element:
    """``<time class="wsl-time-day">Sunday, April 27, 2025, 10:00</time>``: the local-time
    script writes the reader's day and time."""
    iso = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return make(
        "time",
        f"{format_day(when.date())}, {when:%H:%M}",
        classes=["wsl-time", "wsl-time-day"],
        datetime=iso,
        data_tz=timezone,
    )


def _slot_line(
    slot: TimedSlot, schedule: Schedule, *, program: Link, calendar: Link
) -> list[nodes.Node]:
    result: list[nodes.Node] = [
        _day_time(slot.starts, schedule.timezone),
        nodes.Text("\N{EN DASH}"),
        time_element(slot.ends, schedule.timezone, ends=True),
    ]
    if slot.session_number is not None:
        result.append(nodes.Text(f" (session {slot.session_number}: {slot.session_title})"))
    if slot.slot.room:
        result.append(nodes.Text(f", room: {slot.slot.room}"))
    for link in (program(slot), calendar(slot)):
        if link is not None:
            result += [nodes.Text(" · "), link]
    return result


def when_and_where(
    schedule: Schedule,
    appearances: list[Appearance],
    *,
    place: str | None,
    program: Link,
    calendar: Link,
    add_to_calendar: nodes.Node | None = None,
    agenda_id: str | None = None,
) -> nodes.section:
    """The poster session and the spotlight block of a paper, in venue time (the local-time
    button shows them in the reader's time), the room, and the paper's own calendar file
    (``add_to_calendar``); ``calendar`` links a block the paper's file cannot name (a spotlight
    whose block was not published). ``agenda_id``: where agenda.js puts the paper's star."""
    section = nodes.section(ids=["when-and-where"], names=["when and where"])
    section["classes"].append("wsl-when")
    section += nodes.title("", "When and where")
    if place:
        line = nodes.paragraph("", "", classes=["wsl-place"])
        line += nodes.strong("", "Where: ")
        line += nodes.Text(f"{place}.")
        section += line
    items = nodes.bullet_list(classes=["wsl-appearances"])
    timed = False
    for appearance in appearances:
        line = nodes.paragraph("", "", nodes.strong("", appearance.label))
        item = nodes.list_item("", line)
        if not appearance.slots:
            line += nodes.Text(": the program does not give its time.")
        elif len(appearance.slots) == 1:
            line += nodes.Text(": ")
            line += _slot_line(appearance.slots[0], schedule, program=program, calendar=calendar)
        else:
            line += nodes.Text(
                ", in one of these blocks (which one is not in the workshop's public records):"
                if appearance.one_of
                else ", in these blocks:"
            )
            blocks = nodes.bullet_list()
            for slot in appearance.slots:
                blocks += nodes.list_item(
                    "",
                    nodes.paragraph(
                        "", "", *_slot_line(slot, schedule, program=program, calendar=calendar)
                    ),
                )
            item += blocks
        timed = timed or bool(appearance.slots)
        items += item
    section += items
    if add_to_calendar is not None:
        section += add_to_calendar
    if agenda_id:
        # Filled by agenda.js with a star button; without a script, nothing shows.
        star = make("span", "", classes=["wsl-star-slot"], data_agenda_id=agenda_id)
        section += nodes.paragraph("", "", star, classes=["wsl-agenda-line", "no-search"])
    if timed:
        label = schedule.timezone_label()
        status, space, button = toggle_nodes(venue_name=label.split(",")[0])
        status += nodes.Text("Times are in ")
        status += nodes.strong("", label)
        status += nodes.Text(", the time at the venue.")
        section += nodes.paragraph(
            "", "", status, space, button, classes=["wsl-localtime", "wsl-when-timezone"]
        )
    return section


def abstract_section(paper: Paper) -> nodes.section | None:
    """The abstract as plain paragraphs: contributed text, never parsed as Markdown."""
    paragraphs = paper.abstract_paragraphs
    if not paragraphs:
        return None
    section = nodes.section(ids=["abstract"], names=["abstract"], classes=["wsl-abstract"])
    section += nodes.title("", "Abstract")
    section += [nodes.paragraph("", text) for text in paragraphs]
    return section


def related_sections(
    builder: Builder, docname: str, by_authors: list[Paper], same_topic: list[Paper]
) -> list[nodes.section]:
    """ "More by these authors" and "Same topic": a few links each (the lists are bounded)."""
    result = []
    for anchor, title, chosen in (
        ("more-by-these-authors", "More by these authors", by_authors),
        ("same-topic", "Same topic", same_topic),
    ):
        if not chosen:
            continue
        section = nodes.section(ids=[anchor], names=[title.lower()], classes=["wsl-related"])
        section += nodes.title("", title)
        links = [(relative_uri(builder, docname, paper.docname), paper.title) for paper in chosen]
        section += link_list(links, classes=["wsl-related-list"])
        result.append(section)
    return result


def speaker_talks(schedule: Schedule, talks: list[TimedSlot]) -> nodes.paragraph:
    """What a speaker's page says of their talk: its slot where the program names them, else
    (said once) that the title is not in the public records."""
    line = nodes.paragraph(classes=["wsl-talk"])
    if not talks:
        line += nodes.Text("The title of the talk is not in the workshop's public records.")
        return line
    for index, slot in enumerate(talks):
        line += nodes.Text("; " if index else "Talk: ")
        line += nodes.strong("", slot.title)
        line += nodes.Text(", ")
        line += _day_time(slot.starts, schedule.timezone)
        line += nodes.Text("\N{EN DASH}")
        line += time_element(slot.ends, schedule.timezone, ends=True)
    line += nodes.Text(f" ({schedule.timezone_label()}).")
    return line


def author_nodes(paper: Paper) -> list[nodes.Node]:
    """Author names; those with a person page link there (resolved once all pages are read)."""
    result: list[nodes.Node] = []
    for index, name in enumerate(paper.authors):
        if index:
            result.append(nodes.Text(", "))
        result.append(pending_author(name))
    return result


def resolved_author(
    builder: Builder, docname: str, name: str, person: Person | None
) -> nodes.Element:
    """An author of a paper page: a link to their person page, if they have one."""
    if person is None:
        return nodes.inline("", name, classes=["wsl-author"])
    return page_link(builder, docname, person.docname, name, classes=["wsl-author"])


def person_backlinks(
    builder: Builder,
    docname: str,
    authored: list[Paper],
    mentioned: list[tuple[str, str]],
) -> list[nodes.Node]:
    """ "Papers at the workshop" and "Mentioned on" (``(docname, title)``) of a person page."""
    result: list[nodes.Node] = []
    for heading, pages in (
        ("Papers at the workshop", [(paper.docname, paper.title) for paper in authored]),
        ("Mentioned on", mentioned),
    ):
        if pages:
            links = [(relative_uri(builder, docname, doc), title) for doc, title in pages]
            result += [nodes.rubric("", heading), link_list(links, classes=["wsl-backlinks"])]
    return result
