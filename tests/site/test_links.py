"""Links of the built site: internal targets and fragments exist, and http:// is the exception.

Sphinx's ``-n`` build checks cross-references, but not raw HTML links, template links or
fragments on other pages; this crawls the built HTML instead. External links are checked by
``make linkcheck`` (needs the internet), on a schedule: .github/workflows/linkcheck.yml.
"""

from __future__ import annotations

from html_checks import (
    check_css_urls,
    check_links,
    parse_page,
    read_allowlist,
    site_pages,
    text_of,
)

HTTP_ALLOWED = "http-links.tsv"


def test_every_internal_link_and_fragment_of_the_site_resolves(real_site):
    problems = check_links(real_site.outdir, http_allowed=read_allowlist(HTTP_ALLOWED))
    assert problems == [], "\n".join(problems)


def test_every_http_exception_is_still_linked(real_site):
    """A stale entry of the allow-list would let the same URL back in unnoticed."""
    linked = {
        link.url
        for page in site_pages(real_site.outdir)
        for link in parse_page(text_of(page)).links
    }
    stale = sorted(set(read_allowlist(HTTP_ALLOWED)) - linked)
    assert stale == [], f"remove from tests/allowlists/{HTTP_ALLOWED}: {stale}"


def test_every_file_the_style_sheets_use_exists(real_site):
    problems = check_css_urls(real_site.outdir)
    assert problems == [], "\n".join(problems)


def test_the_checker_rejects_a_missing_font(tmp_path):
    (tmp_path / "_static" / "fonts").mkdir(parents=True)
    (tmp_path / "_static" / "fonts" / "here.woff2").write_bytes(b"")
    (tmp_path / "_static" / "site.css").write_text(
        "@font-face { src: url('fonts/here.woff2'), url(fonts/gone.woff2?v=1); }\n"
        '.icon { mask: url("data:image/svg+xml,<svg/>"); }\n'
    )
    assert check_css_urls(tmp_path) == ["_static/site.css: url(fonts/gone.woff2?v=1): no such file"]
