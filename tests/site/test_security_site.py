"""No link of the real site opens a window that can reach back through ``window.opener``.

The build checks every page (``output_check.py``); this reads the built site with html5lib, a
second, independent parser, so a difference between the two parsers cannot hide a link.
"""

from __future__ import annotations

from bs4 import BeautifulSoup
from html_checks import site_pages, text_of

SAME_WINDOW = {"", "_self", "_parent", "_top"}


def test_no_link_of_the_site_opens_a_window_without_noopener(real_site):
    missing = sorted(
        f"{page.relative_to(real_site.outdir)}: {element.get('href') or element.get('action')}"
        for page in site_pages(real_site.outdir)
        for element in BeautifulSoup(text_of(page), "html5lib").find_all(
            ["a", "area", "form"], target=True
        )
        if element["target"].strip().lower() not in SAME_WINDOW
        and not {"noopener", "noreferrer"} & set(element.get("rel") or [])
    )
    assert missing == [], "\n".join(missing)
