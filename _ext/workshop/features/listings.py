"""Listings generated from the records: ``{people}`` (cards by role), ``{paper-list}`` (grouped,
filtered) and ``{paper-filter}`` (the papers page: every paper once, grouped and filtered by the
reader).

The directives leave a placeholder at read time; it is filled when the page is resolved,
once every record has been read, so a listing always agrees with the files.

``{paper-filter}`` lists the papers by title, each row with its links (OpenReview, PDF, arXiv,
code) and its BibTeX entry (the paper page's, from ``citations``), in the markup of
``render/paper_list.row_html``. Its form, worked by ``_static/paper-filter.js`` and shown
(from the first paint) only where scripts run, groups the list (presentation, poster session,
topic area) and filters it (topic, presentation, poster session, words of titles and authors)
with the count of each choice, keeps the view in the URL
query (``?group=session&topic=...``) and announces the number of papers shown in a live region;
the script is loaded (deferred) only on pages that use the directive. The page itself holds the
first ``:per-page:`` papers: past that, the HTML builders also write the other pages of the list
(``<folder>/page/N/``, for readers without JavaScript) and ``<page>-rows.json``, every row in the
same markup, which the script fetches on the reader's first choice. Both are written when the
build renders the list (``html-collect-pages``): a rebuild that leaves the page alone leaves
them alone.
Other builders (text...) get every paper in one list.
"""

from __future__ import annotations

import json
import typing as t
from collections import Counter
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..domain import Users
from ..formats.bibtex import citation_keys
from ..kinds import PAPERS, PEOPLE, Collection
from ..model.fields import PRESENTATIONS, ROLES
from ..model.records import Paper
from ..render.nodes import export_links, listing, paper_filter_form, paper_list, paper_pages
from ..render.pages import list_page_body
from ..render.paper_list import (
    SESSIONS,
    RowMarkup,
    group_heading,
    list_html,
    pages_nav_html,
    paper_count,
    paper_entry,
    paper_items,
    plural,
    row_markup,
)
from ..render.people_cards import people_cards
from ..state import build_memory, build_scratch, site_data
from .citations import citation_year
from .citations import paper_entry as paper_bibtex_entry
from .data_files import note_data_file
from .export_files import extra_page_name, page_count, rows_file
from .records import domain, papers, people, people_by_name
from .topics import topic_reference

FILTER_SCRIPT = "paper-filter.js"
PER_PAGE = 100  # papers on the papers page itself: its first visit stays small at any N
HTML_BUILDERS = ("html", "dirhtml")  # the builders that write the extra pages and data file


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
    shows: t.ClassVar[tuple[Collection, ...]] = ()  # the records it lists (and links)

    def run(self):
        domain(self.env).note_listing(self.env.docname, *self.shows)
        node = listing(kind=self.kind, options=dict(self.options))
        self.set_source_info(node)
        return [node]


class PeopleDirective(ListingDirective):
    """``{people}`` with ``:role: organizer``: the people holding a role, as cards."""

    kind = "people"
    shows = (PEOPLE,)
    option_spec: t.ClassVar = {"role": _choice(ROLES)}


class PaperListDirective(ListingDirective):
    """``{paper-list}``: papers, filtered and optionally grouped.

    Options: ``:presentation:``, ``:poster-session:``, ``:topic:`` filter;
    ``:group-by: presentation | poster-session | topic`` groups under sub-headings.
    """

    kind = "papers"
    shows = (PAPERS, PEOPLE)  # authors link to their person pages
    option_spec: t.ClassVar = {
        "presentation": _choice(PRESENTATIONS),
        "poster-session": _choice(SESSIONS),
        "topic": directives.unchanged_required,
        "group-by": _choice(["presentation", "poster-session", "topic"]),
    }


class PaperFilterDirective(SphinxDirective):
    """``{paper-filter}``: every paper in one list, with the form that groups and filters it.

    ``:per-page:`` (default 100): how many papers the page itself lists, by title; the rest are
    on extra pages (``<folder>/page/2/``...), so the page stays small at thousands of papers.
    """

    has_content = False
    option_spec: t.ClassVar = {"per-page": directives.positive_int}

    def run(self):
        docname = self.env.docname
        per_page = self.options.get("per-page", PER_PAGE)
        domain(self.env).note_listing(docname, PAPERS, PEOPLE)  # authors link to person pages
        domain(self.env).note_paper_browser(docname, per_page)
        note_data_file(self.env, self.config.workshop_topics_file)
        prefix = f"wsl-filter-{self.env.new_serialno('paper-filter')}"
        node = listing(kind="paper-browser", options={"prefix": prefix, "per-page": per_page})
        self.set_source_info(node)
        return [node, export_links()]


# -- filling the listings ------------------------------------------------------------------------


def render_people(app: Sphinx, docname: str, options: dict) -> list[nodes.Node]:
    role = options.get("role")
    chosen = sorted(
        (p for p in people(app.env).values() if role is None or role in p.roles),
        key=lambda p: p.sort_key,
    )
    return people_cards(app.builder, docname, chosen, role=role)


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


# -- the papers page: one list, its extra pages and its data file --------------------------------


def bibtex_entries(env, chosen: list[Paper]) -> dict[str, str]:
    """``paper id -> BibTeX entry`` of the ``chosen`` papers, the very entry of the paper's page
    and ``papers.bib``."""
    keys = build_memory(env).citation_keys or citation_keys(papers(env), citation_year(env))
    return {paper.id: paper_bibtex_entry(env, paper, keys[paper.id]) for paper in chosen}


def sorted_papers(env) -> list[Paper]:
    return sorted(papers(env).values(), key=lambda p: p.sort_key)


def option_counts(chosen: list[Paper], topic_ids: list[str]) -> dict[str, dict[str, int]]:
    """The papers of each choice of each filter ("" for all), before any filter is set."""
    return {
        "topic": {"": len(chosen), **{i: sum(i in p.topics for p in chosen) for i in topic_ids}},
        "presentation": {"": len(chosen), **Counter(p.presentation for p in chosen)},
        "session": {"": len(chosen), **Counter(str(p.poster_session) for p in chosen)},
    }


def page_uris(builder, fromname: str, docname: str, pages: int) -> list[str]:
    names = [docname, *(extra_page_name(docname, n) for n in range(2, pages + 1))]
    return [builder.get_relative_uri(fromname, name) or "./" for name in names]


def render_paper_browser(app: Sphinx, docname: str, options: dict) -> list[nodes.Node]:
    env, builder = app.env, app.builder
    chosen = sorted_papers(env)
    by_name = people_by_name(env)
    if builder.name not in HTML_BUILDERS:  # text, LaTeX...: every paper, in one list
        return [paper_count(len(chosen)), paper_items(builder, docname, chosen, by_name)]
    build_scratch(app).rendered_paper_lists.add(docname)
    per_page = options["per-page"]
    entries = bibtex_entries(env, chosen[:per_page])
    shown = [
        paper_entry(builder, docname, paper, by_name, bibtex=entries[paper.id])
        for paper in chosen[:per_page]
    ]
    topics = [(area.id, area.title) for area in site_data(env).topics.values()]
    pages = page_count(len(chosen), per_page)
    browser = nodes.container(classes=["wsl-paper-browser"], ids=[f"{options['prefix']}-papers"])
    browser += paper_filter_form(
        prefix=options["prefix"],
        topics=topics,
        counts=option_counts(chosen, [i for i, _ in topics]),
        rows_uri=relative_uri(builder.get_target_uri(docname), rows_file(docname)),
        complete=pages == 1,
    )
    count = plural(len(chosen), "paper") + ", by title"
    if pages > 1:
        count += f"; this page lists the first {len(shown)}, the others are on pages 2 to {pages}"
    browser += nodes.paragraph("", count + ".", classes=["wsl-count"])
    if pages > 1:
        browser += paper_pages(pages=page_uris(builder, docname, docname, pages), current=1)
    view = nodes.container(classes=["wsl-paper-view"])
    view += paper_list(shown, classes=["wsl-paper-list"])
    browser += view
    return [browser]


def _extra_page_body(
    app: Sphinx, docname: str, number: int, per_page: int, rows: list[RowMarkup]
) -> tuple[str, str]:
    """The title and body of page ``number`` of the list of ``docname`` (``rows``: every row of
    the list)."""
    env, builder = app.env, app.builder
    pagename = extra_page_name(docname, number)
    pages = page_count(len(rows), per_page)
    first = (number - 1) * per_page
    part = rows[first : first + per_page]
    title = env.titles[docname].astext() if docname in env.titles else "Papers"
    title = f"{title}: page {number} of {pages}"
    nav = pages_nav_html(page_uris(builder, pagename, docname, pages), number)
    page_uri = builder.get_target_uri(pagename)
    body = list_page_body(
        title=title,
        number=number,
        first=first + 1,
        shown=len(part),
        total=len(rows),
        nav=nav,
        rows=list_html(row.on_page(page_uri) for row in part),
    )
    return title, body


def every_row(app: Sphinx) -> list[RowMarkup]:
    """Every paper's row, by title, made once for all pages of the list and its data file."""
    env = app.env
    chosen, by_name = sorted_papers(env), people_by_name(env)
    entries = bibtex_entries(env, chosen)
    return [row_markup(app.builder, p, by_name, bibtex=entries[p.id]) for p in chosen]


def on_html_collect_pages(app: Sphinx) -> t.Iterator[tuple[str, dict, str]]:
    """The extra pages of the papers page's list and its data file, written again only when this
    build rendered the list (a record changed): a rebuild after another edit leaves them alone."""
    builder = app.builder
    if builder.name not in HTML_BUILDERS:
        return
    assert isinstance(builder, StandaloneHTMLBuilder)  # html and dirhtml
    scratch = build_scratch(app)
    rendered, scratch.rendered_paper_lists = scratch.rendered_paper_lists, set()
    outdir = Path(builder.outdir)
    rows: list[RowMarkup] | None = None  # made once, for the first list that needs them
    for docname, per_page in domain(app.env).paper_browsers().items():
        data_file = outdir / rows_file(docname)
        if docname not in rendered and data_file.exists():
            continue
        rows = every_row(app) if rows is None else rows
        page_uri = builder.get_target_uri(docname)
        data_file.parent.mkdir(parents=True, exist_ok=True)
        data_file.write_text(  # links relative to the page, like its own rows (it is beside it)
            json.dumps(
                {"rows": [row.on_page(page_uri) for row in rows]},
                ensure_ascii=False,
                separators=(",", ":"),
            ),
            encoding="utf-8",
        )
        pages = page_count(len(rows), per_page)
        for number in range(2, pages + 1):
            title, body = _extra_page_body(app, docname, number, per_page, rows)
            yield extra_page_name(docname, number), {"title": title, "body": body}, "page.html"
        number = pages + 1  # pages of a longer list before: gone, not left stale
        while (stale := Path(builder.get_outfilename(extra_page_name(docname, number)))).exists():
            stale.unlink()
            number += 1


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(listing)):
        if node["kind"] == "people":
            node.replace_self(render_people(app, docname, node["options"]))
        elif node["kind"] == "paper-browser":
            node.replace_self(render_paper_browser(app, docname, node["options"]))
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
    app.connect("html-collect-pages", on_html_collect_pages)
