"""Hosting in a real browser: the 404 page at any depth, and old addresses that redirect."""

from __future__ import annotations

from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from site_build import served

pytestmark = pytest.mark.browser


class PagesLikeHandler(SimpleHTTPRequestHandler):
    """Serves files like GitHub Pages: an unknown path gets /404.html with status 404."""

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory, "404.html")
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_url(real_site):
    with served(real_site.outdir, PagesLikeHandler) as url:
        yield url


@pytest.mark.parametrize("missing", ["no-such-page", "some/deep/missing/", "papers/x/y/z.html"])
def test_404_page_loads_its_styles_and_scripts_at_any_depth(page, pages_url, missing):
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 400
            and response.url != pages_url + missing
            and failed.append(f"{response.status} {response.url}")
        ),
    )
    response = page.goto(pages_url + missing, wait_until="load")
    assert response.status == 404
    assert page.locator("h1").first.inner_text() == "Page not found"
    assert failed == []
    sheets = page.evaluate(
        "() => [...document.styleSheets].map(s => ({href: s.href, rules: s.cssRules.length}))"
    )
    hrefs = [s["href"] for s in sheets if s["href"]]
    assert any("pydata-sphinx-theme.css" in h for h in hrefs)
    assert any(h.endswith("wsl.css") or "wsl.css?" in h for h in hrefs)
    assert all(s["rules"] > 0 for s in sheets if s["href"])
    # The theme's stylesheet and script really apply: a styled header, a working theme switch.
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('.bd-header')).position")
        == "sticky"
    )
    assert page.evaluate("() => document.documentElement.dataset.mode") in ("auto", "light", "dark")
    logo = page.locator(".navbar-brand img:visible").first
    assert logo.evaluate("img => img.complete && img.naturalWidth > 0")


def test_404_page_links_lead_back_into_the_site(page, pages_url):
    page.goto(pages_url + "some/deep/missing/", wait_until="load")
    page.locator(".bd-header a.nav-link", has_text="Program").click()
    page.wait_for_load_state("load")
    assert page.url == pages_url + "program/"
    page.goto(pages_url + "some/deep/missing/", wait_until="load")
    page.locator(".navbar-brand").first.click()
    page.wait_for_load_state("load")
    assert page.url == pages_url


@pytest.mark.parametrize(
    ("text", "path"),
    [("Home", ""), ("Program", "program/"), ("Accepted papers", "papers/"), ("Search", "search/")],
)
def test_404_page_routes_to_home_program_papers_and_search(page, pages_url, text, path):
    """Issue 21, item 9: the page's own content says where to go, at any depth."""
    page.goto(pages_url + "some/deep/missing/", wait_until="load")
    page.locator(".wsl-not-found-routes a", has_text=text).click()
    page.wait_for_load_state("load")
    assert page.url == pages_url + path


@pytest.mark.parametrize(
    ("old", "new", "anchor"),
    [
        ("schedule", "program/", None),
        ("schedule.html", "program/", None),
        ("speakers/", "people/", "invited-speakers"),
        ("organizers", "people/", "organizing-committee"),
    ],
)
def test_old_addresses_redirect_to_their_new_page(page, pages_url, old, new, anchor):
    page.goto(pages_url + old)
    expected = pages_url + new + (f"#{anchor}" if anchor else "")
    page.wait_for_url(expected)
    if anchor:
        assert page.locator(f"#{anchor}").is_visible()
