"""The parts of a record page that this extension makes, translated to HTML when the page is
resolved, and copied by the writer.

With ``-j N``, Sphinx resolves pages in the main process while N - 1 forked writers translate
and write the pages before them; on two cores, one writer, whose time per page sets the pace of
the whole build while the main process mostly waits for it. A record page's own parts (its
header, "When and where", the BibTeX block, related papers: about 2 ms of a paper page's
translation) are therefore translated in the main process, by the translator the writer would
use, at the section depth they stand at. Each part stays in the doctree under a
``prerendered`` node, for the search index and every other builder. A serial build (``-j 1``,
``make html``) translates every page in one process: there, nothing is done early.
"""

from __future__ import annotations

import typing as t

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.writers.html5 import HTML5Translator

from ..domain import domain
from ..render.nodes import element, link_list, prerendered

# The parts' classes (render/record_pages.py, render/news.py, features/citations.py).
PARTS = frozenset({"wsl-record-header", "wsl-when", "wsl-related", "wsl-cite"})
# Nodes whose HTML comes from the node alone. Others read what the builder sets just before the
# writer translates the page (an image, its path in the output): a part with one is left to it.
TRANSLATED_ALONE = (
    nodes.Text,
    nodes.section,
    nodes.title,
    nodes.paragraph,
    nodes.container,
    nodes.bullet_list,
    nodes.list_item,
    nodes.reference,
    nodes.inline,
    nodes.strong,
    nodes.emphasis,
    nodes.literal,
    nodes.literal_block,
    element,
    link_list,
)
# The builders whose pages are translated one by one with the page's own links.
PAGE_BUILDERS = ("html", "dirhtml")


def _is_part(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and not PARTS.isdisjoint(node["classes"])


def _section_depth(node: nodes.Node) -> int:
    depth, parent = 0, node.parent
    while parent is not None:
        depth += isinstance(parent, nodes.section)
        parent = parent.parent
    return depth


def prerender_parts(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    builder = app.builder
    if app.parallel < 2 or builder.name not in PAGE_BUILDERS:
        return  # a serial build translates in one process anyway: a second translator costs
    assert isinstance(builder, StandaloneHTMLBuilder)
    if not hasattr(builder, "docsettings"):
        return  # made when writing starts (a page resolved outside writing stays as it is)
    if domain(app.env).record(docname) is None:
        return
    parts = [
        t.cast(nodes.Element, node)
        for node in doctree.findall(_is_part)
        if not _inside_part(node)
        and all(isinstance(inner, TRANSLATED_ALONE) for inner in node.findall())
    ]
    if not parts:
        return
    # As the writer translates the page (StandaloneHTMLBuilder.write_doc sets these again).
    builder.current_docname = docname
    builder.secnumbers = app.env.toc_secnumbers.get(docname, {})
    builder.fignumbers = app.env.toc_fignumbers.get(docname, {})
    settings, doctree.settings = doctree.settings, builder.docsettings
    try:
        # One per page: costly to make.
        translator = t.cast(HTML5Translator, builder.create_translator(doctree, builder))
        for part in parts:
            translator.body = []
            translator.section_level = _section_depth(part)
            part.walkabout(translator)
            wrapper = prerendered("", html="".join(translator.body))
            part.replace_self(wrapper)
            wrapper += part
    finally:
        doctree.settings = settings


def _inside_part(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if _is_part(parent):
            return True
        parent = parent.parent
    return False


def setup_prerender(app: Sphinx) -> None:
    # Last: after every handler that changes the page (search's marks at 900 and 910).
    app.connect("doctree-resolved", prerender_parts, priority=980)
