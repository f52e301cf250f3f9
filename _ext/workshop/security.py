"""The content check of the doctree, and of the final HTML of every page.

At read time, nodes that allowed directives make (links, images, raw HTML) get the same rules
as Markdown (content_policy.py); whatever breaks them is a located ``[workshop.content]``
warning and is left out of the page, so even a non-strict build never publishes it.

The final HTML is checked too: every page as Sphinx renders it (``CheckedTemplates``), and
every other HTML file the build writes, at its end. Only the site's scripts may run, nothing
may load from another site. External links get ``rel="noopener"``: the opened page cannot reach
back into ours through ``window.opener``.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.jinja2glue import BuiltinTemplateLoader

from .content_policy import IMAGE_FOLDER, LINK_SCHEMES, image_problem, link_scheme, refuse
from .diagnostics import Problem, warn

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


# -- the final HTML ------------------------------------------------------------------------------
#
# The last line of defence: whatever a template, a theme, an extension or a page put there, a
# written page may not run or load anything that is not ours. One pass of C-level regular
# expressions per page; Python only looks at their (few) matches.

# Inline scripts that are ours or the theme's, whitespace-normalized, as full matches.
ALLOWED_INLINE_SCRIPTS = {
    # pydata-sphinx-theme: light/dark mode before the first paint.
    "theme mode": re.compile(
        r'document\.documentElement\.dataset\.mode = localStorage\.getItem\("mode"\) \|\| '
        r'"(?:auto|light|dark|)"; document\.documentElement\.dataset\.theme = '
        r'localStorage\.getItem\("theme"\) \|\| "(?:auto|light|dark|)";'
    ),
    # pydata-sphinx-theme: the page's name and search options for Sphinx's scripts.
    "page name": re.compile(r"DOCUMENTATION_OPTIONS\.pagename = '[\w./-]*';"),
    "search option": re.compile(r"DOCUMENTATION_OPTIONS\.search_as_you_type = (?:true|false);"),
    # pydata-sphinx-theme's search page: focus the search field.
    "search focus": re.compile(
        re.escape(
            "// Activate the search field on page load let searchInput = document.querySelector("
            '"form.bd-search input"); if (searchInput) { searchInput.focus(); '
            'searchInput.select(); console.log("[PST]: Set focus on search field."); }'
        )
    ),
}
# Script files: Sphinx's, the theme's and ours are all copied into _static; plus the index.
ALLOWED_SCRIPT_FOLDERS = ("_static/",)
ALLOWED_SCRIPT_FILES = ("searchindex.js",)
UNSAFE_SCHEMES = ("javascript", "data", "vbscript")
# <link rel=...> values that make the browser fetch the target.
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}

_SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SCRIPT_OPEN = re.compile(r"<script\b", re.IGNORECASE)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
# On lowercased text (a literal "on" is a fast scan); the character before it and being inside a
# tag are checked on the matches.
_HANDLER_ATTRIBUTE = re.compile(r"on[a-z]+\s*=")
_META_REFRESH = re.compile(r"""<meta\b[^>]*http-equiv\s*=\s*["']?refresh[^>]*>""", re.IGNORECASE)
_CONTENT = re.compile(r"""\scontent\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# Attribute values that may carry a scheme (or start with //, a space or an entity), found from
# their "=" (a fast scan); the attribute's name is read back from the text before it.
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "poster", "background"}
URL_ATTRIBUTES |= {"xlink:href", "ping"}
_MAYBE_SCHEME = r"""(?=[\s&\\/]|[a-zA-Z][a-zA-Z0-9+.\-]*:)"""
_URL_VALUE = re.compile(
    rf"""=\s*(?:"{_MAYBE_SCHEME}([^"]*)"|'{_MAYBE_SCHEME}([^']*)'|{_MAYBE_SCHEME}([^\s>"']+))"""
)
_NAME_BEFORE = re.compile(r"\s([a-zA-Z:-]+)\s*$")
_LINK_ELEMENT = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_EMBEDDING = re.compile(r"<(iframe|frame|object|embed|applet|base)\b", re.IGNORECASE)
_CSS_URL = re.compile(  # on lowercased text
    r"""(?:url\(\s*["']?\s*|@import\s+["'])((?:[a-z][a-z0-9+.\-]*:|//)[^"')\s]*)"""
)


def _value(match: re.Match[str], first: int = 1) -> str:
    return next((group for group in match.groups()[first:] if group is not None), "")


def _loads_elsewhere(url: str) -> bool:
    return bool(link_scheme(url)) or url.lstrip().startswith(("//", "\\\\"))


def _script_is_ours(attributes: str, body: str, page: str, root: str) -> str | None:
    """Why a <script> element is not ours, or None."""
    src = _SRC.search(attributes)
    if src is not None:
        url = html.unescape(_value(src, 0))
        if _loads_elsewhere(url):
            return f"a script loaded from another site ({url[:80]})"
        path = url.split("?")[0].split("#")[0]
        if path.startswith("/"):  # from the site's root (the 404 page)
            path = path.removeprefix(root) if path.startswith(root) else path[1:]
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if path.startswith(ALLOWED_SCRIPT_FOLDERS) or path in ALLOWED_SCRIPT_FILES:
            return None
        return f"a script that is not one of the site's ({url[:80]})"
    text = " ".join(body.split())
    if not text or any(pattern.fullmatch(text) for pattern in ALLOWED_INLINE_SCRIPTS.values()):
        return None
    return f"an inline script that is not one of the site's ({text[:60]!r})"


def output_problems(page_html: str, page: str, *, root: str = "/") -> list[tuple[int, str]]:
    """``(offset, what)`` for everything in a written page that runs or loads what is not ours.

    ``page`` is the page's path in the output, "/"-separated (for relative script paths);
    ``root`` the URL path of the output folder (for absolute ones).
    """
    problems: list[tuple[int, str]] = []
    scripts = list(_SCRIPT_ELEMENT.finditer(page_html))
    if len(scripts) != len(_SCRIPT_OPEN.findall(page_html)):
        problems.append((0, "a <script> element that is not closed"))
    for match in scripts:
        problem = _script_is_ours(match.group(1), match.group(2), page, root)
        if problem is not None:
            problems.append((match.start(), problem))
    # Script bodies are checked above; blanked (same length, so offsets hold), they are not markup.
    markup = page_html
    if scripts:
        markup = _SCRIPT_ELEMENT.sub(lambda m: " " * len(m.group(0)), page_html)
    lowered = markup.lower()  # attribute names and CSS are case-insensitive
    for match in _HANDLER_ATTRIBUTE.finditer(lowered):
        start = match.start()
        if (
            start
            and lowered[start - 1] in " \t\n\r\f\"'/"
            and (lowered.rfind("<", 0, start) > lowered.rfind(">", 0, start))
        ):
            name = match.group(0).rstrip("= \t\n\r\f")
            problems.append((start, f"an event-handler attribute ({name}=)"))
    for match in _META_REFRESH.finditer(markup):
        content = _CONTENT.search(match.group(0))
        target = html.unescape(_value(content, 0)) if content else ""
        url = target.partition("url=")[2].strip(" '\"")
        # Our own redirect pages (workshop.redirects) move old addresses inside the site.
        if not url or _loads_elsewhere(url):
            problems.append((match.start(), f"a meta refresh ({target[:80]!r})"))
    for match in _URL_VALUE.finditer(markup):
        before = _NAME_BEFORE.search(markup, max(0, match.start() - 40), match.start())
        if before is None or before.group(1).lower() not in URL_ATTRIBUTES:
            continue
        if markup.rfind("<", 0, match.start()) < markup.rfind(">", 0, match.start()):
            continue  # text, not a tag
        name, url = before.group(1).lower(), html.unescape(_value(match, 0))
        candidates = [part.split()[0] for part in url.split(",") if part.split()]
        for candidate in candidates if name == "srcset" else [url]:
            scheme = link_scheme(candidate)
            if scheme in UNSAFE_SCHEMES:
                problems.append(
                    (match.start(), f"a {scheme}: address in {name}= ({candidate[:60]!r})")
                )
            elif name != "href" and _loads_elsewhere(candidate):
                problems.append(
                    (match.start(), f"{name}= loads from another site ({candidate[:80]})")
                )
    for match in _LINK_ELEMENT.finditer(markup):
        tag = match.group(0)
        rel = _REL.search(tag)
        href = re.search(r"""\shref\s*=\s*["']?([^"'\s>]*)""", tag)
        loading = rel and href and LOADING_RELS & set(rel.group(2).lower().split())
        if loading and _loads_elsewhere(html.unescape(href.group(1))):
            problems.append(
                (match.start(), f"a <link rel={rel.group(2)!r}> loads from another site")
            )
    for match in _EMBEDDING.finditer(markup):
        problems.append((match.start(), f"an <{match.group(1).lower()}> element"))
    found_css = "url(" in lowered or "@import" in lowered
    for match in _CSS_URL.finditer(lowered) if found_css else ():
        problems.append((match.start(), f"a style loads from another site ({match.group(1)[:80]})"))
    return problems


class CheckedTemplates(BuiltinTemplateLoader):
    """Sphinx's template loader, checking each page it renders before Sphinx writes it.

    Every page passes through here (in the worker that writes it, when the build is parallel):
    its external links get ``rel="noopener"`` and its HTML is checked, so pages are written
    once, and the check runs in parallel with the writing.
    """

    def init(self, builder, theme=None, dirs=None) -> None:
        super().init(builder, theme, dirs)
        self.page_builder = builder

    def render(self, template: str, context: dict) -> str:
        page = add_noopener(super().render(template, context))
        builder = self.page_builder
        pagename = context.get("pagename")
        if pagename is None or not hasattr(builder, "get_outfilename"):
            return page
        output = Path(builder.get_outfilename(pagename))
        relative = output.relative_to(builder.outdir).as_posix()
        source = None
        if pagename in builder.env.found_docs:
            source = Path(builder.env.doc2path(pagename)).relative_to(builder.srcdir).as_posix()
        report_output_problems(builder.config, page, output, relative, source)
        return page


def report_output_problems(
    config: Config, page: str, output: Path, relative: str, source: str | None
) -> None:
    root = getattr(config, "notfound_urls_prefix", None) or "/"
    problems = output_problems(page, relative, root=root)
    origin = f"written from {source}" if source else "written by the build (no source page)"
    for offset, problem in sorted(dict.fromkeys(problems)):
        line = page.count("\n", 0, offset) + 1
        warn(
            Problem.content,
            f"the built page {relative} ({origin}) contains {problem}: a page "
            "may run only the site's own scripts and load nothing from another site",
            location=f"{output}:{line}",
        )


def use_checked_templates(app: Sphinx, config: Config) -> None:
    bridge = f"{CheckedTemplates.__module__}.{CheckedTemplates.__qualname__}"
    if config.template_bridge not in (None, "", bridge):
        raise ExtensionError(
            f"template_bridge = {config.template_bridge!r}: the workshop extension renders pages "
            "with its own (which checks every page); remove the setting from conf.py"
        )
    config.template_bridge = bridge


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Check every HTML file of the output that is not a page (CheckedTemplates checks those
    as they are written): redirect pages, copies such as GitHub Pages' 404.html, extra files,
    whatever another writer adds. They are few, and get ``rel="noopener"`` too."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = {os.fspath(app.builder.get_outfilename(docname)) for docname in app.env.found_docs}
    for folder, folders, names in os.walk(outdir):
        if folder == os.fspath(outdir) and "_static" in folders:
            folders.remove("_static")
        for name in names:
            path = os.path.join(folder, name)
            if name.endswith(".html") and path not in pages:
                check_other_file(app, Path(path), Path(path).relative_to(outdir).as_posix())


def check_other_file(app: Sphinx, output: Path, relative: str) -> None:
    text = output.read_text(encoding="utf-8")
    fixed = add_noopener(text)
    if fixed != text:
        output.write_text(fixed, encoding="utf-8")
    report_output_problems(app.config, fixed, output, relative, None)


# Strings of the configuration that templates print; they come from _data/workshop.yaml.
ESCAPED_CONTEXT = ("docstitle", "shorttitle", "project")


def escape_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.Node | None
) -> None:
    """Escape the site's names once, as markup: a template that forgets ``|e`` is safe too.

    The theme's search page prints ``docstitle`` (``html_title``) without escaping it.
    """
    for key in ESCAPED_CONTEXT:
        value = context.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            context[key] = Markup(html.escape(value, quote=True))


def setup_security(app: Sphinx) -> None:
    app.connect("html-page-context", escape_context, priority=300)
    # After the records (priority 400), whose page headers hold links and photos, and before
    # Sphinx's collectors (500), which copy images and downloads and build the page contents.
    app.connect("doctree-read", on_doctree_read, priority=450)
    app.connect("config-inited", use_checked_templates)
    # Last: the files that other features write at build-finished (redirects) are checked too.
    app.connect("build-finished", on_build_finished, priority=950)
