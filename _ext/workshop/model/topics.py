"""The topic areas of the call for papers, from one data file."""

from __future__ import annotations

from pathlib import Path

import pydantic

from .fields import Line, Slug, Text
from .problems import Problem, Report
from .yamlio import read_yaml_file, validate


class TopicArea(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    id: Slug = pydantic.Field(description="Stable anchor: lowercase words joined by hyphens.")
    title: Line
    summary: Text
    subtopics: list[Line] = pydantic.Field(min_length=1)

    @property
    def label(self) -> str:
        return f"topic-{self.id}"


def load_topics(path: Path, *, source: str, report: Report) -> dict[str, TopicArea]:
    located = read_yaml_file(path, source=source, report=report)
    topics: dict[str, TopicArea] = {}
    if located is None:
        return topics
    if not isinstance(located.data, list):
        report(Problem.topic, "the topics file must be a list of areas", location=located.where())
        return topics
    for index in range(len(located.data)):
        area = validate(TopicArea, located, problem=Problem.topic, report=report, path=(index,))
        if area is None:
            continue
        if area.id in topics:
            report(
                Problem.topic,
                f"duplicate topic id {area.id!r}; every area needs its own id",
                location=located.where((index, "id")),
            )
            continue
        topics[area.id] = area
    return topics
