"""The published content of WSL 2025: update this file when the content changes.

Every other test derives its expectations from the data files (``site_data.py``), so that a
contributor's valid pull request (a new paper, person, slot or reading-list entry) passes them
unchanged. This file alone pins what the workshop published: when a pull request changes the
content on purpose, this is the one test that fails, and the one to update in the same pull request.
"""

from __future__ import annotations

import bibtexparser
import pytest
import site_data

PAPERS = 45
PRESENTATIONS = {"spotlight": 5, "poster": 40}
POSTER_SESSIONS = {1: 25, 2: 20}
PEOPLE = 15
ROLES = {"invited-speaker": 4, "organizer": 9, "steering-committee": 5}
READING_LIST = 29
PROGRAM_SLOTS = 15
SESSIONS = ["Graphs and Symmetries", "Representation Learning", "Downstream Applications"]
SESSION_SPANS = [["11:00", "12:15"], ["13:30", "15:00"], ["16:00", "16:45"]]
DAY = ("09:00", "17:30")  # Singapore time; in UTC 01:00 to 09:30
UPDATE = "if the pull request changes this on purpose, update it in tests/test_published_content.py"


def test_the_papers():
    assert len(site_data.papers()) == PAPERS, UPDATE
    assert site_data.presentation_counts() == PRESENTATIONS, UPDATE
    assert site_data.session_counts() == POSTER_SESSIONS, UPDATE


def test_the_people():
    assert len(site_data.people()) == PEOPLE, UPDATE
    assert site_data.role_counts() == ROLES, UPDATE


def test_the_reading_list():
    text = (site_data.ROOT / "papers/reading-list.bib").read_text(encoding="utf-8")
    assert len(bibtexparser.parse_string(text).entries) == READING_LIST, UPDATE


def test_the_program():
    schedule = site_data.schedule()
    assert len(schedule["slots"]) == PROGRAM_SLOTS, UPDATE
    assert [session["title"] for session in schedule["sessions"].values()] == SESSIONS, UPDATE
    assert site_data.session_spans() == SESSION_SPANS, UPDATE
    assert (schedule["slots"][0]["start"], schedule["ends_at"]) == DAY, UPDATE


@pytest.mark.parametrize(
    "group",
    [
        f"Spotlight talks ({PRESENTATIONS['spotlight']})",
        f"Posters ({PRESENTATIONS['poster']})",
        *(f"Poster session {n} ({count})" for n, count in POSTER_SESSIONS.items()),
    ],
)
def test_the_papers_page_shows_the_published_groups(real_site, group):
    groups = {rubric.get_text() for rubric in real_site.page("papers/index").select(".wsl-group")}
    assert group in groups, UPDATE
