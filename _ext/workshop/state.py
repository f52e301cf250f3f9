"""Every piece of state the extension keeps outside the domain: three objects, one place.

- ``site_data(env)``: the :class:`SiteData` of the build: the workshop's facts, the dates, the
  topic areas, the program and the build's "now". Loaded at ``builder-inited`` from the data
  files named by the configuration (every problem is a located warning) and kept in the
  environment, so parallel readers see it.
- ``build_memory(env)``: the :class:`BuildMemory`, what one build leaves for the next. It is kept
  in the environment, so it is pickled with it (``stored_layout`` covers its shape).
- ``build_scratch(app)``: the :class:`BuildScratch`, what lives only while one application
  builds (never pickled): the facts read at ``config-inited`` (the site's title comes from
  them; ``hosting.py`` reads them then), the parsed reading list, the records before reading,
  the pages kept beside the documents.

Nothing else sets ``workshop_*`` attributes on ``env`` or ``app`` (``tests/tiny/test_state.py``:
the environment holds exactly :data:`ENV_ATTRIBUTES`, the application :data:`APP_ATTRIBUTES`),
and no module keeps build state in a global that its functions write (the same test). The one
process cache, :data:`SITE_MARKDOWN_PARSER`, is declared here: it holds no build state.

Parallel builds: memory and scratch are written only in the main process (at
``builder-inited``, ``env-get-outdated``, ``env-before-read-docs``, ``env-updated``,
``env-get-updated``, ``build-finished``), never while documents are read or written; the forked
readers and writers only read them. So Sphinx's ``env-merge-info`` has nothing to merge.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .diagnostics import warn
from .formats.ical import keep_vtimezone, vtimezone
from .model.dates import Dates, build_instant, load_dates
from .model.info import WorkshopInfo, load_info
from .model.program import Schedule
from .model.program_file import load_schedule
from .model.related import Related
from .model.topics import TopicArea, load_topics

if TYPE_CHECKING:
    from .features.citations import BibSource
    from .features.export_memory import PaperExports, RememberedExports
    from .features.incremental import RecordsState
    from .features.listings import ListOutput, PaperRow

_SITE_ATTRIBUTE = "workshop_site"
_MEMORY_ATTRIBUTE = "workshop_memory"
_SCRATCH_ATTRIBUTE = "workshop_scratch"
ENV_ATTRIBUTES = frozenset({_SITE_ATTRIBUTE, _MEMORY_ATTRIBUTE})
APP_ATTRIBUTES = frozenset({_SCRATCH_ATTRIBUTE})


@dataclass(frozen=True)
class SiteData:
    """What every page and export of one build reads from the data files."""

    info: WorkshopInfo | None  # None: the facts file is invalid (reported once, where it is)
    dates: Dates
    topics: dict[str, TopicArea]
    schedule: Schedule | None  # None: no schedule file, or an invalid one (reported)
    now: dt.datetime  # the build's "now": SOURCE_DATE_EPOCH when set

    def date_states(self) -> dict[str, str]:
        """Each date's state (upcoming, today, passed) at the build's "now"."""
        return {key: entry.state(self.now) for key, entry in self.dates.entries.items()}


@dataclass
class BuildMemory:
    """What one build leaves for the next, pickled with the environment.

    Written in the main process only (see the module's docstring): nothing to merge after
    parallel reading.
    """

    # Each date's state (upcoming, today, passed) at the last build: when one changed, the
    # pages showing date states are read again (features/dates.py, at env-get-outdated).
    date_states: dict[str, str] | None = None  # None: no build before this one
    # Paper id -> BibTeX key of the last build: a new paper can change another's key (a, b
    # suffixes), then that page is written again (features/citations.py, at env-get-updated);
    # also this build's keys for every "Cite this paper" section.
    citation_keys: dict[str, str] = field(default_factory=dict)
    # Paper id -> the related papers its page lists (model/related.py), computed at env-updated
    # only when what it is chosen from changed (features/incremental.py); read by
    # features/record_details.py.
    related: dict[str, Related] | None = None
    # The digest of what ``related`` was chosen from (ids, authors, topics): computed again only
    # when it changes (features/incremental.py).
    related_inputs: str = ""
    # Data file -> the digest of its content when the pages showing all of it were read: when
    # it changes, they are read again (features/data_files.py).
    data_file_digests: dict[str, str | None] = field(default_factory=dict)
    # Data file -> key -> its value when the pages showing that key were read: when it changes,
    # they are read again (features/data_files.py).
    data_key_values: dict[str, dict[str, object]] = field(default_factory=dict)
    # Bibliography -> (its inputs, its formatted entries) as sphinxcontrib-bibtex made them in
    # the last build where they changed (compat/bibtex_entries.py).
    formatted_bibliographies: dict[object, tuple[tuple, list]] = field(default_factory=dict)
    # The reading list's files as read (path, bytes), their parse and labels, when they had no
    # problem: parsed again only when a file changes (features/citations.py, builder-inited).
    reading_list: tuple[tuple, list[BibSource], dict[str, str]] | None = None
    # Paper id -> its row on the papers page's extra pages and data file, with what it was made
    # from, and what every row depends on (features/listings.py, at env-get-updated): a row is
    # made again only when its paper, its BibTeX entry or that context changes.
    paper_rows: dict[tuple[str, str], PaperRow] = field(default_factory=dict)
    paper_rows_context: tuple = ()
    # Extra page or data file of the papers page's list -> the digest of what it shows: written
    # again only when that changes (features/listings.py).
    list_outputs: dict[str, str] = field(default_factory=dict)
    # Each paper's part of the exports (its calendar file's digest, its agenda item, its row of
    # papers.json) and the inputs they shared: made again, at env-get-updated, only for a paper
    # that changed, or for all when those inputs changed (features/export_memory.py).
    paper_exports: RememberedExports | None = None
    # The program's (zone, year) and its VTIMEZONE as the last build made it (formats/ical.py):
    # a make serve build, forked from the server, would take ~35 ms to make it again.
    vtimezone: tuple[tuple[str, int], object] | None = None


@dataclass
class BuildScratch:
    """What lives only while one application builds; never pickled."""

    # The facts, read at config-inited (before the environment exists): the title comes from them.
    info: WorkshopInfo | None = None
    # The reading list's .bib files, parsed once at builder-inited (features/citations.py).
    bib_sources: list[BibSource] = field(default_factory=list)
    # The records before this build's reading, from env-get-outdated to env-updated
    # (features/incremental.py); None outside that span.
    records_before: RecordsState | None = None
    # Data file -> digest, taken at env-get-outdated, before reading (features/data_files.py).
    data_file_digests: dict[str, str | None] = field(default_factory=dict)
    # List page -> (its extra pages and data file, the names of those that changed), from
    # env-get-updated to html-collect-pages (features/listings.py).
    paper_list_outputs: dict[str, tuple[list[ListOutput], set[str]]] = field(default_factory=dict)
    # Pages beside the documents that this build keeps, written again or not (the papers
    # list's extra pages, at html-collect-pages): the sitemap lists them
    # (features/export_files.py).
    kept_pages: set[str] = field(default_factory=set)
    # The pages this build wrote, by name (compat/theme_css.py, at doctree-resolved and
    # html-page-context, in the main process also with -j): their classes are read again.
    written_pages: set[str] = field(default_factory=set)
    # Every HTML file of the output outside _static that is not a page of a document, with its
    # inode, size and times, as security.py's end-of-build walk found them (None before it):
    # compat/theme_css.py needs no walk of its own.
    other_html_files: dict[str, list[int]] | None = None
    # Made once per build, after reading (features/exports.py clears them at env-get-updated):
    # each export's files (key -> part or path -> path), the paths pages may link (planned),
    # and each paper's part of the exports (features/export_memory.py).
    export_files: dict[str, dict[str, str]] = field(default_factory=dict)
    planned_exports: dict[str, str] | None = None
    paper_exports: dict[str, PaperExports] | None = None
    # The digests of the registry's files the last build wrote (None until read), and the files
    # made before the end of the build (path -> (digest, bytes): features/exports.py).
    written_digests: dict[str, str] | None = None
    made_early: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    # Each script and stylesheet tag of the pages, by (tag function, address from the page, asset),
    # made when a page is first rendered with it (compat/asset_tags.py).
    asset_tags: dict[tuple, str] = field(default_factory=dict)
    # The rendered parts of the pages' titles made of text and inline emphasis only, by page
    # (compat/parent_titles.py: the breadcrumbs' titles, from write-started).
    plain_titles: dict[str, dict] = field(default_factory=dict)


Key = t.TypeVar("Key")
Value = t.TypeVar("Value")


class IdentityCache(t.Generic[Key, Value]):
    """A process cache: one value made from one key object, made again when the key is another
    object. Not build state: the value depends on the key only, so a forked reader may make its
    own and nothing is merged or pickled."""

    def __init__(self) -> None:
        self._entry: tuple[Key, Value] | None = None

    def get(self, key: Key, make: Callable[[Key], Value]) -> Value:
        if self._entry is None or self._entry[0] is not key:
            self._entry = (key, make(key))
        return self._entry[1]


# The Markdown parser of the site's MyST configuration (every page without its own), made
# once per configuration object, i.e. once per application (safe_parser.markdown_parser).
SITE_MARKDOWN_PARSER: IdentityCache = IdentityCache()


def site_data(env: BuildEnvironment) -> SiteData:
    return getattr(env, _SITE_ATTRIBUTE)


def build_memory(env: BuildEnvironment) -> BuildMemory:
    return getattr(env, _MEMORY_ATTRIBUTE)


def build_scratch(app: Sphinx) -> BuildScratch:
    scratch = getattr(app, _SCRATCH_ATTRIBUTE, None)
    if scratch is None:
        scratch = BuildScratch()
        setattr(app, _SCRATCH_ATTRIBUTE, scratch)
    return scratch


def config_time_info(app: Sphinx) -> WorkshopInfo | None:
    """The facts, for handlers that run at ``config-inited`` (before the environment exists)."""
    return build_scratch(app).info


def on_config_inited(app: Sphinx, config: Config) -> None:
    source = config.workshop_info_file
    info = load_info(Path(app.srcdir, source), source=source, report=warn)
    build_scratch(app).info = info
    if info is not None:
        # The site's title comes from the data file, never typed in conf.py.
        config.project = info.name
        # Every page's <title> names the conference: "Program — WSL workshop, ICLR 2025".
        config.html_title = f"{info.short_name}, {info.conference}"


def load_site_data(app: Sphinx) -> SiteData:
    """Read every data file once; each problem is a located warning."""
    config, srcdir = app.config, app.srcdir
    dates_file = config.workshop_dates_file
    dates = load_dates(Path(srcdir, dates_file), source=dates_file, report=warn)
    topics_file = config.workshop_topics_file
    topics = load_topics(Path(srcdir, topics_file), source=topics_file, report=warn)
    schedule_file = config.workshop_schedule_file
    path = Path(srcdir, schedule_file)
    # A site without a schedule file has no program; a page asking for one is told so.
    schedule = (
        load_schedule(path, source=schedule_file, dates=dates, report=warn)
        if path.exists()
        else None
    )
    return SiteData(config_time_info(app), dates, topics, schedule, build_instant())


def on_builder_inited(app: Sphinx) -> None:
    env = app.env
    site = load_site_data(app)
    setattr(env, _SITE_ATTRIBUTE, site)
    if not isinstance(getattr(env, _MEMORY_ATTRIBUTE, None), BuildMemory):
        setattr(env, _MEMORY_ATTRIBUTE, BuildMemory())  # a fresh environment
    if site.schedule is not None:
        hand_over_vtimezone(build_memory(env), (site.schedule.timezone, site.schedule.day.year))


def hand_over_vtimezone(memory: BuildMemory, key: tuple[str, int]) -> None:
    """The program's VTIMEZONE: the last build's if it had the same zone and year, else made
    now, before the environment is pickled, so that the next build has it."""
    if memory.vtimezone is not None and memory.vtimezone[0] == key:
        keep_vtimezone(*key, memory.vtimezone[1])  # type: ignore[arg-type]
    else:
        memory.vtimezone = (key, vtimezone(*key))


def setup_state(app: Sphinx) -> None:
    app.connect("config-inited", on_config_inited)
    # Before every other builder-inited handler: they may read the data.
    app.connect("builder-inited", on_builder_inited, priority=400)
