"""The content check of the doctree, and of the final HTML of every page.

At read time, nodes that allowed directives make (links, images, raw HTML) get the same rules
as Markdown (content_policy.py); whatever breaks them is a located ``[workshop.content]``
warning and is left out of the page, so even a non-strict build never publishes it.

The final HTML is checked too: every page as Sphinx renders it (``CheckedTemplates``), and
every other HTML file the build writes, at its end, by the rules of ``output_check.py``: only
the site's scripts may run, nothing may load from another site, and no link opens a window
that can reach back. Pages are only read, never rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import typing as t
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.jinja2glue import BuiltinTemplateLoader

from . import output_check
from .compat.page_files import page_files
from .content_policy import IMAGE_FOLDER, LINK_SCHEMES, image_problem, link_scheme, refuse
from .diagnostics import Problem, warn
from .output_check import inline_scripts, output_problems
from .render.markup import escape
from .state import build_scratch

_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
_EMBED = re.compile(r"<\s*(iframe|object|embed|frame|form)\b", re.IGNORECASE)
_EVENT_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE)


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
    problem: str | None
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
    for raw in list(doctree.findall(nodes.raw)):
        check_raw(raw, env)
    for download in list(doctree.findall(addnodes.download_reference)):
        check_download(download, env)
    for reference in list(doctree.findall(nodes.reference)):
        check_reference(reference, env)
    for image in list(doctree.findall(nodes.image)):
        check_image(image, env)


# -- the final HTML: every written page checked (the rules: output_check.py) --------------------


class CheckedTemplates(BuiltinTemplateLoader):
    """Sphinx's template loader, checking each page it renders before Sphinx writes it.

    Every page passes through here (in the worker that writes it, when the build is parallel),
    is parsed once and checked, never changed: the check runs in parallel with the writing.
    """

    def init(self, builder, theme=None, dirs=None) -> None:
        super().init(builder, theme, dirs)
        self.page_builder = builder
        # The output files this process rendered and checked, each with whether it was clean
        # (in the main process: every page of a serial build, and the pages added at the end):
        # not checked again at the end.
        self.checked: dict[str, bool] = {}
        # The context Sphinx renders the current page with (``remember_page_context``).
        self.page_context: dict | None = None

    # Sphinx annotates TemplateBridge.render as returning None; its loader returns the page.
    def render(self, template: str, context: dict) -> str:  # type: ignore[override]
        page = super().render(template, context)
        builder = self.page_builder
        pagename = context.get("pagename")
        # Only the page itself: the theme also renders parts of it (with a copy of its
        # context) to see whether they are empty; what it keeps is in the page, checked whole.
        if context is not self.page_context or pagename is None:
            return page
        if not hasattr(builder, "get_outfilename"):
            return page
        output = Path(builder.get_outfilename(pagename))
        relative = output.relative_to(builder.outdir).as_posix()
        source = None
        if pagename in builder.env.found_docs:
            source = Path(builder.env.doc2path(pagename)).relative_to(builder.srcdir).as_posix()
        scripts = inline_scripts((pagename,))
        clean = self.checked[relative] = report_output_problems(
            builder.config, page, output, relative, source, scripts
        )
        if not clean and source is not None:
            note_failed_page(builder.doctreedir, pagename)
        return page


def report_output_problems(
    config: Config,
    page: str,
    output: Path,
    relative: str,
    source: str | None,
    scripts: t.Container[str],
) -> bool:
    """Warn of each problem of a written page; whether it had none."""
    problems = output_problems(page, relative, scripts=scripts, root=output_root(config))
    origin = f"written from {source}" if source else "written by the build (no source page)"
    for line, problem in sorted(dict.fromkeys(problems)):
        warn(
            Problem.content,
            f"the built page {relative} ({origin}) contains {problem}: a page may run only "
            "the site's own scripts, load nothing from another site and open no window that "
            "can reach back (a bug of a template, the theme or an extension)",
            location=f"{output}:{line}" if line else str(output),
        )
    return not problems


# Beside the doctrees: the documents whose page failed its check, a name a line, appended by
# the process that wrote the page (a forked writer too). Their sources unchanged, Sphinx would not
# write them again and the next build would pass: the next build writes them, and checks them.
FAILED_PAGES = "workshop-failed-pages.txt"


def note_failed_page(doctreedir: str | os.PathLike, pagename: str) -> None:
    # One short write in append mode: lines from several processes do not mix.
    with Path(doctreedir, FAILED_PAGES).open("a", encoding="utf-8") as failed:
        failed.write(pagename + "\n")


def write_failed_pages_again(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The documents whose page failed its check in the last build, to write (and check)
    again: a build passes only when every page it publishes passed."""
    record = Path(app.doctreedir, FAILED_PAGES)
    try:
        names = record.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    record.unlink()  # this build notes its own failures
    return sorted(set(names) & env.found_docs)


def output_root(config: Config) -> str:
    """The URL path of the output folder, for the check of absolute script paths."""
    return getattr(config, "notfound_urls_prefix", None) or "/"


def remember_page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.Node | None
) -> None:
    """Last of the page's handlers: Sphinx renders the page with this very context."""
    templates = getattr(app.builder, "templates", None)
    if isinstance(templates, CheckedTemplates):
        templates.page_context = context


def use_checked_templates(app: Sphinx, config: Config) -> None:
    bridge = f"{CheckedTemplates.__module__}.{CheckedTemplates.__qualname__}"
    if config.template_bridge not in (None, "", bridge):
        raise ExtensionError(
            f"template_bridge = {config.template_bridge!r}: the workshop extension renders pages "
            "with its own (which checks every page); remove the setting from conf.py"
        )
    config.template_bridge = bridge


# Beside the doctrees: each HTML file that is not a page, as it was (inode, size, times) when a
# build found it clean, under the rules it was checked by. The environment cannot keep it: Sphinx
# pickles it before writing. A file unchanged since is not read again; any other is.
CHECKED_FILES = "workshop-checked-files.json"


def file_key(stat: os.stat_result) -> list[int]:
    # ctime too: a copy that keeps its source's mtime (Sphinx's copyfile) still changes it.
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def rules_digest(app: Sphinx) -> str:
    """What a file's check depends on besides the file: the rules (their code), the site's
    root and every page name (a page's inline script names its page)."""
    digest = hashlib.sha256(Path(output_check.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    digest.update(output_root(app.config).encode("utf-8"))
    digest.update("\0".join(sorted(page_names(app))).encode("utf-8"))
    return digest.hexdigest()


def _checked_before(memory: Path, rules: str) -> dict[str, list]:
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(memory.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("rules") == rules:
            files = data.get("files")
            if isinstance(files, dict):
                return files
    return {}


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Check every HTML file of the output that is not a page (CheckedTemplates checks those
    as they are written): redirect pages, copies such as GitHub Pages' 404.html, extra files,
    whatever another writer adds. They are few; any page name of the build may be theirs.

    Only what this build wrote is read: a page it rendered was checked then, and a file found
    clean by an earlier build and unchanged since (``CHECKED_FILES``) is not read again. A file
    that had a problem is never remembered, so every build reports it until it is fixed."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = os.fspath(app.outdir)
    pages = page_files(app.builder, app.env.found_docs)
    rendered: dict[str, bool] = getattr(getattr(app.builder, "templates", None), "checked", {})
    memory = Path(app.doctreedir, CHECKED_FILES)
    rules = rules_digest(app)
    before = _checked_before(memory, rules)
    clean: dict[str, list] = {}
    others: dict[str, list[int]] = {}
    names: set[str] | None = None
    for relative, path in html_files(outdir):
        if relative in pages:
            continue
        key = others[relative] = file_key(os.stat(path))
        if relative in rendered or before.get(relative) == key:
            if rendered.get(relative, True):
                clean[relative] = key
            continue
        if names is None:  # once: any page name of the build
            names = page_names(app)
        text = Path(path).read_text(encoding="utf-8")
        own = inline_scripts(names | names_of_file(relative))
        if report_output_problems(app.config, text, Path(path), relative, None, own):
            clean[relative] = key
    build_scratch(app).other_html_files = others
    if clean != before:
        memory.write_text(json.dumps({"rules": rules, "files": clean}), encoding="utf-8")


def html_files(outdir: str) -> t.Iterator[tuple[str, str]]:
    """``(path relative to outdir with "/", path)`` of every HTML file of the output but
    ``_static`` (the theme's and extensions' assets), with strings only: one page is a folder
    of the dirhtml builder, and this walk runs at every build."""
    folders = [("", outdir)]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir():  # as os.walk: a link to a folder is not followed
                    if not entry.is_symlink() and (prefix or entry.name != "_static"):
                        folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".html"):
                    yield prefix + entry.name, entry.path


def names_of_file(relative: str) -> set[str]:
    """The page names a file at this path of the output is written for (by the html or the
    dirhtml builder): a page deleted since, whose file stays, or a copy such as 404.html."""
    stem = relative.removesuffix(".html")
    return {stem, stem.removesuffix("/index") if stem != "index" else stem}


def page_names(app: Sphinx) -> set[str]:
    """Every name a page of this build is rendered under: its documents and the pages Sphinx,
    the theme and extensions add (the copies of pages checked at the end carry one of them)."""
    config = app.config
    extra = {"genindex", "search", getattr(config, "notfound_pagename", None) or "404"}
    return set(app.env.found_docs) | set(config.html_additional_pages) | extra


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
            context[key] = escape(value)


def setup_security(app: Sphinx) -> None:
    app.connect("html-page-context", escape_context, priority=300)
    app.connect("html-page-context", remember_page_context, priority=999)
    # After the records (priority 400), whose page headers hold links and photos, and before
    # Sphinx's collectors (500), which copy images and downloads and build the page contents.
    app.connect("doctree-read", on_doctree_read, priority=450)
    app.connect("config-inited", use_checked_templates)
    app.connect("env-get-updated", write_failed_pages_again)
    # Last: the files that other features write at build-finished (redirects) are checked too.
    app.connect("build-finished", on_build_finished, priority=950)
