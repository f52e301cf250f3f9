"""Pages with no sections below the title (every paper page) skip the empty "On this page" box.

The theme finds out that a page's "On this page" box would be empty by parsing the page's
contents with BeautifulSoup; here the table of contents Sphinx already collected decides.

Checked against pydata-sphinx-theme 0.24.0: the secondary sidebar's items are the context value
``theme_secondary_sidebar_items``, read by the theme's ``html-page-context`` handler
(``utils.set_secondary_sidebar_items``, priority 500); the page TOC template is ``page-toc``;
``has_sections`` repeats the theme's test for an empty TOC. If any changes, the box disappears or
stays wrongly (canary: tests/unit/test_compat.py).
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
    if not isinstance(items, list) or "page-toc" not in items:
        return
    toc = app.env.tocs.get(pagename)
    if toc is not None and not has_sections(toc):
        context["theme_secondary_sidebar_items"] = [item for item in items if item != "page-toc"]


def setup_page_toc(app: Sphinx) -> None:
    # Before the theme's own handler (priority 500), which renders the remaining items.
    app.connect("html-page-context", skip_empty_page_toc, priority=400)
