"""Links that add one event to a web calendar (Google Calendar, Outlook), made at build time.

Plain ``https`` links with the event in the query: no script from elsewhere, nothing sent
anywhere until the reader follows one. Times are UTC instants, so the reader's calendar shows
them in its own timezone. The values are those of the event's calendar file (``ical.py``).
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from .ical import CalendarEvent

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/deeplink/compose"


def _details(event: CalendarEvent) -> str:
    if event.url and event.url not in event.description:
        return "\n".join(filter(None, (event.description, event.url)))
    return event.description


def _utc(when: dt.datetime, pattern: str) -> str:
    return when.astimezone(dt.UTC).strftime(pattern)


def google_url(event: CalendarEvent) -> str:
    dates = "/".join(_utc(when, "%Y%m%dT%H%M%SZ") for when in (event.starts, event.ends))
    query = {"action": "TEMPLATE", "text": event.summary, "dates": dates}
    if _details(event):
        query["details"] = _details(event)
    if event.location:
        query["location"] = event.location
    return f"{GOOGLE}?{urlencode(query)}"


def outlook_url(event: CalendarEvent) -> str:
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.summary,
        "startdt": _utc(event.starts, "%Y-%m-%dT%H:%M:%SZ"),
        "enddt": _utc(event.ends, "%Y-%m-%dT%H:%M:%SZ"),
    }
    if _details(event):
        query["body"] = _details(event)
    if event.location:
        query["location"] = event.location
    return f"{OUTLOOK}?{urlencode(query)}"


def web_calendar_links(event: CalendarEvent) -> list[tuple[str, str]]:
    """``(label, url)`` of each web calendar's link for one event."""
    return [("Google Calendar", google_url(event)), ("Outlook", outlook_url(event))]
