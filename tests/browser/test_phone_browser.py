"""The site on a phone (375 px wide) against a desktop (1280 px), in real Chromium.

Nothing may be wider than the screen (the page, or a table inside its box), headings scale down,
the paper filter stays folded until the reader opens it (from the keyboard too), and the footer
stacks its items instead of squeezing them into two columns.
"""

from __future__ import annotations

import pytest
from html_checks import PAGE_KINDS, PageKind, kind_url

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
# Every kind of page a reader meets, and the contributor guide with its field tables.
KINDS = (*PAGE_KINDS, PageKind("contribute", ("contribute/index.html",)))

# Tables (and the page itself) wider than their box, as "what: width > room" lines.
OVERFLOWS = """() => {
  const root = document.documentElement;
  const found = [];
  if (root.scrollWidth > window.innerWidth) {
    found.push(`the page: ${root.scrollWidth} px > ${window.innerWidth} px`);
  }
  for (const table of document.querySelectorAll("table")) {
    if (!table.offsetParent) continue;  // not shown
    const room = table.parentElement.clientWidth;
    const width = Math.max(table.scrollWidth, Math.ceil(table.getBoundingClientRect().width));
    if (width > room + 1) {
      found.push(`table.${[...table.classList].join(".")}: ${width} px > ${room} px`);
    }
  }
  return found;
}"""


def open_at(browser, url: str, viewport: dict):
    context = browser.new_context(viewport=viewport, is_mobile=viewport is PHONE, has_touch=True)
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    return context, tab


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name.replace(" ", "-"))
def test_nothing_is_wider_than_a_phone(browser, real_site, site_url, kind):
    context, tab = open_at(browser, kind_url(real_site, site_url, kind), PHONE)
    if kind.name == "search":
        tab.wait_for_selector("#search-results li", timeout=20000)
    overflows = tab.evaluate(OVERFLOWS)
    context.close()
    assert overflows == [], f"{kind.name} at 375 px: " + "; ".join(overflows)


FONT_SIZE = "(selector) => parseFloat(getComputedStyle(document.querySelector(selector)).fontSize)"


def test_headings_are_smaller_on_a_phone(browser, real_site, site_url):
    url = kind_url(real_site, site_url, next(k for k in KINDS if k.name == "cfp"))
    sizes = {}
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context, tab = open_at(browser, url, viewport)
        sizes[name] = [tab.evaluate(FONT_SIZE, f"article {level}") for level in ("h1", "h2")]
        context.close()
    for level, phone, desktop in zip(("h1", "h2"), sizes["phone"], sizes["desktop"], strict=True):
        assert phone < desktop, f"{level}: {phone} px on a phone, {desktop} px on a desktop"
    assert sizes["phone"][0] <= 30, f"h1 on a phone: {sizes['phone'][0]} px"


FILTER = ".wsl-paper-filter"
FILTER_TEXT = f"{FILTER} input[type=search]"


def test_paper_filter_is_folded_on_a_phone_and_opens_from_the_keyboard(
    browser, real_site, site_url
):
    url = kind_url(real_site, site_url, next(k for k in KINDS if k.name == "papers"))
    context, tab = open_at(browser, url, DESKTOP)
    assert tab.locator(FILTER_TEXT).is_visible(), "the filter is open on a desktop"
    context.close()

    context, tab = open_at(browser, url, PHONE)
    assert tab.locator(FILTER).is_visible(), "the filter (folded) is on the page"
    assert not tab.locator(FILTER_TEXT).is_visible(), "the filter is folded on a phone"
    # Folded, the filter takes a line or two above the papers, not a screen (the page's intro
    # above it is content, so the first paper's position is not checked).
    folded = tab.locator("li.wsl-paper").first.bounding_box()["y"]
    folded -= tab.locator(FILTER).bounding_box()["y"]
    assert folded < PHONE["height"] / 4, f"the folded filter takes {folded} px"
    # Tab to the control that opens it, open it with Enter, type into the text box.
    for _ in range(60):
        tab.keyboard.press("Tab")
        if tab.evaluate(f"!!document.activeElement.closest('{FILTER}')"):
            break
    else:
        pytest.fail("the filter's toggle cannot be reached with Tab")
    tab.keyboard.press("Enter")
    assert tab.locator(FILTER_TEXT).is_visible(), "Enter opens the filter"
    tab.keyboard.press("Tab")
    tab.keyboard.type("weight")
    assert tab.locator(FILTER_TEXT).input_value() == "weight", "the text box takes the focus"
    context.close()


FOOTER_ITEMS = """() => [...document.querySelectorAll(
    ".bd-footer .footer-items__start, .bd-footer .footer-items__end")]
  .map((el) => { const box = el.getBoundingClientRect();
                 return {left: box.left, top: box.top, bottom: box.bottom, width: box.width}; })"""


def test_footer_items_stack_on_a_phone(browser, real_site, site_url):
    context, tab = open_at(browser, site_url, PHONE)
    start, end = tab.evaluate(FOOTER_ITEMS)
    column = tab.evaluate("document.querySelector('.bd-footer .bd-footer__inner').clientWidth")
    context.close()
    assert end["top"] >= start["bottom"] - 1, f"side by side: {start} {end}"
    assert abs(end["left"] - start["left"]) <= 1, f"not aligned: {start} {end}"
    assert end["width"] >= column * 0.9, f"the second item is squeezed: {end}, column {column}"
