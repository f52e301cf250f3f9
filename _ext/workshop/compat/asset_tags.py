"""A page's script and stylesheet tags made once per build and relative address, not per page.

Sphinx's ``css_tag`` and ``js_tag`` (in the context of every page of the HTML builder) append the
file's checksum to a local asset's address, and first find the file with ``Path.resolve``: a
``realpath`` of every folder on the way, about 70 µs a tag, for each of the ~8 tags of every
page (0.5 ms of a paper page's ~10 ms in the writer, measured at 500 papers). A tag depends only
on the asset, its address relative to the page (the same from every page as deep in the site)
and the builder; the assets are copied before the first page is written, and Sphinx keeps each
file's checksum for the process anyway. The HTML is the same.

Checked against Sphinx 9.0.4: ``StandaloneHTMLBuilder.handle_page`` puts its ``css_tag`` and
``js_tag`` in the context before ``html-page-context``; their result depends on the asset, on
``pathto(filename, resource=True)`` (``relative_uri`` from the page's ``get_target_uri``, or that
address itself where it is empty) and on the builder's name (canary: tests/unit/test_compat.py).
Tags another extension puts in the context (sphinx-notfound-page's, on the 404 page) are left
alone.
"""

from __future__ import annotations

import os
import typing as t

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri

from ..state import build_scratch

TAG_FUNCTIONS = ("css_tag", "js_tag")


def _kept(
    make: t.Callable[[t.Any], str], kind: str, base: str, tags: dict[tuple, str]
) -> t.Callable[[t.Any], str]:
    def tag(asset: t.Any) -> str:
        filename = os.fspath(getattr(asset, "filename", asset) or "")
        # The asset's address from the page, as pathto finds it (empty: the page's own).
        address = (relative_uri(base, filename) or base) if filename else ""
        key = (kind, address, asset)
        made = tags.get(key)
        if made is None:
            made = tags[key] = make(asset)
        return made

    return tag


def keep_asset_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.Node | None
) -> None:
    # The page's address as handle_page computes it (singlehtml's has an anchor).
    base = app.builder.get_target_uri(pagename).rsplit("#", 1)[0]
    tags = build_scratch(app).asset_tags
    for kind in TAG_FUNCTIONS:
        make = context.get(kind)
        if callable(make) and getattr(make, "__module__", None) == StandaloneHTMLBuilder.__module__:
            context[kind] = _kept(make, kind, base, tags)


def setup_asset_tags(app: Sphinx) -> None:
    app.connect("html-page-context", keep_asset_tags)
