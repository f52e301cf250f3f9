"""Incremental builds: an edit rewrites the pages that show the edited record, and no others."""

from __future__ import annotations

import json
import os
import pickle
import re
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from html_checks import compare_trees
from site_build import SITES, Built, build
from workshop.features import calendar_events
from workshop.features.exports import EXPORTS

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


# -- an edit of a data file rewrites the pages that show the edited key, and no others ------------


def page_sources(built: Built) -> dict[str, str]:
    """docname -> the page's source text."""
    return {
        path.relative_to(built.srcdir).with_suffix("").as_posix(): path.read_text(encoding="utf-8")
        for path in built.srcdir.rglob("*.md")
    }


def pages(docs: set[str]) -> set[str]:
    """The names ``write_times`` gives the pages of ``docs`` (``papers/index`` -> ``papers``)."""
    return {re.sub(r"(^|/)index$", "", doc) or "index" for doc in docs}


def environment(built: Built):
    path = built.outdir.parent / (built.outdir.name + ".doctrees") / "environment.pickle"
    with path.open("rb") as stream:
        return pickle.load(stream)


def written_with(built: Built, docs: set[str]) -> set[str]:
    """The pages Sphinx writes when ``docs`` are updated: they and the pages whose toctree
    includes one of them (the navigation shows their titles)."""
    parents = environment(built).files_to_rebuild
    return pages(docs | {parent for doc in docs for parent in parents.get(doc, ())})


def listings(built: Built) -> set[str]:
    """The pages that list every paper: written again when a paper page is read again (a
    list of people or news posts is not)."""
    return pages_with(built, "{paper-list}", "{paper-filter}", "{schedule}")


def page_text(built: Built, doc: str) -> str:
    """The text of a built page's main content (parsed)."""
    html = (built.outdir / ("" if doc == "index" else doc) / "index.html").read_text("utf-8")
    return BeautifulSoup(html, "html.parser").find("main").get_text(" ")


def pages_with(built: Built, *markup: str) -> set[str]:
    """The pages whose source uses any of ``markup`` (a role or directive with its argument)."""
    return {doc for doc, text in page_sources(built).items() if any(m in text for m in markup)}


def papers_where(built: Built, field: str, wanted) -> set[str]:
    """The paper pages whose front matter ``field`` satisfies ``wanted``."""
    found = set()
    for doc in paper_docs(built):
        front = yaml.safe_load(page_sources(built)[doc].split("---")[1])
        if wanted(front.get(field)):
            found.add(doc)
    return found


@pytest.fixture
def program_site(tiny_site) -> Built:
    # Papers on two topics, so a topic's pages are not every paper page.
    paper = (SITES / "program/papers/QrStUv5555.md").read_text()
    other_topic = paper.replace("topics: [model-analysis]", "topics: [applications]")
    assert other_topic != paper
    return tiny_site("program", files={"conf.py": CONF, "papers/QrStUv5555.md": other_topic})


def edit_data_file(built: Built, name: str, old: str, new: str) -> tuple[set[str], set[str]]:
    text = (built.srcdir / name).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return rebuild_after(built, {name: text.replace(old, new)})


def test_a_date_label_edit_rewrites_only_the_pages_that_show_that_date(program_site):
    reread, written = edit_data_file(
        program_site, "cfp/dates.yaml", "label: Paper submission deadline", "label: Papers due"
    )
    showing = pages_with(
        program_site,
        "{date}`submission_deadline`",
        "{if-date} submission_deadline",
        "{important-dates}",
    )
    assert showing and not showing & paper_docs(program_site)
    assert reread == showing
    assert written == written_with(program_site, showing)


def test_a_topic_title_edit_rewrites_only_the_pages_that_show_that_topic(program_site):
    reread, written = edit_data_file(
        program_site, "cfp/topics.yaml", "title: Applications of", "title: Uses of"
    )
    with_topic = papers_where(program_site, "topics", lambda ids: "applications" in ids)
    assert with_topic and with_topic != paper_docs(program_site)
    # A paper page shows its own topics; the topic areas and the papers filter show all of them.
    showing = with_topic | pages_with(
        program_site, "{topic}`applications`", "{topic-areas}", "{paper-filter}"
    )
    assert reread == showing
    assert written == written_with(program_site, showing | listings(program_site))
    for doc in with_topic:
        assert "Uses of Weight Space Learning" in page_text(program_site, doc)


def test_a_fact_edit_rewrites_only_the_pages_that_show_that_fact(program_site):
    reread, written = edit_data_file(program_site, "_data/workshop.yaml", "city: ", "city: New ")
    # Paper pages say where the workshop is ("When and where": the conference and the city).
    showing = paper_docs(program_site) | pages_with(program_site, "{workshop}`city`")
    assert reread == showing
    assert written == written_with(program_site, showing | listings(program_site))


def test_a_fact_no_page_shows_rewrites_no_page(program_site):
    reread, written = edit_data_file(
        program_site,
        "_data/workshop.yaml",
        "template_url: ",
        "template_url: https://example.org/t#",
    )
    showing = pages_with(program_site, "{workshop}`template_url`")
    assert reread == showing
    assert written == written_with(program_site, showing)


def test_a_slot_edit_rewrites_only_the_pages_that_show_that_slot(program_site):
    reread, written = edit_data_file(
        program_site, "program/schedule.yaml", "title: Closing remarks", "title: Goodbye"
    )
    showing = pages_with(program_site, "{schedule}")
    assert reread == showing
    assert written == written_with(program_site, showing)
    assert "Goodbye" in page_text(program_site, "program")


def test_a_poster_slot_edit_rewrites_the_papers_shown_in_it(program_site):
    reread, _ = edit_data_file(
        program_site,
        "program/schedule.yaml",
        "title: Coffee break + Poster session 1\n",
        "title: Coffee break + Poster session 1\n    room: Hall 7\n",
    )
    in_session = papers_where(program_site, "poster_session", lambda n: n == 1)
    assert in_session and in_session != paper_docs(program_site)
    assert reread == in_session | pages_with(program_site, "{schedule}")
    for doc in in_session:
        assert "room: Hall 7" in page_text(program_site, doc)


def test_a_program_file_added_rewrites_the_paper_pages(site):
    """No stale page: paper pages say when and where once there is a program."""
    assert not (site.srcdir / "program").exists()
    (site.srcdir / "program").mkdir()
    schedule = (SITES / "program/program/schedule.yaml").read_text(encoding="utf-8")
    reread, _ = rebuild_after(site, {"program/schedule.yaml": schedule})
    assert paper_docs(site) <= reread
    for doc in paper_docs(site):
        assert "When and where" in page_text(site, doc)


def calendar_files(built: Built) -> dict[str, tuple[int, bytes]]:
    """Every calendar file of the site: (when it was written, its bytes)."""
    return {
        path.relative_to(built.outdir).as_posix(): (path.stat().st_mtime_ns, path.read_bytes())
        for path in built.outdir.rglob("*.ics")
    }


def test_an_edit_makes_again_only_the_calendar_files_whose_content_changes(program_site):
    before = calendar_files(program_site)
    paper = program_site.srcdir / "papers/AbCdEf1234.md"
    text = paper.read_text(encoding="utf-8")
    title = re.search(r'^title: "?(.*?)"?$', text, re.M).group(1)
    rebuild_after(
        program_site, {"papers/AbCdEf1234.md": text.replace(title, f"{title} (edited)", 1)}
    )
    after = calendar_files(program_site)
    assert after.keys() == before.keys() and len(after) > 2
    written = {name for name in after if after[name][0] != before[name][0]}
    changed = {name for name in after if after[name][1] != before[name][1]}
    assert written == changed
    assert "papers/calendar/wsl-2025-AbCdEf1234.ics" in changed
    assert all(b"(edited)" in after[name][1] for name in changed)


EXPORTED = {".ics", ".json", ".bib"}  # the data files the build publishes beside its pages


def exported_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.suffix in EXPORTED and "_static" not in path.parts
    }


def edited_title(built: Built, paper_id: str) -> dict[str, str]:
    name = f"papers/{paper_id}.md"
    text = (built.srcdir / name).read_text(encoding="utf-8")
    title = re.search(r'^title: "?(.*?)"?$', text, re.M).group(1)
    return {name: text.replace(title, f"{title} (edited)", 1)}


def test_a_paper_edit_gives_the_exports_of_a_fresh_build(program_site, tmp_path):
    """Each paper's part of the exports is kept from the last build (its calendar, its agenda
    item, its row of papers.json: features/export_memory.py), the edited paper's made again."""
    before = exported_files(program_site.outdir)
    rebuild_after(program_site, edited_title(program_site, "AbCdEf1234"))
    after = exported_files(program_site.outdir)
    assert after == exported_files(build(program_site.srcdir, tmp_path / "fresh").outdir)
    changed = {name for name in after if after[name] != before.get(name)}
    assert {"papers/calendar/wsl-2025-AbCdEf1234.ics", "program/agenda.json", "papers.json"} <= (
        changed
    )


def test_a_program_edit_gives_every_paper_the_exports_of_a_fresh_build(program_site, tmp_path):
    """What every paper's exports read beside the paper (here its poster session's title, in
    each poster's calendar event): all of them are made again."""
    name = "program/schedule.yaml"
    schedule = (program_site.srcdir / name).read_text(encoding="utf-8")
    slot = next(s for s in yaml.safe_load(schedule)["slots"] if s["kind"] == "poster-session")
    title, session = slot["title"], slot["poster_session"]
    before = exported_files(program_site.outdir)
    rebuild_after(program_site, {name: schedule.replace(title, "Posters, all of them", 1)})
    after = exported_files(program_site.outdir)
    assert after == exported_files(build(program_site.srcdir, tmp_path / "fresh").outdir)
    in_session = papers_where(program_site, "poster_session", lambda number: number == session)
    posters = {doc.rpartition("/")[2] for doc in in_session}
    assert posters
    for paper_id in posters:
        calendar = f"papers/calendar/wsl-2025-{paper_id}.ics"
        assert after[calendar] != before[calendar]


def test_a_paper_edit_makes_no_other_papers_events_again(program_site, monkeypatch):
    """Only the papers whose pages are written again (they show the edited paper) get their
    calendar events made again: not every paper of the site for its exports."""
    made = []
    poster_slot = calendar_events.poster_slot

    def counted(schedule, paper):
        made.append(paper.id)
        return poster_slot(schedule, paper)

    monkeypatch.setattr(calendar_events, "poster_slot", counted)
    _, written = rebuild_after(program_site, edited_title(program_site, "AbCdEf1234"))
    papers = {doc.rpartition("/")[2] for doc in paper_docs(program_site)}
    shown = {page.rpartition("/")[2] for page in written} & papers
    assert "AbCdEf1234" in made
    assert shown != papers, "a paper whose page is not written again"
    assert set(made) <= shown


def test_each_export_lists_its_files_once_per_build(program_site):
    """Every paper's calendar path is listed once per build, not by each of its readers (the
    links, the writer, the published list): thousands of paths each time."""
    export = EXPORTS["paper-ics"]
    listed, paths = [], export.parts

    def counted(app):
        listed.append(app)
        return paths(app)

    object.__setattr__(export, "parts", counted)  # a frozen registry entry, put back below
    try:
        rebuild_after(program_site, edited_title(program_site, "AbCdEf1234"))
    finally:
        object.__setattr__(export, "parts", paths)
    assert len(listed) == 1


# -- an incremental build publishes what a fresh build of the same sources publishes -------------


def test_after_each_edit_the_incremental_build_equals_a_fresh_one(program_site, tmp_path):
    """Every cache kept from one build to the next (pages not rewritten, exports not made
    again, rows and lists kept) must leave the same files as building the sources anew."""
    paper = "papers/AbCdEf1234.md"
    title = re.search(r'^title: "?(.*?)"?$', source(program_site, paper), re.M).group(1)
    edits = [
        (paper, title, f"{title} (edited)"),
        (paper, "topics: [model-analysis]", "topics: [applications]"),
        ("cfp/dates.yaml", "label: Paper submission deadline", "label: Papers due"),
        ("program/schedule.yaml", "title: Opening remarks", "title: Welcome"),
    ]
    for step, (name, old, new) in enumerate(edits):
        text = source(program_site, name)
        assert text.count(old) == 1, (name, old)
        rebuild_after(program_site, {name: text.replace(old, new)})
        fresh = build(program_site.srcdir, tmp_path / f"fresh-{step}")
        differences = compare_trees(program_site.outdir, fresh.outdir)
        others = [d for d in differences if not d.startswith(f"differs: {SEARCH_INDEX}:")]
        assert others == [], (name, new)
        assert search_index(program_site.outdir) == search_index(fresh.outdir), (name, new)


SEARCH_INDEX = "searchindex.js"


def search_index(outdir: Path) -> dict:
    """The search index, without the words that no page has any more: Sphinx keeps such a
    word with an empty list of pages when an edit removes it (it finds nothing either way)."""
    script = (outdir / SEARCH_INDEX).read_text(encoding="utf-8")
    index = json.loads(script.removeprefix("Search.setIndex(").removesuffix(")"))
    for key in ("terms", "titleterms"):
        index[key] = {word: pages for word, pages in index[key].items() if pages != []}
    return index


def source(built: Built, name: str) -> str:
    return (built.srcdir / name).read_text(encoding="utf-8")
