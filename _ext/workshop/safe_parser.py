"""MyST's parser with content_policy.py's allowlist applied before anything is run or copied.

The renderer refuses, with a located ``[workshop.content]`` warning, every directive, role,
raw HTML, link and image the policy does not allow; front matter is parsed once (with libyaml)
and only the fields a page may set reach MyST. Every page without its own configuration is
parsed by one Markdown parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import yaml
from docutils import nodes
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from myst_parser.config.main import MdParserConfig, merge_file_level
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .content_policy import (
    ALLOWED_DIRECTIVES,
    ALLOWED_ROLES,
    FRONT_MATTER_OF_PAGES,
    LINK_SCHEMES,
    allowed_names,
    link_scheme,
    refuse,
)
from .kinds import BY_FOLDER, collection_of
from .model.yamlio import FAST_LOADER
from .security import describe_raw
from .state import SITE_MARKDOWN_PARSER

PAGE_FIELDS = {name.split(".")[0] for name in FRONT_MATTER_OF_PAGES}  # orphan, myst
_CLOSING_TAG = re.compile(r"\s*</[a-zA-Z][a-zA-Z0-9-]*\s*>\s*")


class SafeRenderer(SphinxRenderer):
    """MyST's renderer with the allowlist applied before anything is run or copied."""

    # MyST renders bibliographic front matter fields (authors...) as Markdown into the
    # docinfo, which Sphinx turns into page metadata and removes: there, markup is kept as
    # text, neither run nor reported (records check their own fields).
    in_front_matter = False
    record_page = False

    def render_front_matter(self, token: SyntaxTreeNode) -> None:
        parsed = self.md_options.get(PARSED_FRONT_MATTER)
        if parsed is not None and token.token is not None and token.content == parsed.text:
            # MyST renders parsed front matter as it is: only the fields a page may set
            # (a record's fields would become page metadata that nothing shows: each one
            # rendered as Markdown, then removed, on every paper page).
            shown = {key: value for key, value in parsed.data.items() if key in PAGE_FIELDS}
            token.token.content = shown  # type: ignore[assignment]  # a mapping: see above
        self.in_front_matter = True
        try:
            super().render_front_matter(token)
        finally:
            self.in_front_matter = False

    def setup_render(self, options, env) -> None:
        super().setup_render(options, env)
        # A record page's title (level 1) is its front matter's title or name, added when the
        # page is read (features/records.py): its body's headings start at ##.
        env = self.sphinx_env
        self.record_page = collection_of(env, env.docname) is not None
        if self.record_page:
            self._level_to_section[1] = self.document

    def render_heading(self, token: SyntaxTreeNode) -> None:
        if not (self.record_page and token.tag == "h1"):
            return super().render_heading(token)
        field = "name" if self.sphinx_env.docname.startswith("people/") else "title"
        text = " ".join(token.children[0].content.split()) if token.children else ""
        refuse(
            self.sphinx_env,
            token_line(token, 0),
            f"a # heading on a {'person' if field == 'name' else 'paper'} page: the page's "
            f"title is its front matter's {field!r}; write sub-headings with two or more #, "
            f"e.g. '## {text[:40]}' (it is shown as one)",
        )
        self._heading_offset = 1  # shown as a sub-heading, under the page's title
        try:
            super().render_heading(token)
        finally:
            self._heading_offset = 0

    def run_directive(self, name: str, *args, **kwargs) -> list[nodes.Element]:
        if name.lower() in ALLOWED_DIRECTIVES:
            return super().run_directive(name, *args, **kwargs)
        position = args[2] if len(args) > 2 else kwargs.get("position")
        refuse(
            self.sphinx_env,
            position,
            f"the directive {{{name}}} is not allowed on the site's pages (it was left out); "
            f"allowed directives: {allowed_names(ALLOWED_DIRECTIVES)}",
        )
        return []

    def render_restructuredtext(self, token: SyntaxTreeNode) -> None:
        refuse(
            self.sphinx_env,
            token_line(token),
            "{eval-rst} is not allowed on the site's pages (it was left out): it reaches every "
            "reStructuredText directive around the allowlist; write the content in Markdown",
        )

    def render_myst_role(self, token: SyntaxTreeNode) -> None:
        name = token.meta["name"]
        if name.lower() in ALLOWED_ROLES and not self.in_front_matter:
            return super().render_myst_role(token)
        if self.in_front_matter:
            self.current_node += nodes.Text(f"{{{name}}}`{token.content}`")
            return
        refuse(
            self.sphinx_env,
            token_line(token, 0),
            f"the role {{{name}}} is not allowed on the site's pages (its text is shown "
            f"as code); allowed roles: {allowed_names(ALLOWED_ROLES)}",
        )
        self.current_node += nodes.literal(token.content, token.content)

    def render_html_inline(self, token: SyntaxTreeNode) -> None:
        self.render_html_block(token)

    def render_html_block(self, token: SyntaxTreeNode) -> None:
        text = token.content
        if self.in_front_matter:
            self.current_node += nodes.Text(text)
            return
        if not text.strip() or text.lstrip().startswith("<!--") or _CLOSING_TAG.fullmatch(text):
            return  # comments are not published; a closing tag alone does nothing
        refuse(
            self.sphinx_env,
            token_line(token, 0),
            f"{describe_raw(text)} ({' '.join(text.split())[:40]!r}): raw HTML is not allowed "
            "on the site's pages, write it in Markdown (it was left out)",
        )

    def render_link(self, token: SyntaxTreeNode) -> None:
        href = cast(str, token.attrGet("href") or "")
        if self.in_front_matter:
            self.render_children(token)
            return
        line = token_line(token, 0)
        scheme = link_scheme(href)
        if scheme:
            if scheme not in LINK_SCHEMES:
                refuse(
                    self.sphinx_env,
                    line,
                    f"the link {href[:60]!r} is not allowed (it was replaced by its text): a "
                    "link goes to https://, http:// or mailto:, or to a page of this site",
                )
                self.render_children(token)
                return
            return self.render_link_url(token)
        path = href.split("#", 1)[0]
        if path and not self._is_page(path):
            refuse(
                self.sphinx_env,
                line,
                f"the link {href[:60]!r} points to a file that is not a page of the site (it was "
                "replaced by its text); link to a page (its .md file), or put the file online "
                "and link to its https:// address",
            )
            self.render_children(token)
            return
        super().render_link(token)

    def _is_page(self, path: str) -> bool:
        env = self.sphinx_env
        _, absolute = env.relfn2path(path, env.docname)
        candidate = Path(absolute)
        if candidate.is_file():
            return env.path2doc(str(candidate)) is not None
        # Not a file: MyST resolves it as a target name (a label or a document name).
        return not candidate.exists()


PARSED_FRONT_MATTER = "workshop_front_matter"


@dataclass(frozen=True)
class FrontMatter:
    text: str  # as markdown-it's front-matter token holds it
    data: dict


def read_front_matter(text: str) -> FrontMatter | None:
    """The page's front matter, found as MyST's ``read_topmatter`` finds it; None if there is
    none or it is not a YAML mapping (the renderer then reports it). Parsed once, with libyaml:
    MyST parses it twice, in pure Python, a tenth of the build at 2,000 papers."""
    if not text.startswith("---"):
        return None
    lines = iter(text.splitlines())
    next(lines)
    block = []
    for line in lines:
        if line.startswith(("---", "...")):
            break
        block.append(line)
    try:
        data = yaml.load("\n".join(block), Loader=FAST_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError:
        return None
    return FrontMatter("\n".join(block), data) if isinstance(data, dict) else None


def _new_markdown_parser(config: MdParserConfig) -> MarkdownIt:
    parser = create_md_parser(config, SafeRenderer)
    # Every link and image reaches the renderer, which refuses unsafe ones with a location
    # (markdown-it alone would drop javascript: links silently and show the Markdown).
    parser.validateLink = lambda url: True  # type: ignore[method-assign]  # markdown-it's hook
    return parser


def markdown_parser(config: MdParserConfig, site_config: MdParserConfig) -> MarkdownIt:
    """The Markdown parser for a page; the site's (every page without its own) is made once."""
    if config is not site_config:
        return _new_markdown_parser(config)
    return SITE_MARKDOWN_PARSER.get(config, _new_markdown_parser)


class SafeMystParser(MystParser):
    """MyST with the allowlist, links checked by us, and no per-page configuration."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        config: MdParserConfig = env.myst_config
        front_matter = read_front_matter(inputstring)
        if front_matter:
            allowed = page_front_matter(env, inputstring, front_matter.data)
            if allowed:
                config = merge_file_level(config, allowed, lambda *args: None)
        parser = markdown_parser(config, env.myst_config)
        parser.options["document"] = document
        parser.options[PARSED_FRONT_MATTER] = front_matter
        parser.render(inputstring)


def _in_collection(env: BuildEnvironment) -> bool:
    """A record's page, or a file in a collection's folder that should be one (in a subfolder:
    the records feature says where it belongs, and nothing else is said about it)."""
    folder, _, rest = env.docname.partition("/")
    return (
        folder in BY_FOLDER
        and bool(rest)
        and env.docname not in env.config.workshop_collection_pages
    )


def page_front_matter(env: BuildEnvironment, text: str, topmatter: dict) -> dict:
    """The part of the front matter MyST may apply; the rest is reported.

    Records (the collections of ``kinds.py``: people/, papers/, news/) have their own fields,
    checked by their models: MyST gets nothing of theirs.
    """
    if _in_collection(env):
        return {}
    result: dict = {}
    for key, value in topmatter.items():
        if key == "orphan":
            result[key] = value
            continue
        if key == "myst" and _only_description(value):
            result[key] = value
            continue
        line = _key_line(text, key)
        refuse(
            env,
            line,
            f"the front matter field {key!r} is not allowed here (it was ignored): front matter "
            f"may not configure MyST or Sphinx; allowed: {allowed_names(FRONT_MATTER_OF_PAGES)}",
        )
    return result


def _only_description(value: object) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"html_meta"}
        and isinstance(value["html_meta"], dict)
        and set(value["html_meta"]) == {"description"}
        and isinstance(value["html_meta"]["description"], str)
    )


def _key_line(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def setup_safe_parser(app: Sphinx) -> None:
    app.add_source_parser(SafeMystParser, override=True)
