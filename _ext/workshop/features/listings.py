"""Listings generated from the records: ``{people}`` (cards by role), ``{paper-list}`` (grouped,
filtered) and ``{paper-filter}`` (every paper, with a filter form for readers).

The directives leave a placeholder at read time; it is filled when the page is resolved,
once every record has been read, so a listing always agrees with the files.

``{paper-filter}``'s list is an ordinary ``{paper-list}`` (it works without JavaScript). The
form, hidden until ``_static/paper-filter.js`` runs, filters the list by topic, presentation,
poster session and free text over titles and authors, keeps its state in the URL query
(``?topic=...&session=1``) and announces the number of papers shown in a live region. The
script is loaded (deferred) only on pages that use the directive.
"""

from __future__ import annotations

import typing as t

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..domain import Users
from ..model.fields import PRESENTATIONS, ROLES
from ..model.records import Paper
from ..render.nodes import export_links, listing, paper_filter_form
from ..render.paper_list import SESSIONS, group_heading, paper_count, paper_items
from ..render.people_cards import people_cards
from ..state import site_data
from .records import domain, papers, people, people_by_name
from .topics import topic_reference

FILTER_SCRIPT = "paper-filter.js"


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
        domain(self.env).note_user(Users.listing, self.env.docname)
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
        "poster-session": _choice(SESSIONS),
        "topic": directives.unchanged_required,
        "group-by": _choice(["presentation", "poster-session", "topic"]),
    }


class PaperFilterDirective(SphinxDirective):
    """``{paper-filter}``: the filter form and one list of all papers, sorted by title."""

    has_content = False
    option_spec: t.ClassVar = {}

    def run(self):
        domain(self.env).note_user(Users.listing, self.env.docname)
        domain(self.env).note_user(Users.paper_filter, self.env.docname)
        self.env.note_dependency(self.config.workshop_topics_file)
        prefix = f"wsl-filter-{self.env.new_serialno('paper-filter')}"
        topics = [(area.id, area.title) for area in site_data(self.env).topics.values()]
        browser = nodes.container(classes=["wsl-paper-browser"], ids=[f"{prefix}-papers"])
        browser += paper_filter_form(prefix=prefix, topics=topics)
        papers = listing(kind="papers", options={})
        self.set_source_info(papers)
        browser += papers
        browser += export_links()
        return [browser]


# -- filling the listings ------------------------------------------------------------------------


def render_people(app: Sphinx, docname: str, options: dict) -> list[nodes.Node]:
    role = options.get("role")
    chosen = sorted(
        (p for p in people(app.env).values() if role is None or role in p.roles),
        key=lambda p: p.sort_key,
    )
    return people_cards(app.builder, docname, chosen, show_roles=role is None)


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
            for n in map(int, SESSIONS)
        ]
    return [
        (topic.id, topic.title, [p for p in chosen if topic.id in p.topics])
        for topic in site_data(env).topics.values()
    ]


def render_papers(app: Sphinx, docname: str, options: dict, location) -> list[nodes.Node]:
    env = app.env
    topic = options.get("topic")
    if topic is not None and topic not in site_data(env).topics:
        topic_reference(env, topic, location=location)  # warns with the allowed ids
        return []
    chosen = sorted(filter(paper_filter(options), papers(env).values()), key=lambda p: p.sort_key)
    by_name = people_by_name(env)
    result: list[nodes.Node] = [paper_count(len(chosen))]
    for group_id, group_title, members in group_papers(env, chosen, options.get("group-by")):
        if group_title:
            result.append(group_heading(options["group-by"], group_id, group_title, len(members)))
        result.append(paper_items(app.builder, docname, members, by_name))
    return result


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(listing)):
        if node["kind"] == "people":
            node.replace_self(render_people(app, docname, node["options"]))
        else:
            node.replace_self(render_papers(app, docname, node["options"], node))


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    if domain(app.env).uses(Users.paper_filter, pagename):
        app.add_js_file(FILTER_SCRIPT, loading_method="defer")


def setup_listings(app: Sphinx) -> None:
    app.add_directive("people", PeopleDirective)
    app.add_directive("paper-list", PaperListDirective)
    app.add_directive("paper-filter", PaperFilterDirective)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-page-context", on_html_page_context)
