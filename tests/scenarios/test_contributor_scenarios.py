"""What contributors do, done on a copy of the real site: the strict build and the link check.

Each scenario is a real edit of the site's files, as a pull request would make it, followed by
the strict build (any warning fails) and the check of every internal link. A valid edit passes;
an invalid one fails with a located message: the edited file, its line, and a [workshop.*] tag,
the format the pull-request workflow turns into annotations (.github/sphinx-problem-matcher.json).
Each scenario builds the whole site once (about 10 s).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
import site_data
import yaml
from html_checks import check_links, read_allowlist
from site_build import BUILD_EPOCH, ROOT, Built, build

pytestmark = pytest.mark.slow

# What a pull request can change: the site's sources, not the tooling around them.
NOT_SITE = shutil.ignore_patterns(
    ".git", ".venv", "node_modules", "_build", "tests", "benchmarks", ".ruff_cache", "__pycache__"
)
MATCHER = json.loads((ROOT / ".github/sphinx-problem-matcher.json").read_text())
WARNING_LINE = re.compile(MATCHER["problemMatcher"][0]["pattern"][0]["regexp"])
CONTRIBUTING_EXAMPLE = re.findall(
    r"^```markdown\n(.*?)^```$", (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), re.S | re.M
)[0]
PERSON_EXAMPLE = (ROOT / "tests/sites/contributing/people/jane-doe.md").read_text(encoding="utf-8")


class Site:
    """A copy of the real site in ``tmp_path`` that a scenario edits."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def write(self, name: str, text: str) -> None:
        (self.root / name).parent.mkdir(parents=True, exist_ok=True)
        (self.root / name).write_text(text, encoding="utf-8")

    def edit(self, name: str, old: str, new: str, *, first: bool = False) -> int:
        """Replace ``old`` (once, or its first occurrence); the line (1-based) of the new text."""
        text = self.read(name)
        assert text.count(old) == 1 or (first and old in text), f"{old!r} is not once in {name}"
        self.write(name, text.replace(old, new, 1))
        return text[: text.index(old)].count("\n") + 1

    def line_of(self, name: str, text: str) -> int:
        return self.read(name)[: self.read(name).index(text)].count("\n") + 1


@pytest.fixture
def site(tmp_path, monkeypatch) -> Site:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
    shutil.copytree(ROOT, tmp_path / "src", ignore=NOT_SITE)
    samples = "tests/sites/contributing"  # contribute.md includes the tested samples
    shutil.copytree(ROOT / samples, tmp_path / "src" / samples)
    return Site(tmp_path / "src")


def checks_pass(site: Site) -> Built:
    """The strict build (fails on any warning) and the internal-link check of the output."""
    built = build(site.root, site.root.parent / "html")
    problems = check_links(built.outdir, http_allowed=read_allowlist("http-links.tsv"))
    assert problems == [], "\n".join(problems)
    return built


def fails_at(site: Site, name: str, line: int, tag: str) -> str:
    """The build warns about ``name:line`` with ``[tag]``, as an annotation would show it."""
    built = build(site.root, site.root.parent / "html", allow_warnings=True)
    located = []
    for warning in built.warning_lines():
        match = WARNING_LINE.match(warning)
        assert match, f"not in the annotated format: {warning}"
        path, number, message, code = match.groups()
        relative = Path(path).relative_to(site.root) if Path(path).is_absolute() else Path(path)
        located.append((relative.as_posix(), int(number), code, message))
    assert [(n, ln, c) for n, ln, c, _ in located] == [(name, line, tag)], built.warnings
    return located[0][3]


# -- papers -------------------------------------------------------------------------------------


def test_add_a_paper_exactly_as_contributing_shows(site):
    record = yaml.safe_load(CONTRIBUTING_EXAMPLE.split("---\n")[1])
    site.write(f"papers/{record['openreview']}.md", CONTRIBUTING_EXAMPLE)
    built = checks_pass(site)
    page = built.page(f"papers/{record['openreview']}")
    assert page.find("h1").get_text().startswith(record["title"])
    listing = built.page("papers/index")
    ids = {li["data-id"] for li in listing.select("li.wsl-paper")}
    assert ids == set(site_data.papers(site.root))
    exported = json.loads((built.outdir / "papers.json").read_text(encoding="utf-8"))
    assert record["openreview"] in {paper["id"] for paper in exported["papers"]}


def test_an_invalid_new_paper_fails_at_its_line(site):
    text = CONTRIBUTING_EXAMPLE.replace("poster_session: 1 ", "poster_session: 3 ")
    site.write("papers/SAMPLE0001.md", text)
    message = fails_at(site, "papers/SAMPLE0001.md", site.line_of("papers/SAMPLE0001.md",
                       "poster_session: 3"), "workshop.paper")  # fmt: skip
    assert "poster_session" in message


def test_correct_an_authors_name(site):
    stem = site_data.A_PAPER
    old = site_data.papers()[stem]["authors"][0]
    site.edit(f"papers/{stem}.md", f"  - {old}\n", "  - Corrected Name\n")
    header = checks_pass(site).page(f"papers/{stem}").select_one(".wsl-paper-header")
    assert "Corrected Name" in header.get_text() and old not in header.get_text()


def test_rename_a_paper_file(site):
    stem = next(s for s, p in site_data.papers().items() if not p.get("openreview"))
    (site.root / f"papers/{stem}.md").rename(site.root / f"papers/{stem}-renamed.md")
    built = checks_pass(site)
    assert built.page(f"papers/{stem}-renamed").find("h1")
    assert not (built.outdir / "papers" / stem).exists()


def test_delete_a_paper_that_nothing_references(site):
    (site.root / f"papers/{site_data.A_PAPER}.md").unlink()
    built = checks_pass(site)
    assert not (built.outdir / "papers" / site_data.A_PAPER).exists()


def test_delete_a_paper_that_the_program_references_fails_at_the_reference(site):
    stem = site_data.A_PAPER
    line = (
        site.edit(
            "program/schedule.yaml",
            "    kind: spotlights\n",
            f"    kind: spotlights\n    papers: [{stem}]\n",
            first=True,
        )
        + 1
    )
    checks_pass(site)  # the reference itself is valid
    (site.root / f"papers/{stem}.md").unlink()
    message = fails_at(site, "program/schedule.yaml", line, "workshop.schedule")
    assert stem in message


# -- people -------------------------------------------------------------------------------------


def test_add_a_person_and_link_them_from_a_paper(site):
    person = yaml.safe_load(PERSON_EXAMPLE.split("---\n")[1])
    site.write("people/jane-doe.md", PERSON_EXAMPLE)
    stem = site_data.A_PAPER
    last = site_data.papers()[stem]["authors"][-1]
    site.edit(f"papers/{stem}.md", f"  - {last}\n", f"  - {last}\n  - {person['name']}\n")
    built = checks_pass(site)
    link = built.page(f"papers/{stem}").find("a", string=person["name"])
    assert link is not None and link["href"].endswith("people/jane-doe/")
    titles = {a.get_text() for a in built.page("people/jane-doe").select("main a")}
    assert site_data.papers()[stem]["title"] in titles


def test_a_person_with_an_unknown_role_fails_at_its_line(site):
    site.write("people/jane-doe.md", PERSON_EXAMPLE.replace("roles: [organizer]", "roles: [chair]"))
    fails_at(site, "people/jane-doe.md", site.line_of("people/jane-doe.md", "roles:"),
             "workshop.person")  # fmt: skip


# -- dates --------------------------------------------------------------------------------------

DEADLINE = "submission_deadline"


def date_of(site: Site, key: str) -> dt.date:
    return yaml.safe_load(site.read("cfp/dates.yaml"))[key]["date"]


def shown_dates(built: Built) -> str:
    return built.page("cfp/index").get_text(" ")


def test_move_a_deadline(site):
    old = date_of(site, "camera_ready_deadline")
    new = old + dt.timedelta(days=1)
    site.edit("cfp/dates.yaml", f"  date: {old}\n", f"  date: {new}\n")
    assert f"{new:%B} {new.day}, {new.year}" in shown_dates(checks_pass(site))


def test_extend_a_deadline_keeps_the_original_date_struck_through(site):
    old = date_of(site, "camera_ready_deadline")
    new = old + dt.timedelta(days=3)
    site.edit("cfp/dates.yaml", f"  date: {old}\n", f"  date: {new}\n  originally: {old}\n")
    page = checks_pass(site).page("cfp/index")
    struck = {d.get_text() for d in page.select("del")}
    assert any(f"{old:%B} {old.day}, {old.year}" in text for text in struck), struck


def test_a_deadline_that_is_not_a_date_fails_at_its_line(site):
    old = date_of(site, "camera_ready_deadline")
    line = site.edit("cfp/dates.yaml", f"  date: {old}\n", "  date: 2025-02-30\n")
    fails_at(site, "cfp/dates.yaml", line, "workshop.dates")


# -- program, topics, reading list ------------------------------------------------------------


def test_add_a_program_slot(site):
    schedule = site_data.schedule()
    start = site_data.clock(
        site_data.minutes(schedule["slots"][-1]["start"]) + schedule["slots"][-1]["duration"]
    )
    site.edit(
        "program/schedule.yaml",
        "ends_at:",
        f'  - start: "{start}"\n    duration: 5\n    kind: closing\n'
        "    title: Group photo\n\nends_at:",
    )
    built = checks_pass(site)
    rows = built.page("program/index").select("table.wsl-schedule tr.wsl-slot")
    assert len(rows) == len(schedule["slots"]) + 1
    assert "Group photo" in rows[-1].get_text()


def test_an_overlapping_program_slot_fails_at_its_line(site):
    first = site_data.schedule()["slots"][0]
    line = site.edit(
        "program/schedule.yaml",
        "ends_at:",
        f'  - start: "{first["start"]}"\n    duration: 5\n    kind: closing\n\nends_at:',
    )
    fails_at(site, "program/schedule.yaml", line, "workshop.schedule")


def test_add_a_topic_area_and_use_it(site):
    site.write("cfp/topics.yaml", site.read("cfp/topics.yaml") + (
        "\n- id: weight-space-benchmarks\n  title: Benchmarks of Weight Space Learning\n"
        "  summary: >-\n    Shared tasks and model zoos to compare methods.\n"
        "  subtopics:\n    - Model zoo datasets with agreed splits.\n"
    ))  # fmt: skip
    stem = site_data.A_PAPER
    topics = site_data.papers()[stem]["topics"]
    site.edit(f"papers/{stem}.md", f"topics: {fm_topics(site, stem)}",
              f"topics: [{', '.join([*topics, 'weight-space-benchmarks'])}]")  # fmt: skip
    built = checks_pass(site)
    assert built.page("cfp/index").find(id="topic-weight-space-benchmarks")
    hrefs = [a["href"] for a in built.page(f"papers/{stem}").select(".wsl-paper-header a")]
    assert any(h.endswith("?topic=weight-space-benchmarks") for h in hrefs)


def fm_topics(site: Site, stem: str) -> str:
    return re.search(r"^topics: (.*)$", site.read(f"papers/{stem}.md"), re.M).group(1)


def test_an_unknown_topic_fails_at_its_line(site):
    stem = site_data.A_PAPER
    line = site.edit(
        f"papers/{stem}.md", f"topics: {fm_topics(site, stem)}", "topics: [no-such-area]"
    )
    fails_at(site, f"papers/{stem}.md", line, "workshop.paper")


def test_add_a_reading_list_entry_and_cite_it(site):
    topic = site_data.papers()[site_data.A_PAPER]["topics"][0]
    site.write("papers/reading-list.bib", site.read("papers/reading-list.bib") + (
        "\n@misc{doe2025example,\n  title = {An Example Entry},\n  author = {Doe, Jane},\n"
        f"  year = {{2025}},\n  keywords = {{{topic}}}\n}}\n"
    ))  # fmt: skip
    site.write("index.md", site.read("index.md") + "\nSee {cite:p}`doe2025example`.\n")
    built = checks_pass(site)
    labels = {label.get_text(strip=True) for label in
              built.page("papers/reading-list").select(".citation .label")}  # fmt: skip
    assert "[Doe 2025]" in labels  # labelled by authors and year, as readers cite it
    [link] = [a for a in built.page().select(".bibtex-citation a") if "Doe" in a.get_text()]
    assert link["href"].startswith("papers/reading-list/#")
