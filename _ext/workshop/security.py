"""The content check of the doctree, and of the final HTML of every page.

At read time, nodes that allowed directives make (links, images, raw HTML) get the same rules
as Markdown (content_policy.py); whatever breaks them is a located ``[workshop.content]``
warning and is left out of the page, so even a non-strict build never publishes it.

Every page's external links also get ``rel="noopener"``: the opened page cannot reach back
into ours through ``window.opener``.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .content_policy import IMAGE_FOLDER, LINK_SCHEMES, image_problem, link_scheme, refuse

_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
_EMBED = re.compile(r"<\s*(iframe|object|embed|frame|form)\b", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)
_OPENING_A = re.compile(r"<a\s[^>]*>", re.IGNORECASE)
_EXTERNAL_HREF = re.compile(r"""\shref\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)
_REL = re.compile(r"""\srel\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


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


def check_raw(node: nodes.raw, env: BuildEnvironment) -> None:
    # The text is not quoted: a raw node can hold a file of the build machine.
    refuse(
        env,
        located(node, env.docname)[1],
        f"{describe_raw(node.astext())}: raw HTML is not allowed on the site's pages, write it "
        "in Markdown (it was left out)",
    )
    node.parent.remove(node)


def check_reference(node: nodes.reference, env: BuildEnvironment) -> None:
    uri = node.get("refuri", "")
    scheme = link_scheme(uri)
    if not scheme or scheme in LINK_SCHEMES:
        return
    refuse(
        env,
        located(node, env.docname)[1],
        f"the link {uri[:60]!r} is not allowed (it was replaced by its text): a link goes to "
        "https://, http:// or mailto:, or to a page of this site",
    )
    node.replace_self(nodes.inline("", "", *node.children))


def check_download(node: addnodes.download_reference, env: BuildEnvironment) -> None:
    refuse(
        env,
        located(node, env.docname)[1],
        f"the link to the file {node.get('reftarget', '')[:60]!r} is not allowed (it was "
        "replaced by its text): files of the repository are not published; link to a page, "
        "or to the file's https:// address",
    )
    node.replace_self(nodes.inline("", "", *node.children))


def check_image(node: nodes.image, env: BuildEnvironment) -> None:
    uri = node.get("uri", "")
    if link_scheme(uri) or uri.startswith(("//", "\\\\")):
        problem = (
            "remote images load from another site on every visit; add the file to "
            f"{IMAGE_FOLDER}/ and use its path"
        )
    else:
        _, path = env.relfn2path(uri, env.docname)
        problem = image_problem(Path(path), Path(env.srcdir))
        if problem is None:
            return
    refuse(
        env, located(node, env.docname)[1], f"the image {uri[:60]!r}: {problem} (it was left out)"
    )
    node.parent.remove(node)


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Second line of the allowlist (content_policy.py), for nodes that directives make."""
    env = app.env
    for node in list(doctree.findall(nodes.raw)):
        check_raw(node, env)
    for node in list(doctree.findall(addnodes.download_reference)):
        check_download(node, env)
    for node in list(doctree.findall(nodes.reference)):
        check_reference(node, env)
    for node in list(doctree.findall(nodes.image)):
        check_image(node, env)


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
    # After the records (priority 400), whose page headers hold links and photos, and before
    # Sphinx's collectors (500), which copy images and downloads and build the page contents.
    app.connect("doctree-read", on_doctree_read, priority=450)
    app.connect("builder-inited", on_builder_inited)
    app.connect("build-finished", on_build_finished)
