"""The site's pages load nothing from another site, in real Chromium (the network requests of each
kind of page, and of a tiny site with a third-party asset)."""

from __future__ import annotations

import urllib.parse

import pytest
from html_checks import PAGE_KINDS, find_page, page_url
from site_build import SITES, served

pytestmark = pytest.mark.browser


def requests_elsewhere(browser, url: str) -> list[str]:
    """Load a page, record every request; requests to other origins are blocked and returned."""
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(url))
    elsewhere: list[str] = []
    context = browser.new_context()

    def route(route):
        request_url = route.request.url
        if request_url.startswith((origin + "/", "data:", "blob:")):
            route.continue_()
        else:
            elsewhere.append(request_url)
            route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    # Late requests (fonts, deferred scripts): until the network has been idle and fonts loaded.
    tab.goto(url, wait_until="networkidle")
    tab.evaluate("document.fonts.ready.then(() => true)")
    context.close()
    return elsewhere


@pytest.mark.browser
@pytest.mark.parametrize("kind", PAGE_KINDS, ids=lambda kind: kind.name.replace(" ", "-"))
def test_pages_request_nothing_from_other_sites(browser, real_site, site_url, kind):
    path = find_page(real_site.outdir, kind)
    assert path is not None, (
        f"no {kind.name} page in the build (looked for {', '.join(kind.patterns)})"
    )
    url = site_url + page_url(real_site.outdir, path)
    assert requests_elsewhere(browser, url) == []


@pytest.mark.browser
def test_a_third_party_asset_is_caught(browser, tiny_site):

    # A page copied as it is (html_extra_path): the build itself refuses such markup in pages.
    conf = (SITES / "minimal" / "conf.py").read_text(encoding="utf-8")
    built = tiny_site(
        files={
            "conf.py": conf + '\nhtml_extra_path = ["extra"]\n',
            "extra/tracked/index.html": (
                '<!DOCTYPE html><html lang="en"><head><title>Tracked</title></head><body>'
                '<img src="https://example.org/pixel.png" alt="a tracking pixel"></body></html>\n'
            ),
        },
        allow_warnings=True,
    )
    # The build's own check of its output finds it too.
    assert "tracked/index.html:1: WARNING: the built page tracked/index.html" in built.warnings
    with served(built.outdir) as url:
        assert requests_elsewhere(browser, url + "tracked/") == ["https://example.org/pixel.png"]


def test_a_page_with_math_requests_nothing_from_other_sites(browser, tiny_site):
    """Sphinx's default math renderer loads MathJax from a CDN; the site's (math.py) nothing."""
    page = "---\norphan: true\n---\n\n# Energy\n\nMass and energy: {math}`E = mc^2`.\n"
    built = tiny_site(files={"energy.md": page})
    assert "<math" in (built.outdir / "energy" / "index.html").read_text(encoding="utf-8")
    with served(built.outdir) as url:
        assert requests_elsewhere(browser, url + "energy/") == []
