"""The serialisers of formats/: plain data in, text out; no Sphinx build (runs in a second)."""

from __future__ import annotations

import ast
import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import bibtexparser
import icalendar
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware
from pybtex.database import parse_string
from workshop.formats.atom import ATOM_NS, FeedEntry, atom_feed
from workshop.formats.bibtex import (
    _ENCODER,
    PLAIN_TEXT,
    AuthorYearLabelStyle,
    bibtex,
    citation_keys,
    latex,
    paper_bibtex,
    reader_labels,
    use_reading_list,
    with_key,
)
from workshop.formats.frab import Presenter, frab_data, frab_json, frab_xml
from workshop.formats.ical import dates_calendar, program_calendar
from workshop.formats.json import papers_json
from workshop.formats.sitemap import SITEMAP_NS, robots_txt, sitemap_xml
from workshop.model.dates import DateEntry, Dates
from workshop.model.program import Schedule, Session, Slot, TimedSlot
from workshop.model.records import Paper

VENUE = "Asia/Singapore"
DAY = dt.date(2025, 4, 27)
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def make_paper(paper_id: str, title: str, authors: list[str], **fields) -> Paper:
    return Paper(
        id=paper_id,
        docname=f"papers/{paper_id}",
        title=title,
        authors=authors,
        presentation="poster",
        poster_session=1,
        topics=["applications"],
        **fields,
    )


def parse_bib(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])
    assert not library.failed_blocks, [block.error for block in library.failed_blocks]
    return library


def make_schedule(slots: list[tuple[str, int, str, str | None]]) -> Schedule:
    """``(start, minutes, kind, title)`` slots, back to back in one session, on DAY at VENUE."""
    zone = ZoneInfo(VENUE)
    sessions = {"weights": Session(title="Weights as Data")}
    timed = []
    for index, (start, minutes, kind, title) in enumerate(slots):
        slot = Slot(start=start, duration=minutes, kind=kind, title=title, session="weights")
        starts = dt.datetime.combine(DAY, dt.time.fromisoformat(start), zone)
        ends = starts + dt.timedelta(minutes=minutes)
        timed.append(TimedSlot(slot, index, starts, ends, "weights", 1, "Weights as Data"))
    return Schedule("program/schedule.yaml", DAY, VENUE, sessions, timed, None, None)


SCHEDULE = [("09:00", 10, "opening", "Opening remarks"), ("09:10", 50, "break", "Coffee & tea")]


# -- BibTeX: keys and escaping ------------------------------------------------------------------


def test_colliding_keys_get_suffixes_in_id_order_whatever_the_input_order():
    papers = [
        make_paper("bbbbbbbb", "On Weights", ["Ada Lovelace"]),
        make_paper("aaaaaaaa", "Weights, Again", ["Ada Lovelace"]),
        make_paper("cccccccc", "The Élan of Zoos", ["Zoë Ünal"]),
    ]
    forward = citation_keys({p.id: p for p in papers}, 2025)
    backward = citation_keys({p.id: p for p in reversed(papers)}, 2025)
    assert (
        forward
        == backward
        == {
            "aaaaaaaa": "lovelace2025weightsa",
            "bbbbbbbb": "lovelace2025weightsb",
            "cccccccc": "unal2025elan",
        }
    )


def test_latex_escapes_specials_and_keeps_balanced_math():
    assert latex("Nets & Zoos: 100% #1 _x_") == r"Nets \& Zoos: 100\% \#1 \_x\_"
    assert (
        latex(r"Sampling $\mathcal{O}(n^{2})$ weights") == r"Sampling $\mathcal{O}(n^{2})$ weights"
    )
    assert latex("Costs $5 {a") == r"Costs \$5 \{a"  # a lone $ and a lone brace are text
    assert latex("Schürholt") == r"Sch\"urholt"


# Titles and names as a contributor or an export could give them: TeX that would read or
# write files, run commands or change how TeX reads what follows.
UNSAFE_TEX = [
    r"Maps $f:\mathbb{R}^n \to \mathbb{R}$ and $\input{/etc/passwd}$",
    r"$\immediate\write18{touch /tmp/owned}$ Nets",
    r"$\openout1=owned.tex$",
    r"$\catcode`\@=0 @input x$",
    r"$\def\x{\input y}\x$",
    r"$\csname input\endcsname{/etc/passwd}$",
    r"$^^5cinput{/etc/passwd}$",
    r"$\expandafter\read$ and \input{/etc/passwd} outside math",
    r"$\newcommand{\to}{\input x}$",
]
UNSAFE_COMMANDS = re.compile(
    r"\\(input|include|write|write18|openout|openin|read|catcode|def|immediate|csname|"
    r"endcsname|expandafter|newcommand)(?![A-Za-z])"
)


def test_plain_text_shortcut_keeps_only_what_the_encoder_keeps():
    """latex() skips the encoder for PLAIN_TEXT: each of its characters must come out unchanged."""
    printable = [chr(code) for code in range(32, 127)]
    plain = [char for char in printable if PLAIN_TEXT.fullmatch(char)]
    assert plain and all(_ENCODER.unicode_to_latex(char) == char for char in plain)
    assert not any(PLAIN_TEXT.fullmatch(char) for char in '\\{}$&#^_~%<>|"`')
    title = "Learning on Model Weights (2025): a Survey; Part 1/2 - [Draft]?"
    assert latex(title) == _ENCODER.unicode_to_latex(title) == title


@pytest.mark.parametrize("text", UNSAFE_TEX)
def test_tex_from_titles_and_names_cannot_run_in_the_bibtex(text):
    entry = bibtex(
        "inproceedings",
        "key2025",
        [("title", text), ("author", f"Ada {text} Lovelace"), ("url", f"https://x.org/{text}")],
    )
    assert not UNSAFE_COMMANDS.search(entry), entry
    assert "^^" not in entry
    (parsed,) = parse_bib(entry).entries
    # Escaped as text, it reads back as what was written (the decoder reads LaTeX's
    # \textasciicircum as U+02C6, the modifier letter, not as "^").
    assert parsed["title"].replace("\u02c6", "^") == text


@pytest.mark.parametrize(
    "math",
    [
        r"$f:\mathbb{R}^n \to \mathbb{R}$",
        r"$\alpha$",
        r"$\mathcal{W}\times\mathbb{R}^{d}$",
        r"$\mathcal{O}(n^{2})$",
        r"$\{\theta_i\}_{i=1}^{N}$",
        r"$p(\mathbf{w} \mid \mathcal{D})$",
    ],
)
def test_ordinary_math_and_accents_still_come_out_right(math):
    assert latex(f"Maps {math} for Schürholt") == f'Maps {math} for Sch\\"urholt'


def test_paper_entry_leaves_out_unknown_facts_and_can_change_its_key():
    paper = make_paper(
        "AbCdEf1234", "Zoos & Nets", ["Ada Lovelace", "Zoë Ünal"], openreview="AbCdEf1234"
    )
    known = paper_bibtex(paper, "k", booktitle="The Workshop", year="2025")
    unknown = paper_bibtex(paper, "k", booktitle="", year="")
    (entry,) = parse_bib(known).entries
    assert entry["title"] == "Zoos & Nets" and entry["year"] == "2025"
    assert entry["url"] == "https://openreview.net/forum?id=AbCdEf1234"
    assert "booktitle" not in unknown and "year" not in unknown
    (renamed,) = parse_bib(with_key(known, "other2025")).entries
    assert renamed.key == "other2025" and renamed["title"] == entry["title"]


# -- JSON ---------------------------------------------------------------------------------------


def test_papers_json_is_the_front_matter_plus_key_page_and_url():
    paper = make_paper("AbCdEf1234", "Zoos", ["Ada Lovelace"])
    text = papers_json(
        name="The Workshop",
        booktitle="",
        day=DAY,
        papers=[(paper, "lovelace2025zoos", "papers/AbCdEf1234/")],
        base_url="https://example.org/",
    )
    data = json.loads(text)
    assert data["workshop"] == {"name": "The Workshop", "booktitle": None, "date": "2025-04-27"}
    (record,) = data["papers"]
    assert record["bibtex_key"] == "lovelace2025zoos"
    assert record["url"] == "https://example.org/papers/AbCdEf1234/"
    assert record["title"] == paper.title and record["authors"] == paper.authors
    assert text.endswith("\n")


# -- iCalendar ----------------------------------------------------------------------------------


def test_program_calendar_has_the_day_and_every_slot_in_the_venue_timezone():
    schedule = make_schedule(SCHEDULE)
    make = lambda: program_calendar(  # noqa: E731
        schedule,
        acronym="WSL",
        title="Weights",
        location="Hall 4",
        now=NOW,
        describe={1: "Coffee in the hall."},
        url="https://example.org/program/",
    )
    assert make() == make()
    calendar = icalendar.Calendar.from_ical(make())
    day, *slots = calendar.walk("VEVENT")
    assert [str(event["summary"]) for event in slots] == [
        f"WSL 2025: {title}" for _, _, _, title in SCHEDULE
    ]
    assert day["dtstart"].dt == slots[0]["dtstart"].dt and day["dtend"].dt == slots[-1]["dtend"].dt
    assert all(event["dtstart"].params["TZID"] == VENUE for event in calendar.walk("VEVENT"))
    assert "description" not in slots[0] and slots[1]["description"] == "Coffee in the hall."
    assert slots[1]["url"] == f"https://example.org/program/#{schedule.slots[1].anchor}"


def test_dates_calendar_puts_deadlines_at_their_instant_and_days_all_day():
    dates = Dates(
        {
            "submission": DateEntry(
                label="Submission", kind="deadline", date=DAY, time="23:59", timezone="AoE"
            ),
            "workshop_day": DateEntry(label="Workshop", kind="event", date=DAY),
        },
        "cfp/dates.yaml",
    )
    calendar = icalendar.Calendar.from_ical(
        dates_calendar(dates, acronym="WSL", year=2025, now=NOW)
    )
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    deadline, day = events["WSL 2025: Submission"], events["WSL 2025: Workshop"]
    assert deadline["dtstart"].dt == dt.datetime(2025, 4, 28, 11, 59, tzinfo=dt.UTC)
    assert "dtend" not in deadline and deadline["transp"] == "TRANSPARENT"
    assert day["dtstart"].dt == DAY and day["dtend"].dt == DAY + dt.timedelta(days=1)
    assert "transp" not in day


# -- frab ---------------------------------------------------------------------------------------


def frab(schedule: Schedule, describe: dict[int, str]) -> dict:
    return frab_data(
        schedule,
        acronym="WSL",
        title="Weights",
        room="Hall 4",
        describe=describe,
        presenters={0: [Presenter("Ada Lovelace", "ada-lovelace")]},
        page_url="https://example.org/program/",
        base_url="https://example.org/",
    )


def test_frab_json_and_xml_say_the_same_and_the_version_follows_the_content():
    schedule = make_schedule(SCHEDULE)
    data = frab(schedule, {})
    events = data["schedule"]["conference"]["days"][0]["rooms"]["Hall 4"]
    assert [event["title"] for event in events] == [title for _, _, _, title in SCHEDULE]
    assert [event["duration"] for event in events] == ["00:10", "00:50"]
    assert events[0]["persons"][0]["name"] == "Ada Lovelace"
    assert json.loads(frab_json(data)) == data
    root = ET.fromstring(frab_xml(data))
    assert [node.get("guid") for node in root.iter("event")] == [e["guid"] for e in events]
    assert [node.findtext("title") for node in root.iter("event")] == [e["title"] for e in events]
    assert frab(schedule, {})["schedule"]["version"] == data["schedule"]["version"]
    changed = frab(schedule, {1: "Coffee in the hall."})
    assert changed["schedule"]["version"] != data["schedule"]["version"]


# -- the layer ----------------------------------------------------------------------------------

FORMATS = Path(__file__).parents[2] / "_ext/workshop/formats"


@pytest.mark.parametrize("module", sorted(FORMATS.glob("*.py")), ids=lambda path: path.name)
def test_serialisers_import_no_sphinx(module):
    """Data in, text out: a serialiser never reaches for the build (Sphinx, docutils)."""
    imported = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & {"sphinx", "docutils"}, module.name


# -- the reading list's labels: authors and year, unique ---------------------------------------


def bib_entries(text: str) -> list:
    return list(parse_string(text, "bibtex").entries.values())


READING_LIST_SAMPLE = """
@article{one2020a, author = {Sch{\\"u}rholt, Konstantin}, title = {A}, year = {2020}}
@article{two2021b, author = {Zhou, Allan and Finn, Chelsea}, title = {B}, year = {2021}}
@article{many2023c, author = {Navon, Aviv and Shamsian, Aviv and Maron, Haggai}, title = {C},
  year = {2023}}
@article{many2023d, author = {Navon, Aviv and Fetaya, Ethan and Maron, Haggai}, title = {D},
  year = {2023}}
@book{eds2019e, editor = {van der Berg, Jan}, title = {E}, year = {2019}}
"""


def test_reading_list_labels_are_authors_and_year_and_never_shared():
    labels = reader_labels(bib_entries(READING_LIST_SAMPLE))
    assert labels == {
        "one2020a": "Schürholt 2020",
        "two2021b": "Zhou and Finn 2021",
        # The list's order (every author, year, title): Navon, Fetaya... before Navon, Shamsian...
        "many2023c": "Navon et al. 2023b",
        "many2023d": "Navon et al. 2023a",
        "eds2019e": "van der Berg 2019",
    }


def test_the_label_style_labels_each_list_from_the_whole_reading_list():
    """sphinxcontrib-bibtex formats each {bibliography} alone; a label stays unique site-wide."""
    entries = bib_entries(READING_LIST_SAMPLE)
    use_reading_list(entries)
    try:
        one_list = [entry for entry in entries if entry.key == "many2023d"]
        assert list(AuthorYearLabelStyle().format_labels(one_list)) == ["Navon et al. 2023a"]
    finally:
        use_reading_list([])
    alone = list(AuthorYearLabelStyle().format_labels(one_list))
    assert alone == ["Navon et al. 2023"]  # without the whole list: unique within its own


def test_labelling_the_reading_list_looks_up_no_plugin(monkeypatch):
    """pybtex finds a plugin by name by scanning every installed package's entry points: once
    per name part, that was most of a build's time at 45 papers."""
    import pybtex.plugin

    entries = bib_entries(READING_LIST_SAMPLE)
    looked_up = []

    def entry_points(**query):
        looked_up.append(query)
        return []

    monkeypatch.setattr(pybtex.plugin, "entry_points", entry_points)
    reader_labels(entries)
    assert looked_up == []


# -- Atom ------------------------------------------------------------------------------------------


def test_atom_feed_has_what_rfc_4287_requires_and_escapes_text():
    entries = [
        FeedEntry("https://x.example/news/b/", "Nets <&> weights", dt.date(2025, 3, 5), "B & c"),
        FeedEntry("https://x.example/news/a/", "First", dt.date(2025, 1, 31), "A"),
    ]
    text = atom_feed(
        title="News",
        page_url="https://x.example/news/",
        feed_url="https://x.example/news/atom.xml",
        entries=entries,
        updated=dt.date(2026, 1, 1),
        author="WSL",
    )
    feed = ET.fromstring(text)
    ns = f"{{{ATOM_NS}}}"
    assert feed.tag == f"{ns}feed"
    assert feed.findtext(f"{ns}id") == "https://x.example/news/"
    assert feed.findtext(f"{ns}updated") == "2025-03-05T00:00:00Z", "the newest entry's day"
    assert feed.find(f"{ns}link[@rel='self']").get("href") == "https://x.example/news/atom.xml"
    assert [e.findtext(f"{ns}title") for e in feed.findall(f"{ns}entry")] == [
        "Nets <&> weights",
        "First",
    ]
    first = feed.find(f"{ns}entry")
    assert first.findtext(f"{ns}id") == first.find(f"{ns}link[@rel='alternate']").get("href")
    assert first.findtext(f"{ns}summary") == "B & c"
    assert (
        atom_feed(  # no entries: the feed's own day
            title="News",
            page_url="u",
            feed_url="f",
            entries=[],
            updated=dt.date(2026, 1, 1),
            author="a",
        ).count(b"2026-01-01T00:00:00Z")
        == 1
    )


# -- sitemap and robots.txt ----------------------------------------------------------------------


def test_sitemap_lists_each_url_once_sorted_whatever_the_order_given():
    urls = ["https://x.example/papers/", "https://x.example/", "https://x.example/a?b=1&c=<2>"]
    made = sitemap_xml([*urls, urls[0]])
    assert made == sitemap_xml(reversed(urls)), "the same bytes for the same pages"
    assert made.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n")
    urlset = ET.fromstring(made)
    assert urlset.tag == f"{{{SITEMAP_NS}}}urlset"
    assert SITEMAP_NS == "http://www.sitemaps.org/schemas/sitemap/0.9"
    entries = urlset.findall(f"{{{SITEMAP_NS}}}url")
    assert [[child.tag for child in url] for url in entries] == [[f"{{{SITEMAP_NS}}}loc"]] * 3
    assert [url.findtext(f"{{{SITEMAP_NS}}}loc") for url in entries] == sorted(urls)
    assert b"&amp;c=&lt;2&gt;" in made
    assert ET.fromstring(sitemap_xml([])).tag == f"{{{SITEMAP_NS}}}urlset"


def test_robots_txt_allows_everything_and_points_to_the_sitemap_at_the_site_root():
    lines = robots_txt("https://x.example/wsl/").decode().splitlines()
    assert lines == ["User-agent: *", "Allow: /", "", "Sitemap: https://x.example/wsl/sitemap.xml"]
