"""The markup of a date: ``<time>`` with its exact instant and timezone, the UTC instant of a
deadline, and the original date struck through when it was moved.

A timed date's ``<time>`` carries ``data-tz`` from the start, so the local-time toggle can tell a
change of day wherever the date is shown.
"""

from __future__ import annotations

from docutils import nodes

from ..model.dates import DateEntry, format_day
from . import nodes as html


def browser_timezone(name: str) -> str:
    """The zone name a browser's ``Intl`` knows: AoE (UTC-12) is Etc/GMT+12 (POSIX signs are
    inverted)."""
    return "Etc/GMT+12" if name == "AoE" else name


def date_nodes(entry: DateEntry, *, state: str, with_utc: bool = True) -> nodes.inline:
    """A date as inline nodes: local time, UTC instant (deadlines), original date struck out."""
    wrapper = nodes.inline(classes=["wsl-date", f"wsl-date-{state}"])
    zone = {}
    if entry.instant is not None:
        zone["data_tz"] = browser_timezone(entry.timezone or "AoE")
    wrapper += html.make(
        "time", entry.local_text(), classes=["wsl-local"], datetime=entry.iso(), **zone
    )
    utc = entry.utc_text() if with_utc and entry.kind == "deadline" else None
    if utc:
        wrapper += nodes.inline("", f" ({utc})", classes=["wsl-date-utc"])
    if entry.originally is not None and entry.originally != entry.date:
        moved = "extended from " if entry.extended else "moved from "
        original = nodes.inline("", " (" + moved, classes=["wsl-date-original"])
        original += html.make(
            "del", format_day(entry.originally), datetime=entry.originally.isoformat()
        )
        original += nodes.Text(")")
        wrapper += original
    return wrapper
