"""The published content of WSL 2025 stays published.

Every other test derives its expectations from the data files (``site_data.py``). This one pins
what the workshop published, in ``tests/fixtures/published-content.yaml``: each paper with its
presentation and poster session, each person with their roles, each reading-list key and the
program of the day. It checks that all of it is still on the site as published, so a pull request
that adds a paper, a person, a slot or a reference passes unchanged, and one that drops or alters a
published fact fails here until the fixture is corrected on purpose.
"""

from __future__ import annotations

import bibtexparser
import site_data
import yaml

PUBLISHED = yaml.safe_load(
    (site_data.ROOT / "tests/fixtures/published-content.yaml").read_text(encoding="utf-8")
)
UPDATE = (
    "a published fact changed; if that is an intended correction, update "
    "tests/fixtures/published-content.yaml in the same pull request and name the source"
)


def missing_or_changed(published: dict, current: dict) -> dict:
    return {key: value for key, value in published.items() if current.get(key) != value}


def test_every_published_paper_is_on_the_site_as_published():
    current = {
        key: {"presentation": paper["presentation"], "poster_session": paper["poster_session"]}
        for key, paper in site_data.papers().items()
    }
    assert not missing_or_changed(PUBLISHED["papers"], current), UPDATE


def test_every_published_person_keeps_their_roles():
    current = {key: sorted(person["roles"]) for key, person in site_data.people().items()}
    assert not missing_or_changed(PUBLISHED["people"], current), UPDATE


def test_every_published_reference_is_in_the_reading_list():
    text = (site_data.ROOT / "papers/reading-list.bib").read_text(encoding="utf-8")
    keys = {entry.key for entry in bibtexparser.parse_string(text).entries}
    assert set(PUBLISHED["reading_list"]) <= keys, UPDATE


def test_the_program_of_the_day_is_as_published():
    schedule = site_data.schedule()
    program = PUBLISHED["program"]
    assert [schedule["slots"][0]["start"], schedule["ends_at"]] == program["day"], UPDATE
    sessions = [session["title"] for session in schedule["sessions"].values()]
    assert sessions[: len(program["sessions"])] == program["sessions"], UPDATE
    slots = {f"{slot['start']} {slot.get('title') or slot['kind']}" for slot in schedule["slots"]}
    assert set(program["slots"]) <= slots, UPDATE


def test_the_checks_fail_on_a_dropped_or_changed_record():
    papers = dict(PUBLISHED["papers"])
    key = next(iter(papers))
    assert missing_or_changed(papers, {}) == papers
    changed = {**papers, key: {**papers[key], "poster_session": 3}}
    assert list(missing_or_changed(papers, changed)) == [key]
    assert not missing_or_changed(papers, {**papers, "NewPaper01": {"presentation": "poster"}})
