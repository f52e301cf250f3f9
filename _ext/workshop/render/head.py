"""Tags of a page's ``<head>`` that the extension adds (through the template's ``metatags``,
which every theme derived from Sphinx's basic layout writes in the head)."""

from __future__ import annotations

import typing as t

from .markup import void


def alternate_link(*, media_type: str, title: str, href: str) -> str:
    """``<link rel="alternate">`` to another form of the site's content (a feed)."""
    attributes = {"rel": "alternate", "type": media_type, "title": title, "href": href}
    return f"{void('link', attributes, slash=True)}\n"


def meta_tags(pairs: t.Iterable[tuple[str, str]]) -> str:
    """``<meta name=... content=... />``, one a line, as Sphinx writes a page's own."""
    return "".join(f"{void('meta', {'name': n, 'content': c}, slash=True)}\n" for n, c in pairs)


def search_meta(name: str, content: str) -> str:
    """A ``<meta>`` read by the site's own scripts (no slash: as it was first written)."""
    return f"\n{void('meta', {'name': name, 'content': content})}"
