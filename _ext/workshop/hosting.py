"""Hosting: what readers arriving from outside need, all derived from ``_data/workshop.yaml``.

* ``site_url`` (where the site is served) becomes ``html_baseurl`` (canonical links; the export
  registry writes sitemap.xml and robots.txt only with it), ``ogp_site_url`` (OpenGraph) and
  the base path of the 404 page's assets.
* ``source_repository`` (the GitHub repository) feeds the theme's "edit this page" link.
* Every page gets a description for search engines and link previews: the page's own
  ``myst: html_meta: description``, or one generated from the record of a record's page.
* The dirhtml builder writes the 404 page to ``404/index.html``; GitHub Pages serves ``404.html``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.config import Config

from .compat.notfound import absolute_root_links
from .diagnostics import Problem, warn
from .domain import domain
from .kinds import collection_of_record
from .model.info import WorkshopInfo
from .model.records import Record
from .render.head import meta_tags
from .render.pages import not_found_body as render_not_found
from .state import config_time_info, site_data

# Extensions that cannot work without a site URL.
NEEDS_SITE_URL = ("sphinxext.opengraph", "notfound.extension")


def github_repository(url: str) -> tuple[str, str] | None:
    """``https://github.com/owner/name`` -> ``("owner", "name")``; None for other URLs."""
    parts = urlsplit(url)
    path = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.netloc != "github.com" or len(path) != 2 or not all(path):
        return None
    return path[0], path[1]


def on_config_inited(app: Sphinx, config: Config) -> None:
    info: WorkshopInfo | None = config_time_info(app)
    if info is None:
        # The information file is invalid (state.py has warned): no edit links without the
        # repository, rather than the theme's error about its missing settings.
        config.html_theme_options = {**config.html_theme_options, "use_edit_page_button": False}
        return
    source = config.workshop_info_file
    if "ogp_image_alt" in config and config.ogp_image_alt is None:
        config.ogp_image_alt = f"{info.acronym} at {info.conference}: {info.name}"
    if info.site_url:
        base = info.site_url if info.site_url.endswith("/") else info.site_url + "/"
        config.html_baseurl = base
        if "ogp_site_url" in config:
            config.ogp_site_url = base
        # Read the Docs serves each version under its own path and says which one.
        if "notfound_urls_prefix" in config and not os.environ.get("READTHEDOCS_CANONICAL_URL"):
            config.notfound_urls_prefix = urlsplit(base).path or "/"
    else:
        missing = [name for name in NEEDS_SITE_URL if name in config.extensions]
        if missing:
            warn(
                Problem.info,
                f"missing fact 'site_url' (the address where the site is served, ending "
                f"with /); {', '.join(missing)} need it for absolute links, and no sitemap.xml "
                "or robots.txt is written without it",
                location=f"{source}:1",
            )
    if "notfound_context" in config and "body" not in config.notfound_context:
        prefix = getattr(config, "notfound_urls_prefix", None) or "/"
        config.notfound_context = {**config.notfound_context, "body": not_found_body(prefix)}
    if config.html_theme_options.get("use_edit_page_button"):
        _configure_edit_button(info, config, source)


def _configure_edit_button(info: WorkshopInfo, config: Config, source: str) -> None:
    repository = github_repository(info.source_repository) if info.source_repository else None
    if repository is None:
        config.html_theme_options = {**config.html_theme_options, "use_edit_page_button": False}
        warn(
            Problem.info,
            "the 'edit this page' button needs the fact 'source_repository', a GitHub URL such "
            f"as https://github.com/owner/name (found {info.source_repository!r})",
            location=f"{source}:1",
        )
        return
    user, repo = repository
    config.html_context = {
        **config.html_context,
        "github_user": user,
        "github_repo": repo,
        "github_version": info.source_branch,
        "doc_path": "",  # the Sphinx source directory is the repository's root
    }


# -- per-page descriptions ---------------------------------------------------------------------


# What every collection's description (kinds.py, ``_workshop``) shows of the facts.
RECORD_DESCRIPTION_FACTS = ("conference", "name")


def record_description(record: Record, info: WorkshopInfo) -> str:
    """One sentence that says what a record page is, from its fields only (its collection's)."""
    return collection_of_record(record).describe(record, info)


def own_description(doctree: nodes.document) -> str | None:
    """The description a page sets itself (``myst: html_meta: description`` in its front matter),
    read from its ``meta`` node rather than from the tags written for it."""
    for meta in doctree.findall(nodes.meta):
        if meta.get("name") == "description" and meta.get("content"):
            return meta["content"]
    return None


def record_page_description(app: Sphinx, pagename: str) -> str | None:
    """The description generated from the page's record; None for other pages."""
    record = domain(app.env).record(pagename)
    info = site_data(app.env).info
    if record is None or info is None:
        return None
    return record_description(record, info)


def on_html_page_context(app, pagename, templatename, context, doctree) -> None:
    """Give the page a description before sphinxext-opengraph (priority 500) writes its tags."""
    prefix = getattr(app.config, "notfound_urls_prefix", None)
    if pagename == getattr(app.config, "notfound_pagename", None) and prefix:
        absolute_root_links(app, context, prefix)
    if doctree is None:
        return
    own = own_description(doctree)
    description = own or record_page_description(app, pagename)
    if description is None:
        return  # sphinxext-opengraph describes the page by its first paragraph
    meta = context.get("meta") or {}
    if not own:  # else Sphinx writes the page's own tag
        context["metatags"] = context.get("metatags", "") + meta_tags(
            [("description", description)]
        )
    # A copy: the page's metadata in the environment stays as it was read. sphinxext-opengraph
    # walks the page for a description even when one is given: its per-page length of 1 ends
    # the walk at the first text (the tag it would write is then replaced by ours).
    context["meta"] = {**meta, "og:description": description, "ogp_description_length": 1}


# -- the 404 page ------------------------------------------------------------------------------

# Where a lost reader goes next: (link text, path of the page from the site's root).
NOT_FOUND_ROUTES = (
    ("Home", ""),
    ("Program", "program/"),
    ("Accepted papers", "papers/"),
    ("Search the site", "search/"),
)


def not_found_body(prefix: str) -> str:
    """The 404 page's content: what happened, and links to the main pages (absolute, as the
    page is served at any depth)."""
    return render_not_found((text, prefix + path) for text, path in NOT_FOUND_ROUTES)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "dirhtml":
        return
    pagename = getattr(app.config, "notfound_pagename", None)
    if pagename is None:
        return
    assert isinstance(app.builder, StandaloneHTMLBuilder)  # dirhtml
    built = Path(app.builder.get_output_path(pagename))
    if built.is_file():
        # GitHub Pages answers unknown paths with /404.html; its assets are absolute.
        shutil.copyfile(built, Path(app.outdir, f"{pagename}.html"))


def setup_hosting(app: Sphinx) -> None:
    # After state (priority 500) has read the facts.
    app.connect("config-inited", on_config_inited, priority=600)
    app.connect("html-page-context", on_html_page_context, priority=450)
    app.connect("build-finished", on_build_finished)
