"""Every external link of the real site has rel=noopener."""

from __future__ import annotations

import urllib.parse

from html_checks import parse_page, site_pages, text_of


def test_every_external_link_of_the_site_has_noopener(real_site):
    missing = sorted(
        f"{page.relative_to(real_site.outdir)}: {link.url}"
        for page in site_pages(real_site.outdir)
        for link in parse_page(text_of(page)).links
        if link.tag == "a"
        and urllib.parse.urlsplit(link.url).netloc
        and "noopener" not in link.rel.split()
    )
    assert missing == [], "\n".join(missing)
