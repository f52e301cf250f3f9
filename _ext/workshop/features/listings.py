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
same markup, which the script fetches on the reader's first choice.

Rows are kept from one build to the next (``BuildMemory.paper_rows``, made at
``env-get-updated``, before the environment is pickled), by style: the papers page's and the
program's posters and spotlights (``kept_list``). A row is made again only when its record, its
citation key or what every row depends on (builder, person pages, the row's code) changes. Each
extra page and the data file is written (``html-collect-pages``) only when what it shows
changed (``BuildMemory.list_outputs``), or its file is missing or older than a template: an
edit of one paper writes the one page that lists it.
Other builders (text...) get every paper in one list.
"""

from __future__ import annotations

import functools
import hashlib
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
from ..model import fields
from ..model.fields import PRESENTATIONS, ROLES
from ..model.records import Paper
from ..render import markup as markup_module
from ..render import paper_list as paper_list_module
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
from .slot_details import spotlight_papers
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
    per_page = options["per-page"]
    first = chosen[:per_page]
    listed = kept_list(app, docname, first, "browser")
    if listed is None:
        entries = bibtex_entries(env, first)
        shown = [
            paper_entry(builder, docname, paper, by_name, bibtex=entries[paper.id])
            for paper in first
        ]
        listed = paper_list(shown, classes=["wsl-paper-list"])
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
        count += f"; this page lists the first {len(first)}, the others are on pages 2 to {pages}"
    browser += nodes.paragraph("", count + ".", classes=["wsl-count"])
    if pages > 1:
        browser += paper_pages(pages=page_uris(builder, docname, docname, pages), current=1)
    view = nodes.container(classes=["wsl-paper-view"])
    view += listed
    browser += view
    return [browser]


class PaperRow(t.NamedTuple):
    """A paper's row on the papers page's extra pages and data file, kept from one build to the
    next with what it was made from: made again only when the paper or its BibTeX entry
    changes (or the context of every row, ``row_context``)."""

    paper: Paper
    key: str  # its citation key ("" without a BibTeX entry)
    bibtex: str
    markup: RowMarkup
    on_pages: dict[str, str]  # page target URI -> the row written there

    def on_page(self, page_uri: str) -> str:
        html = self.on_pages.get(page_uri)
        if html is None:
            html = self.on_pages[page_uri] = self.markup.on_page(page_uri)
        return html


# The code that writes a row: rows kept from a build before are made again when it changes
# (make serve imports an edited extension again, the environment stays).
ROW_CODE = hashlib.sha256(
    b"".join(
        Path(module.__file__ or "").read_bytes()
        for module in (paper_list_module, markup_module, fields)
    )
).hexdigest()


def row_context(app: Sphinx) -> tuple:
    """What every row depends on besides its paper: the builder (its URIs), the person pages
    that author names link to, the code."""
    people_pages = sorted(
        (name, person.docname) for name, person in people_by_name(app.env).items()
    )
    return (app.builder.name, tuple(people_pages), ROW_CODE)


# The rows kept from one build to the next, by style: the papers page's list (the record's
# links and its BibTeX entry), the program's posters and spotlights (the links; no chip that
# their heading says already).
ROW_STYLES: dict[str, dict[str, t.Any]] = {
    "browser": {},
    "posters": {"with_links": True, "omit": frozenset({"session"})},
    "spotlights": {"with_links": True, "omit": frozenset({"presentation"})},
}


def refresh_rows(app: Sphinx) -> dict[tuple[str, str], PaperRow]:
    """``(style, paper id) -> row`` of every list the site shows in a kept style: the rows of
    the last build where neither the paper nor its BibTeX entry changed, others made again."""
    env = app.env
    memory = build_memory(env)
    context = row_context(app)
    kept = memory.paper_rows if memory.paper_rows_context == context else {}
    chosen, by_name = sorted_papers(env), people_by_name(env)
    wanted: list[tuple[str, list[Paper]]] = []
    if domain(env).paper_browsers():
        wanted.append(("browser", chosen))
    program_pages = program_lists(env)
    if program_pages:
        wanted += [("posters", chosen), ("spotlights", spotlight_papers(env))]
    keys = memory.citation_keys or citation_keys(papers(env), citation_year(env))
    rows: dict[tuple[str, str], PaperRow] = {}
    for style, shown in wanted:
        for paper in shown:
            key = keys[paper.id] if style == "browser" else ""
            row = kept.get((style, paper.id))
            if row is not None and row.paper is paper and row.key == key:
                rows[style, paper.id] = row  # the same record, not read again: the same entry
                continue
            bibtex = paper_bibtex_entry(env, paper, key) if key else ""
            if row is None or row.bibtex != bibtex or row.paper != paper:
                markup = row_markup(app.builder, paper, by_name, bibtex=bibtex, **ROW_STYLES[style])
                row = PaperRow(paper, key, bibtex, markup, {})
            else:  # read again, the same: the row with this build's record
                row = row._replace(paper=paper, key=key)
            rows[style, paper.id] = row
    for docname in program_pages:  # written there now: kept for the next build too
        uri = app.builder.get_target_uri(docname)
        for (style, _), row in rows.items():
            if style != "browser":
                row.on_page(uri)
    memory.paper_rows, memory.paper_rows_context = rows, context
    return rows


def program_lists(env) -> list[str]:
    """The pages that show the program's lists of posters and spotlights."""
    return domain(env).users(Users.schedule) if site_data(env).schedule is not None else []


def kept_list(app: Sphinx, docname: str, chosen: list[Paper], style: str) -> paper_list | None:
    """The list of the ``chosen`` papers on ``docname`` in ``style``, from the rows kept for
    the HTML builders (none is written again); None where a row is not kept."""
    if app.builder.name not in HTML_BUILDERS:
        return None
    kept = build_memory(app.env).paper_rows
    rows = [kept.get((style, paper.id)) for paper in chosen]
    if any(row is None or row.paper is not paper for row, paper in zip(rows, chosen, strict=True)):
        return None
    uri = app.builder.get_target_uri(docname)
    return paper_list(
        [],
        rows=[row.on_page(uri) for row in rows],  # type: ignore[union-attr]
        text="\n".join(row.markup.text for row in rows),  # type: ignore[union-attr]
        classes=["wsl-paper-list"],
    )


def browser_rows(app: Sphinx) -> list[PaperRow]:
    """Every paper's row on the papers page's list, by title (kept at env-get-updated)."""
    rows = build_memory(app.env).paper_rows
    if any(("browser", paper.id) not in rows for paper in papers(app.env).values()):
        rows = refresh_rows(app)
    return [rows["browser", paper.id] for paper in sorted_papers(app.env)]


class ListOutput(t.NamedTuple):
    """A file of the papers page's list beyond the page itself (an extra page, the data file)."""

    name: str  # the page name, or the data file's path in the output folder
    digest: str  # of what it shows: written again only when it changes
    make: t.Callable[[], tuple[str, str]]  # (title, body) of a page; ("", text) of a data file


def _pair(first: str, second: str) -> tuple[str, str]:
    return first, second


def _digest(*parts: object) -> str:
    """Of short values and long texts (hashed as they are: no ``repr`` of a long text)."""
    digest = hashlib.sha256()
    for part in parts:
        texts = part if isinstance(part, list) else [repr(part)]
        for text in texts:
            digest.update(text.encode())
            digest.update(b"\0")  # no text holds a NUL: the parts stay apart
        digest.update(b"\1")
    return digest.hexdigest()


def chrome(app: Sphinx) -> tuple:
    """What an extra page shows around its list, besides its title: the configuration (as
    Sphinx compares it to write every page again) and the titles of the navigation bar."""
    env, builder = app.env, app.builder
    info = getattr(builder, "build_info", None)
    hashes = (info.config_hash, info.tags_hash) if info is not None else ()
    top = env.toctree_includes.get(app.config.root_doc, [])
    return (hashes, tuple(env.titles[doc].astext() for doc in top if doc in env.titles))


def list_outputs(
    app: Sphinx, docname: str, per_page: int, rows: list[PaperRow]
) -> list[ListOutput]:
    """The data file and the extra pages of the list of ``docname`` (``rows``: every row)."""
    env, builder = app.env, app.builder
    page_uri = builder.get_target_uri(docname)
    # Linked again for each page, not kept: at thousands of rows, keeping them in the pickled
    # environment cost more than linking them (26 ms for 2 x 2,000 rows).
    on_list_page = [row.markup.on_page(page_uri) for row in rows]  # relative to the page

    def data_text() -> tuple[str, str]:
        text = json.dumps({"rows": on_list_page}, ensure_ascii=False, separators=(",", ":"))
        return "", text

    outputs = [ListOutput(rows_file(docname), _digest(page_uri, on_list_page), data_text)]
    pages = page_count(len(rows), per_page)
    title = env.titles[docname].astext() if docname in env.titles else "Papers"
    frame = chrome(app)
    for number in range(2, pages + 1):
        pagename = extra_page_name(docname, number)
        first = (number - 1) * per_page
        uri = builder.get_target_uri(pagename)
        part = [row.markup.on_page(uri) for row in rows[first : first + per_page]]
        heading = f"{title}: page {number} of {pages}"
        nav = pages_nav_html(page_uris(builder, pagename, docname, pages), number)
        body = list_page_body(
            title=heading,
            number=number,
            first=first + 1,
            shown=len(part),
            total=len(rows),
            nav=nav,
            rows=list_html(part),
        )
        outputs.append(
            ListOutput(
                pagename, _digest(frame, heading, [body]), functools.partial(_pair, heading, body)
            )
        )
    return outputs


def on_env_get_updated(app: Sphinx, env) -> list[str]:
    """Before the environment is pickled: the rows of the papers page's list, and which of its
    extra pages and data file show something else than in the last build (kept in memory)."""
    scratch = build_scratch(app)
    scratch.paper_list_outputs = {}
    if app.builder.name not in HTML_BUILDERS:
        return []
    refresh_rows(app)  # the papers page's rows and the program's, kept for this build and the next
    memory = build_memory(env)
    for docname, per_page in domain(env).paper_browsers().items():
        outputs = list_outputs(app, docname, per_page, browser_rows(app))
        changed = {o.name for o in outputs if memory.list_outputs.get(o.name) != o.digest}
        memory.list_outputs.update((o.name, o.digest) for o in outputs)
        scratch.paper_list_outputs[docname] = (outputs, changed)
    return []


def on_html_collect_pages(app: Sphinx) -> t.Iterator[tuple[str, dict, str]]:
    """The extra pages of the papers page's list and its data file, each written again only
    when what it shows changed (or its file is missing or older than a template): a rebuild
    after an edit of one paper writes the one page that lists it."""
    builder = app.builder
    if builder.name not in HTML_BUILDERS:
        return
    assert isinstance(builder, StandaloneHTMLBuilder)  # html and dirhtml
    planned, build_scratch(app).paper_list_outputs = build_scratch(app).paper_list_outputs, {}
    outdir = Path(builder.outdir)
    template_time = builder.templates.newest_template_mtime() if builder.templates else 0
    for docname, per_page in domain(app.env).paper_browsers().items():
        if docname in planned:
            outputs, changed = planned[docname]
        else:  # not planned at env-get-updated (no environment update): all, if missing
            outputs, changed = list_outputs(app, docname, per_page, browser_rows(app)), set()
        data, *pages = outputs
        data_file = outdir / data.name
        if data.name in changed or not data_file.exists():
            data_file.parent.mkdir(parents=True, exist_ok=True)
            data_file.write_text(data.make()[1], encoding="utf-8")
        for page in pages:
            build_scratch(app).kept_pages.add(page.name)
            path = Path(builder.get_outfilename(page.name))
            if page.name in changed or not _newer(path, template_time):
                title, body = page.make()
                yield page.name, {"title": title, "body": body}, "page.html"
        number = len(pages) + 2  # pages of a longer list before: gone, not left stale
        while (stale := Path(builder.get_outfilename(extra_page_name(docname, number)))).exists():
            stale.unlink()
            number += 1


def _newer(path: Path, than: float) -> bool:
    """Whether ``path`` exists and was written after the time ``than`` (seconds)."""
    try:
        return path.stat().st_mtime > than
    except OSError:
        return False


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
    app.connect("env-get-updated", on_env_get_updated, priority=600)  # after the citation keys
    app.connect("html-collect-pages", on_html_collect_pages)
