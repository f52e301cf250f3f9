"""The reading list: one .bib file, grouped by CFP topic area, citable from any page."""

from __future__ import annotations

import bibtexparser
import pytest
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware
from site_build import ROOT

BIB = ROOT / "papers/reading-list.bib"
TOPICS = [area["id"] for area in yaml.safe_load((ROOT / "cfp/topics.yaml").read_text())]
SURVEY = yaml.safe_load((ROOT / "_data/workshop.yaml").read_text())["survey"]


@pytest.fixture(scope="module")
def library():
    library = bibtexparser.parse_string(
        BIB.read_text(encoding="utf-8"), append_middleware=[LatexDecodingMiddleware()]
    )
    assert not library.failed_blocks
    return library


def test_the_bib_file_parses_with_unique_keys_and_one_topic_each(library):
    keys = [entry.key for entry in library.entries]
    assert keys and len(keys) == len(set(keys))
    for entry in library.entries:
        assert entry["keywords"] in TOPICS, entry.key
        for field in ("title", "author", "year"):
            assert entry.fields_dict.get(field), (entry.key, field)


def test_the_survey_matches_the_workshop_facts(library):
    survey = library.entries_dict["han2026survey"]
    assert survey["title"] == SURVEY["title"]
    assert survey["year"] == str(SURVEY["year"])
    assert survey["url"] == SURVEY["url"]
    initials = [
        f"{name.split(', ')[1]} {name.split(', ')[0]}" for name in survey["author"].split(" and ")
    ]
    assert initials == SURVEY["authors"].split(", ")


def test_the_page_shows_every_entry_once_under_its_topic_area(real_site, library):
    page = real_site.page("papers/reading-list")
    placed = {}
    for section in page.select("main section section"):
        heading = section.find("h2").find("a", class_="reference")
        topic = heading["href"].rsplit("#topic-", 1)[1]
        assert heading["href"].startswith("../../cfp/")
        for citation in section.select(".citation"):
            key = citation["id"].split("-", 2)[2]  # bibtex_cite_id in conf.py
            assert key not in placed, key
            placed[key] = topic
    assert placed == {entry.key: entry["keywords"] for entry in library.entries}
    assert [h.get_text().rstrip("#") for h in page.select("main h2")] == [
        area["title"] for area in yaml.safe_load((ROOT / "cfp/topics.yaml").read_text())
    ]
    cfp = real_site.page("cfp/index")
    for topic in TOPICS:
        assert cfp.find(id=f"topic-{topic}"), topic


def test_the_bib_file_is_downloadable_and_identical(real_site):
    page = real_site.page("papers/reading-list")
    link = page.select_one("a.wsl-export[href$='reading-list.bib']")
    served = (real_site.outdir / "papers/reading-list" / link["href"]).resolve()
    assert served.read_bytes() == BIB.read_bytes()


def test_is_not_a_paper_record(real_site):
    exported = (real_site.outdir / "papers.json").read_text(encoding="utf-8")
    assert "reading-list" not in exported


def reader_label(entry) -> str:
    """How a reader cites ``entry``: the first author's surname, "and" the second or "et al.",
    and the year (the expectation, from the .bib file, of formats/bibtex.author_year)."""
    surnames = [name.split(",")[0].strip() for name in entry["author"].split(" and ")]
    who = {1: surnames[0], 2: " and ".join(surnames)}.get(len(surnames), f"{surnames[0]} et al.")
    return f"{who} {entry['year']}"


def test_entries_are_labelled_by_authors_and_year_not_keys(real_site, library):
    page = real_site.page("papers/reading-list")
    by_key = {entry.key: entry for entry in library.entries}
    for section in page.select("main section section"):
        labels = []
        for citation in section.select(".citation"):
            key = citation["id"].split("-", 2)[2]
            label = citation.select_one(".label").get_text(strip=True).strip("[]")
            assert key not in label, f"{key}: a BibTeX key is not a label for readers"
            want = reader_label(by_key[key])
            assert label in (want, *(want + letter for letter in "abc")), (key, label)
            labels.append(label)
        assert len(labels) == len(set(labels)), f"two entries of one list share a label: {labels}"
