"""The links to the published files: the ``{export}`` role, the download links (the exports
with ``downloads``) and the ``<link rel="alternate">`` of every page's head (the exports with
``head_link``, e.g. the news feed), all from the export registry (``features/exports.py``)."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import ReferenceRole
from sphinx.util.osutil import relative_uri

from ..diagnostics import Problem, warn
from ..render.head import alternate_link
from ..render.nodes import export_links, pending_export
from ..state import site_data
from .exports import EXPORT_KEYS, EXPORTS, HTML_BUILDERS, REGISTRY, file_label, planned_exports

# -- links: the {export} role and the download links ----------------------------------------------


def downloads() -> list[str]:
    """The keys of the exports listed in the download links, in the registry's order."""
    return [export.key for export in REGISTRY if export.downloads]


class ExportRole(ReferenceRole):
    """``{export}`program-ics``` links to a generated file; see the table in the module docs."""

    def run(self):
        key = self.target.strip()
        name, _, part = key.partition(":")
        if name in EXPORT_KEYS and (EXPORTS[name].parts is None) == bool(part):
            example = f"{name}:slot-1000" if part == "" else name
            warn(
                Problem.export,
                f"the export {name!r} is "
                + ("one file per part: name the part" if not part else "one file: name no part")
                + f", e.g. {{export}}`{example}`",
                location=self.get_location(),
            )
            return [nodes.literal(self.rawtext, self.title)], []
        if name not in EXPORT_KEYS:
            warn(
                Problem.export,
                f"unknown export {key!r} in the {{export}} role; allowed: {', '.join(EXPORT_KEYS)}",
                location=self.get_location(),
            )
            return [nodes.literal(self.rawtext, self.title)], []
        title = self.title if self.has_explicit_title else ""
        node = pending_export(self.rawtext, title, key=key)
        self.set_source_info(node)
        return [node], []


def export_reference(app: Sphinx, docname: str, key: str, text: str) -> nodes.reference:
    """A plain link from a page to an export (for links made by the extension, not the role)."""
    path = EXPORTS[key].path(app)
    assert path is not None, f"{key} is not written in this build: do not link to it"
    return nodes.reference("", text, refuri=relative_uri(app.builder.get_target_uri(docname), path))


def pending_export_link(key: str, text: str = "", *, part: str = "") -> pending_export:
    """A link to an export (``part``: one file of an export with a file per part), made by the
    extension at read time and resolved when the page is written, as the role's links are."""
    return pending_export("", text, key=f"{key}:{part}" if part else key)


def _resolve_role(app: Sphinx, node: pending_export, docname: str, planned: dict[str, str]):
    path = planned.get(node["key"])
    name, _, part = node["key"].partition(":")
    export = EXPORTS[name]
    if path is None and part and export.path(app) is not None:
        known = ", ".join(export.parts(app) if export.parts else ()) or "(none)"
        warn(
            Problem.export,
            f"unknown part {part!r} of the export {name!r}; allowed: {known}",
            location=node,
        )
        node.replace_self(nodes.Text(node.astext()))
        return
    if path is None:
        if site_data(app.env).info is not None:  # else: reported once, at the info file
            warn(
                Problem.export,
                f"the export {name!r} is not generated in this build: "
                "its data file is missing or invalid (see the warnings above)",
                location=node,
            )
        node.replace_self(nodes.Text(node.astext()))
        return
    node.replace_self(
        nodes.reference(
            "",
            node.astext() or file_label(node["key"], path),
            refuri=relative_uri(app.builder.get_target_uri(docname), path),
            internal=True,
            classes=["reference", "internal", "wsl-export"],
        )
    )


def _resolve_downloads(app: Sphinx, node: export_links, docname: str) -> None:
    if app.builder.name not in HTML_BUILDERS:
        node.replace_self([])
        return
    line = nodes.paragraph("", "Download every record: ", classes=["wsl-exports"])
    for index, key in enumerate(downloads()):
        if index:
            line += nodes.Text(" · ")
        line += export_reference(app, docname, key, EXPORTS[key].label)
    node.replace_self(line)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(export_links)):
        _resolve_downloads(app, node, docname)
    found = list(doctree.findall(pending_export))
    if not found:
        return
    planned = planned_exports(app)
    for pending in found:
        _resolve_role(app, pending, docname, planned)


def head_links(app: Sphinx, pagename: str) -> list[dict[str, str]]:
    """``{type, title, href}`` of each export linked from the head of every page (relative)."""
    # The 404 page is served at any address: its links start at the site's root path.
    root: str = getattr(app.config, "notfound_urls_prefix", None) or ""
    served_anywhere = bool(root) and pagename == getattr(app.config, "notfound_pagename", None)
    links = []
    for export in REGISTRY:
        path = export.path(app) if export.head_link and export.writes_for(app) else None
        if path is not None:
            here = app.builder.get_target_uri(pagename)
            href = root.rstrip("/") + "/" + path if served_anywhere else relative_uri(here, path)
            links.append({"media_type": export.media_type, "title": export.label, "href": href})
    return links


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    """The head links of every page (any theme derived from Sphinx's basic layout writes
    ``metatags`` in the head)."""
    tags = "".join(alternate_link(**link) for link in head_links(app, pagename))
    context["metatags"] = context.get("metatags", "") + tags


def setup_export_links(app: Sphinx) -> None:
    app.connect("html-page-context", on_html_page_context)
    app.add_role("export", ExportRole())
    app.connect("doctree-resolved", on_doctree_resolved)
