"""What a first visit downloads: no icon font, no search index outside search, nothing blocking.

The sizes and timings themselves are measured by `make bench` (benchmarks/README.md); these
tests pin the behaviour that keeps them low.
"""

from __future__ import annotations

import pytest
from workshop.theme_assets import STYLESHEET, trim_icon_rules

SEARCH_ASSETS = ("searchindex.js", "searchtools.js", "language_data.js")


def pages(real_site):
    for path in sorted(real_site.outdir.rglob("*.html")):
        relative = path.relative_to(real_site.outdir)
        if relative.parts[0] != "_static":
            yield relative.parent.as_posix() if relative.name == "index.html" else relative.stem


def test_search_scripts_and_index_load_only_on_the_search_page(real_site):
    for docname in pages(real_site):
        page = real_site.page(docname if docname != "." else "index")
        sources = [script["src"] for script in page.select("script[src]")]
        loaded = [name for name in SEARCH_ASSETS if any(name in src for src in sources)]
        assert loaded == (list(SEARCH_ASSETS) if docname == "search" else []), docname


def test_no_script_blocks_the_first_paint(real_site):
    for docname in ["index", "papers/index", "papers/YICyBtCoZw", "program/index", "cfp/index"]:
        head = real_site.page(docname).head
        for script in head.select("script"):
            if script.get("src"):
                assert script.has_attr("defer") or script.has_attr("async"), script
            elif "dataset.mode" not in script.text:  # the colour-mode switch must run first
                assert script.get("type") == "module", script


def test_no_page_loads_the_icon_font_script(real_site):
    for docname in pages(real_site):
        page = real_site.page(docname if docname != "." else "index")
        assert not page.select('script[src*="fontawesome"]'), docname


def test_theme_stylesheet_keeps_only_the_icons_in_use(real_site):
    css = (real_site.outdir / STYLESHEET).read_text(encoding="utf-8")
    assert ".fa-rocket{" not in css  # an icon no page names
    assert ".fa-solid," in css  # the base rules stay
    assert "@font-face" in css  # an icon named in content would still render


def test_trimming_keeps_a_rule_when_one_of_its_names_is_used():
    css = '.fa-a{--fa:"\\f001"}.fa-b,.fa-c{--fa:"\\f002"}.fa-d{color:red}'
    assert trim_icon_rules(css, {"fa-c"}) == '.fa-b,.fa-c{--fa:"\\f002"}.fa-d{color:red}'


@pytest.mark.browser
def test_first_visit_fetches_no_font_and_icons_still_show(page, site_url):
    fonts = []
    page.on("request", lambda request: fonts.append(request.url)
            if request.resource_type == "font" else None)  # fmt: skip
    page.goto(site_url + "papers/", wait_until="networkidle")
    assert fonts == []
    icon = page.locator(".theme-switch-button .theme-switch").first
    mask = icon.evaluate("el => getComputedStyle(el, '::before').maskImage")
    assert mask.startswith('url("data:image/svg+xml')
    box = page.locator(".search-button-field i").first.evaluate(
        "el => getComputedStyle(el, '::before').width"
    )
    assert box != "0px"


@pytest.mark.browser
def test_search_box_on_any_page_opens_the_search_results(page, site_url):
    page.goto(site_url + "papers/YICyBtCoZw/", wait_until="load")
    page.wait_for_function("() => window.bootstrap !== undefined")
    page.locator(".search-button-field").first.click()
    field = page.locator("#pst-search-dialog input[name=q]")
    field.fill("hypernetworks")
    field.press("Enter")
    page.wait_for_url("**/search/?q=hypernetworks")
    page.wait_for_selector("#search-results li", timeout=15000)
