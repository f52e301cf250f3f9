"""Accessible markup where docutils' HTML is not: citations in a list are list items.

docutils writes a bibliography as ``<div role="list">`` of ``<div role="doc-biblioentry">``;
``doc-biblioentry`` is deprecated (DPUB-ARIA 1.1) and not a list item, so screen readers get a
list without items (axe: aria-required-children, aria-deprecated-role). Same markup, with
``role="listitem"``. tests/test_a11y.py runs axe-core on the reading list.

Checked against docutils 0.22.4: ``HTMLTranslator.visit_citation`` (``writers/_html_base.py``)
appends one string holding ``role="doc-biblioentry"`` to ``self.body``; the replace below is a
no-op, and axe fails again, if it stops doing so (canary: tests/unit/test_compat.py).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


def visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    HTML5Translator.visit_citation(self, node)
    self.body[-1] = self.body[-1].replace('role="doc-biblioentry"', 'role="listitem"')


def depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    HTML5Translator.depart_citation(self, node)


def setup_citation_role(app: Sphinx) -> None:
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
