"""Workshop facts (name, venue, room, links) from one data file: the model and its loading.

The ``{workshop}`` role that shows them is ``features/facts.py``.
"""

from __future__ import annotations

import re
import typing as t
from pathlib import Path
from urllib.parse import urlsplit

import pydantic

from .diagnostics import Problem
from .yamldata import read_yaml_file, validate

HttpUrl = t.Annotated[str, pydantic.AfterValidator(lambda url: _http_url(url))]


def _http_url(url: str) -> str:
    if not url.startswith(("https://", "http://")):
        raise ValueError("a link must start with https:// (or http://)")
    if not is_http_url(url):
        raise ValueError(
            "a link must be a web address with a host name and without spaces, quotes, "
            "backslashes or angle brackets, e.g. https://example.org/page"
        )
    return url


def is_http_url(value: str) -> bool:
    """An absolute http(s) address with a host, and nothing that could leave an attribute."""
    if re.search(r"[\s\"'<>\\`]", value):
        return False
    try:
        parts = urlsplit(value)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:  # e.g. a bracketed host that is not an IP address
        return False


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


class Publication(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    title: Line
    authors: Line
    year: int
    url: HttpUrl


class WorkshopInfo(pydantic.BaseModel):
    """The facts of the workshop that pages and exports show."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    name: Line
    acronym: Line
    short_name: Line
    conference: Line
    conference_name: Line
    city: Line
    room: Line
    attendance: Line
    contact_email: pydantic.EmailStr
    openreview_group: Line
    openreview_url: HttpUrl
    conference_url: HttpUrl
    conference_cfp_url: HttpUrl
    tiny_papers_url: HttpUrl
    template_url: HttpUrl
    citation_booktitle: Line
    previous_site_url: HttpUrl
    survey: Publication
    # Hosting (hosting.py): canonical links, sitemap, OpenGraph, 404 base path, edit links.
    site_url: HttpUrl | None = None
    source_repository: HttpUrl | None = None
    source_branch: Line = "main"

    def get(self, dotted: str) -> t.Any:
        value: t.Any = self
        for part in dotted.split("."):
            value = getattr(value, part, None) if isinstance(value, pydantic.BaseModel) else None
            if value is None:
                return None
        return None if isinstance(value, pydantic.BaseModel) else value

    def keys(self) -> list[str]:
        keys = []
        for name, value in self:
            if isinstance(value, pydantic.BaseModel):
                keys += [f"{name}.{sub}" for sub, _ in value]
            else:
                keys.append(name)
        return keys


def load_info(path: Path, *, source: str) -> WorkshopInfo | None:
    located = read_yaml_file(path, source=source)
    if located is None:
        return None
    return validate(WorkshopInfo, located, problem=Problem.info)
