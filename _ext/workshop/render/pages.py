"""Pages, and page bodies, written whole rather than from a document: a redirect page, the 404
page's content, an extra page of the papers list. Every value goes through ``markup.escape``."""

from __future__ import annotations

import typing as t

from markupsafe import Markup

from .markup import escape, join, tag


def redirect_page(*, title: str, relative: str, canonical: str, generator: str) -> str:
    """A redirect page: instant meta refresh, canonical link, and a link for everyone else."""
    title, relative, canonical = (escape(s) for s in (title, relative, canonical))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{escape(generator)}">
<meta name="robots" content="noindex">
<title>Moved: {title}</title>
<link rel="canonical" href="{canonical}">
<meta http-equiv="refresh" content="0; url={relative}">
</head>
<body>
<p>This page has moved to <a href="{relative}">{title}</a>.</p>
</body>
</html>
"""


def not_found_body(routes: t.Iterable[tuple[str, str]]) -> str:
    """The 404 page's content: what happened, and links (text, absolute address) onwards."""
    links = join(tag("li", None, tag("a", {"href": href}, text)) for text, href in routes)
    return (
        "<h1>Page not found</h1>\n<p>There is no page at this address: the site was reorganized "
        "after the workshop. Try one of these:</p>\n"
        f"{tag('ul', {'class': 'wsl-not-found-routes'}, links)}"
    )


def list_page_body(
    *, title: str, number: int, first: int, shown: int, total: int, nav: str, rows: str
) -> str:
    """Page ``number`` of the papers list: its heading, which papers it shows (``first``, 1-based,
    and ``shown`` of ``total``), the page links ``nav`` above and below the ``rows``."""
    nav, rows = Markup(nav), Markup(rows)
    return (
        f'<section id="papers-page-{number}"><h1>{escape(title)}</h1>\n'
        f'<p class="wsl-count">Papers {first} to {first + shown - 1} of {total}, '
        f"by title.</p>\n{nav}\n{rows}\n{nav}\n"
        "</section>\n"
    )
