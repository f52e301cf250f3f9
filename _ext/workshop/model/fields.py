"""Field types shared by the models, and every table of allowed values, each defined ONCE.

A ``Literal`` type that pydantic validates is derived from its table, never typed again: adding a
role, a slot kind or a third poster session is one edit here.
"""

from __future__ import annotations

import datetime as dt
import re
import typing as t
from urllib.parse import urlsplit

import pydantic

# -- tables of allowed values ------------------------------------------------------------------

ROLES = {
    "invited-speaker": "Invited speaker",
    "organizer": "Organizing committee",
    "steering-committee": "Steering committee",
}
PRESENTATIONS = {"spotlight": "Spotlight talk", "poster": "Poster"}
LINK_LABELS = {
    "arxiv": "arXiv",
    "pdf": "PDF",
    "code": "Code",
    "poster": "Poster",
    "slides": "Slides",
    "video": "Video",
    "project": "Project page",
}
# The poster sessions of the workshop: papers, program slots, listings and filters use these.
POSTER_SESSIONS = (1, 2)
# The kinds of program slot, with the label the program and the exports show.
SLOT_KINDS = {
    "opening": "Opening",
    "invited-talk": "Invited talk",
    "session-intro": "Session introduction",
    "spotlights": "Spotlight talks",
    "poster-session": "Poster session",
    "break": "Break",
    "awards": "Awards",
    "closing": "Closing",
}

if t.TYPE_CHECKING:
    # Literals made from the tables exist at run time only (pydantic checks values against
    # them); to a type checker they are the tables' value types.
    Role = str
    Presentation = str
    PosterSession = int
    SlotKind = str
else:
    Role = t.Literal[tuple(ROLES)]
    Presentation = t.Literal[tuple(PRESENTATIONS)]
    PosterSession = t.Literal[POSTER_SESSIONS]
    SlotKind = t.Literal[tuple(SLOT_KINDS)]


def one_of(values: t.Iterable[object], *, last: str = "or") -> str:
    """ "1 or 2", "a, b or c": a table's values as a contributor reads them."""
    words = [str(value) for value in values]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {last} {words[-1]}"


# -- web addresses -----------------------------------------------------------------------------


def _http_url(url: str) -> str:
    if not url.startswith(("https://", "http://")):
        raise ValueError("a link must start with https:// (or http://)")
    if not is_http_url(url):
        raise ValueError(
            "a link must be a web address with a host name and without spaces, quotes, "
            "backslashes or angle brackets, e.g. https://example.org/page"
        )
    return url


HttpUrl = t.Annotated[str, pydantic.AfterValidator(lambda url: _http_url(url))]


def is_http_url(value: str) -> bool:
    """An absolute http(s) address with a host, and nothing that could leave an attribute."""
    if re.search(r"[\s\"'<>\\`]", value):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. a bracketed host that is not an IP address
        return False


# -- text ----------------------------------------------------------------------------------------

BLANK = "is empty; write the text, or leave the field out if it is optional"


def _one_line(value: t.Any) -> t.Any:
    if isinstance(value, str):
        value = " ".join(value.split())  # line breaks and runs of spaces: one space
        if not value:
            raise ValueError(BLANK)
    return value


def _text(value: t.Any) -> t.Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError(BLANK)
    return value


# Every text field a contributor writes is one of these two: never empty or blank.
Line = t.Annotated[str, pydantic.BeforeValidator(_one_line)]
"""One line of text (titles, names, labels): line breaks and runs of spaces become a space."""
Text = t.Annotated[str, pydantic.BeforeValidator(_text)]
"""Text that may span lines (summaries, notes): stripped, never blank."""

# -- identifiers ---------------------------------------------------------------------------------

Slug = t.Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]

OpenReviewId = t.Annotated[
    str,
    pydantic.StringConstraints(pattern=r"^[A-Za-z0-9_-]{6,20}$"),
    pydantic.Field(description="The OpenReview forum id, as in openreview.net/forum?id=<id>."),
]

# -- times of day --------------------------------------------------------------------------------

CLOCK_HELP = 'a quoted 24-hour time "HH:MM", e.g. "09:00"'


def clock(value: t.Any) -> t.Any:
    """A time of day from YAML: only a quoted "HH:MM" (an unquoted 9:30 is YAML's number 570)."""
    if isinstance(value, bool) or not isinstance(value, str | dt.time):
        # YAML reads an unquoted 9:30 as the number 570 (minutes in base 60).
        raise ValueError(f"write the time as {CLOCK_HELP}")
    if isinstance(value, dt.time):
        return value
    match = re.fullmatch(r"(\d{2}):(\d{2})", value.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"{value!r} is not a time of day; write {CLOCK_HELP}")
    return dt.time(int(match[1]), int(match[2]))


Clock = t.Annotated[dt.time, pydantic.BeforeValidator(clock)]
