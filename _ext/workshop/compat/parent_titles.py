"""A parent page's title rendered once per build, not once per page below it.

For its breadcrumbs, Sphinx's ``get_doc_context`` renders the title of every page above a page
through ``render_partial`` (a docutils document, its transforms, a translator), the site's root
included, whose title it then drops: on a paper page, "Papers" and the home page's title, the
same two for all its papers (~0.25 ms each, a twentieth of a paper page in the writer, measured
at 500 papers). A title made of text and inline emphasis only renders the same from every page,
so its parts are kept for the build; any other title (a link, an image: their addresses depend
on the page) is rendered each time, as before.

Checked against Sphinx 9.0.4: ``get_doc_context`` renders the parents' titles with
``self.render_partial(titles[related[0]])['title']`` (``titles`` is ``env.titles``, whose nodes
live for the whole build) and reads only that part; ``render_partial`` depends on the node and,
through the translator, on the page being written (canary: tests/unit/test_compat.py).
"""

from __future__ import annotations

import typing as t

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from ..state import build_scratch

# Nodes whose HTML does not depend on the page it is written on.
PLAIN = (
    nodes.Text,
    nodes.title,
    nodes.emphasis,
    nodes.strong,
    nodes.literal,
    nodes.inline,
    nodes.subscript,
    nodes.superscript,
    nodes.abbreviation,
)


def _is_plain(title: nodes.Node) -> bool:
    return all(type(node) in PLAIN for node in title.findall())


def keep_parent_titles(app: Sphinx, builder: Builder) -> None:
    render = getattr(builder, "render_partial", None)
    if render is None:
        return
    titles = app.env.titles
    kept = build_scratch(app).plain_titles
    kept.clear()
    by_node = {id(node): docname for docname, node in titles.items()}

    def render_partial(node: nodes.Node | None) -> dict[str, t.Any]:
        docname = by_node.get(id(node))
        if node is None or docname is None or titles.get(docname) is not node:
            return render(node)  # not a page's title: a page's own parts, its contents
        assert node is not None
        parts = kept.get(docname)
        if parts is None:
            parts = render(node)
            if _is_plain(node):
                kept[docname] = parts
        return dict(parts)

    setattr(builder, "render_partial", render_partial)  # noqa: B010 (an instance's own)


def setup_parent_titles(app: Sphinx) -> None:
    app.connect("write-started", keep_parent_titles)
