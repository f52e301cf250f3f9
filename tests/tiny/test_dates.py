"""The dates file: rendering, states from the build date, and located validation errors."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml
from site_build import SITES, build

GOOD_DATES = (SITES / "minimal/cfp/dates.yaml").read_text()


def epoch(iso: str) -> str:
    return str(int(dt.datetime.fromisoformat(iso).timestamp()))


def test_date_role_computes_weekday_utc_and_strikes_original(tiny_site):
    page = tiny_site().page()
    date = page.select_one("p .wsl-date")
    assert date.select_one("time").get_text() == "Monday, February 10, 2025, 23:59 AoE"
    assert date.select_one("time")["datetime"] == "2025-02-11T11:59:00Z"
    assert "(Tuesday, February 11, 2025, 11:59 UTC)" in date.get_text()
    assert date.select_one("del").get_text() == "Monday, February 3, 2025"
    assert "extended from" in date.get_text()


def test_timed_dates_carry_their_timezone_on_every_page(tiny_site):
    """The toggle tells a change of day from ``data-tz``: rendered with the date, even on a
    page without the toggle (the minimal site's home page has none), never patched in later."""
    dates = yaml.safe_load(GOOD_DATES)
    page = tiny_site().page()
    assert not page.select(".wsl-localtime-toggle")
    times = page.select("time.wsl-local")
    assert times
    for time in times:
        key = next(k for k, e in dates.items() if time.get_text().startswith(_day(e["date"])))
        zone = dates[key].get("timezone")
        if "time" in dates[key]:
            assert time["data-tz"] == ("Etc/GMT+12" if zone == "AoE" else zone), key
        else:
            assert not time.has_attr("data-tz"), key


def _day(day: dt.date) -> str:
    return f"{day:%A, %B} {day.day}, {day.year}"


def test_room_fact_comes_from_the_info_file(tiny_site):
    assert "in room Topaz 220-225" in tiny_site().page().get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("now", "state"),
    [
        ("2025-01-15T00:00:00+00:00", "STATE-UPCOMING"),
        ("2025-04-27T09:00:00+08:00", "STATE-TODAY"),
        ("2025-04-28T00:00:00+08:00", "STATE-PASSED"),
    ],
)
def test_workshop_state_follows_the_build_date(tiny_site, now, state):
    text = tiny_site(epoch=epoch(now)).page().get_text()
    shown = set(re.findall(r"STATE-[A-Z]+", text))
    assert shown == {state}


def test_dates_table_states_follow_the_build_date(tiny_site):
    page = tiny_site(epoch=epoch("2025-03-03T12:00:00+00:00")).page()
    rows = page.select("table.wsl-dates-table tbody tr")
    # Each row's date carries its state as a class; "passed" is said once, above the table.
    states = {
        row.select("td")[0].get_text(" ", strip=True).split(" (")[0]: next(
            c.removeprefix("wsl-date-")
            for c in row.select_one(".wsl-date")["class"]
            if c != "wsl-date" and c.startswith("wsl-date-")
        )
        for row in rows
    }
    [said] = page.select(".wsl-dates-state")
    assert "ICLR financial-assistance application closes" in said.get_text()
    assert not page.select("table.wsl-dates-table .wsl-state")
    assert states["Paper submission deadline"] == "passed"
    assert states["ICLR financial-assistance application closes"] == "passed"
    assert states["Author notification"] == "upcoming"
    assert states["Workshop day"] == "upcoming"


def test_topic_areas_have_stable_anchors_and_the_role_links_there(tiny_site):
    page = tiny_site().page()
    ids = [section["id"] for section in page.select("section[id^=topic-]")]
    assert ids == [
        "topic-weight-space-as-modality",
        "topic-learning-paradigms",
        "topic-theoretical-foundations",
        "topic-model-analysis",
        "topic-synthesis-and-generation",
        "topic-applications",
    ]
    # The role {topic}`model-analysis` in index.md: a link to the section, named by its title.
    [link] = page.select("main p a[href$='#topic-model-analysis']")
    assert link.get_text() == "Model/Weight Analysis"


def replace_dates(old: str, new: str) -> dict[str, str]:
    assert old in GOOD_DATES
    return {"cfp/dates.yaml": GOOD_DATES.replace(old, new, 1)}


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


BAD_DATES = {
    "impossible date": (
        "date: 2025-03-05",
        "date: 2025-02-30",
        "2025-02-30",
        ["author_notification", "date", "day value is outside expected range"],
    ),
    "unknown timezone": (
        "timezone: Asia/Singapore",
        "timezone: Asia/Atlantis",
        "Asia/Atlantis",
        ["workshop_day", "timezone", "unknown timezone 'Asia/Atlantis'", "'AoE'", "IANA"],
    ),
    "deadline after the workshop": (
        "date: 2025-03-26",
        "date: 2025-05-01",
        "2025-05-01",
        [
            "camera_ready_deadline",
            "after the workshop day",
            "must come after 'camera_ready_deadline'",
        ],
    ),
    "notification before submission": (
        "date: 2025-03-05",
        "date: 2025-02-01",
        "2025-02-01",
        [
            "'author_notification'",
            "must come after 'submission_deadline'",
            "submission_deadline < author_notification < camera_ready_deadline < workshop_day",
        ],
    ),
    "unquoted time": (
        'time: "23:59"',
        "time: 23:59",
        "time: 23:59",
        ["submission_deadline", "time", 'quoted "HH:MM"'],
    ),
    "unknown field": (
        "kind: announcement",
        "kind: announcement\n  venue: nowhere",
        "venue: nowhere",
        ["unknown field 'venue'", "allowed fields:", "originally"],
    ),
    "unknown kind": (
        "kind: announcement",
        "kind: party",
        "kind: party",
        ["author_notification", "kind", "'deadline', 'announcement' or 'event'"],
    ),
    "YAML syntax error": (
        "label: Author notification",
        "label: [Author notification",
        "[Author notification",
        ["YAML syntax error"],
    ),
}


@pytest.mark.parametrize("case", list(BAD_DATES), ids=list(BAD_DATES))
def test_bad_dates_file_gives_typed_located_warning(tiny_site, case):
    old, new, needle, fragments = BAD_DATES[case]
    files = replace_dates(old, new)
    built = tiny_site(files=files, allow_warnings=True)
    line = line_of(files["cfp/dates.yaml"], needle.splitlines()[0])
    tag = "[workshop.data]" if case == "YAML syntax error" else "[workshop.dates]"
    matching = [w for w in built.warning_lines() if tag in w]
    assert matching, built.warnings
    located = [w for w in matching if f"cfp/dates.yaml:{line}:" in w]
    assert located, f"no warning at line {line}:\n{built.warnings}"
    text = "\n".join(matching)
    for fragment in fragments:
        assert fragment in text


def test_missing_milestone_is_reported(tiny_site):
    text = (
        GOOD_DATES.split("camera_ready_deadline:")[0]
        + "workshop_day:"
        + GOOD_DATES.split("workshop_day:")[1]
    )
    built = tiny_site(files={"cfp/dates.yaml": text}, allow_warnings=True)
    assert any(
        "missing required date 'camera_ready_deadline'" in w and "[workshop.dates]" in w
        for w in built.warning_lines()
    ), built.warnings


def test_unknown_date_key_in_a_page_is_located(tiny_site):
    page = "# Home\n\nSee {date}`submision_deadline`.\n"
    built = tiny_site(files={"index.md": page}, allow_warnings=True)
    (warning,) = built.warning_lines()
    assert "index.md:3:" in warning
    assert "[workshop.date_ref]" in warning
    assert "unknown date key 'submision_deadline'" in warning
    assert "submission_deadline" in warning.split("keys defined in")[1]


def test_unknown_state_in_if_date_is_located(tiny_site):
    page = "# Home\n\n::::{if-date} workshop_day finished\nx\n::::\n"
    built = tiny_site(files={"index.md": page}, allow_warnings=True)
    (warning,) = built.warning_lines()
    assert "index.md:3:" in warning and "[workshop.date_ref]" in warning
    assert "upcoming, today, passed" in warning


def test_unknown_topic_and_fact_are_located(tiny_site):
    page = "# Home\n\n{topic}`weights`\n\n{workshop}`roomz`\n"
    built = tiny_site(files={"index.md": page}, allow_warnings=True)
    warnings = built.warning_lines()
    assert any(
        "index.md:3:" in w and "[workshop.topic]" in w and "model-analysis" in w for w in warnings
    ), built.warnings
    assert any(
        "index.md:5:" in w and "[workshop.info_ref]" in w and "room" in w for w in warnings
    ), built.warnings


def test_editing_the_dates_file_rebuilds_pages_that_show_dates(tiny_site, tmp_path):
    built = tiny_site()
    dates = built.srcdir / "cfp/dates.yaml"
    dates.write_text(dates.read_text().replace("2025-03-26", "2025-03-27"))
    again = build(built.srcdir, built.outdir, freshenv=False)
    assert "Thursday, March 27, 2025" in again.page().get_text()
