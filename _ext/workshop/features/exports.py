"""Every file the build publishes beside the pages: ONE registry, the ``{export}`` role, the
download links, and the writer.

==================  ===================================  ==============================
key                 file (in the output directory)        made from
==================  ===================================  ==============================
``program-ics``     ``program/<acronym>-<year>.ics``      the schedule file
``slot-ics``        ``program/calendar/<acronym>-<year>-  the schedule file (one file
                    <slot anchor>.ics``                   per program slot)
``schedule-json``   ``program/schedule.json`` (frab)      the schedule file
``schedule-xml``    ``program/schedule.xml`` (frab)       the schedule file
``dates-ics``       ``cfp/important-dates.ics``           the dates file
``papers-bib``      ``papers.bib``                        the paper records
``papers-json``     ``papers.json``                       the paper records
``reading-list``    the ``.bib`` file, at its own path     ``bibtex_bibfiles`` (one file)
==================  ===================================  ==============================

The program and dates files land next to the pages of their data file's folder, the papers'
files at the site root. Pages link with ``{export}`program-ics``` (or ``{export}`Add to your
calendar <program-ics>```; one file of an export with a file per part with
``{export}`slot-ics:slot-1000```), so a link cannot point to a file that the build does not
write: an unknown or missing export is a warning. Files are written at ``build-finished``, by HTML
builders only, from the same validated data as the pages.

Adding a format (say ``papers.csv``) is two steps:

1. a pure serialiser in ``formats/`` (data in, ``str`` or ``bytes`` out, no Sphinx), with a unit
   test in ``tests/unit/test_formats.py``, e.g. ``formats/csv.py: papers_csv(papers) -> str``;
2. one entry in ``REGISTRY`` below: its key, its default link text, where it goes (a function
   of the app giving the path, or ``None`` when its data is missing this build) and how it is
   made (a function of the app and that path giving the bytes)::

       Export("papers-csv", "CSV (papers.csv)", lambda app: "papers.csv",
              lambda app, path: papers_csv(papers(app.env).values()).encode(), HTML_BUILDERS),

``{export}`papers-csv``` then links to it, the writer writes it, and ``tests/tiny/test_exports.py``
checks that it is written where the link points.
"""

from __future__ import annotations

import posixpath
import typing as t
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..domain import Users, domain
from ..formats.bibtex import citation_keys, with_key
from ..formats.frab import Presenter, frab_data, frab_json, frab_xml
from ..formats.ical import dates_calendar, program_calendar, slot_calendar
from ..formats.json import papers_json
from ..model.dates import WORKSHOP_DAY
from ..model.info import WorkshopInfo
from ..model.program import Schedule
from ..state import SiteData, build_memory, site_data
from .records import papers, people
from .slot_details import plain_details

HTML_BUILDERS = ("html", "dirhtml", "singlehtml")


@dataclass(frozen=True)
class Export:
    """One published file: where it goes and how it is made."""

    key: str
    label: str  # the link text when the page gives none
    path: t.Callable[[Sphinx], str | None]  # relative to the output directory, "/"-separated
    render: t.Callable[[Sphinx, str], bytes]  # (app, its path) -> the file's content
    builders: tuple[str, ...] | None = None  # builder names that write it; None: every HTML one
    # An export of one file per part (a calendar per program slot): part -> path. ``path`` is
    # then the folder of those files, and a link names its part (``key:part``).
    parts: t.Callable[[Sphinx], dict[str, str]] | None = None

    def files(self, app: Sphinx) -> list[str]:
        """Every path this export writes in this build."""
        if self.parts is not None:
            return list(self.parts(app).values()) if self.path(app) is not None else []
        path = self.path(app)
        return [path] if path is not None else []


# -- facts the exports share --------------------------------------------------------------------


def _acronym(app: Sphinx) -> str:
    info = site_data(app.env).info
    return info.acronym if info is not None else "workshop"


def _year(app: Sphinx) -> int | None:
    entry = site_data(app.env).dates.entries.get(WORKSHOP_DAY)
    return entry.date.year if entry is not None else None


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


def _program_ics_path(app: Sphinx) -> str | None:
    year = _year(app)
    if not (_has_program(app) and year):
        return None
    return posixpath.join(_program_folder(app), f"{_acronym(app).lower()}-{year}.ics")


def _program_ics(app: Sphinx, path: str) -> bytes:
    data = site_data(app.env)
    info, schedule = _program_facts(data)
    return program_calendar(
        schedule,
        acronym=_acronym(app),
        title=info.name,
        location=f"{info.room}, {info.conference}, {info.city}",
        now=data.now,
        describe=_descriptions(app, schedule),
        url=_page_url(app) if app.config.html_baseurl else None,
    )


def _slot_ics_folder(app: Sphinx) -> str | None:
    return posixpath.join(_program_folder(app), "calendar") if _program_ics_path(app) else None


def _slot_ics_paths(app: Sphinx) -> dict[str, str]:
    """``slot anchor -> path`` of every slot's calendar file."""
    folder, schedule = _slot_ics_folder(app), site_data(app.env).schedule
    if folder is None or schedule is None:
        return {}
    stem = f"{_acronym(app).lower()}-{_year(app)}"
    return {
        slot.anchor: posixpath.join(folder, f"{stem}-{slot.anchor}.ics") for slot in schedule.slots
    }


def _slot_ics(app: Sphinx, path: str) -> bytes:
    data = site_data(app.env)
    info, schedule = _program_facts(data)
    anchor = next(part for part, where in _slot_ics_paths(app).items() if where == path)
    slot = next(slot for slot in schedule.slots if slot.anchor == anchor)
    return slot_calendar(
        schedule,
        slot,
        acronym=_acronym(app),
        location=f"{info.room}, {info.conference}, {info.city}",
        now=data.now,
        description=plain_details(slot, app.env),
        url=_page_url(app) if app.config.html_baseurl else None,
    )


def _frab_path(name: str) -> t.Callable[[Sphinx], str | None]:
    def path(app: Sphinx) -> str | None:
        return posixpath.join(_program_folder(app), name) if _program_ics_path(app) else None

    return path


def _frab(app: Sphinx) -> dict[str, t.Any]:
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


def _dates_ics_path(app: Sphinx) -> str | None:
    if not (site_data(app.env).dates.entries and _year(app)):
        return None
    return posixpath.join(posixpath.dirname(app.config.workshop_dates_file), "important-dates.ics")


def _dates_ics(app: Sphinx, path: str) -> bytes:
    data, year = site_data(app.env), _year(app)
    assert year is not None, "_dates_ics_path: written only with the workshop's day"
    return dates_calendar(data.dates, acronym=_acronym(app), year=year, now=data.now)


# -- the papers -----------------------------------------------------------------------------------


def _papers_in_key_order(app: Sphinx) -> tuple[list, dict[str, str]]:
    by_id = papers(app.env)
    # This build's keys, made once after reading (features/citations.py, env-get-updated).
    keys = build_memory(app.env).citation_keys
    if not keys:
        year = _year(app)
        keys = citation_keys(by_id, str(year) if year else "")
    return [by_id[pid] for pid in sorted(by_id, key=lambda pid: keys[pid])], keys


def _papers_bib(app: Sphinx, path: str) -> bytes:
    """Each paper's entry as written when its page was read, under this build's key."""
    stored = domain(app.env)
    ordered, keys = _papers_in_key_order(app)
    entries = [with_key(stored.get("bibtex", paper.docname), keys[paper.id]) for paper in ordered]
    return "\n".join(entries).encode("utf-8")


def _papers_json(app: Sphinx, path: str) -> bytes:
    env = app.env
    ordered, keys = _papers_in_key_order(app)
    entry = site_data(env).dates.entries.get(WORKSHOP_DAY)
    info = site_data(env).info
    text = papers_json(
        name=info.name if info else None,
        booktitle=info.citation_booktitle if info is not None else "",
        day=entry.date if entry is not None else None,
        papers=[
            (paper, keys[paper.id], app.builder.get_target_uri(paper.docname)) for paper in ordered
        ],
        base_url=app.config.html_baseurl,
    )
    return text.encode("utf-8")


# -- the reading list -----------------------------------------------------------------------------


def _reading_list_path(app: Sphinx) -> str | None:
    bibfiles = getattr(app.config, "bibtex_bibfiles", None) or []
    if len(bibfiles) == 1 and Path(app.srcdir, bibfiles[0]).is_file():
        # Published as it is: pages link to it with {export}, never with {download}.
        return bibfiles[0].replace("\\", "/")
    return None


def _reading_list(app: Sphinx, path: str) -> bytes:
    return Path(app.srcdir, path).read_bytes()


REGISTRY: tuple[Export, ...] = (
    Export("program-ics", "the program as a calendar file (.ics)", _program_ics_path, _program_ics),
    Export(
        "schedule-json",
        "schedule.json",
        _frab_path("schedule.json"),
        lambda app, path: frab_json(_frab(app)).encode("utf-8"),
    ),
    Export(
        "schedule-xml",
        "schedule.xml",
        _frab_path("schedule.xml"),
        lambda app, path: frab_xml(_frab(app)),
    ),
    Export(
        "dates-ics",
        "the important dates as a calendar file (.ics)",
        _dates_ics_path,
        _dates_ics,
    ),
    Export(
        "slot-ics",
        "add to calendar",
        _slot_ics_folder,
        _slot_ics,
        parts=_slot_ics_paths,
    ),
    Export(
        "papers-bib", "BibTeX (papers.bib)", lambda app: "papers.bib", _papers_bib, HTML_BUILDERS
    ),
    Export(
        "papers-json", "JSON (papers.json)", lambda app: "papers.json", _papers_json, HTML_BUILDERS
    ),
    Export("reading-list", "", _reading_list_path, _reading_list),
)
EXPORTS = {export.key: export for export in REGISTRY}
EXPORT_KEYS = tuple(EXPORTS)


def planned_exports(app: Sphinx) -> dict[str, str]:
    """The path of every export this build writes (those whose data is valid), by key."""
    planned: dict[str, str] = {}
    for export in REGISTRY:
        if export.parts is not None:
            planned |= {f"{export.key}:{part}": path for part, path in export.parts(app).items()}
            continue
        path = export.path(app)
        if path is not None:
            planned[export.key] = path
    return planned


def file_label(key: str, path: str) -> str:
    return EXPORTS[key.partition(":")[0]].label or posixpath.basename(path)


# -- writing the files ----------------------------------------------------------------------------


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for export in REGISTRY:
        if export.builders is not None and app.builder.name not in export.builders:
            continue
        for path in export.files(app):
            target = Path(app.outdir, path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(export.render(app, path))


def setup_exports(app: Sphinx) -> None:
    app.connect("build-finished", on_build_finished)
