"""Incremental builds: an edit rewrites the pages that show the edited record, and no others."""

from __future__ import annotations

import os
import pickle
import re
import time
from pathlib import Path

import pytest
from site_build import SITES, Built, build

PAPER = (SITES / "collections/papers/AbCdEf1234.md").read_text()
OTHER_PAPER = (
    PAPER.replace("AbCdEf1234", "ZyXwVu9876")
    .replace("Weights Are Data: A Test Paper", "Another Test Paper")
    .replace("  - Ada Lovelace\n  - Charles Babbage\n", "  - Grace Hopper\n")
)
GRACE = """---
name: Grace Hopper
roles: [organizer]
affiliation: Navy
homepage: https://example.org/grace
---

Grace wrote the first compiler.
"""
# The theme appends to templates_path; without a list of its own in conf.py, it appends to
# Sphinx's shared default, the next in-process build sees another configuration and
# rewrites every page (the command line, one process per build, is not affected).
CONF = (SITES / "minimal/conf.py").read_text() + "templates_path = []\n"
# Two papers and two people: Ada wrote the first paper, Grace the other one.
EXTRA = {"conf.py": CONF, "papers/ZyXwVu9876.md": OTHER_PAPER, "people/grace-hopper.md": GRACE}


def read_times(built: Built) -> dict[str, int]:
    """When each document was last read, from the pickled environment."""
    path = built.outdir.parent / (built.outdir.name + ".doctrees") / "environment.pickle"
    with path.open("rb") as stream:
        return dict(pickle.load(stream).all_docs)


def write_times(built: Built) -> dict[str, int]:
    pages = {}
    for path in built.outdir.rglob("*.html"):
        docname = path.relative_to(built.outdir).with_suffix("").as_posix()
        pages[re.sub(r"(^|/)index$", "", docname) or "index"] = path.stat().st_mtime_ns
    return pages


def rebuild_after(built: Built, edits: dict[str, str]) -> tuple[set[str], set[str]]:
    """Apply ``edits`` (path -> text), rebuild incrementally: (documents read, pages written)."""
    read, written = read_times(built), write_times(built)
    for name, text in edits.items():
        (built.srcdir / name).write_text(text, encoding="utf-8")
    rebuilt = build(built.srcdir, built.outdir, freshenv=False)
    reread = {doc for doc, when in read_times(rebuilt).items() if read.get(doc) != when}
    rewritten = {page for page, when in write_times(rebuilt).items() if written.get(page) != when}
    return reread, rewritten - {"genindex", "search"}  # Sphinx writes those two every time


@pytest.fixture
def site(tiny_site) -> Built:
    return tiny_site("collections", files=EXTRA)


def test_editing_a_paper_title_rewrites_its_author_and_the_listings(site):
    edited = PAPER.replace("A Test Paper", "A Revised Test Paper")
    reread, written = rebuild_after(site, {"papers/AbCdEf1234.md": edited})
    assert reread == {"papers/AbCdEf1234"}
    # The paper, the listings, its author's page, the home page, which cites the paper by
    # title, and the other paper, which lists it under "Same topic"; Grace's page stays.
    assert written == {
        "papers/AbCdEf1234",
        "papers",
        "people",
        "people/ada-lovelace",
        "index",
        "papers/ZyXwVu9876",
    }
    ada = (site.outdir / "people/ada-lovelace/index.html").read_text()
    assert "A Revised Test Paper" in ada
    assert "A Revised Test Paper" in (site.outdir / "index.html").read_text()


def test_moving_a_paper_to_another_author_rewrites_both_person_pages(site):
    moved = PAPER.replace("  - Ada Lovelace\n", "  - Grace Hopper\n")
    _, written = rebuild_after(site, {"papers/AbCdEf1234.md": moved})
    assert {"people/ada-lovelace", "people/grace-hopper"} <= written
    ada = (site.outdir / "people/ada-lovelace/index.html").read_text()
    grace = (site.outdir / "people/grace-hopper/index.html").read_text()
    assert "Weights Are Data" not in ada
    assert "Weights Are Data" in grace


# A third paper with another topic and other authors: no list of related papers shows it.
LONELY = (
    OTHER_PAPER.replace("ZyXwVu9876", "LoNeLy0001")
    .replace("Another Test Paper", "A Lonely Test Paper")
    .replace("  - Grace Hopper\n", "  - Alan Turing\n")
    .replace("topics: [model-analysis]", "topics: [applications]")
)


def related_titles(site: Built, stem: str) -> dict[str, list[str]]:
    page = (site.outdir / f"papers/{stem}/index.html").read_text()
    found = {}
    for anchor in ("more-by-these-authors", "same-topic"):
        section = re.search(rf'<section[^>]*id="{anchor}".*?</section>', page, re.S)
        found[anchor] = re.findall(r"<span>([^<]+)</span></a>", section[0]) if section else []
    return found


def test_related_lists_rewrite_the_pages_that_show_the_edited_paper_and_only_those(tiny_site):
    site = tiny_site("collections", files={**EXTRA, "papers/LoNeLy0001.md": LONELY})
    assert "A Lonely Test Paper" not in str(related_titles(site, "ZyXwVu9876"))
    assert related_titles(site, "ZyXwVu9876")["same-topic"] == ["Weights Are Data: A Test Paper"]
    edited = PAPER.replace("A Test Paper", "A Revised Test Paper")
    _, written = rebuild_after(site, {"papers/AbCdEf1234.md": edited})
    assert "papers/ZyXwVu9876" in written
    assert "papers/LoNeLy0001" not in written
    assert related_titles(site, "ZyXwVu9876")["same-topic"] == [
        "Weights Are Data: A Revised Test Paper"
    ]
    # A change of topic: the lonely paper now lists it, the other paper no longer does.
    moved = edited.replace("topics: [model-analysis]", "topics: [applications]")
    _, written = rebuild_after(site, {"papers/AbCdEf1234.md": moved})
    assert {"papers/ZyXwVu9876", "papers/LoNeLy0001"} <= written
    assert related_titles(site, "ZyXwVu9876")["same-topic"] == []
    assert related_titles(site, "LoNeLy0001")["same-topic"] == [
        "Weights Are Data: A Revised Test Paper"
    ]


def paper_docs(built: Built) -> set[str]:
    return {f"papers/{p.stem}" for p in (built.srcdir / "papers").glob("*.md")} - {"papers/index"}


def test_a_data_file_edit_rereads_the_pages_that_show_it(site):
    topics = (site.srcdir / "cfp/topics.yaml").read_text()
    renamed = topics.replace(
        "title: Model/Weight Analysis", "title: Model/Weight Analysis, Renamed"
    )
    assert renamed != topics
    reread, _ = rebuild_after(site, {"cfp/topics.yaml": renamed})
    # Paper pages show their topic areas, the home page lists the areas; people pages show none.
    assert paper_docs(site) | {"index"} <= reread
    assert not any(doc.startswith("people/") for doc in reread), reread
    paper = (site.outdir / "papers/AbCdEf1234/index.html").read_text()
    assert "Model/Weight Analysis, Renamed" in paper


def test_a_data_file_touched_but_unchanged_rereads_nothing(site):
    topics = site.srcdir / "cfp/topics.yaml"
    later = time.time() + 60  # newer than every page's last reading
    os.utime(topics, (later, later))
    reread, _ = rebuild_after(site, {})
    assert reread == set()


def test_pages_keep_no_path_of_a_data_file(site):
    """Each page's data files are names in the domain, not Sphinx dependencies: 4 paths per
    paper page made thousands of paths to unpickle and stat in every rebuild."""
    path = site.outdir.parent / (site.outdir.name + ".doctrees") / "environment.pickle"
    with path.open("rb") as stream:
        env = pickle.load(stream)
    data_files = {"cfp/topics.yaml", "cfp/dates.yaml", "_data/workshop.yaml"}
    noted = {
        Path(dep).relative_to(site.srcdir).as_posix()
        for deps in env.dependencies.values()
        for dep in deps
    }
    assert noted.isdisjoint(data_files), noted


def test_editing_a_paper_body_rewrites_no_other_record(site):
    reread, written = rebuild_after(site, {"papers/AbCdEf1234.md": PAPER + "\nA new remark.\n"})
    assert reread == {"papers/AbCdEf1234"}
    assert written - {"papers", "people", "index"} == {"papers/AbCdEf1234"}


def test_renaming_a_person_relinks_the_papers_by_that_name(site):
    renamed = GRACE.replace("name: Grace Hopper", "name: Charles Babbage")
    reread, written = rebuild_after(site, {"people/grace-hopper.md": renamed})
    assert reread == {"people/grace-hopper"}
    # Charles Babbage is an author of the first paper, which now links to the renamed page;
    # the other paper loses its link to Grace.
    assert {"papers/AbCdEf1234", "papers/ZyXwVu9876", "people/grace-hopper"} <= written
    assert "people/ada-lovelace" not in written
    first = (site.outdir / "papers/AbCdEf1234/index.html").read_text()
    link = r'href="[./]*people/grace-hopper/"[^>]*>\s*(<span[^>]*>)?Charles Babbage'
    assert re.search(link, first)


def test_a_new_mention_shows_on_the_person_page(site):
    home = (site.srcdir / "index.md").read_text()
    reread, written = rebuild_after(
        site, {"index.md": home.replace("Talk by", "With {person}`grace-hopper`. Talk by")}
    )
    assert reread == {"index"}
    assert "people/grace-hopper" in written
    grace = (site.outdir / "people/grace-hopper/index.html").read_text()
    assert "Mentioned on" in grace


def test_parallel_build_gives_the_same_pages(site, tmp_path):
    parallel = build(site.srcdir, tmp_path / "parallel", parallel=2)
    for page in [
        "papers/index.html",
        "people/ada-lovelace/index.html",
        "papers/AbCdEf1234/index.html",
    ]:
        assert _body(parallel.outdir / page) == _body(site.outdir / page)


def _body(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]
