"""Links between pages of the site, as nodes: the one place that asks the builder for a URI."""

from __future__ import annotations

import typing as t

from docutils import nodes
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode


def page_link(
    builder, fromdocname: str, docname: str, text: str, *, classes: t.Iterable[str] = ()
) -> nodes.Element:
    """A link to a page of the site with ``text``; the text alone where the builder has no
    URI for that page (``NoUri``, e.g. a page left out of a single-file build)."""
    try:
        link = make_refnode(builder, fromdocname, docname, "", nodes.inline("", text))
    except NoUri:
        return nodes.inline("", text, classes=list(classes))
    link["classes"] = ["reference", "internal", *classes]
    return link


def relative_uri(builder, fromdocname: str, docname: str) -> str:
    """The URI of ``docname`` from ``fromdocname``; "" where the builder has none (``NoUri``)."""
    try:
        return builder.get_relative_uri(fromdocname, docname)
    except NoUri:
        return ""


def target_uri(builder, docname: str) -> str | None:
    """The URI of ``docname`` from the site's root; None where the builder has none (``NoUri``)."""
    try:
        return builder.get_target_uri(docname)
    except NoUri:
        return None
