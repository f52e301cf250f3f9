"""Search that forgives accents: "Schurholt" finds the page of Konstantin Schürholt.

Sphinx indexes words as typed, so a name with a diacritic is only found when the reader types
the diacritic too. English search with accent folding fixes that on both sides of the index:
the Python splitter folds every indexed word, and the same folding runs in the reader's
browser before the query is split and stemmed (``splitQuery`` in ``language_data.js``).
Titles keep their title-level score, so a person's page still ranks first for their name.

Record pages also get a few words that readers search for but that pages do not show in
this form, as the record's collection says (``kinds.py``, ``search_words``): the OpenReview id
of a paper and the ASCII spellings of names (``ü`` -> ``ue``). They sit in a node that is
indexed but never rendered.

A rubric (a heading outside the section tree, such as "Posters of poster session 1" on the
program) is a heading for readers, so it counts as one for search too: its words score as title
words and it is listed as a title result with its anchor ("Program > Posters of poster
session 1"). Sphinx indexes only section titles; a copy of the rubric's text in a title node
that is indexed but never rendered does it.

A page is indexed for its own content. The parts that point elsewhere (related-paper lists,
"more by these authors", a person's papers, chips, links rows, the topics line, when and where,
the BibTeX block, download links, table headers) get Sphinx's ``no-search`` class, which its
``WordCollector`` skips: a paper page no longer matches "diffusion" because a related paper
does. Listings count as content only on the collection's own page (``workshop_collection_pages``:
the papers page lists papers); elsewhere (the program's posters and speakers) they point away.

On the search page, ``static/search-snippets.js`` (next to this module: every site has a search
page, so the script comes with the extension) builds the result snippets from the prose of each
page (no form labels, avatar initials, BibTeX or configuration tables, nothing marked
``no-search``), and ``static/search-ranking.js`` lists the pages outside the navigation (the
contributor guide, ``orphan``) after the reader's pages.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from .compat.search_language import add_folding_english
from .domain import domain
from .kinds import BY_FOLDER, collection_of, collection_of_record
from .model.records import ascii_spellings
from .render.head import search_meta
from .render.nodes import paper_list, search_heading, search_terms

__all__ = ["ascii_spellings", "record_terms", "setup_search"]

SNIPPETS_SCRIPT = "search-snippets.js"
RANKING_SCRIPT = "search-ranking.js"
STATIC = Path(__file__).resolve().parent / "static"


def record_terms(app: Sphinx, docname: str) -> list[str]:
    record = domain(app.env).record(docname)
    return collection_of_record(record).search_words(record) if record is not None else []


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Give a record's page its extra search words (after the record is read)."""
    if collection_of(app, app.env.docname) is None:
        return
    terms = record_terms(app, app.env.docname)
    if terms:
        doctree += search_terms("", " ".join(terms))


def index_rubrics_as_headings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give each anchored rubric a hidden title, which the search index takes as a heading."""
    if app.builder.format != "html" or not getattr(app.builder, "search", False):
        return
    for rubric in doctree.findall(nodes.rubric):
        if rubric["ids"] and not any(isinstance(c, search_heading) for c in rubric.children):
            rubric += search_heading("", rubric.astext())


# Classes of the parts of a page that say where else to go, not what the page is about.
POINTERS = frozenset(
    {
        "wsl-related",  # "More by these authors", "Same topic"
        "wsl-backlinks",  # a person's papers
        "wsl-badges",  # chips
        "wsl-badge",
        "wsl-links",  # OpenReview, PDF, homepage... rows
        "wsl-paper-links",
        "wsl-topics",  # topic links to the filtered list
        "wsl-when",  # the program's times, on a paper page (the program has them)
        "wsl-cite",  # the BibTeX entry
        "wsl-bibtex",
        "wsl-export",  # download links
        "wsl-localtime",  # the time toggle
        "wsl-avatar",
    }
)
# Listings: content on their collection's own page, pointers elsewhere.
LISTINGS = frozenset({"wsl-paper-list", "wsl-people"})
NO_SEARCH = "no-search"  # Sphinx 9's WordCollector skips an element with this class


def is_pointer(node: nodes.Element, *, listing_page: bool) -> bool:
    classes = set(node["classes"])
    if classes & POINTERS or isinstance(node, nodes.thead):
        return True
    return not listing_page and bool(classes & LISTINGS or isinstance(node, paper_list))


def skip_pointers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Mark what a page points to, so that search indexes what the page is about."""
    if app.builder.format != "html" or not getattr(app.builder, "search", False):
        return
    listing_page = docname in app.config.workshop_collection_pages

    def mark(node: nodes.Element) -> None:
        if is_pointer(node, listing_page=listing_page):
            if NO_SEARCH not in node["classes"]:
                node["classes"].append(NO_SEARCH)
            return  # its children are skipped with it
        for child in node.children:
            if isinstance(child, nodes.Element):
                mark(child)

    mark(doctree)


def add_static_path(app: Sphinx, config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def below_reader_pages(app: Sphinx) -> list[str]:
    """Pages outside the site's navigation (``orphan``: the contributor guide), which search
    lists after every page of the navigation. A collection's pages are the reader's even when
    only their lists reach them (news posts and their index)."""
    env = app.env
    return sorted(
        name
        for name in env.found_docs
        if "orphan" in env.metadata.get(name, {}) and name.partition("/")[0] not in BY_FOLDER
    )


def add_snippets_script(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    # Deferred: they run after searchtools.js and before the search starts (DOMContentLoaded).
    if pagename == "search":
        app.add_js_file(SNIPPETS_SCRIPT, loading_method="defer")
        app.add_js_file(RANKING_SCRIPT, loading_method="defer")
        names = " ".join(below_reader_pages(app))
        context["metatags"] = context.get("metatags", "") + search_meta("wsl-search-below", names)


def setup_search(app: Sphinx) -> None:
    add_folding_english(app)
    # After features.records.on_doctree_read (priority 400), which stores the record.
    app.connect("doctree-read", on_doctree_read, priority=450)
    # Late, once every extension has resolved its nodes into the final doctree.
    app.connect("doctree-resolved", index_rubrics_as_headings, priority=900)
    app.connect("doctree-resolved", skip_pointers, priority=910)
    app.connect("config-inited", add_static_path)
    app.connect("html-page-context", add_snippets_script)
