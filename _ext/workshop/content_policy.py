"""What a page may contain: one declared allowlist of MyST syntax, directives and roles.

Every page of the site (``index.md``, ``cfp/``, ``papers/``, ``people/``, any new page) can be
changed by a pull request, and pull requests are built on CI and published as previews. So the
Markdown parser itself (``safe_parser.py``) refuses, with a located ``[workshop.content]``
warning, every construct that is not on the lists below, before it runs: a refused directive
never reads a file, a refused role never copies one, raw HTML never reaches the doctree (nor the
"On this page" contents).

Besides the lists:

- ``{eval-rst}`` is refused: it reaches every reStructuredText directive and role (``meta``,
  ``include``, substitutions with images, hyperlink targets) behind the allowlist's back, and
  everything a page needs can be written in Markdown.
- Links go to a page of the site (``[text](../cfp/index.md#topics)``), to a ``#fragment`` or to
  ``https://``, ``http://`` or ``mailto:``; a link to any other file of the repository (which
  Sphinx would copy into ``_downloads``) or with another scheme is refused.
- Images are raster files (PNG, JPEG, WebP, recognized by their bytes) under ``images/``, at
  most :data:`MAX_IMAGE_BYTES`; SVG can hold scripts and is refused.
- Front matter may not configure MyST or Sphinx on a page (``myst:``, ``html_meta``...), except
  the page description of the site's own pages.
- docutils' ``file_insertion_enabled`` and ``raw_enabled`` are off while pages are read.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.directives.code import LiteralInclude
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util.matching import get_matching_files

from .diagnostics import Problem, warn

# -- the lists ------------------------------------------------------------------------------------

ALLOWED_SYNTAX: dict[str, str] = {
    "colon_fence": "::: fences for directives that hold Markdown (cards, notes)",
    "deflist": "definition lists (the home page's key facts)",
    "attrs_inline": "{#id .class} after a span: anchors and styling, nothing else",
}

ALLOWED_DIRECTIVES: dict[str, str] = {
    # The workshop extension: everything it renders comes from validated data files.
    "bibliography": "the reading list, from papers/reading-list.bib",
    "field-table": "the Contribute page's field tables, from the record models",
    "if-date": "text shown before or after a date of cfp/dates.yaml",
    "important-dates": "the table of dates, from cfp/dates.yaml",
    "local-time-toggle": "the button that shows times in the reader's zone",
    "paper-filter": "the filter form of the papers page",
    "paper-list": "a list of papers, from the records",
    "news-list": "the news posts, newest first (:latest: N for the last few)",
    "people": "a list of people, from the records",
    "repository-file": "shows one of the files named in workshop_showable_files, never another",
    "schedule": "the program, from program/schedule.yaml",
    "schedule-groups": "the invited speakers, spotlight papers and poster sessions of the program",
    "topic-areas": "the topic areas, from cfp/topics.yaml",
    "warning-list": "the list of warning tags on the Contribute page",
    # Structure and emphasis: they only wrap Markdown.
    "toctree": "the site's navigation (lists pages of the site, reads nothing else)",
    "admonition": "a titled box of Markdown",
    "note": "a box of Markdown",
    "tip": "a box of Markdown",
    "hint": "a box of Markdown",
    "important": "a box of Markdown",
    "warning": "a box of Markdown",
    "caution": "a box of Markdown",
    "attention": "a box of Markdown",
    "seealso": "a box of Markdown",
    "epigraph": "a quotation",
    "rubric": "an informal heading",
    "list-table": "a table written as a list (Markdown tables work too)",
    "table": "a caption for a Markdown table",
    "code-block": "highlighted code, written inline in the page",
    "code": "highlighted code, written inline in the page",
    "math": "display math, rendered to MathML at build time",
    "image": "an image under images/ (checked like Markdown images)",
    "figure": "an image under images/ with a caption",
    # sphinx-design: layout of Markdown; its links and images go through the same checks.
    "grid": "a grid of cards (home page)",
    "grid-item": "a cell of a grid",
    "grid-item-card": "a card in a grid (home page)",
    "card": "a card",
    "tab-set": "tabs of Markdown",
    "tab-item": "one tab",
    "dropdown": "a collapsible box of Markdown",
}

ALLOWED_ROLES: dict[str, str] = {
    # The workshop extension: each resolves a key of a data file or a record.
    "date": "a date of cfp/dates.yaml",
    "workshop": "a fact of _data/workshop.yaml",
    "export": "a link to a generated file (calendar, schedule)",
    "topic": "a topic area of cfp/topics.yaml",
    "person": "a link to a person's page",
    "paper": "a link to a paper's page",
    "news": "a link to a news post",
    # Citations of papers/reading-list.bib (sphinxcontrib-bibtex).
    "cite:p": "a citation in parentheses",
    "cite:t": "a citation in the text",
    # Links inside the site and inline formatting.
    "ref": "a link to a labelled section of the site",
    "doc": "a link to a page of the site",
    "math": "inline math, rendered to MathML at build time",
    "sub": "subscript",
    "sup": "superscript",
    "abbr": "an abbreviation with its expansion",
    "kbd": "a keyboard key",
}

FRONT_MATTER_OF_PAGES: dict[str, str] = {
    "orphan": "a page outside the navigation (the Contribute page)",
    "myst.html_meta.description": "the page's description for search engines and link previews",
}

LINK_SCHEMES = ("https", "http", "mailto")
IMAGE_FOLDER = "images"
MAX_IMAGE_BYTES = 1_000_000
# Magic bytes of the raster formats browsers show and that cannot hold a script.
IMAGE_SIGNATURES = {
    "PNG": (b"\x89PNG\r\n\x1a\n",),
    "JPEG": (b"\xff\xd8\xff",),
    "WebP": (b"RIFF",),  # followed by a size and b"WEBP" (checked below)
}

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def link_scheme(uri: str) -> str:
    """The scheme of a URI as a browser sees it (it ignores spaces and control characters)."""
    match = _SCHEME.match(_CONTROL.sub("", uri))
    return match.group(1).lower() if match else ""


def allowed_names(allowed: dict[str, str]) -> str:
    return ", ".join(sorted(allowed))


def refuse(env: BuildEnvironment, line: int | None, message: str) -> None:
    """A located warning: Sphinx prefixes it with the page's file and the line."""
    warn(Problem.content, message, location=(env.docname, line))


# -- images ---------------------------------------------------------------------------------------


def image_problem(path: Path, srcdir: Path) -> str | None:
    """Why a repository file cannot be shown as an image, or None if it can."""
    folder = (srcdir / IMAGE_FOLDER).resolve()
    resolved = path.resolve()
    if not resolved.is_relative_to(folder):
        return f"images must be files under {IMAGE_FOLDER}/ of the repository"
    if not resolved.is_file():
        return "there is no such file"
    size = resolved.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return f"the file has {size:,} bytes, the limit is {MAX_IMAGE_BYTES:,}"
    with resolved.open("rb") as handle:
        head = handle.read(12)
    if head.startswith(IMAGE_SIGNATURES["PNG"]) or head.startswith(IMAGE_SIGNATURES["JPEG"]):
        return None
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return None
    return "the file is not a PNG, JPEG or WebP image (SVG and other formats can hold scripts)"


# -- showing a repository file (the Contribute page's examples) -----------------------------------


class RepositoryFile(LiteralInclude):
    """``literalinclude`` for the files named in ``workshop_showable_files`` only."""

    def run(self) -> list[nodes.Node]:
        env = self.state.document.settings.env
        allowed = env.config.workshop_showable_files
        target = self.arguments[0].lstrip("/")
        if target not in allowed:
            refuse(
                env,
                self.lineno,
                f"{{repository-file}} {target!r} is not one of the files it may show "
                f"({', '.join(allowed) or 'none'}; the list is workshop_showable_files in conf.py)",
            )
            return []
        self.arguments[0] = "/" + target  # from the repository's root, as listed
        settings = self.state.document.settings
        settings.file_insertion_enabled = True
        try:
            return super().run()
        finally:
            settings.file_insertion_enabled = False


# -- wiring ---------------------------------------------------------------------------------------


def check_configuration(app: Sphinx, config: Config) -> None:
    unknown = sorted(set(config.myst_enable_extensions) - set(ALLOWED_SYNTAX))
    if unknown:
        raise ExtensionError(
            f"myst_enable_extensions has {', '.join(unknown)}, not on the allowlist of "
            f"_ext/workshop/content_policy.py ({allowed_names(ALLOWED_SYNTAX)}): add it there "
            "with a reason, after checking what it lets a page do"
        )
    # Pages are Markdown only: a .rst page would bypass the Markdown allowlist.
    config.source_suffix = {".md": "markdown"}


def report_other_sources(app: Sphinx) -> None:
    """A page in another format is not built: say so rather than drop it silently."""
    excluded = [*app.config.exclude_patterns, "_build", ".*", "node_modules"]
    for path in get_matching_files(
        app.srcdir, include_patterns=["**.rst"], exclude_patterns=excluded
    ):
        warn(
            Problem.content,
            f"{path} is not built: pages are Markdown (.md) only, so that every page goes "
            "through the allowlist; rename it to .md",
            location=f"{Path(app.srcdir, path)}:1",
        )


def disable_file_insertion(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    env.settings["file_insertion_enabled"] = False
    env.settings["raw_enabled"] = False


def setup_content_policy(app: Sphinx) -> None:
    app.add_config_value("workshop_showable_files", [], "env", types=[list])
    app.add_directive("repository-file", RepositoryFile)
    app.connect("config-inited", check_configuration)
    app.connect("builder-inited", report_other_sources)
    app.connect("env-before-read-docs", disable_file_insertion)
