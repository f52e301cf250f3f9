"""The facts of the workshop (name, venue, room, links), from one data file."""

from __future__ import annotations

import typing as t
from pathlib import Path

import pydantic

from .fields import HttpUrl, Line
from .problems import Problem, Report
from .yamlio import read_yaml_file, validate


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


def load_info(path: Path, *, source: str, report: Report) -> WorkshopInfo | None:
    located = read_yaml_file(path, source=source, report=report)
    if located is None:
        return None
    return validate(WorkshopInfo, located, problem=Problem.info, report=report)
