"""Topic areas on pages: ``{topic-areas}`` and the ``{topic}`` role.

``{topic-areas}`` renders every area as a section with a stable anchor ``topic-<id>``;
``{topic}`<id>``` links to an area from any page (papers, reading list). The topics file is read
once at ``builder-inited`` (``state.py``; model: ``model/topics.py``).
"""

from __future__ import annotations

import typing as t

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole

from ..diagnostics import Problem, warn
from ..model.topics import TopicArea
from ..render.nodes import as_written
from ..state import site_data
from .data_files import note_data_file

if t.TYPE_CHECKING:
    from ..diagnostics import Location


def topic_reference(env, topic_id: str, *, location: Location) -> nodes.Node:
    """A link to a topic area's section, or a located warning for an unknown id."""
    note_data_file(env, env.config.workshop_topics_file, topic_id)
    topics: dict[str, TopicArea] = site_data(env).topics
    area = topics.get(topic_id)
    if area is None:
        warn(
            Problem.topic,
            f"unknown topic area {topic_id!r}; allowed: {', '.join(topics) or '(none)'}",
            location=location,
        )
        return nodes.literal("", topic_id)
    return addnodes.pending_xref(
        "",
        as_written(nodes.inline("", area.title, classes=["wsl-topic"])),
        refdomain="std",
        reftype="ref",
        reftarget=area.label,
        refexplicit=True,
        refwarn=True,
    )


class TopicRole(SphinxRole):
    def run(self):
        return [topic_reference(self.env, self.text.strip(), location=self.get_location())], []


class TopicAreasDirective(SphinxDirective):
    """Every topic area as a subsection with a stable label, its summary and its sub-topics."""

    has_content = False

    def run(self):
        note_data_file(self.env, self.config.workshop_topics_file)
        document = self.state.document
        sections = []
        for area in site_data(self.env).topics.values():
            section = nodes.section(ids=[area.label], names=[area.label])
            section += as_written(nodes.title("", area.title))
            section += as_written(nodes.paragraph("", area.summary))
            items = nodes.bullet_list()
            for subtopic in area.subtopics:
                items += nodes.list_item("", as_written(nodes.paragraph("", subtopic)))
            section += items
            self.set_source_info(section)
            # An explicit target makes #topic-<id> a label that {ref} and {topic} resolve.
            document.note_explicit_target(section, section)
            sections.append(section)
        return sections


def setup_topics(app: Sphinx) -> None:
    app.add_role("topic", TopicRole())
    app.add_directive("topic-areas", TopicAreasDirective)
