"""Whether a page has an "On this page" box, decided from the table of contents Sphinx collected.

The theme finds out that a page's box would be empty by rendering it (the page's contents
parsed with BeautifulSoup), then renders it again into the page. Here the collected table of
contents decides: pages with no sections below the title (every paper page) get no box, and
where the box is the only item and not empty, the theme is told so and does not render it to
check (it was the largest part of writing a page with sections: ~8 ms each).

Checked against pydata-sphinx-theme 0.24.0: the secondary sidebar's items are the context value
``theme_secondary_sidebar_items``, read by the theme's ``html-page-context`` handler
(``utils.set_secondary_sidebar_items``, priority 500) only when the page's context has it; the
templates read the result, ``secondary_sidebar_items`` (names with ``.html``); the page TOC
template is ``page-toc``; ``has_sections`` repeats the theme's test for an empty TOC. If any
changes, the box disappears or stays wrongly (canary: tests/unit/test_compat.py).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def has_sections(toc: nodes.Node) -> bool:
    """As the theme decides: several top-level headings, or one with headings below it."""
    top = [item for item in toc.children if isinstance(item, nodes.list_item)]
    return len(top) != 1 or any(isinstance(child, nodes.bullet_list) for child in top[0].children)


def skip_empty_page_toc(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    items = context.get("theme_secondary_sidebar_items")
    toc = app.env.tocs.get(pagename)
    if not isinstance(items, list) or "page-toc" not in items or toc is None:
        return  # the theme decides
    kept = [item for item in items if item != "page-toc" or has_sections(toc)]
    if kept == ["page-toc"]:  # known not to be empty: the theme need not render it to see
        del context["theme_secondary_sidebar_items"]
        context["secondary_sidebar_items"] = ["page-toc.html"]
    else:
        context["theme_secondary_sidebar_items"] = kept


def setup_page_toc(app: Sphinx) -> None:
    # Before the theme's own handler (priority 500), which renders the remaining items.
    app.connect("html-page-context", skip_empty_page_toc, priority=400)
