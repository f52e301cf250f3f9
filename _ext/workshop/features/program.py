"""The program page: ``{schedule}``, ``{schedule-groups}`` and ``{local-time-toggle}``.

* ``{schedule}`` renders the timezone statement with the local-time button, the program table
  (one row per slot, grouped by thematic session, end times computed) and one note on what is
  not in the public records; ``{schedule-groups}`` renders what the slots point to, as sections
  (the spotlight papers, the invited speakers, then the posters of each poster session with its
  time, folded), each row with the paper's links. A slot links to those sections only on a page
  that has them.
* ``{local-time-toggle}`` renders the button of ``_static/localtime.js``, which shows every
  ``<time datetime data-tz>`` of the page in the reader's timezone. The script is loaded only on
  pages that have the button (the schedule has its own).

The schedule file is read once at ``builder-inited`` (``state.py``; model: ``model/program.py``,
``model/program_file.py``); people and papers named by slots are checked once every record has
been read. The markup is in ``render/program_table.py``.
"""

from __future__ import annotations

from functools import partial

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..diagnostics import Problem, warn
from ..domain import Users, domain, refused_ids
from ..kinds import PAPERS, PEOPLE
from ..model.dates import WORKSHOP_DAY
from ..model.program import Schedule
from ..model.program_file import check_references
from ..render.nodes import disclosure, schedule_placeholder
from ..render.paper_list import paper_items, plural
from ..render.program_table import (
    is_toggle_button,
    render_intro,
    render_list,
    render_table,
    time_range,
    toggle_nodes,
    unknowns_note,
)
from ..state import site_data
from .data_files import note_data_file
from .listings import ROW_STYLES, kept_list, render_people
from .records import papers, people, people_by_name
from .slot_details import (
    SPEAKERS_ANCHOR,
    SPOTLIGHTS_ANCHOR,
    posters,
    posters_anchor,
    slot_details,
    spotlight_papers,
)

# -- checks once every record is read -------------------------------------------------------------


def on_env_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    schedule = site_data(env).schedule
    if schedule is not None:
        check_references(
            schedule,
            # A refused record's problem is reported in its own file, not again here.
            people=[*people(env), *refused_ids(env, PEOPLE.kind)],
            papers=[*papers(env), *refused_ids(env, PAPERS.kind)],
            report=warn,
        )


# -- the directives -------------------------------------------------------------------------------


def _note_schedule_page(env: BuildEnvironment, config) -> None:
    note_data_file(env, config.workshop_schedule_file)
    # The day and its timezone come from this date (model/program_file.py).
    note_data_file(env, site_data(env).dates.source, WORKSHOP_DAY)
    stored = domain(env)
    stored.note_listing(env.docname, PAPERS, PEOPLE)  # its papers and speakers
    stored.note_user(Users.localtime, env.docname)
    stored.note_user(Users.schedule, env.docname)  # the exports link back to it


def _placeholder(directive: SphinxDirective, part: str) -> schedule_placeholder:
    node = schedule_placeholder(part=part)
    directive.set_source_info(node)
    return node


class ScheduleDirective(SphinxDirective):
    """``{schedule}``: the timezone statement with the local-time button, the program table,
    and one note on what is not in the public records."""

    has_content = False

    def run(self):
        _note_schedule_page(self.env, self.config)
        schedule = site_data(self.env).schedule
        if schedule is None:
            warn(
                Problem.schedule,
                f"{{schedule}} needs a valid schedule file "
                f"{self.config.workshop_schedule_file} (see the warnings above, or create it; "
                "the option workshop_schedule_file names another file)",
                location=self.get_location(),
            )
            return []
        domain(self.env).note_user(Users.program_table, self.env.docname)
        return [render_intro(schedule), _placeholder(self, "table"), *unknowns_note(schedule)]


class ScheduleGroupsDirective(SphinxDirective):
    """``{schedule-groups}``: what the slots link to, one section each (so "On this page" lists
    them): every poster session with its time and posters, the invited speakers, the spotlight
    papers. Sections, so put it at the level where they belong (e.g. under the page title)."""

    has_content = False

    def run(self):
        _note_schedule_page(self.env, self.config)
        schedule = site_data(self.env).schedule
        if schedule is None:
            return []  # {schedule} on the same page says why
        # The short sections first, so the rows' links land within a screen of the table; the
        # posters (dozens each) last, folded.
        result: list[nodes.Node] = []
        if any(s.kind == "spotlights" and not s.slot.papers for s in schedule.slots):
            title = nodes.title("", "Spotlight papers")
            result.append(self._section(title, SPOTLIGHTS_ANCHOR, "spotlights", side_by_side=True))
        if any(s.kind == "invited-talk" and not s.slot.people for s in schedule.slots):
            title = nodes.title("", "Invited speakers")
            result.append(self._section(title, SPEAKERS_ANCHOR, "speakers", side_by_side=True))
        for slot in schedule.slots:
            number = slot.slot.poster_session
            if slot.kind == "poster-session" and number is not None:
                title = nodes.title("", f"Poster session {number}, ")
                title += time_range(slot.starts, slot.ends, schedule.timezone)
                result.append(self._section(title, posters_anchor(number), f"posters-{number}"))
        return result

    def _section(
        self, title: nodes.title, anchor: str, part: str, *, side_by_side: bool = False
    ) -> nodes.section:
        # The short sections stand side by side on wide screens: both start right under the
        # table, however long the other is (wsl.css).
        classes = ["wsl-program-short"] if side_by_side else []
        section = nodes.section("", title, ids=[anchor], names=[anchor], classes=classes)
        self.set_source_info(section)
        section += _placeholder(self, part)
        return section


class LocalTimeToggleDirective(SphinxDirective):
    """``{local-time-toggle}``: a button that shows the page's times in the reader's timezone."""

    has_content = False

    def run(self):
        domain(self.env).note_user(Users.localtime, self.env.docname)
        paragraph = nodes.paragraph(classes=["wsl-localtime"])
        paragraph.extend(toggle_nodes())
        self.set_source_info(paragraph)
        return [paragraph]


# -- filling the placeholders once every record is read -------------------------------------------


def _fill(
    app: Sphinx, docname: str, schedule: Schedule, part: str, targets: set[str]
) -> list[nodes.Node]:
    env = app.env
    if part == "table":
        describe = partial(slot_details, env=env)
        if app.builder.format != "html":
            return render_list(app, docname, schedule, targets, describe)
        return [render_table(app, docname, schedule, targets, describe)]
    if part == "speakers":
        return render_people(app, docname, {"role": "invited-speaker"})
    if part == "spotlights":
        text = "The papers chosen for the spotlight talks, with their poster sessions."
        return [
            nodes.paragraph("", text, classes=["wsl-count"]),
            # Each row links the paper's page and its OpenReview; no chip repeats the heading.
            _papers(app, docname, spotlight_papers(env), "spotlights"),
        ]
    chosen = posters(env, int(part.removeprefix("posters-")))
    listed = _papers(app, docname, chosen, "posters")
    folded = disclosure("", listed, summary=f"Show the {plural(len(chosen), 'poster')}")
    folded["classes"].append("wsl-posters")
    return [folded]


def _papers(app: Sphinx, docname: str, chosen: list, style: str) -> nodes.Element:
    """The papers as a list in ``style`` (``listings.ROW_STYLES``): the rows kept from the last
    build where they are, else written now."""
    kept = kept_list(app, docname, chosen, style)
    if kept is not None:
        return kept
    by_name = people_by_name(app.env)
    return paper_items(app.builder, docname, chosen, by_name, **ROW_STYLES[style])


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    schedule = site_data(app.env).schedule
    targets = {anchor for section in doctree.findall(nodes.section) for anchor in section["ids"]}
    for node in list(doctree.findall(schedule_placeholder)):
        if schedule is None:
            node.replace_self([])
            continue
        part = node.get("part", "table")
        node.replace_self(_fill(app, docname, schedule, part, targets))
    if app.builder.format != "html":
        # Without the script the button cannot work; the statement next to it still reads.
        for button in list(doctree.findall(is_toggle_button)):
            button.parent.remove(button)


def on_html_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    if domain(app.env).uses(Users.localtime, pagename):
        app.add_js_file("localtime.js", loading_method="defer")


def setup_program(app: Sphinx) -> None:
    app.connect("env-check-consistency", on_env_check_consistency)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-page-context", on_html_page_context)
    app.add_directive("schedule", ScheduleDirective)
    app.add_directive("schedule-groups", ScheduleGroupsDirective)
    app.add_directive("local-time-toggle", LocalTimeToggleDirective)
