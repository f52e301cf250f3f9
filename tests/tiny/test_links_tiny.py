"""The link checker on a tiny site with hand-written broken links: each is found, and an allowed
http link passes."""

from __future__ import annotations

from html_checks import (
    check_links,
)
from site_build import SITES

# Pages with hand-written HTML, copied as they are (raw HTML is not allowed in pages).
EXTRA_PAGES = {
    "conf.py": (SITES / "minimal" / "conf.py").read_text(encoding="utf-8")
    + '\nhtml_extra_path = ["extra"]\n'
}


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
