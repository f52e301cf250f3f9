"""Every file the build publishes beside the pages of its documents: ONE registry, with each
file's metadata (media type, listed in the download links or not, linked from every page's head
or not, who writes it), and the writer of the files it makes itself. The ``{export}`` role, the
download links and the head links are in ``features/export_links.py`` and read this registry.

==================  ===================================  ==============================
key                 file (in the output directory)        made from
==================  ===================================  ==============================
``program-ics``     ``program/<acronym>-<year>.ics``      the schedule file
``day-ics``         ``program/<acronym>-<year>-day.ics``  the schedule file (the day alone)
``slot-ics``        ``program/calendar/<acronym>-<year>-  the schedule file (one file
                    <slot anchor>.ics``                   per activity of the program)
``paper-ics``       ``papers/calendar/<acronym>-<year>-   the schedule file and the paper
                    <paper id>.ics``                      records (one file per paper)
``agenda-json``     ``program/agenda.json``               the schedule file and the paper
                                                          records (the agenda page's data)
``schedule-json``   ``program/schedule.json`` (frab)      the schedule file
``schedule-xml``    ``program/schedule.xml`` (frab)       the schedule file
``dates-ics``       ``cfp/important-dates.ics``           the dates file
``papers-bib``      ``papers.bib``                        the paper records
``papers-json``     ``papers.json``                       the paper records
``reading-list``    the ``.bib`` file, at its own path     ``bibtex_bibfiles`` (one file)
``news-atom``       ``news/atom.xml`` (Atom, RFC 4287)    the published news posts
``sitemap-xml``     ``sitemap.xml`` (sitemaps.org 0.9)    every document's page and the
                                                          papers list's extra pages
``robots-txt``      ``robots.txt``                        the site's address
==================  ===================================  ==============================

The sitemap and robots.txt are written only for a site with an address (``site_url``).

Written by others, registered here so the registry is the list of every published file (a test
compares it with the real site's output): the papers list's data file and extra pages
(``features/listings.py``), redirect pages (``redirects.py``), ``404.html`` (``hosting.py``),
and Sphinx's and its extensions' own files (``objects.inv``, ``searchindex.js``,
``.buildinfo``). ``_static/`` and ``_images/`` hold the assets the pages load.

The program and dates files land next to the pages of their data file's folder, the papers'
files at the site root. Pages link with ``{export}`program-ics``` (or ``{export}`Add to your
calendar <program-ics>```; one file of an export with a file per part with
``{export}`slot-ics:slot-1000```), so a link cannot point to a file that the build does not
write: an unknown or missing export is a warning. Files are written at ``build-finished``, by HTML
builders only, from the same validated data as the pages. A file given as a ``Call`` of its
serialiser (the calendars) is made only when the call differs from the one that made it in the
last build: a one-paper edit does not make 2,000 paper calendars again. Each paper's part of the
exports (its calendar's call, its agenda item, its row of ``papers.json``) is kept from the last
build while the paper and what it is made with are unchanged (``features/export_memory.py``),
and each export's files are listed once per build: an unchanged paper costs a one-paper edit
a few microseconds here (its kept pieces joined into the files), not the making of its part.

Adding a format (say ``papers.csv``) is two steps:

1. a pure serialiser in ``formats/`` (data in, ``str`` or ``bytes`` out, no Sphinx), with a unit
   test in ``tests/unit/test_formats.py``, e.g. ``formats/csv.py: papers_csv(papers) -> str``;
2. one entry in ``REGISTRY`` below: its key, its default link text, where it goes (a function
   of the app giving the path, or ``None`` when its data is missing this build), how it is
   made (a function of the app and that path giving the bytes; both functions live in
   ``features/export_files.py``) and its metadata::

       Export("papers-csv", "CSV (papers.csv)", lambda app: "papers.csv",
              lambda app, path: papers_csv(papers(app.env).values()).encode(), HTML_BUILDERS,
              media_type="text/csv", downloads=True),

``{export}`papers-csv``` then links to it, the writer writes it, ``downloads=True`` lists it in
the download links (``head_link=True`` would link it from every page's head, as the news feed),
and ``tests/tiny/test_exports.py`` checks that it is written where the link points.
"""

from __future__ import annotations

import contextlib
import json
import os
import posixpath
import typing as t
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..domain import domain
from ..formats.atom import MEDIA_TYPE as ATOM_MEDIA_TYPE
from ..formats.frab import frab_json, frab_xml
from ..formats.sitemap import MEDIA_TYPE as SITEMAP_MEDIA_TYPE
from ..state import build_scratch
from .export_files import (
    LIST_PAGE_BUILDERS,
    agenda_json,
    agenda_path,
    dates_ics,
    dates_ics_path,
    day_ics,
    day_ics_path,
    frab,
    frab_path,
    news_atom,
    news_atom_path,
    not_found_path,
    paper_ics,
    paper_ics_folder,
    paper_ics_paths,
    papers_bib,
    papers_json,
    papers_pages_paths,
    papers_rows_folder,
    papers_rows_paths,
    program_ics,
    program_ics_path,
    reading_list,
    reading_list_path,
    redirect_paths,
    robots,
    robots_path,
    sitemap,
    sitemap_path,
    slot_ics,
    slot_ics_folder,
    slot_ics_paths,
)
from .export_memory import Call, RememberedCall, remember_paper_exports

HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
CALENDAR = "text/calendar"


@dataclass(frozen=True)
class Export:
    """One published file: where it goes, how it is made, and how pages point to it."""

    key: str
    label: str  # the link text when the page gives none
    path: t.Callable[[Sphinx], str | None]  # relative to the output directory, "/"-separated
    # (app, its path) -> the file's content, (app, its part) for an export with parts; None:
    # another module writes it (``written_by``). A ``Call`` of a serialiser is made only when
    # it differs from the call that made the file last time (a paper's calendar, thousands).
    render: t.Callable[[Sphinx, str], bytes | Call | RememberedCall] | None
    builders: tuple[str, ...] | None = None  # builder names that write it; None: every HTML one
    # An export of one file per part (a calendar per program slot): part -> path. ``path`` is
    # then the folder of those files, and a link names its part (``key:part``).
    parts: t.Callable[[Sphinx], dict[str, str]] | None = None
    media_type: str = "application/octet-stream"
    downloads: bool = False  # listed in the "Download every record" links
    head_link: bool = False  # <link rel="alternate"> in the head of every page (feeds)
    written_by: str = "features.exports"  # the module that writes it

    def writes_for(self, app: Sphinx) -> bool:
        """Whether this build's builder publishes it."""
        if app.builder.format != "html":
            return False
        return self.builders is None or app.builder.name in self.builders

    def _files(self, app: Sphinx) -> dict[str, str]:
        """``part -> path`` of an export with parts, else ``{path: path}``; listed once per
        build after reading (a paper page asks for its own paper's file: listing every
        paper's on every paper page was quadratic)."""
        listed = build_scratch(app).export_files
        found = listed.get(self.key)
        if found is None:
            path = self.path(app)
            if path is None:
                found = {}
            elif self.parts is not None:
                found = self.parts(app)
            else:
                found = {path: path}
            listed[self.key] = found
        return found

    def written(self, app: Sphinx) -> list[tuple[str, str]]:
        """``(path, what render is given)`` of every file this export writes in this build:
        the part of an export with parts, else the path."""
        return [(path, given) for given, path in self._files(app).items()]

    def files(self, app: Sphinx) -> list[str]:
        """Every path this export writes in this build."""
        return list(self._files(app).values())

    def file_of(self, app: Sphinx, part: str) -> str | None:
        """The path of one part's file, None if this build writes none for it."""
        if self.parts is None:
            return None
        return self._files(app).get(part)


REGISTRY: tuple[Export, ...] = (
    Export(
        "program-ics",
        "the program as a calendar file (.ics)",
        program_ics_path,
        program_ics,
        media_type=CALENDAR,
    ),
    Export(
        "day-ics",
        "the day as a calendar file (.ics)",
        day_ics_path,
        day_ics,
        media_type=CALENDAR,
    ),
    Export(
        "schedule-json",
        "schedule.json",
        frab_path("schedule.json"),
        lambda app, path: frab_json(frab(app)).encode("utf-8"),
    ),
    Export(
        "schedule-xml",
        "schedule.xml",
        frab_path("schedule.xml"),
        lambda app, path: frab_xml(frab(app)),
    ),
    Export(
        "dates-ics",
        "the important dates as a calendar file (.ics)",
        dates_ics_path,
        dates_ics,
    ),
    Export(
        "slot-ics",
        "add to calendar",
        slot_ics_folder,
        slot_ics,
        parts=slot_ics_paths,
        media_type=CALENDAR,
    ),
    Export(
        "paper-ics",
        "calendar file (.ics)",
        paper_ics_folder,
        paper_ics,
        parts=paper_ics_paths,
        media_type=CALENDAR,
    ),
    Export(
        "agenda-json",
        "agenda.json",
        agenda_path,
        agenda_json,
        media_type="application/json",
    ),
    Export(
        "papers-bib",
        "BibTeX (papers.bib)",
        lambda app: "papers.bib",
        papers_bib,
        HTML_BUILDERS,
        media_type="application/x-bibtex",
        downloads=True,
    ),
    Export(
        "papers-json",
        "JSON (papers.json)",
        lambda app: "papers.json",
        papers_json,
        HTML_BUILDERS,
        media_type="application/json",
        downloads=True,
    ),
    Export("reading-list", "", reading_list_path, reading_list, media_type="application/x-bibtex"),
    Export(
        "news-atom",
        "the news as an Atom feed",
        news_atom_path,
        news_atom,
        ("dirhtml", "html"),
        media_type=ATOM_MEDIA_TYPE,
        head_link=True,
    ),
    # For search engines, with the site's address: every page of the site, and where that
    # list is. A Call: written again only when the list of pages changes.
    Export(
        "sitemap-xml",
        "",
        sitemap_path,
        sitemap,
        ("html", "dirhtml"),
        media_type=SITEMAP_MEDIA_TYPE,
    ),
    Export("robots-txt", "", robots_path, robots, ("html", "dirhtml"), media_type="text/plain"),
    # -- written by others ---------------------------------------------------------------------
    Export(
        "papers-rows",
        "",
        papers_rows_folder,
        None,
        LIST_PAGE_BUILDERS,
        parts=papers_rows_paths,
        media_type="application/json",
        written_by="features.listings",
    ),
    Export(
        "papers-pages",
        "",
        papers_rows_folder,
        None,
        LIST_PAGE_BUILDERS,
        parts=papers_pages_paths,
        media_type="text/html",
        written_by="features.listings",
    ),
    Export(
        "redirects",
        "",
        lambda app: ".",
        None,
        ("html", "dirhtml"),
        parts=redirect_paths,
        media_type="text/html",
        written_by="redirects",
    ),
    Export(
        "404-html",
        "",
        not_found_path,
        None,
        ("dirhtml",),
        media_type="text/html",
        written_by="hosting",
    ),
    Export(
        "objects-inv",
        "",
        lambda app: "objects.inv",
        None,
        ("html", "dirhtml"),
        media_type="application/octet-stream",
        written_by="sphinx (intersphinx inventory)",
    ),
    Export(
        "searchindex-js",
        "",
        lambda app: "searchindex.js",
        None,
        ("html", "dirhtml"),
        media_type="text/javascript",
        written_by="sphinx (search index)",
    ),
    Export(
        "buildinfo",
        "",
        lambda app: ".buildinfo",
        None,
        media_type="text/plain",
        written_by="sphinx (build metadata)",
    ),
)
EXPORTS = {export.key: export for export in REGISTRY}
EXPORT_KEYS = tuple(export.key for export in REGISTRY if export.render is not None)  # {export}


def planned_exports(app: Sphinx) -> dict[str, str]:
    """The path of every export this build writes (those whose data is valid), by key; made
    once per build (every page with an {export} link asks)."""
    scratch = build_scratch(app)
    if scratch.planned_exports is None:
        planned: dict[str, str] = {}
        for export in REGISTRY:
            if export.render is None:  # written by others: not a target of {export}
                continue
            if export.parts is not None:
                planned |= {f"{export.key}:{part}": path for path, part in export.written(app)}
            else:
                for path in export.files(app):  # one, or none when its data is missing
                    planned[export.key] = path
        scratch.planned_exports = planned
    return scratch.planned_exports


def file_label(key: str, path: str) -> str:
    return EXPORTS[key.partition(":")[0]].label or posixpath.basename(path)


# -- writing the files ----------------------------------------------------------------------------


# Beside the doctrees: the digest of the call that made each file (``Call``).
WRITTEN_CALLS = "workshop-export-calls.json"


def _read_digests(path: Path) -> dict[str, str]:
    with contextlib.suppress(OSError, ValueError):
        digests = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(digests, dict):
            return digests
    return {}


class OutputFiles:
    """Whether a file is in the output folder, each folder listed once (thousands of paper
    calendars: one listing costs less than a ``stat`` each)."""

    def __init__(self, outdir: str | Path) -> None:
        self.outdir = outdir
        self.listed: dict[str, set[str]] = {}

    def __contains__(self, path: str) -> bool:
        folder, _, name = path.rpartition("/")
        names = self.listed.get(folder)
        if names is None:
            names = set()
            with contextlib.suppress(OSError), os.scandir(Path(self.outdir, folder)) as entries:
                names = {entry.name for entry in entries if entry.is_file()}
            self.listed[folder] = names
        return name in names


def _written_digests(app: Sphinx) -> dict[str, str]:
    """The digests of the files the last build wrote, read once per build."""
    scratch = build_scratch(app)
    if scratch.written_digests is None:
        scratch.written_digests = _read_digests(Path(app.doctreedir, WRITTEN_CALLS))
    return scratch.written_digests


def make_paper_calendar_early(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """A paper's calendar file made when its page is resolved, for the end of the build to
    write. In a parallel build the main process resolves pages while a writer writes the ones
    before them: thousands of calendars (about 1 ms each) no longer wait for the last page."""
    paper = domain(app.env).paper(docname)
    export = EXPORTS["paper-ics"]
    if paper is None or not export.writes_for(app):
        return
    path = export.file_of(app, paper.id)
    if path is None:
        return
    made = paper_ics(app, paper.id)
    digest = made.digest()
    if _written_digests(app).get(path) == digest and Path(app.outdir, path).is_file():
        return  # kept as it is
    build_scratch(app).made_early[path] = (digest, made())


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    memo = Path(app.doctreedir, WRITTEN_CALLS)
    previous, digests, existing = _written_digests(app), {}, OutputFiles(app.outdir)
    early = build_scratch(app).made_early
    for export in REGISTRY:
        if export.render is None or not export.writes_for(app):
            continue
        for path, given in export.written(app):
            made = export.render(app, given)
            if isinstance(made, Call | RememberedCall):
                digests[path] = made.digest()
                if previous.get(path) == digests[path] and path in existing:
                    continue
                ready = early.get(path)
                made = ready[1] if ready is not None and ready[0] == digests[path] else made()
            target = Path(app.outdir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(made)
    memo.write_text(json.dumps(digests, sort_keys=True), encoding="utf-8")


def published_files(app: Sphinx) -> dict[str, str]:
    """``path -> export key`` of every file of the registry this build publishes."""
    return {
        path: export.key
        for export in REGISTRY
        if export.writes_for(app)
        for path in export.files(app)
    }


PUBLISHED_LIST = "workshop-published.json"


def write_published_list(app: Sphinx, exception: BaseException | None) -> None:
    """The registry's files of this build, beside the doctrees (never published): what the
    tests compare with the output folder."""
    if exception is not None or app.builder.format != "html":
        return
    existing = OutputFiles(app.outdir)  # after every writer
    listed = {path: key for path, key in published_files(app).items() if path in existing}
    Path(app.doctreedir, PUBLISHED_LIST).write_text(
        json.dumps(dict(sorted(listed.items())), indent=1), encoding="utf-8"
    )


def on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """After reading: this build's lists of files are made again, once, when first asked; each
    paper's part of the exports is made (or kept) now, so it is pickled for the next build."""
    scratch = build_scratch(app)
    scratch.export_files, scratch.planned_exports = {}, None
    remember_paper_exports(app)
    return []


def setup_exports(app: Sphinx) -> None:
    # After the citation keys (features/citations.py, 500): papers.json's rows show them.
    app.connect("env-get-updated", on_env_get_updated, priority=600)
    app.connect("doctree-resolved", make_paper_calendar_early)
    app.connect("build-finished", on_build_finished)
    # After every writer (redirects at 900).
    app.connect("build-finished", write_published_list, priority=940)
