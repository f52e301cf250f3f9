"""Math rendered to MathML when the site is built: no script, nothing from another site.

Sphinx's default math renderer loads MathJax from a CDN on every page with a ``{math}``
role: third-party JavaScript on the site. Browsers show MathML natively, so ``{math}`` and
``{math}`` blocks are converted by latex2mathml (pure Python) into the page itself.

The MathML is checked before it is written: only presentation elements and attributes (no
``href``: ``\\href`` would be a link that no link check sees); LaTeX that cannot be converted is
a located ``[workshop.content]`` warning and is shown as code.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.writers.html5 import HTML5Translator

from .diagnostics import Problem, warn
from .render.markup import end, tag

RENDERER = "mathml"
# Attributes of presentation MathML that only change how the math looks.
SAFE_ATTRIBUTES = frozenset(
    [
        "xmlns",
        "display",
        "mathvariant",
        "stretchy",
        "fence",
        "separator",
        "lspace",
        "rspace",
        "accent",
        "accentunder",
        "linethickness",
        "columnalign",
        "rowalign",
        "rowspacing",
        "columnspacing",
        "columnlines",
        "rowlines",
        "frame",
        "minsize",
        "maxsize",
        "movablelimits",
        "form",
        "width",
        "height",
        "depth",
        "notation",
        "symmetric",
        "largeop",
        "displaystyle",
        "scriptlevel",
        "mathsize",
        "mathcolor",
        "mathbackground",
        "align",
        "columnspan",
        "rowspan",
        "voffset",
    ]
)
_ATTRIBUTE = re.compile(r"\s([a-zA-Z:-]+)\s*=")
_TAG = re.compile(r"<\s*([a-zA-Z]+)")
# The element names of presentation MathML (MathML Core and what latex2mathml writes).
SAFE_ELEMENTS = frozenset(
    [
        "math",
        "mrow",
        "mi",
        "mn",
        "mo",
        "ms",
        "mtext",
        "mspace",
        "mfrac",
        "msqrt",
        "mroot",
        "mstyle",
        "merror",
        "mpadded",
        "mphantom",
        "mfenced",
        "menclose",
        "msub",
        "msup",
        "msubsup",
        "munder",
        "mover",
        "munderover",
        "mmultiscripts",
        "mprescripts",
        "none",
        "mtable",
        "mtr",
        "mtd",
        "mlabeledtr",
        "semantics",
        "annotation",
    ]
)


def to_mathml(latex: str, *, block: bool) -> tuple[str | None, str]:
    """``(mathml, "")``, or ``(None, why)`` when the LaTeX cannot be shown safely."""
    # Imported here: most builds have no math, and latex2mathml's tables take ~25 ms to load.
    from latex2mathml.converter import convert

    try:
        mathml = convert(latex, display="block" if block else "inline")
    except Exception as error:  # latex2mathml raises many kinds on malformed input
        return None, f"the math cannot be read ({type(error).__name__}: {error})"
    for name in _ATTRIBUTE.findall(mathml):
        if name.lower() not in SAFE_ATTRIBUTES:
            return None, f"the math uses {name!r} (a link or script inside math is not allowed)"
    for name in _TAG.findall(mathml):
        if name.lower() not in SAFE_ELEMENTS:
            return None, f"the math makes a <{name}> element, which is not presentation MathML"
    return mathml, ""


def _render(self: HTML5Translator, node: nodes.Element, *, block: bool) -> None:
    latex = node.astext()
    mathml, problem = to_mathml(latex, block=block)
    if mathml is None:
        warn(Problem.content, f"{problem}; it is shown as code", location=node)
        self.body.append(tag("code", None, latex))
        raise nodes.SkipNode
    if block:
        self.body.append(self.starttag(node, "div", CLASS="math wsl-math"))
        if node.get("number"):
            self.body.append(tag("span", {"class": "eqno"}, f"({node['number']})"))
        self.body.append(mathml)  # checked above: presentation MathML only
        self.body.append(end("div") + "\n")
    else:
        self.body.append(mathml)
    raise nodes.SkipNode


def visit_math(self: HTML5Translator, node: nodes.math) -> None:
    _render(self, node, block=False)


def visit_math_block(self: HTML5Translator, node: nodes.math_block) -> None:
    _render(self, node, block=True)


def use_mathml(app: Sphinx, config: Config) -> None:
    if config.html_math_renderer in (None, "mathjax"):
        config.html_math_renderer = RENDERER


def setup_math(app: Sphinx) -> None:
    app.add_html_math_renderer(RENDERER, (visit_math, None), (visit_math_block, None))
    # Before Sphinx validates html_math_renderer (priority 800).
    app.connect("config-inited", use_mathml, priority=400)
