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
from site_build import SITES

HTTP_ALLOWED = "http-links.tsv"

# Pages with hand-written HTML, copied as they are (raw HTML is not allowed in pages).
EXTRA_PAGES = {
    "conf.py": (SITES / "minimal" / "conf.py").read_text(encoding="utf-8")
    + '\nhtml_extra_path = ["extra"]\n'
}


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


def test_the_checker_rejects_broken_links(tiny_site):
    # The hand-written page is not a page of the site: the build's own check reports it too.
    built = tiny_site("gates-links", files=EXTRA_PAGES, allow_warnings=True)
    assert "the built page broken-links/index.html" in built.warnings, built.warnings
    problems = check_links(built.outdir)
    page = "broken-links/index.html"
    expected = [
        "<a href='../nowhere/'>: target does not exist",
        "<a href='../#no-such-section'>: no element with id 'no-such-section' on that page",
        "<a href='#nowhere'>: no element with id 'nowhere' on this page",
        "<a href='http://example.org/plain'>: http:// link",
        "<a href='javascript:alert(1)'>: javascript: links are not allowed",
        "<img src='../_static/missing.png'>: target does not exist",
    ]
    mine = [problem for problem in problems if problem.startswith(page)]
    for fragment in expected:
        assert any(fragment in problem for problem in mine), (fragment, mine)
    assert len(mine) == len(expected), mine
    assert [p for p in problems if not p.startswith(page)] == [], "the tiny site itself is clean"


def test_an_allowed_http_link_passes(tiny_site):
    built = tiny_site("gates-links", files=EXTRA_PAGES, allow_warnings=True)
    allowed = {"http://example.org/plain": "the fixture's reason"}
    problems = check_links(built.outdir, http_allowed=allowed)
    assert not any("http://" in problem for problem in problems), problems


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
