"""No page renders its neighbours' titles, which no page shows.

The site has no "previous" and "next" links (``features.incremental.drop_neighbour_links``), but
Sphinx's ``get_doc_context`` renders both neighbours' titles for every page first, each through
``render_partial`` (a docutils writer and a translator: ~0.25 ms, a twentieth of a paper page in
the writer, measured at 500 papers). A page's entry in the builder's ``relations`` without its
neighbours, set as the page is resolved (before it is written, in the main process also with
``-j``), gives the same page without them: its parent (the breadcrumbs) is kept.

Checked against Sphinx 9.0.4: ``StandaloneHTMLBuilder.prepare_writing`` sets ``relations``
(docname -> [parent, previous, next]) before any page is resolved, and only ``get_doc_context``
reads it, the previous and next entries for ``prev``, ``next`` and their ``rellinks``, which the
theme shows only in the relation bar it leaves out (canary: tests/unit/test_compat.py).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def forget_neighbours(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    relations = getattr(app.builder, "relations", None)
    if not isinstance(relations, dict):
        return
    related = relations.get(docname)
    if related and (related[1] or related[2]):
        relations[docname] = [related[0], None, None]


def setup_neighbour_titles(app: Sphinx) -> None:
    app.connect("doctree-resolved", forget_neighbours)
