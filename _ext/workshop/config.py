"""Configuration values of the extension, declared once: name, default, type and help.

The contributor documentation renders its table of options from ``OPTIONS``.
"""

from __future__ import annotations

import typing as t
from dataclasses import dataclass

if t.TYPE_CHECKING:  # the tools read OPTIONS without Sphinx
    from sphinx.application import Sphinx


@dataclass(frozen=True)
class Option:
    name: str
    default: object
    help: str
    rebuild: t.Literal["", "env", "html"] = "env"  # what a change makes Sphinx do again


OPTIONS = (
    Option(
        "workshop_info_file",
        "_data/workshop.yaml",
        "Workshop facts (name, venue, room, links), relative to the source directory.",
    ),
    Option(
        "workshop_dates_file",
        "cfp/dates.yaml",
        "Every date and deadline of the workshop, relative to the source directory.",
    ),
    Option(
        "workshop_topics_file",
        "cfp/topics.yaml",
        "The topic areas of the call for papers, relative to the source directory.",
    ),
    Option(
        "workshop_schedule_file",
        "program/schedule.yaml",
        "The program of the workshop day, relative to the source directory.",
    ),
    Option(
        "workshop_collection_pages",
        ["people/index", "papers/index", "news/index"],
        "Pages inside the folder of a collection (people/, papers/, news/) that are not records "
        "(listings, the reading list).",
    ),
    Option(
        "workshop_redirects_file",
        "_data/redirects.yaml",
        "Old addresses of the previous site and the pages that replaced them; a redirect page "
        "is written at each old address.",
        rebuild="",
    ),
)


def setup_config(app: Sphinx) -> None:
    for option in OPTIONS:
        app.add_config_value(
            option.name, option.default, option.rebuild, types=frozenset({type(option.default)})
        )
