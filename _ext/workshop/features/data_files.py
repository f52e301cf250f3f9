"""Pages made from a data file are read again when what they show of it changes, key by key.

Sphinx's ``env.note_dependency`` stores the file's path with every page that uses it, pickles
the paths and checks each one's time stamp at every build: four data files on every paper page
made 8,000 paths to unpickle and 8,000 ``stat`` calls in each rebuild of a 2,000-paper site.
Here the domain notes what a page shows of each data file (names relative to the source
folder): one key of it, or all of it.

- A key (a date of ``cfp/dates.yaml``, a topic area, a fact of ``_data/workshop.yaml``, a slot of
  the program, see :data:`KEYS`): the build memory keeps each key's value as the pages were read;
  at ``env-get-outdated`` the pages of a key whose value changed (or appeared, or went) are read
  again. A date's label edited rewrites the pages that show that date, not every paper page.
- All of it (a table of every date, the program page): the build memory keeps the file's digest;
  the pages are read again when the content changed (a file only touched is not a change).
"""

from __future__ import annotations

import hashlib
import typing as t
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..domain import domain
from ..model.info import WorkshopInfo
from ..model.program import Schedule
from ..state import SiteData, build_memory, build_scratch, site_data

PROGRAM_STRUCTURE = "slots"  # which slot is where and what it names (not its title or room)


def slot_key(anchor: str) -> str:
    return f"slot:{anchor}"


def _program_keys(schedule: Schedule | None) -> dict[str, object]:
    """Each slot by its anchor, and the structure a page uses to find its slots: the day, the
    timezone and every slot's place, kind, poster session, papers and people."""
    if schedule is None:
        return {}
    keys: dict[str, object] = {slot_key(slot.anchor): slot for slot in schedule.slots}
    keys[PROGRAM_STRUCTURE] = (
        schedule.day,
        schedule.timezone,
        tuple(
            (s.anchor, s.kind, s.slot.poster_session, tuple(s.slot.papers), tuple(s.slot.people))
            for s in schedule.slots
        ),
    )
    return keys


def _fact_keys(info: WorkshopInfo | None) -> dict[str, object]:
    """Each fact by its dotted name (``{workshop}`` role keys)."""
    if info is None:
        return {}
    names = info.keys()
    return {name: info.get(name) for name in names}


# The configuration value naming each keyed data file -> its keys and their values.
KEYS: dict[str, t.Callable[[SiteData], dict[str, object]]] = {
    "workshop_dates_file": lambda data: dict(data.dates.entries),
    "workshop_topics_file": lambda data: dict(data.topics),
    "workshop_info_file": lambda data: _fact_keys(data.info),
    "workshop_schedule_file": lambda data: _program_keys(data.schedule),
}
_ABSENT = object()


def note_data_file(env: BuildEnvironment, source: str, key: str | None = None) -> None:
    """The page being read shows ``key`` of ``source`` (relative to the source folder); all of
    it when ``key`` is None. ``source`` must be one of :data:`KEYS` when a key is given."""
    domain(env).note_data_file(env.docname, source, key)


def file_digest(path: Path) -> str | None:
    """The digest of the file's bytes; None when there is no such file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def key_values(app: Sphinx) -> dict[str, dict[str, object]]:
    """``data file -> key -> value`` of this build's data (loaded at builder-inited)."""
    data = site_data(app.env)
    return {getattr(app.config, name): keys(data) for name, keys in KEYS.items()}


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """The pages of every key whose value changed, and of every file (shown whole) whose
    content is not what they were read from."""
    memory = build_memory(env)
    read_from, values_read = memory.data_file_digests, memory.data_key_values
    digests = build_scratch(app).data_file_digests
    values = key_values(app)
    outdated: set[str] = set()
    for (source, key), docnames in domain(env).data_file_users().items():
        if key is None:
            if source not in digests:
                digests[source] = file_digest(Path(app.srcdir, source))
            if read_from.get(source, digests[source]) != digests[source]:
                outdated.update(docnames)
        elif source in values_read:
            before = values_read[source].get(key, _ABSENT)
            if before != values.get(source, {}).get(key, _ABSENT):
                outdated.update(docnames)
    return sorted(outdated)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    """Remember what the pages were read from: the keys' values of this build's data, the
    files' digests taken before reading (a file changed during the build is seen by the next
    one), new files' digests now."""
    digests = build_scratch(app).data_file_digests
    memory = build_memory(env)
    users = domain(env).data_file_users()
    memory.data_file_digests = {
        source: digests[source] if source in digests else file_digest(Path(app.srcdir, source))
        for source, key in users
        if key is None
    }
    memory.data_key_values = key_values(app)
    digests.clear()


def setup_data_files(app: Sphinx) -> None:
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-updated", on_env_updated)
