"""Workshop facts on pages: the ``{workshop}`` role.

``{workshop}`room``` renders a fact; ``{workshop}`OpenReview <openreview_url>``` renders a link
to a URL fact. Nested facts use dots: ``{workshop}`survey.url```. The facts file is read once at
``config-inited``, where the site's title comes from it (``state.py``; model: ``model/info.py``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import ReferenceRole

from ..diagnostics import Problem, warn
from ..model.info import WorkshopInfo
from ..render.nodes import as_written
from ..state import site_data
from .data_files import note_data_file


class WorkshopRole(ReferenceRole):
    """Render a workshop fact as text, or as a link with ``title <url_key>``."""

    def run(self):
        info: WorkshopInfo | None = site_data(self.env).info
        note_data_file(self.env, self.config.workshop_info_file, self.target)
        if info is None:  # the information file is invalid: reported once, where it is
            return [nodes.literal(self.rawtext, self.target)], []
        value = info.get(self.target)
        if value is None:
            known = ", ".join(info.keys())
            warn(
                Problem.info_ref,
                f"unknown workshop fact {self.target!r}; known: {known}",
                location=self.get_location(),
            )
            return [nodes.literal(self.rawtext, self.target)], []
        text = str(value)
        if self.has_explicit_title or text.startswith(("https://", "http://")):
            title = self.title if self.has_explicit_title else text
            return [nodes.reference(self.rawtext, title, refuri=text)], []
        return [as_written(nodes.inline(self.rawtext, text, classes=["wsl-fact"]))], []


def setup_facts(app: Sphinx) -> None:
    app.add_role("workshop", WorkshopRole())
