"""Collections on the real site: a page per paper and person with the expected counts, headers from
front matter, listings that agree with the files, author links both ways."""

from __future__ import annotations

import re
from collections import Counter

import site_data
from site_build import ROOT


def record_pages(real_site, folder):
    return sorted(
        p
        for p in (real_site.outdir / folder).glob("*/index.html")
        if p.parent.name != "reading-list"
    )


def test_real_site_has_a_page_per_paper_with_the_expected_counts(real_site):
    sources = sorted(
        p.stem for p in (ROOT / "papers").glob("*.md") if p.stem not in {"index", "reading-list"}
    )
    pages = record_pages(real_site, "papers")
    assert [p.parent.name for p in pages] == sources
    kinds, sessions = Counter(), Counter()
    for page in pages:
        header = real_site.page(f"papers/{page.parent.name}").select_one(".wsl-paper-header")
        spotlight = header.select_one(".wsl-presentation-spotlight") is not None
        kinds["spotlight" if spotlight else "poster"] += 1
        sessions[int(re.search(r"Poster session (\d)", header.get_text()).group(1))] += 1
    assert kinds == site_data.presentation_counts()
    assert sessions == site_data.session_counts()


def test_real_site_people_pages_and_role_listings(real_site):
    people = site_data.people()
    assert [p.parent.name for p in record_pages(real_site, "people")] == sorted(people)
    page = real_site.page("people/index")
    sections = {
        section.find(["h2"]).get_text(strip=True).rstrip("#"): section
        for section in page.select("section section")
    }
    counts = {title: len(s.select(".wsl-person-card")) for title, s in sections.items()}
    roles = site_data.role_counts()
    assert counts == {
        "Invited speakers": roles["invited-speaker"],
        "Organizing committee": roles["organizer"],
        "Steering committee": roles["steering-committee"],
    }
    names = {
        title: {a.get_text() for a in s.select(".wsl-name a")} for title, s in sections.items()
    }
    for person in people.values():  # a person with two roles is listed under both
        assert ("invited-speaker" in person["roles"]) == (
            person["name"] in names["Invited speakers"]
        )
        assert ("steering-committee" in person["roles"]) == (
            person["name"] in names["Steering committee"]
        )


def test_paper_listing_agrees_with_the_files(real_site):
    page = real_site.page("papers/index")
    presentations, sessions = site_data.presentation_counts(), site_data.session_counts()
    counts = {
        (name, value): page.select_one(f"select[name={name}] option[value='{value}']")
        .get_text()
        .rsplit(" ", 1)[1]
        for name, value in [*((f, "") for f in ("presentation", "session")),
                            ("presentation", "spotlight"), ("presentation", "poster"),
                            *(("session", str(n)) for n in sessions)]
    }  # fmt: skip
    total = sum(presentations.values())
    assert counts == {
        ("presentation", ""): f"({total})",
        ("session", ""): f"({total})",
        ("presentation", "spotlight"): f"({presentations['spotlight']})",
        ("presentation", "poster"): f"({presentations['poster']})",
        **{("session", str(n)): f"({count})" for n, count in sessions.items()},
    }
    listed = page.select("li.wsl-paper")
    assert sorted(li["data-id"] for li in listed) == sorted(
        p.parent.name for p in record_pages(real_site, "papers")
    )


def test_paper_page_header_from_front_matter(real_site):
    for stem, paper in site_data.papers().items():
        page = real_site.page(f"papers/{stem}")
        assert page.find("h1").get_text().startswith(paper["title"]), stem
        assert page.title.get_text().startswith(paper["title"]), stem
        header = page.select_one(".wsl-paper-header")
        assert ", ".join(paper["authors"]) in header.get_text(), stem
        hrefs = [a["href"] for a in header.select("a")]
        forum = f"https://openreview.net/forum?id={paper.get('openreview')}"
        assert (forum in hrefs) == bool(paper.get("openreview")), stem
        assert "openreview.net/forum" in str(page) or not paper.get("openreview"), stem
        for url in paper.get("links", {}).values():
            assert url in hrefs, (stem, url)
        for topic in paper["topics"]:
            assert any(h.endswith(f"?topic={topic}") for h in hrefs), (stem, topic)


def test_a_paper_without_an_openreview_id_has_no_openreview_link(real_site):
    without = [stem for stem, paper in site_data.papers().items() if not paper.get("openreview")]
    for stem in without:
        assert "openreview.net/forum" not in str(real_site.page(f"papers/{stem}")), stem


def test_authors_with_a_person_page_link_to_it_and_back(real_site):
    person_pages = {person["name"]: stem for stem, person in site_data.people().items()}
    linked_somewhere = False
    for stem, paper in site_data.papers().items():
        links = {a.get_text(): a["href"] for a in real_site.page(f"papers/{stem}").select(
            ".wsl-authors a"
        )}  # fmt: skip
        for author in paper["authors"]:
            assert (author in links) == (author in person_pages), (stem, author)
            if author in person_pages:
                linked_somewhere = True
                assert links[author].endswith(f"people/{person_pages[author]}/"), (stem, author)
                person = real_site.page(f"people/{person_pages[author]}")
                titles = {a.get_text() for a in person.select("main a")}
                assert paper["title"] in titles, (author, stem)
    assert linked_somewhere, "no paper has an author with a person page: nothing was tested"


def test_record_pages_do_not_list_the_collection(real_site):
    """Page size must not grow with the number of papers: no sidebar of all records; other
    papers only in the bounded lists of related papers (at most 5 each)."""
    papers = site_data.papers()
    for stem in papers:
        page = real_site.page(f"papers/{stem}")
        others = {
            a["href"]
            for a in page.select("a[href]")
            if any(a["href"].rstrip("/").endswith(f"/{other}") for other in papers if other != stem)
        }
        related = {a["href"] for a in page.select("section.wsl-related li a[href]")}
        assert others <= related and len(related) <= 2 * 5, stem
