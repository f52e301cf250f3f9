"""Accessibility in real Chromium: axe-core on every kind of page in light and dark mode, and the
keyboard (skip link, visible focus, the paper filters and the local-time toggle).

axe-core comes from npm (package.json / package-lock.json, installed by ``make test`` with
``npm ci``) and is injected into the page from node_modules: nothing is downloaded at run time.
"""

from __future__ import annotations

import json
import re

import pytest
import site_data
from axe_checks import axe_violations, describe
from html_checks import PAGE_KINDS, kind_url
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from site_build import SITES, served

# The gate fixtures hold hand-written HTML, copied as it is (raw HTML is not allowed in pages).
EXTRA_PAGES = {
    "conf.py": (SITES / "minimal" / "conf.py").read_text(encoding="utf-8")
    + '\nhtml_extra_path = ["extra"]\n'
}

pytestmark = pytest.mark.browser

SCHEMES = ("light", "dark")

VIEWPORTS = {1280: {"width": 1280, "height": 800}, 375: {"width": 375, "height": 812}}


def open_page(browser, url: str, scheme: str, width: int = 1280, *, starred: list[str] = ()):
    context = browser.new_context(color_scheme=scheme, viewport=VIEWPORTS[width])
    if starred:  # the agenda with items in it (agenda.js reads them from localStorage)
        context.add_init_script(
            f"localStorage.setItem('wsl-agenda', {json.dumps(json.dumps(starred))})"
        )
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    tab.wait_for_function(f"document.documentElement.dataset.theme === '{scheme}'")
    return context, tab


def some_agenda_items(real_site) -> list[str]:
    """A slot and a paper of the agenda's data file, to star."""
    data = json.loads((real_site.outdir / "program" / "agenda.json").read_text())
    kinds = {item["kind"]: item["id"] for item in reversed(data["items"])}
    return list(kinds.values())


@pytest.mark.parametrize("width", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGE_KINDS, ids=lambda kind: kind.name.replace(" ", "-"))
def test_no_axe_violations(browser, real_site, site_url, axe_script, kind, scheme, width):
    url = kind_url(real_site, site_url, kind)
    starred = some_agenda_items(real_site) if kind.name == "agenda" else []
    context, tab = open_page(browser, url, scheme, width, starred=starred)
    try:
        if kind.name == "search":
            tab.wait_for_selector("#search-results li", timeout=15000)
        if kind.name == "agenda":
            tab.wait_for_selector(".wsl-agenda-item .wsl-star", timeout=15000)
        violations = axe_violations(tab, axe_script)
    finally:
        context.close()
    assert violations == [], (
        f"{kind.name} page in {scheme} mode at {width} px ({url}):\n{describe(violations)}"
    )


def test_axe_finds_a_target_smaller_than_24_px(browser, real_site, site_url, axe_script):
    """The gate itself: WCAG 2.2's target size is checked (a 12 px button among others)."""
    context, tab = open_page(browser, kind_url(real_site, site_url, PAGE_KINDS[0]), "light")
    try:
        tab.evaluate(
            """() => {
              const p = document.createElement("p");
              for (const n of [1, 2]) {
                const b = document.createElement("button");
                b.textContent = "x" + n;
                b.style.cssText = "width:12px;height:12px;padding:0;margin:0;font-size:8px";
                p.append(b);
              }
              document.querySelector("article").prepend(p);
            }"""
        )
        violations = axe_violations(tab, axe_script)
    finally:
        context.close()
    assert "target-size" in [v["id"] for v in violations], describe(violations)


def test_axe_finds_an_image_without_alt_text(browser, tiny_site, axe_script):
    """The gate itself: a page with an unlabeled image fails."""
    built = tiny_site("gates-a11y", files=EXTRA_PAGES)
    with served(built.outdir) as url:
        context, tab = open_page(browser, url + "unlabeled-image/", "light")
        violations = axe_violations(tab, axe_script)
        context.close()
    assert "image-alt" in [v["id"] for v in violations], describe(violations)


# -- keyboard ---------------------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const ring = (style) => (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none";
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const visible = box.width > 0 && box.height > 0 && style.visibility !== "hidden";
  // A stretched link (a card) shows its focus on the ::after that covers the card.
  const after = getComputedStyle(el, "::after");
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 60),
    ring: (visible && ring(style)) || (after.content !== "none" && ring(after)),
    top: box.top,
    visible,
    inMain: !!el.closest("#main-content"),
  };
}"""


def test_skip_link_is_first_and_jumps_to_the_content(page, site_url):
    page.goto(site_url, wait_until="load")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused and focused["text"] == "Skip to main content", focused
    assert focused["visible"], "the skip link must show when it has focus"
    page.wait_for_function("document.activeElement.getBoundingClientRect().top >= 0")  # slides in
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main-content"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"], "Tab after the skip link must land in the content"


@pytest.mark.parametrize("kind_name", ["home", "papers", "person"])
def test_focus_is_visible_on_every_stop(page, real_site, site_url, kind_name):
    kind = next(k for k in PAGE_KINDS if k.name == kind_name)
    page.goto(kind_url(real_site, site_url, kind), wait_until="load")
    stops = []
    for _ in range(25):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        stops.append(focused)
    assert stops, "nothing on the page takes keyboard focus"
    invisible = [s for s in stops if not s["ring"]]
    assert invisible == [], f"focus not visible on: {invisible}"


def test_an_invisible_focus_is_caught(page, tiny_site):
    built = tiny_site("gates-a11y", files=EXTRA_PAGES)
    with served(built.outdir) as url:
        page.goto(url + "hidden-focus/", wait_until="load")
        assert _tab_to(page, "#main-content a[href^='https://example.org']")
        assert page.evaluate(FOCUSED)["ring"] is False


def _tab_to(page, selector: str, limit: int = 200) -> bool:
    """Press Tab until the element matching ``selector`` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement?.matches({selector!r})"):
            return True
    return False


CONTROLS = "input:not([type=hidden]), select, button, [role=button], [role=switch], [tabindex]"

# Marks every control in the containers with data-kbd-test=<n>; a radio group counts once
# (Tab reaches its checked or first radio, the arrow keys choose).
MARK_CONTROLS = """([container, selector]) => {
  const seen = new Set();
  return [...document.querySelectorAll(container)]
    .flatMap((c) => [c, ...c.querySelectorAll(selector)].filter((el) => el.matches(selector)))
    .filter((el) => el.offsetParent !== null && !el.disabled)
    .filter((el) => {
      if (el.type !== "radio") return true;
      const group = [...document.getElementsByName(el.name)];
      const stop = group.find((r) => r.checked) || group[0];
      if (seen.has(el.name) || el !== stop) return false;
      seen.add(el.name);
      return true;
    })
    .map((el, i) => {
      el.dataset.kbdTest = String(i);
      return {index: i, tag: el.tagName.toLowerCase(), type: el.type || el.getAttribute("role"),
              name: el.name || el.id || el.innerText.trim().slice(0, 40)};
    });
}"""

STATE = """(selector) => {
  const el = document.querySelector(selector);
  const group = el.type === "radio" ? [...document.getElementsByName(el.name)] : [el];
  return [group.map((r) => r.checked), el.value, el.getAttribute("aria-pressed"),
          el.getAttribute("aria-checked"), el.getAttribute("aria-expanded"),
          document.querySelector("#main-content").innerText];
}"""


def _operate_by_keyboard(page, control: dict) -> None:
    if control["tag"] == "select" or control["type"] == "radio":
        page.keyboard.press("ArrowDown")
    elif control["tag"] == "input" and control["type"] in ("text", "search"):
        page.keyboard.type("weight")
    elif control["tag"] == "input" and control["type"] == "checkbox":
        page.keyboard.press("Space")
    else:
        page.keyboard.press("Enter")


def _assert_keyboard_operable(page, url: str, container: str, what: str) -> None:
    """Each control can be reached with Tab and changes the page when used from the keyboard."""
    page.goto(url, wait_until="load")
    controls = page.evaluate(MARK_CONTROLS, [container, CONTROLS])
    assert controls, f"no visible {what} on {url} (looked for controls in {container})"
    for control in controls:
        selector = f"[data-kbd-test='{control['index']}']"
        page.goto(url, wait_until="load")
        page.evaluate(MARK_CONTROLS, [container, CONTROLS])
        if control["type"] == "reset" or re.search(r"clear|reset", control["name"], re.I):
            # A clear button only does something once a filter is set.
            text_box = page.locator(container).locator("input[type=search], input[type=text]")
            text_box.first.fill("weight")
            page.locator("body").focus()
        assert _tab_to(page, selector), f"{what}: {control} cannot be reached with Tab"
        before = page.evaluate(STATE, selector)
        _operate_by_keyboard(page, control)
        changed = f"([sel, was]) => JSON.stringify(({STATE})(sel)) !== JSON.stringify(was)"
        try:  # the page's scripts may answer a key press after a frame or two
            page.wait_for_function(changed, arg=[selector, before], timeout=5_000)
        except PlaywrightTimeoutError:
            pytest.fail(f"{what}: using {control} from the keyboard changed nothing on the page")


# Built by the papers and program features (paper-filter.js, localtime.js).
FILTERS = ".wsl-paper-filter"
TIME_TOGGLES = ".wsl-localtime-toggle"


def test_paper_filters_work_with_the_keyboard(page, real_site, site_url):
    kind = next(k for k in PAGE_KINDS if k.name == "papers")
    _assert_keyboard_operable(page, kind_url(real_site, site_url, kind), FILTERS, "paper filters")


def test_local_time_toggle_works_with_the_keyboard(page, real_site, site_url):
    kind = next(k for k in PAGE_KINDS if k.name == "program")
    _assert_keyboard_operable(
        page, kind_url(real_site, site_url, kind), TIME_TOGGLES, "local-time toggle"
    )


# -- the views of the reader's second pass (issue 21), at both widths ------------------------------

WIDTHS = {"1280": {"width": 1280, "height": 800}, "375": {"width": 375, "height": 812}}


def second_pass_views() -> dict[str, str]:
    """The pages and states issue 21 changed: the papers' bar, one line per paper and a filter
    on; the program with a poster list unfolded; the reading list; search results."""
    topic = next(iter(site_data.papers().values()))["topics"][0]
    return {
        "papers": "papers/",
        "papers-compact-filtered": f"papers/?view=compact&topic={topic}&group=session",
        "program-posters-open": "program/#open-posters",
        "reading-list": "papers/reading-list/",
        "search": "search/?q=diffusion",
    }


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("view", second_pass_views())
def test_no_axe_violations_in_the_second_pass_views(
    browser, site_url, axe_script, view, width, scheme
):
    path = second_pass_views()[view]
    phone = width == "375"
    context = browser.new_context(
        color_scheme=scheme, viewport=WIDTHS[width], is_mobile=phone, has_touch=phone
    )
    tab = context.new_page()
    try:
        tab.goto(site_url + path.replace("#open-posters", ""), wait_until="load")
        tab.wait_for_function(f"document.documentElement.dataset.theme === '{scheme}'")
        if view == "search":
            tab.wait_for_selector("#search-results li", timeout=15000)
        if path.endswith("#open-posters"):
            tab.locator("details.wsl-posters > summary").first.click()
        violations = axe_violations(tab, axe_script)
    finally:
        context.close()
    assert violations == [], f"{view} at {width} px in {scheme} mode:\n{describe(violations)}"
