"""The download links under ``{paper-filter}``'s list: ``papers.bib`` and ``papers.json``.

The directive and the filter form are in ``features/listings.py``.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from .citations import BIB_FILE, HTML_BUILDERS, JSON_FILE

EXPORTS = ((f"BibTeX ({BIB_FILE})", BIB_FILE), (f"JSON ({JSON_FILE})", JSON_FILE))


class export_links(nodes.General, nodes.Element):
    """Links to ``papers.bib`` and ``papers.json``, made relative to the page when it is written."""


def resolve_export_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(export_links)):
        line = nodes.paragraph("", "Download every record: ", classes=["wsl-exports"])
        if app.builder.name not in HTML_BUILDERS:
            node.replace_self([])
            continue
        here = app.builder.get_target_uri(docname)
        for index, (label, name) in enumerate(EXPORTS):
            if index:
                line += nodes.Text(" · ")
            line += nodes.reference("", label, refuri=relative_uri(here, name))
        node.replace_self(line)


def setup_filters(app: Sphinx) -> None:
    app.add_node(export_links)
    app.connect("doctree-resolved", resolve_export_links)
