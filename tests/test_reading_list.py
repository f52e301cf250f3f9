"""The reading list: one .bib file, grouped by CFP topic area, citable from any page."""

from __future__ import annotations

from collections import Counter

import bibtexparser
import pytest
import yaml
from bibtexparser.middlewares import LatexDecodingMiddleware
from site_build import ROOT, SITES

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
        for label in section.select(".citation .label"):
            key = label.get_text(strip=True).strip("[]")
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


CITING_CONF = (
    (SITES / "minimal/conf.py").read_text()
    + """
extensions.append("sphinxcontrib.bibtex")
workshop_collection_pages = ["papers/reading-list"]
bibtex_bibfiles = ["papers/reading-list.bib"]
bibtex_default_style = "wsl-reading-list"
bibtex_reference_style = "author_year"
"""
)
CITING_PAGE = """# Home

Weights can be merged once aligned {cite:p}`ainsworth2023git`; see {cite:t}`han2026survey`.

## Topics

```{topic-areas}
```

```{toctree}
papers/reading-list
```
"""


def test_any_page_can_cite_an_entry_of_the_list(tiny_site):
    built = tiny_site(
        files={
            "conf.py": CITING_CONF,
            "index.md": CITING_PAGE,
            # The tiny site has no CFP page: the list's link to it becomes plain text.
            "papers/reading-list.md": (ROOT / "papers/reading-list.md")
            .read_text(encoding="utf-8")
            .replace("[call for papers](../cfp/index.md#topics)", "call for papers"),
            "papers/reading-list.bib": BIB.read_text(encoding="utf-8"),
        }
    )
    citations = built.page().select("main .bibtex-citation a")
    assert [a.get_text() for a in citations] == ["Ainsworth et al., 2023", "2026"]
    reading_list = built.page("papers/reading-list")
    for link in citations:
        path, anchor = link["href"].split("#")
        assert path == "papers/reading-list/"
        target = reading_list.find(id=anchor)
        assert target is not None and "citation" in target["class"]
    labels = Counter(
        label.get_text(strip=True) for label in reading_list.select(".citation .label")
    )
    assert labels["[ainsworth2023git]"] == 1 and labels["[han2026survey]"] == 1
