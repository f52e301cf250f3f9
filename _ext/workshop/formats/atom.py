"""An Atom feed (RFC 4287): the site's news. Pure data in, bytes out; no Sphinx.

Every URL is absolute (RFC 4287 resolves relative ones against ``xml:base``, which readers
handle unevenly). Ids are the pages' URLs, so they stay the same from one build to the next;
``updated`` is the newest post's day, never the build's time, so two builds are identical.
"""

from __future__ import annotations

import datetime as dt
import typing as t
from xml.etree import ElementTree as ET

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml"


class FeedEntry(t.NamedTuple):
    url: str  # the post's page, absolute: also its id
    title: str
    day: dt.date
    summary: str  # plain text


def _timestamp(day: dt.date) -> str:
    """RFC 3339, as Atom's date constructs require: the start of the day, UTC."""
    return f"{day.isoformat()}T00:00:00Z"


def atom_feed(
    *,
    title: str,
    page_url: str,
    feed_url: str,
    entries: t.Sequence[FeedEntry],
    updated: dt.date,
    author: str,
) -> bytes:
    """The feed of ``entries`` (newest first, as given). ``page_url``: the news page (the feed's
    id and its alternate link); ``feed_url``: the feed's own address (``rel="self"``);
    ``updated``: the day of the feed when it has no entries."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
        element.text = text
        return element

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", page_url)
    sub(feed, "title", title)
    newest = max((entry.day for entry in entries), default=updated)
    sub(feed, "updated", _timestamp(newest))
    sub(feed, "link", rel="self", type=MEDIA_TYPE, href=feed_url)
    sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    sub(sub(feed, "author"), "name", author)
    for entry in entries:
        item = sub(feed, "entry")
        sub(item, "id", entry.url)
        sub(item, "title", entry.title)
        sub(item, "updated", _timestamp(entry.day))
        sub(item, "link", rel="alternate", type="text/html", href=entry.url)
        sub(item, "summary", entry.summary, type="text")
    ET.indent(feed)
    serialised: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return serialised + b"\n"
