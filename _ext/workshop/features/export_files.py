"""Where each file of the export registry goes and how it is made (the registry, with each
file's metadata, is ``features/exports.py``): paths are functions of the app (``None``: not made in
this build, its data is missing), contents are functions of the app and the path."""

from __future__ import annotations

import functools
import posixpath
import typing as t
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri

from ..domain import Users, domain
from ..formats import json as json_format
from ..formats.atom import FeedEntry, atom_feed
from ..formats.bibtex import citation_keys, with_key
from ..formats.frab import Presenter, frab_data
from ..formats.ical import dates_calendar, events_calendar, program_calendar, slot_calendar
from ..formats.sitemap import SITEMAP_FILE, robots_txt, sitemap_xml
from ..kinds import NEWS
from ..model.dates import WORKSHOP_DAY
from ..model.info import WorkshopInfo
from ..model.program import Schedule
from ..model.redirects import parse_redirects
from ..model.yamlio import read_yaml_file
from ..state import SiteData, build_memory, build_scratch, site_data
from .calendar_events import agenda_head, agenda_order, slot_items, the_day, workshop_year
from .export_memory import (
    AGENDA_ENCODER,
    Call,
    RememberedCall,
    agenda_entry,
    json_row,
    paper_calendar,
    this_builds,
)
from .records import papers, people
from .slot_details import plain_details

# -- facts the exports share --------------------------------------------------------------------


def _acronym(app: Sphinx) -> str:
    info = site_data(app.env).info
    return info.acronym if info is not None else "workshop"


def _year(app: Sphinx) -> int | None:
    return workshop_year(app)


def _program_folder(app: Sphinx) -> str:
    return posixpath.dirname(app.config.workshop_schedule_file)


def _has_program(app: Sphinx) -> bool:
    data = site_data(app.env)
    return data.schedule is not None and data.info is not None


def _program_facts(data: SiteData) -> tuple[WorkshopInfo, Schedule]:
    """The facts and the program, for exports written only when both are valid (their path is
    None otherwise, so the registry never renders them)."""
    assert data.info is not None and data.schedule is not None, "see _has_program"
    return data.info, data.schedule


def _page_url(app: Sphinx) -> str:
    """The program page's URL: absolute with ``html_baseurl``, else relative to program/."""
    users = domain(app.env).users(Users.schedule)
    if not users:
        return ""
    uri = app.builder.get_target_uri(next(iter(users)))
    base = app.config.html_baseurl
    if base:
        return base.rstrip("/") + "/" + uri
    return relative_uri(_program_folder(app) + "/", uri) or "./"


def _descriptions(app: Sphinx, schedule: Schedule) -> dict[int, str]:
    return {slot.index: plain_details(slot, app.env) for slot in schedule.slots}


def _presenters(app: Sphinx, schedule: Schedule) -> dict[int, list[Presenter]]:
    known = people(app.env)
    return {
        slot.index: [Presenter(known[p].name, p) for p in slot.slot.people if p in known]
        for slot in schedule.slots
        if slot.slot.people
    }


# -- the program ----------------------------------------------------------------------------------


def program_ics_path(app: Sphinx) -> str | None:
    year = _year(app)
    if not (_has_program(app) and year):
        return None
    return posixpath.join(_program_folder(app), f"{_acronym(app).lower()}-{year}.ics")


def program_ics(app: Sphinx, path: str) -> Call:
    data = site_data(app.env)
    info, schedule = _program_facts(data)
    return Call(
        program_calendar,
        (schedule,),
        {
            "acronym": _acronym(app),
            "title": info.name,
            "location": f"{info.room}, {info.conference}, {info.city}",
            "now": data.now,
            "describe": _descriptions(app, schedule),
            "url": _page_url(app) if app.config.html_baseurl else None,
        },
    )


def slot_ics_folder(app: Sphinx) -> str | None:
    return posixpath.join(_program_folder(app), "calendar") if program_ics_path(app) else None


def slot_ics_paths(app: Sphinx) -> dict[str, str]:
    """``slot anchor -> path`` of every slot's calendar file."""
    folder, schedule = slot_ics_folder(app), site_data(app.env).schedule
    if folder is None or schedule is None:
        return {}
    stem = f"{_acronym(app).lower()}-{_year(app)}"
    return {
        slot.anchor: posixpath.join(folder, f"{stem}-{slot.anchor}.ics")
        for slot in schedule.slots
        if slot.is_activity  # a label of the program (a session's introduction) has no event
    }


def slot_ics(app: Sphinx, anchor: str) -> Call:
    data = site_data(app.env)
    info, schedule = _program_facts(data)
    slot = next(slot for slot in schedule.slots if slot.anchor == anchor)
    return Call(
        slot_calendar,
        (schedule, slot),
        {
            "acronym": _acronym(app),
            "location": f"{info.room}, {info.conference}, {info.city}",
            "now": data.now,
            "description": plain_details(slot, app.env),
            "url": _page_url(app) if app.config.html_baseurl else None,
        },
    )


def day_ics_path(app: Sphinx) -> str | None:
    path = program_ics_path(app)
    return path.removesuffix(".ics") + "-day.ics" if path is not None else None


def day_ics(app: Sphinx, path: str) -> Call:
    data = site_data(app.env)
    _, schedule = _program_facts(data)
    day = the_day(app)
    return Call(
        events_calendar,
        (schedule.timezone, schedule.day.year, (day,) if day is not None else ()),
        {
            "name": day.summary if day is not None else _acronym(app),
            "key": "program/day-file",
            "acronym": _acronym(app),
            "now": data.now,
        },
    )


def paper_ics_folder(app: Sphinx) -> str | None:
    return "calendar" if program_ics_path(app) else None


def paper_ics_paths(app: Sphinx) -> dict[str, str]:
    """``paper id -> path`` of each paper's own calendar file, in its collection's folder."""
    if program_ics_path(app) is None:
        return {}
    stem = f"{_acronym(app).lower()}-{_year(app)}"
    paths = {}
    for paper in papers(app.env).values():
        # posixpath's join and dirname, without their cost for each of thousands of papers
        folder, name = paper.docname.rpartition("/")[0], f"calendar/{stem}-{paper.id}.ics"
        paths[paper.id] = f"{folder}/{name}" if folder else name
    return paths


def paper_ics(app: Sphinx, paper_id: str) -> Call | RememberedCall:
    """A paper's calendar file, known by the digest made with the paper's part of the exports
    after reading (``features/export_memory.py``): its call is made only to write the file."""
    paper = papers(app.env)[paper_id]
    made = this_builds(app, paper)
    if made is None or made.calendar is None:
        return paper_calendar(app, paper)
    return RememberedCall(made.calendar, functools.partial(paper_calendar, app, paper))


def agenda_path(app: Sphinx) -> str | None:
    return posixpath.join(_program_folder(app), "agenda.json") if program_ics_path(app) else None


def agenda_json(app: Sphinx, path: str) -> bytes:
    """What the agenda page needs to list, order and export any selection: every activity of
    the program and every paper with its times (``calendar_events.py``), each paper's item as
    made after reading."""
    entries = [(item["starts"], False, AGENDA_ENCODER.encode(item)) for item in slot_items(app)]
    for paper in sorted(papers(app.env).values(), key=lambda p: p.title.casefold()):
        made = this_builds(app, paper)
        entry = made.agenda if made is not None else agenda_entry(app, paper)
        if entry is not None:
            entries.append((entry[0], True, entry[1]))
    # The items, encoded one by one, where the C encoder would write the list (the last key).
    head = AGENDA_ENCODER.encode(agenda_head(app))
    assert head.endswith('"items":[]}'), head
    return f"{head[:-3]}[{','.join(agenda_order(entries))}]}}".encode()


def frab_path(name: str) -> t.Callable[[Sphinx], str | None]:
    def path(app: Sphinx) -> str | None:
        return posixpath.join(_program_folder(app), name) if program_ics_path(app) else None

    return path


def frab(app: Sphinx) -> dict[str, t.Any]:
    data = site_data(app.env)
    info, schedule = _program_facts(data)
    return frab_data(
        schedule,
        acronym=_acronym(app),
        title=info.name,
        room=info.room,
        describe=_descriptions(app, schedule),
        presenters=_presenters(app, schedule),
        page_url=_page_url(app),
        base_url=app.config.html_baseurl or None,
    )


# -- the dates ------------------------------------------------------------------------------------


def dates_ics_path(app: Sphinx) -> str | None:
    if not (site_data(app.env).dates.entries and _year(app)):
        return None
    return posixpath.join(posixpath.dirname(app.config.workshop_dates_file), "important-dates.ics")


def dates_ics(app: Sphinx, path: str) -> Call:
    data, year = site_data(app.env), _year(app)
    assert year is not None, "dates_ics_path: written only with the workshop's day"
    return Call(
        dates_calendar, (data.dates,), {"acronym": _acronym(app), "year": year, "now": data.now}
    )


# -- the papers -----------------------------------------------------------------------------------


def _papers_in_key_order(app: Sphinx) -> tuple[list, dict[str, str]]:
    by_id = papers(app.env)
    # This build's keys, made once after reading (features/citations.py, env-get-updated).
    keys = build_memory(app.env).citation_keys
    if not keys:
        year = _year(app)
        keys = citation_keys(by_id, str(year) if year else "")
    return [by_id[pid] for pid in sorted(by_id, key=lambda pid: keys[pid])], keys


def papers_bib(app: Sphinx, path: str) -> bytes:
    """Each paper's entry as written when its page was read, under this build's key."""
    stored = domain(app.env)
    ordered, keys = _papers_in_key_order(app)
    entries = [with_key(stored.bibtex(paper.docname) or "", keys[paper.id]) for paper in ordered]
    return "\n".join(entries).encode("utf-8")


def papers_json(app: Sphinx, path: str) -> bytes:
    env = app.env
    ordered, keys = _papers_in_key_order(app)
    entry = site_data(env).dates.entries.get(WORKSHOP_DAY)
    info = site_data(env).info
    rows = []
    for paper in ordered:
        made = this_builds(app, paper)
        if made is not None and made.json_row is not None and made.citation_key == keys[paper.id]:
            rows.append(made.json_row)
        else:
            page = app.builder.get_target_uri(paper.docname)
            rows.append(json_row(app, paper, keys[paper.id], page))
    text = json_format.papers_document(
        name=info.name if info else None,
        booktitle=info.citation_booktitle if info is not None else "",
        day=entry.date if entry is not None else None,
        rows=rows,
    )
    return text.encode("utf-8")


# -- the news ------------------------------------------------------------------------------------


def news_atom_path(app: Sphinx) -> str | None:
    """On a site with news (a news page or a post), with its address: a feed's links are
    absolute. Before the first post is due, the feed is there, empty, as the links to it."""
    has_news = f"{NEWS.folder}/index" in app.env.found_docs or domain(app.env).news()
    if not app.config.html_baseurl or not has_news:
        return None
    return f"{NEWS.folder}/atom.xml"


def _absolute(app: Sphinx, uri: str) -> str:
    return app.config.html_baseurl.rstrip("/") + "/" + uri


def news_atom(app: Sphinx, path: str) -> bytes:
    env = app.env
    stored = domain(env)
    posts = sorted(stored.news().values(), key=lambda post: post.sort_key)
    index = f"{NEWS.folder}/index"
    info = site_data(env).info
    entries = [
        FeedEntry(
            url=_absolute(app, app.builder.get_target_uri(post.docname)),
            title=post.title,
            day=post.date,
            summary=stored.summary(post.docname) or post.title,
        )
        for post in posts
    ]
    return atom_feed(
        title=f"News: {info.name}" if info is not None else "News",
        page_url=_absolute(app, app.builder.get_target_uri(index))
        if index in env.all_docs
        else app.config.html_baseurl,
        feed_url=_absolute(app, path),
        entries=entries,
        updated=site_data(env).now.date(),
        author=info.short_name if info is not None else app.config.project,
    )


# -- files written by others ---------------------------------------------------------------------

LIST_PAGE_BUILDERS = ("html", "dirhtml")  # the builders that write the list's extra pages


def extra_page_name(docname: str, number: int) -> str:
    """``papers/index`` -> ``papers/page/2``: the pages after the first of a long list."""
    folder = docname[: -len("index")] if docname.rsplit("/", 1)[-1] == "index" else docname + "/"
    return f"{folder}page/{number}"


def rows_file(docname: str) -> str:
    """The data file of every row of the list (fetched by paper-filter.js), beside the page."""
    return f"{docname}-rows.json"


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def papers_rows_folder(app: Sphinx) -> str | None:
    return "." if domain(app.env).paper_browsers() else None


def papers_rows_paths(app: Sphinx) -> dict[str, str]:
    return {doc: rows_file(doc) for doc in domain(app.env).paper_browsers()}


def papers_pages_paths(app: Sphinx) -> dict[str, str]:
    builder = app.builder
    if not isinstance(builder, StandaloneHTMLBuilder):
        return {}
    total = len(papers(app.env))
    return {
        name: Path(builder.get_outfilename(name)).relative_to(app.outdir).as_posix()
        for doc, per_page in domain(app.env).paper_browsers().items()
        for name in (extra_page_name(doc, n) for n in range(2, page_count(total, per_page) + 1))
    }


def redirect_paths(app: Sphinx) -> dict[str, str]:
    """The redirect pages of ``_data/redirects.yaml`` (those that ``redirects.py`` writes)."""
    source = app.config.workshop_redirects_file
    path = Path(app.srcdir, source)
    if not path.exists():
        return {}
    located = read_yaml_file(path, source=source, report=_silent)
    if located is None:
        return {}
    redirects = parse_redirects(located, docnames=set(app.env.found_docs), report=_silent)
    return {redirect.source: str(redirect.output) for redirect in redirects}


def _silent(*args, **kwargs) -> None:
    """The redirects file's problems are reported once, by redirects.py."""


def not_found_path(app: Sphinx) -> str | None:
    pagename = getattr(app.config, "notfound_pagename", None)
    return f"{pagename}.html" if pagename else None


# -- the sitemap and robots.txt ------------------------------------------------------------------


def _site_url(app: Sphinx) -> str:
    """``html_baseurl`` (from the fact ``site_url``, hosting.py), ending with ``/``."""
    return app.config.html_baseurl.rstrip("/") + "/"


def sitemap_path(app: Sphinx) -> str | None:
    return SITEMAP_FILE if app.config.html_baseurl else None


def robots_path(app: Sphinx) -> str | None:
    return "robots.txt" if app.config.html_baseurl else None


def page_urls(app: Sphinx) -> list[str]:
    """The absolute URL of every document's page and of every page the build keeps beside them
    (the papers list's extra pages), written by this build or an earlier one. Not the search,
    index and 404 pages, nor redirects: they are not documents. A news post dated after the
    build is not a document of it (features/news.py)."""
    base, target_uri = _site_url(app), app.builder.get_target_uri
    names = (*app.env.found_docs, *build_scratch(app).kept_pages)
    return sorted(base + target_uri(name) for name in names)


def sitemap(app: Sphinx, path: str) -> Call:
    return Call(sitemap_xml, (tuple(page_urls(app)),))


def robots(app: Sphinx, path: str) -> Call:
    return Call(robots_txt, (_site_url(app),))


# -- the reading list -----------------------------------------------------------------------------


def reading_list_path(app: Sphinx) -> str | None:
    bibfiles = getattr(app.config, "bibtex_bibfiles", None) or []
    if len(bibfiles) == 1 and Path(app.srcdir, bibfiles[0]).is_file():
        # Published as it is: pages link to it with {export}, never with {download}.
        return bibfiles[0].replace("\\", "/")
    return None


def reading_list(app: Sphinx, path: str) -> bytes:
    return Path(app.srcdir, path).read_bytes()
