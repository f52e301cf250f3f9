"""Search that forgives accents: "Schurholt" finds the page of Konstantin Schürholt.

Sphinx indexes words as typed, so a name with a diacritic is only found when the reader types
the diacritic too. English search with accent folding fixes that on both sides of the index:
the Python splitter folds every indexed word, and the same folding runs in the reader's
browser before the query is split and stemmed (``splitQuery`` in ``language_data.js``).
Titles keep their title-level score, so a person's page still ranks first for their name.

Record pages also get a few words that readers search for but that pages do not show in
this form: the OpenReview id of a paper and the ASCII spellings of names (``ü`` -> ``ue``).
They sit in a node that is indexed but never rendered.

A rubric (a heading outside the section tree, such as "Posters of poster session 1" on the
program) is a heading for readers, so it counts as one for search too: its words score as title
words and it is listed as a title result with its anchor ("Program > Posters of poster
session 1"). Sphinx indexes only section titles; a copy of the rubric's text in a title node
that is indexed but never rendered does it.

On the search page, ``static/search-snippets.js`` (next to this module: every site has a search
page, so the script comes with the extension) builds the result snippets from the prose of each
page (no form labels, avatar initials, BibTeX or configuration tables).
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

from .compat.search_language import add_folding_english
from .domain import collection_of, domain
from .model.records import Paper, Person
from .render.nodes import search_heading, search_terms

# Letters that readers spell out in ASCII instead of dropping the accent.
ASCII_SPELLINGS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "ø": "oe", "å": "aa"}
_SPELLED = re.compile("|".join(ASCII_SPELLINGS), re.IGNORECASE)


SNIPPETS_SCRIPT = "search-snippets.js"
STATIC = Path(__file__).resolve().parent / "static"


def ascii_spellings(names: list[str]) -> list[str]:
    """Names spelled out in ASCII (``Schürholt`` -> ``Schuerholt``), where that differs."""
    spelled = [_SPELLED.sub(lambda m: ASCII_SPELLINGS[m.group(0).lower()], name) for name in names]
    return [other for name, other in zip(names, spelled, strict=True) if other != name]


def record_terms(app: Sphinx, docname: str) -> list[str]:
    record = domain(app.env).record(docname)
    if isinstance(record, Person):
        return ascii_spellings([record.name])
    if isinstance(record, Paper):
        return [
            *([record.openreview] if record.openreview else []),
            *ascii_spellings(record.authors),
        ]
    return []


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Give a person or paper page its extra search words (after the record is read)."""
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


def add_static_path(app: Sphinx, config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def add_snippets_script(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    # Deferred: it runs after searchtools.js and before the search starts (DOMContentLoaded).
    if pagename == "search":
        app.add_js_file(SNIPPETS_SCRIPT, loading_method="defer")


def setup_search(app: Sphinx) -> None:
    add_folding_english(app)
    # After features.records.on_doctree_read (priority 400), which stores the record.
    app.connect("doctree-read", on_doctree_read, priority=450)
    # Late, once every extension has resolved its nodes into the final doctree.
    app.connect("doctree-resolved", index_rubrics_as_headings, priority=900)
    app.connect("config-inited", add_static_path)
    app.connect("html-page-context", add_snippets_script)
