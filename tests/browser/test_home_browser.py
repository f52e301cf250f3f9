"""The home page as a front door, and the people cards, in real Chromium.

The first screen (what fits above the fold of a 1280x800 desktop and a 375x812 phone) says what
the workshop is, when and where it is, whether it is upcoming, today or over, and routes to the
program, the papers and the speakers. Every expectation comes from the data files and the build
date, so editing the workshop's facts or dates changes no test.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import yaml
from site_build import BUILD_EPOCH, ROOT, served

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# The sentence of each state of the workshop day, as the home page words it.
STATE_WORDS = {"upcoming": "takes place", "today": "happening today", "passed": "took place"}
ROUTES = {"program": ("program/",), "papers": ("papers/",),
          "speakers": ("people/#invited-speakers",)}  # fmt: skip


def workshop_facts(root=ROOT) -> dict:
    return yaml.safe_load((root / "_data/workshop.yaml").read_text(encoding="utf-8"))


def workshop_day(root=ROOT) -> dict:
    return yaml.safe_load((root / "cfp/dates.yaml").read_text(encoding="utf-8"))["workshop_day"]


def day_text(day: dt.date) -> str:
    """ "Sunday, April 27, 2025", independent of the machine's locale."""
    weekdays = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    months = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")  # fmt: skip
    return f"{weekdays[day.weekday()]}, {months[day.month - 1]} {day.day}, {day.year}"


def day_state(entry: dict, epoch: str) -> str:
    """Upcoming, today or passed: the workshop day in its venue's timezone against the build."""
    zone = zoneinfo.ZoneInfo(entry["timezone"])
    starts = dt.datetime.combine(entry["date"], dt.time(0, 0), zone)
    now = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    if now >= starts + dt.timedelta(days=1):
        return "passed"
    return "today" if now >= starts else "upcoming"


# Where each text shows on the page: the boxes of the text nodes that hold it, with whether the
# reader can see it there (not hidden, not covered by the sticky header).
TEXT_BOXES = """(needle) => {
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.replace(/\\s+/g, " ");
    if (!text.includes(needle)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    const style = getComputedStyle(node.parentElement);
    const hit = document.elementFromPoint(box.left + 2, box.top + box.height / 2);
    found.push({top: box.top, bottom: box.bottom, width: box.width,
                shown: style.visibility === "visible" && !!hit
                       && node.parentElement.contains(hit)});
  }
  return found;
}"""

# The links of the page's content (not the header's navigation) with their boxes.
ARTICLE_LINKS = """() => [...document.querySelectorAll("article a[href]")].map((a) => {
  const box = a.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {href: a.href, text: a.innerText.trim(), top: box.top, bottom: box.bottom,
          width: box.width, height: box.height, shown: !!hit && (a === hit || a.contains(hit))};
})"""


def open_home(browser, url: str, viewport: dict):
    context = browser.new_context(
        viewport=viewport, is_mobile=viewport is PHONE, has_touch=viewport is PHONE
    )
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    return context, tab


def on_first_screen(tab, needle: str, viewport: dict) -> bool:
    boxes = tab.evaluate(TEXT_BOXES, needle)
    return any(
        box["shown"]
        and box["width"] > 0
        and box["top"] >= 0
        and box["bottom"] <= viewport["height"]
        for box in boxes
    )


def first_screen_problems(tab, base: str, viewport: dict, *, state: str, root=ROOT) -> list[str]:
    facts, day = workshop_facts(root), workshop_day(root)
    wanted = {
        "the workshop's name": facts["name"],
        "the day": day_text(day["date"]),
        "the room": facts["room"],
        "the city": facts["city"],
        f"the status ({state})": STATE_WORDS[state],
    }
    problems = [
        f"{what} ({text!r}) is not visible on the first screen"
        for what, text in wanted.items()
        if not on_first_screen(tab, text, viewport)
    ]
    links = tab.evaluate(ARTICLE_LINKS)
    for route, targets in ROUTES.items():
        hits = [
            link
            for link in links
            if link["href"] in [base + target for target in targets]
            and link["shown"]
            and link["top"] >= 0
            and link["bottom"] <= viewport["height"]
        ]
        if not hits:
            problems.append(
                f"no visible link to {route} ({' or '.join(targets)}) on the first screen"
            )
        elif not any(link["height"] >= 40 and link["width"] >= 80 for link in hits):
            # prominent: a button-sized target (WCAG 2.5.5 asks 44 px; 40 px allows for fonts)
            sizes = [f"{link['width']:.0f}x{link['height']:.0f}" for link in hits]
            problems.append(f"the link to {route} is not button-sized: {', '.join(sizes)} px")
    for other in (s for s in STATE_WORDS if s != state):
        if on_first_screen(tab, STATE_WORDS[other], viewport):
            problems.append(f"the first screen also says {STATE_WORDS[other]!r} ({other})")
    return problems


@pytest.mark.parametrize("size", VIEWPORTS)
def test_first_screen_says_what_when_where_and_routes(browser, site_url, size):
    viewport = VIEWPORTS[size]
    context, tab = open_home(browser, site_url, viewport)
    try:
        state = day_state(workshop_day(), BUILD_EPOCH)
        problems = first_screen_problems(tab, site_url, viewport, state=state)
    finally:
        context.close()
    assert problems == [], f"home at {size}: " + "; ".join(problems)


# The tiny site with the real home page, its styles, the real facts and dates, and stand-ins for
# the pages it links to: what the front door says before the workshop.
STAND_INS = {
    "cfp/index.md": "# Call for papers\n",
    "program/index.md": "# Program\n",
    "papers/index.md": "# Accepted papers\n",
    "people/index.md": "# People\n\n## Invited speakers\n\nSomeone.\n",
    "news/index.md": "---\norphan: true\n---\n# News\n",
}
CONF = (ROOT / "tests/sites/minimal/conf.py").read_text(encoding="utf-8") + (
    '\nmyst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]'
    "\nmyst_heading_anchors = 3"
    '\nhtml_static_path = ["_static"]\nhtml_css_files = ["wsl.css"]\n'
)


@pytest.mark.parametrize("size", VIEWPORTS)
def test_before_the_day_the_first_screen_says_it_is_upcoming(browser, tiny_site, size):
    day = workshop_day()
    start = dt.datetime.combine(day["date"], dt.time(0, 0), zoneinfo.ZoneInfo(day["timezone"]))
    epoch = str(int((start - dt.timedelta(days=30)).timestamp()))
    assert day_state(day, epoch) == "upcoming"
    files = {
        "index.md": (ROOT / "index.md").read_text(encoding="utf-8"),
        "_data/workshop.yaml": (ROOT / "_data/workshop.yaml").read_text(encoding="utf-8"),
        "cfp/dates.yaml": (ROOT / "cfp/dates.yaml").read_text(encoding="utf-8"),
        # The day's hours on the front door come from the program.
        "program/schedule.yaml": (ROOT / "program/schedule.yaml").read_text(encoding="utf-8"),
        "_static/wsl.css": (ROOT / "_static/wsl.css").read_text(encoding="utf-8"),
        "conf.py": CONF,
        **STAND_INS,
    }
    built = tiny_site(files=files, epoch=epoch)
    viewport = VIEWPORTS[size]
    with served(built.outdir) as base:
        context, tab = open_home(browser, base, viewport)
        try:
            problems = first_screen_problems(tab, base, viewport, state="upcoming")
        finally:
            context.close()
    assert problems == [], f"home before the day at {size}: " + "; ".join(problems)


# -- people cards -------------------------------------------------------------------------------

CARD_HEIGHTS = """() => [...document.querySelectorAll(".wsl-people")].map((grid) =>
  [...grid.querySelectorAll(".wsl-person-card")].map((card) => {
    const box = card.getBoundingClientRect();
    return {top: Math.round(box.top + scrollY), height: Math.round(box.height),
            name: card.querySelector(".wsl-name").innerText.trim()};
  }))"""


@pytest.mark.parametrize("width", [1280, 700])  # three columns, two columns
@pytest.mark.parametrize("page_path", ["people/", "program/"])
def test_person_cards_of_a_group_have_one_height(browser, site_url, width, page_path):
    context = browser.new_context(viewport={"width": width, "height": 800})
    tab = context.new_page()
    tab.goto(site_url + page_path, wait_until="load")
    groups = tab.evaluate(CARD_HEIGHTS)
    context.close()
    assert groups, f"no person cards on {page_path}"
    for cards in groups:
        heights = {card["height"] for card in cards}
        # Within a row and across the rows of a group (a card alone on the last row too).
        assert max(heights) - min(heights) <= 1, (
            f"{page_path} at {width} px: card heights "
            + ", ".join(f"{card['name']} {card['height']} px" for card in cards)
        )
