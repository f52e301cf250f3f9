"""Tags of a page's ``<head>`` that the extension adds (through the template's ``metatags``,
which every theme derived from Sphinx's basic layout writes in the head)."""

from __future__ import annotations

import html


def alternate_link(*, media_type: str, title: str, href: str) -> str:
    """``<link rel="alternate">`` to another form of the site's content (a feed)."""
    attributes = {"rel": "alternate", "type": media_type, "title": title, "href": href}
    text = " ".join(
        f'{name}="{html.escape(value, quote=True)}"' for name, value in attributes.items()
    )
    return f"<link {text} />\n"
