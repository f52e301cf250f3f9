"""Listings generated from the records: people by role (cards) and papers (grouped, filterable).

The directives leave a placeholder at read time; it is filled when the page is resolved,
once every record has been read, so a listing always agrees with the files.
"""

from __future__ import annotations

import typing as t

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.writers._html_base import HTMLTranslator
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx_design.shared import create_component

from .collections import avatar, make_link, papers, people, people_by_name, role_badges
from .features.topics import topic_reference
from .model.fields import PRESENTATIONS, ROLES
from .model.records import Paper, fold
from .state import site_data


class listing(nodes.General, nodes.Element):
    """Placeholder for a generated listing: ``listing(kind=..., options=...)``."""


def _choice(values: t.Iterable[str]) -> t.Callable[[str], str]:
    allowed = list(values)

    def check(argument: str) -> str:
        value = directives.unchanged_required(argument).strip()
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    return check


class ListingDirective(SphinxDirective):
    kind = ""

    def run(self):
        domain = self.env.get_domain("workshop")
        domain.put("listing_users", self.env.docname, True)
        node = listing(kind=self.kind, options=dict(self.options))
        self.set_source_info(node)
        return [node]


class PeopleDirective(ListingDirective):
    """``{people}`` with ``:role: organizer``: the people holding a role, as cards."""

    kind = "people"
    option_spec: t.ClassVar = {"role": _choice(ROLES)}


class PaperListDirective(ListingDirective):
    """``{paper-list}``: papers, filtered and optionally grouped.

    Options: ``:presentation:``, ``:poster-session:``, ``:topic:`` filter;
    ``:group-by: presentation | poster-session | topic`` groups under sub-headings.
    """

    kind = "papers"
    option_spec: t.ClassVar = {
        "presentation": _choice(PRESENTATIONS),
        "poster-session": _choice(["1", "2"]),
        "topic": directives.unchanged_required,
        "group-by": _choice(["presentation", "poster-session", "topic"]),
    }


# -- rendering ---------------------------------------------------------------------------------


def render_people(app: Sphinx, docname: str, options: dict) -> list[nodes.Node]:
    role = options.get("role")
    chosen = sorted(
        (p for p in people(app.env).values() if role is None or role in p.roles),
        key=lambda p: p.sort_key,
    )
    # sphinx-design components render as bare <div>s (no docutils "container" class,
    # which the theme's Bootstrap would style as a page-wide container).
    grid = create_component(
        "grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "wsl-people"]
    )
    row = create_component(
        "grid-row", ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2", "sd-row-cols-md-3", "sd-g-3"]
    )
    grid += row
    for person in chosen:
        card = create_component(
            "card",
            [
                "sd-card",
                "sd-sphinx-override",
                "sd-w-100",
                "sd-shadow-sm",
                "sd-card-hover",
                "wsl-person-card",
            ],
        )
        body = create_component("card-body", ["sd-card-body"])
        body += avatar(person, resolved=True)
        name = nodes.paragraph(classes=["sd-card-title", "sd-font-weight-bold", "wsl-name"])
        name += make_link(
            app.builder, docname, person.docname, person.name, classes=["sd-stretched-link"]
        )
        body += name
        body += nodes.paragraph("", person.affiliation, classes=["sd-card-text"])
        if role is None or len(person.roles) > 1:
            body += nodes.paragraph("", "", *role_badges(person), classes=["wsl-badges"])
        card += body
        column = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
        column += card
        row += column
    count = nodes.paragraph(
        "", f"{len(chosen)} {'person' if len(chosen) == 1 else 'people'}", classes=["wsl-count"]
    )
    return [count, grid]


def paper_filter(options: dict) -> t.Callable[[Paper], bool]:
    def keep(paper: Paper) -> bool:
        return (
            options.get("presentation") in (None, paper.presentation)
            and options.get("poster-session") in (None, str(paper.poster_session))
            and options.get("topic") in (None, *paper.topics)
        )

    return keep


def group_papers(env, chosen: list[Paper], group_by: str | None):
    """``(group id, group title, papers)`` in a stable, meaningful order."""
    if group_by is None:
        return [("", "", chosen)]
    if group_by == "presentation":
        return [
            (key, PRESENTATIONS[key] + "s", [p for p in chosen if p.presentation == key])
            for key in PRESENTATIONS
        ]
    if group_by == "poster-session":
        return [
            (f"session-{n}", f"Poster session {n}", [p for p in chosen if p.poster_session == n])
            for n in (1, 2)
        ]
    return [
        (topic.id, topic.title, [p for p in chosen if topic.id in p.topics])
        for topic in site_data(env).topics.values()
    ]


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


# docutils' own escaping, so that the HTML below is what the equivalent nodes would give.
_ESCAPE = HTMLTranslator.special_characters


def _link(app: Sphinx, docname: str, target: str, text: str) -> str:
    uri = app.builder.get_relative_uri(docname, target).translate(_ESCAPE)
    return f'<a class="reference internal" href="{uri}"><span>{text.translate(_ESCAPE)}</span></a>'


def paper_item(app: Sphinx, docname: str, paper: Paper, by_name: dict) -> str:
    """One paper of a listing, as HTML; the data attributes feed the client-side filters."""
    data = {
        "id": paper.id,
        "presentation": paper.presentation,
        "session": str(paper.poster_session),
        "text": fold(" ".join([paper.title, *paper.authors])),
        "topics": " ".join(paper.topics),
    }
    attributes = "".join(f' data-{key}="{value.translate(_ESCAPE)}"' for key, value in data.items())
    authors = ", ".join(
        _link(app, docname, person.docname, name)
        if (person := by_name.get(fold(name)))
        else name.translate(_ESCAPE)
        for name in paper.authors
    )
    return (
        f'<li class="wsl-paper"{attributes}>'
        f'<span class="wsl-paper-title">{_link(app, docname, paper.docname, paper.title)}</span> '
        f'<span class="wsl-authors">{authors}</span> '
        f'<span class="wsl-badge wsl-presentation-{paper.presentation}">'
        f"{PRESENTATIONS[paper.presentation]}</span>"
        f'<span class="wsl-badge">Poster session {paper.poster_session}</span></li>'
    )


def paper_list(app: Sphinx, docname: str, chosen: t.Iterable[Paper], by_name: dict) -> nodes.raw:
    """The papers as one block of HTML: a listing of 2,000 papers as docutils nodes took seconds
    to make and write, in the process that resolves pages one by one (also with -j)."""
    items = "".join(paper_item(app, docname, paper, by_name) for paper in chosen)
    return nodes.raw("", f'<ul class="wsl-paper-list">{items}</ul>', format="html")


def render_papers(app: Sphinx, docname: str, options: dict, location) -> list[nodes.Node]:
    env = app.env
    topic = options.get("topic")
    if topic is not None and topic not in site_data(env).topics:
        topic_reference(env, topic, location=location)  # warns with the allowed ids
        return []
    chosen = sorted(filter(paper_filter(options), papers(env).values()), key=lambda p: p.sort_key)
    by_name = people_by_name(env)
    result: list[nodes.Node] = [
        nodes.paragraph("", plural(len(chosen), "paper"), classes=["wsl-count"])
    ]
    for group_id, group_title, members in group_papers(env, chosen, options.get("group-by")):
        if group_title:
            heading = nodes.rubric(
                "",
                f"{group_title} ({len(members)})",
                ids=[f"{options['group-by']}-{group_id}"],
                classes=["wsl-group"],
            )
            result.append(heading)
        result.append(paper_list(app, docname, members, by_name))
    return result


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(listing)):
        if node["kind"] == "people":
            node.replace_self(render_people(app, docname, node["options"]))
        else:
            node.replace_self(render_papers(app, docname, node["options"], node))


def setup_listings(app: Sphinx) -> None:
    app.add_node(listing)
    app.add_directive("people", PeopleDirective)
    app.add_directive("paper-list", PaperListDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
