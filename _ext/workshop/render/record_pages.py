"""The markup of person and paper pages: headers, avatar, badges, author links, backlinks."""

from __future__ import annotations

from docutils import nodes
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from ..domain import page_link
from ..features.topics import topic_reference
from ..model.fields import PRESENTATIONS, ROLES
from ..model.records import Paper, Person
from .nodes import make, pending_author


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
    links = [("OpenReview", paper.openreview_url)] if paper.openreview_url else []
    links += paper.links.items()
    if links:
        header += link_line(links)
    topics = nodes.paragraph("", "Topics: ", classes=["wsl-topics"])
    for index, topic in enumerate(paper.topics):
        if index:
            topics += nodes.Text(", ")
        topics += topic_reference(env, topic, location=(paper.docname, paper.line))
    header += topics
    return header


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
    if authored:
        result.append(nodes.rubric("", "Papers at the workshop"))
        items = nodes.bullet_list(classes=["wsl-backlinks"])
        for paper in authored:
            items += nodes.list_item(
                "", nodes.paragraph("", "", page_link(builder, docname, paper.docname, paper.title))
            )
        result.append(items)
    if mentioned:
        result.append(nodes.rubric("", "Mentioned on"))
        items = nodes.bullet_list(classes=["wsl-backlinks"])
        for doc, title in mentioned:
            items += nodes.list_item(
                "", nodes.paragraph("", "", page_link(builder, docname, doc, title))
            )
        result.append(items)
    return result
