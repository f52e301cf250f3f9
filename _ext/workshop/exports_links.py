"""Files generated at build time from the data files, and the ``{export}`` role linking to them.

=================  ===================================  ==============================
key                file (in the output directory)        made from
=================  ===================================  ==============================
``program-ics``    ``program/<acronym>-<year>.ics``      the schedule file
``schedule-json``  ``program/schedule.json`` (frab)      the schedule file
``schedule-xml``   ``program/schedule.xml`` (frab)       the schedule file
``dates-ics``      ``cfp/important-dates.ics``           the dates file
``reading-list``   the ``.bib`` file, at its own path     ``bibtex_bibfiles`` (one file)
=================  ===================================  ==============================

Each file lands next to the pages of its data file's folder. Pages link with
``{export}`program-ics``` (or ``{export}`Add to your calendar <program-ics>```), so a link
cannot point to a file that the build does not write: an unknown or missing export is a warning.
Files are written at ``build-finished``, by HTML builders only, from the same validated data
as the pages.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import ReferenceRole
from sphinx.util.osutil import relative_uri

from .collections import people
from .diagnostics import Problem, warn
from .exports_frab import Presenter, frab_data, frab_json, frab_xml
from .exports_ical import dates_calendar, program_calendar
from .model.dates import WORKSHOP_DAY
from .model.program import Schedule
from .schedule import plain_details
from .state import site_data


@dataclass(frozen=True)
class Export:
    key: str
    path: str  # relative to the output directory, "/"-separated
    label: str  # the link text when the page gives none
    source: str  # the data file it is made from


EXPORT_KEYS = ("program-ics", "schedule-json", "schedule-xml", "dates-ics", "reading-list")


def _acronym(app: Sphinx) -> str:
    info = site_data(app.env).info
    return info.acronym if info is not None else "workshop"


def _year(app: Sphinx) -> int | None:
    entry = site_data(app.env).dates.entries.get(WORKSHOP_DAY)
    return entry.date.year if entry is not None else None


def planned_exports(app: Sphinx) -> dict[str, Export]:
    """Every export this build writes (those whose data is valid), by key."""
    config = app.config
    program = posixpath.dirname(config.workshop_schedule_file)
    dates = posixpath.dirname(config.workshop_dates_file)
    year = _year(app)
    result: dict[str, Export] = {}
    if site_data(app.env).schedule is not None and site_data(app.env).info is not None and year:
        name = f"{_acronym(app).lower()}-{year}.ics"
        source = config.workshop_schedule_file
        result["program-ics"] = Export(
            "program-ics",
            posixpath.join(program, name),
            "the program as a calendar file (.ics)",
            source,
        )
        result["schedule-json"] = Export(
            "schedule-json", posixpath.join(program, "schedule.json"), "schedule.json", source
        )
        result["schedule-xml"] = Export(
            "schedule-xml", posixpath.join(program, "schedule.xml"), "schedule.xml", source
        )
    if site_data(app.env).dates.entries and year:
        result["dates-ics"] = Export(
            "dates-ics",
            posixpath.join(dates, "important-dates.ics"),
            "the important dates as a calendar file (.ics)",
            config.workshop_dates_file,
        )
    bibfiles = getattr(config, "bibtex_bibfiles", None) or []
    if len(bibfiles) == 1 and Path(app.srcdir, bibfiles[0]).is_file():
        # Published as it is: pages link to it with {export}, never with {download}.
        path = bibfiles[0].replace("\\", "/")
        result["reading-list"] = Export("reading-list", path, posixpath.basename(path), path)
    return result


# -- the {export} role ----------------------------------------------------------------------------


class pending_export(nodes.Inline, nodes.TextElement):
    """A link to an export, resolved when the page is written (the path depends on the builder)."""


class ExportRole(ReferenceRole):
    """``{export}`program-ics``` links to a generated file; see the table in the module docs."""

    def run(self):
        key = self.target.strip()
        if key not in EXPORT_KEYS:
            warn(
                Problem.export,
                f"unknown export {key!r} in the {{export}} role; allowed: {', '.join(EXPORT_KEYS)}",
                location=self.get_location(),
            )
            return [nodes.literal(self.rawtext, self.title)], []
        title = self.title if self.has_explicit_title else ""
        node = pending_export(self.rawtext, title, key=key)
        self.set_source_info(node)
        return [node], []


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(pending_export))
    if not found:
        return
    planned = planned_exports(app)
    here = app.builder.get_target_uri(docname)
    for node in found:
        export = planned.get(node["key"])
        if export is None:
            if site_data(app.env).info is not None:  # else: reported once, at the info file
                warn(
                    Problem.export,
                    f"the export {node['key']!r} is not generated in this build: "
                    "its data file is missing or invalid (see the warnings above)",
                    location=node,
                )
            node.replace_self(nodes.Text(node.astext()))
            continue
        text = node.astext() or export.label
        node.replace_self(
            nodes.reference(
                "",
                text,
                refuri=relative_uri(here, export.path),
                internal=True,
                classes=["reference", "internal", "wsl-export"],
            )
        )


# -- writing the files ----------------------------------------------------------------------------


def _page_url(app: Sphinx) -> str:
    """The program page's URL: absolute with ``html_baseurl``, else relative to program/."""
    users = app.env.get_domain("workshop").items("schedule_users")
    if not users:
        return ""
    uri = app.builder.get_target_uri(next(iter(users)))
    base = app.config.html_baseurl
    if base:
        return base.rstrip("/") + "/" + uri
    return relative_uri(posixpath.dirname(app.config.workshop_schedule_file) + "/", uri) or "./"


def render_exports(app: Sphinx) -> dict[str, bytes]:
    """The content of every planned export, by key."""
    env = app.env
    planned = planned_exports(app)
    result: dict[str, bytes] = {}
    acronym = _acronym(app)
    year = _year(app)
    schedule = site_data(env).schedule
    if "program-ics" in planned and schedule is not None:
        info = site_data(env).info
        describe = {slot.index: plain_details(slot, env) for slot in schedule.slots}
        url = _page_url(app)
        result["program-ics"] = program_calendar(
            schedule,
            acronym=acronym,
            title=info.name,
            location=f"{info.room}, {info.conference}, {info.city}",
            now=site_data(env).now,
            describe=describe,
            url=url if app.config.html_baseurl else None,
        )
        data = frab_data(
            schedule,
            acronym=acronym,
            title=info.name,
            room=info.room,
            describe=describe,
            presenters=_presenters(app, schedule),
            page_url=url,
            base_url=app.config.html_baseurl or None,
        )
        result["schedule-json"] = frab_json(data).encode("utf-8")
        result["schedule-xml"] = frab_xml(data)
    if "dates-ics" in planned and year is not None:
        result["dates-ics"] = dates_calendar(
            site_data(env).dates, acronym=acronym, year=year, now=site_data(env).now
        )
    if "reading-list" in planned:
        result["reading-list"] = Path(app.srcdir, planned["reading-list"].source).read_bytes()
    return result


def _presenters(app: Sphinx, schedule: Schedule) -> dict[int, list[Presenter]]:
    known = people(app.env)
    return {
        slot.index: [Presenter(known[p].name, p) for p in slot.slot.people if p in known]
        for slot in schedule.slots
        if slot.slot.people
    }


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    planned = planned_exports(app)
    for key, content in render_exports(app).items():
        target = Path(app.outdir, planned[key].path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def setup_exports(app: Sphinx) -> None:
    app.add_node(pending_export)
    app.add_role("export", ExportRole())
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("build-finished", on_build_finished)
