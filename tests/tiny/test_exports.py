"""The export registry: every data file the build publishes is one entry, linkable by {export}."""

from __future__ import annotations

import json

import yaml
from site_build import SITES, build
from workshop.features.exports import EXPORT_KEYS, EXPORTS, PUBLISHED_LIST

# The program site has a schedule, dates and papers, but no reading list (no bibtex_bibfiles),
# and no news or site address (the feed: tests/tiny/test_news.py; the sitemap and robots.txt:
# tests/tiny/test_hosting_tiny.py).
NOT_IN_THIS_SITE = {"reading-list", "news-atom", "sitemap-xml", "robots-txt"}
DATA_SUFFIXES = {".ics", ".json", ".xml", ".bib"}


def test_every_published_data_file_is_a_registry_entry_that_pages_can_link(tiny_site):
    # An export of a file per part (a calendar per slot) is linked once per part.
    slots = yaml.safe_load((SITES / "program/program/schedule.yaml").read_text())["slots"]
    # A calendar per activity (a session's introduction is a label: no file), one per paper.
    parts = {
        "slot-ics": [
            f"slot-{slot['start'].replace(':', '')}"
            for slot in slots
            if slot["kind"] != "session-intro"
        ],
        "paper-ics": [p.stem for p in (SITES / "program/papers").glob("*.md") if p.stem != "index"],
    }
    keys = [
        key for key in EXPORT_KEYS if key not in NOT_IN_THIS_SITE and EXPORTS[key].parts is None
    ]
    keys += [f"{key}:{part}" for key in EXPORT_KEYS if EXPORTS[key].parts for part in parts[key]]
    links = "\n".join(f"- {{export}}`{key}`" for key in keys)
    built = tiny_site(
        "program", files={"program/index.md": f"# Program\n\n```{{schedule}}\n```\n\n{links}\n"}
    )
    assert built.warning_lines() == []
    page = built.page("program/index")
    hrefs = [a["href"] for a in page.select("a.wsl-export")]
    assert len(hrefs) == len(keys)
    folder = built.outdir / "program"
    linked = {(folder / href).resolve() for href in hrefs}
    assert all(path.is_file() for path in linked), hrefs
    published = {
        path.resolve()
        for path in built.outdir.rglob("*")
        if path.suffix in DATA_SUFFIXES and "_static" not in path.parts
    }
    assert published == linked


def test_a_file_per_part_export_is_linked_with_its_part(tiny_site):
    page = (
        "# Program\n\n```{schedule}\n```\n\n- {export}`slot-ics`\n- {export}`slot-ics:slot-9999`\n"
    )
    built = tiny_site("program", files={"program/index.md": page}, allow_warnings=True)
    warnings = built.warning_lines()
    assert len(warnings) == 2, warnings
    assert "one file per part: name the part, e.g. {export}`slot-ics:slot-1000`" in warnings[0]
    assert "unknown part 'slot-9999' of the export 'slot-ics'; allowed: slot-0900" in warnings[1]
    assert all("program/index.md" in w and "[workshop.export]" in w for w in warnings)


def test_a_calendar_file_gone_from_the_output_is_made_again_and_listed(tiny_site):
    """A file is skipped only when its call is unchanged AND it is still in the output folder
    (features/exports.py lists each folder once); the list of published files names it."""
    built = tiny_site("program")
    calendars = sorted((built.outdir / "papers/calendar").glob("*.ics"))
    gone, kept = calendars[0], calendars[1:]
    made, kept_bytes = gone.read_bytes(), [path.read_bytes() for path in kept]
    gone.unlink()
    (built.outdir / "program/schedule.xml").unlink()  # not a call: written every build anyway
    build(built.srcdir, built.outdir, freshenv=False)
    assert gone.read_bytes() == made
    assert [path.read_bytes() for path in kept] == kept_bytes
    doctrees = built.outdir.parent / (built.outdir.name + ".doctrees")
    listed = json.loads((doctrees / PUBLISHED_LIST).read_text(encoding="utf-8"))
    on_disk = {
        path.relative_to(built.outdir).as_posix()
        for path in built.outdir.rglob("*")
        if path.is_file()
    }
    assert {path.relative_to(built.outdir).as_posix() for path in calendars} <= set(listed)
    assert set(listed) <= on_disk


def test_a_build_in_a_new_process_is_handed_the_last_builds_vtimezone(tiny_site, monkeypatch):
    """make serve builds in a process forked from the server: the program's VTIMEZONE (~35 ms
    to make) comes from the last build's memory, with the same bytes in every calendar."""
    import icalendar
    from site_build import build
    from workshop.formats import ical

    site = tiny_site("program")
    calendars = {p: p.read_bytes() for p in site.outdir.rglob("*.ics")}
    assert calendars
    monkeypatch.setattr(ical, "_TIMEZONES", {})  # as in a new process

    def made_again(*args, **kwargs):
        raise AssertionError("the VTIMEZONE was made again")

    monkeypatch.setattr(icalendar.Timezone, "from_tzid", made_again)
    for path in calendars:
        path.unlink()  # every calendar is made again, with the VTIMEZONE handed over
    build(site.srcdir, site.outdir, freshenv=False)
    assert {p: p.read_bytes() for p in site.outdir.rglob("*.ics")} == calendars


def test_paper_calendars_are_made_while_their_pages_are_resolved(tiny_site, monkeypatch):
    """Not after the last page: in a parallel build the main process resolves pages while a
    writer writes, so the calendars cost no time at the end. Same bytes as made at the end."""
    from site_build import sphinx_app
    from sphinx.util.build_phase import BuildPhase
    from workshop.features import export_memory

    site = tiny_site("program")
    calendars = {p: p.read_bytes() for p in (site.outdir / "papers/calendar").glob("*.ics")}
    assert calendars
    for path in calendars:
        path.unlink()
    phases = []
    make = export_memory.events_calendar
    with sphinx_app(site.srcdir, site.outdir, freshenv=True) as app:

        def recorded(*args, **kwargs):
            phases.append(app.phase)
            return make(*args, **kwargs)

        monkeypatch.setattr(export_memory, "events_calendar", recorded)
        app.build()
    assert {p: p.read_bytes() for p in calendars} == calendars
    assert phases and set(phases) == {BuildPhase.RESOLVING}, phases
