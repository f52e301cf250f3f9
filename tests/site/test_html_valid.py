"""Every generated page parses without errors in a strict HTML5 parser (html5lib), and no id is
used twice on a page (fragments and ARIA references would point to the wrong element).

Errors that come from pydata-sphinx-theme's templates would be listed, with their reason, in
``THEME_HTML_ERRORS`` (tests/html_checks.py); there are none.
"""

from __future__ import annotations

import collections
import re

from html_checks import html5_errors, site_pages, text_of

_ID = re.compile(r"""<[a-zA-Z][^>]*?\sid=(["'])(.*?)\1""")


def duplicate_ids(html: str) -> list[str]:
    counts = collections.Counter(match.group(2) for match in _ID.finditer(html))
    return sorted(name for name, count in counts.items() if count > 1)


def test_every_page_is_valid_html5(real_site):
    problems = [
        f"{page.relative_to(real_site.outdir)}: {error}"
        for page in site_pages(real_site.outdir)
        for error in html5_errors(text_of(page))
    ]
    assert problems == [], "\n".join(problems)


def test_no_page_uses_an_id_twice(real_site):
    problems = {
        str(page.relative_to(real_site.outdir)): ids
        for page in site_pages(real_site.outdir)
        if (ids := duplicate_ids(text_of(page)))
    }
    assert problems == {}


def test_duplicate_ids_are_found():
    assert duplicate_ids('<p id="a">x</p><div id="b"><span id="a"></span></div>') == ["a"]
