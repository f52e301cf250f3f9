"""Workshop facts on pages: the ``{workshop}`` role, and the site's title from the facts file.

``{workshop}`room``` renders a fact; ``{workshop}`OpenReview <openreview_url>``` renders a link
to a URL fact. Nested facts use dots: ``{workshop}`survey.url```. The facts file is read once at
``config-inited`` (model: ``site_info.py``).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import ReferenceRole

from ..diagnostics import Problem, warn
from ..site_info import WorkshopInfo, load_info


def on_config_inited(app: Sphinx, config: Config) -> None:
    source = config.workshop_info_file
    app.workshop_info = load_info(Path(app.srcdir, source), source=source)
    if app.workshop_info is not None:
        # The site's title comes from the data file, never typed in conf.py.
        config.project = app.workshop_info.name
        config.html_title = app.workshop_info.short_name


def on_builder_inited(app: Sphinx) -> None:
    app.env.workshop_info = app.workshop_info


class WorkshopRole(ReferenceRole):
    """Render a workshop fact as text, or as a link with ``title <url_key>``."""

    def run(self):
        info: WorkshopInfo | None = self.env.workshop_info
        self.env.note_dependency(self.config.workshop_info_file)
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
        return [nodes.inline(self.rawtext, text, classes=["wsl-fact"])], []


def setup_facts(app: Sphinx) -> None:
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.add_role("workshop", WorkshopRole())
