"""The build-wide data of the site, loaded once per build: one object, one name.

``site_data(env)`` returns the :class:`SiteData` of the build: the workshop's facts, the dates,
the topic areas, the program and the build's "now". It is loaded at ``builder-inited`` from the
data files named by the configuration (every problem is a located warning) and kept in the
environment, so parallel readers see it. Nothing else keeps build-wide data in ``env`` or ``app``
attributes.

The facts are read earlier, at ``config-inited``, because the site's title comes from them; the
configuration-time readers (``hosting.py``) get them from ``config_time_info(app)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .diagnostics import warn
from .model.dates import Dates, build_instant, load_dates
from .model.info import WorkshopInfo, load_info
from .model.program import Schedule
from .model.program_file import load_schedule
from .model.topics import TopicArea, load_topics

_ENV_ATTRIBUTE = "workshop_site"
_APP_ATTRIBUTE = "workshop_info"  # the facts between config-inited and builder-inited


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


def site_data(env: BuildEnvironment) -> SiteData:
    return getattr(env, _ENV_ATTRIBUTE)


def config_time_info(app: Sphinx) -> WorkshopInfo | None:
    """The facts, for handlers that run at ``config-inited`` (before the environment exists)."""
    return getattr(app, _APP_ATTRIBUTE, None)


def on_config_inited(app: Sphinx, config: Config) -> None:
    source = config.workshop_info_file
    info = load_info(Path(app.srcdir, source), source=source, report=warn)
    setattr(app, _APP_ATTRIBUTE, info)
    if info is not None:
        # The site's title comes from the data file, never typed in conf.py.
        config.project = info.name
        config.html_title = info.short_name


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
    setattr(app.env, _ENV_ATTRIBUTE, load_site_data(app))


def setup_state(app: Sphinx) -> None:
    app.connect("config-inited", on_config_inited)
    # Before every other builder-inited handler: they may read the data.
    app.connect("builder-inited", on_builder_inited, priority=400)
