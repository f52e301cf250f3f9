"""A docutils node for semantic inline HTML (``<time>``, ``<del>``, ``<a>`` with data attributes).

Other builders (text, LaTeX, linkcheck...) just render the children.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class element(nodes.Inline, nodes.TextElement):
    """``element(tag="time", attributes={"datetime": ...})`` renders ``<time datetime=...>``."""


def make(tag: str, text: str = "", *children: nodes.Node, classes=(), **attributes) -> element:
    node = element("", text, *children, tag=tag, attributes=attributes)
    node["classes"].extend(classes)
    return node


def _visit_html(self: HTML5Translator, node: element) -> None:
    attributes = {key.replace("_", "-"): value for key, value in node["attributes"].items()}
    self.body.append(self.starttag(node, node["tag"], "", **attributes))


def _depart_html(self: HTML5Translator, node: element) -> None:
    self.body.append(f"</{node['tag']}>")


def _pass(self, node) -> None:
    pass


def setup_html(app: Sphinx) -> None:
    app.add_node(
        element,
        html=(_visit_html, _depart_html),
        text=(_pass, _pass),
        latex=(_pass, _pass),
        man=(_pass, _pass),
        texinfo=(_pass, _pass),
    )
