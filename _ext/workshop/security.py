"""Contributed pages stay inert: no raw HTML, only http(s) and mailto links, no remote images.

Pages under ``papers/`` and ``people/`` come from pull requests of people outside the
organizing team. Whatever could run code or track readers is reported as a located
``[workshop.content]`` warning (the strict build fails on it) and left out of the page, so even a
non-strict build never publishes it. Markdown already drops ``javascript:`` links, but the
``{raw}`` and ``{eval-rst}`` directives and inline HTML reach the doctree and are checked here.

Every page's external links also get ``rel="noopener"``: the opened page cannot reach back
into ours through ``window.opener``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx

from .diagnostics import Problem, warn

# Folders whose pages come from outside contributors (one Markdown file per record).
CONTRIBUTED_FOLDERS = ("papers", "people")
FOLDERS_TEXT = " and ".join(f"{folder}/" for folder in CONTRIBUTED_FOLDERS)
SAFE_LINK_SCHEMES = {"http", "https", "mailto"}

_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
_EMBED = re.compile(r"<\s*(iframe|object|embed|frame|form)\b", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
_OPENING_A = re.compile(r"<a\s[^>]*>", re.IGNORECASE)
_EXTERNAL_HREF = re.compile(r"""\shref\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)
_REL = re.compile(r"""\srel\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def is_contributed(docname: str) -> bool:
    return docname.partition("/")[0] in CONTRIBUTED_FOLDERS and "/" in docname


def located(node: nodes.Node, docname: str) -> tuple[str, int | None]:
    """``(docname, line)`` of a node, from the nearest ancestor that knows its line."""
    current: nodes.Node | None = node
    while current is not None:
        if current.line:
            return docname, current.line
        current = current.parent
    return docname, None


def describe_raw(text: str) -> str:
    """What a raw HTML snippet does, in the words a contributor understands."""
    if _SCRIPT.search(text):
        return "a <script> element"
    if match := _EMBED.search(text):
        return f"an <{match.group(1).lower()}> element"
    if match := _EVENT_HANDLER.search(text):
        return f"an event-handler attribute ({match.group(1).lower()}=)"
    return "raw HTML"


def check_raw(node: nodes.raw, docname: str) -> None:
    snippet = " ".join(node.astext().split())[:60]
    warn(
        Problem.content,
        f"{docname}.md contains {describe_raw(node.astext())}: {snippet!r}; pages under "
        f"{FOLDERS_TEXT} may not use raw HTML or the raw directive, write it in Markdown "
        "(it was left out of the page)",
        location=located(node, docname),
    )
    node.parent.remove(node)


def link_scheme(uri: str) -> str:
    # Browsers ignore control characters and spaces inside a scheme ("java\tscript:").
    return urlsplit("".join(uri.split())).scheme.lower()


def check_reference(node: nodes.reference, docname: str) -> None:
    uri = node.get("refuri", "")
    scheme = link_scheme(uri)
    if not scheme or scheme in SAFE_LINK_SCHEMES:
        return
    warn(
        Problem.content,
        f"{docname}.md links to {uri[:60]!r}: a link must start with https://, http:// or "
        "mailto:, or point to a page of this site (the link was replaced by its text)",
        location=located(node, docname),
    )
    node.replace_self(nodes.inline("", "", *node.children))


def check_image(node: nodes.image, docname: str) -> None:
    uri = node.get("uri", "")
    if not link_scheme(uri) and not uri.startswith("//"):
        return
    warn(
        Problem.content,
        f"{docname}.md shows the remote image {uri[:60]!r}: remote images load from another "
        "site on every visit; add the file to the repository and use its path "
        "(the image was left out)",
        location=located(node, docname),
    )
    node.parent.remove(node)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if not is_contributed(docname):
        return
    for node in list(doctree.findall(nodes.raw)):
        check_raw(node, docname)
    for node in list(doctree.findall(nodes.reference)):
        check_reference(node, docname)
    for node in list(doctree.findall(nodes.image)):
        check_image(node, docname)


def add_noopener(html: str) -> str:
    """Add ``rel="noopener"`` to every ``<a>`` whose ``href`` leaves the site."""

    def fix(match: re.Match[str]) -> str:
        tag = match.group(0)
        if not _EXTERNAL_HREF.search(tag):
            return tag
        rel = _REL.search(tag)
        if rel is None:
            return tag[:2] + ' rel="noopener"' + tag[2:]
        values = rel.group(2).split()
        if "noopener" in values:
            return tag
        quote = rel.group(1)
        return (
            tag[: rel.start()]
            + f" rel={quote}{' '.join([*values, 'noopener'])}{quote}"
            + (tag[rel.end() :])
        )

    return _OPENING_A.sub(fix, html)


# Start of the current build per application: pages written since then get the fix.
_BUILD_STARTED: dict[int, float] = {}


def on_builder_inited(app: Sphinx) -> None:
    _BUILD_STARTED[id(app)] = time.time() - 2  # a margin for coarse file-system clocks


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Give every external link of the pages written by this build ``rel="noopener"``.

    Templates (the theme's, other features') write links that no doctree hook sees, and pages
    may be written in parallel processes, so the written files are fixed at the end; a page
    that is already fixed stays unchanged.
    """
    started = _BUILD_STARTED.pop(id(app), 0.0)
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        if page.relative_to(outdir).parts[0] == "_static" or page.stat().st_mtime < started:
            continue
        html = page.read_text(encoding="utf-8")
        fixed = add_noopener(html)
        if fixed != html:
            page.write_text(fixed, encoding="utf-8")


def setup_security(app: Sphinx) -> None:
    # After the records (priority 400): their page headers hold links too.
    app.connect("doctree-read", on_doctree_read, priority=600)
    app.connect("builder-inited", on_builder_inited)
    app.connect("build-finished", on_build_finished)
