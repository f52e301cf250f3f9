"""What the theme costs readers: its stylesheets trimmed to the rules the site can use.

pydata-sphinx-theme ships one stylesheet with all of Bootstrap and Font Awesome's 2,000 icon
rules: 64 KB gzip that a first visit downloads before anything is shown, most of it for
components this site never uses; sphinx-design's holds every component it offers (55 KB, for
the few cards and grids of the site), also on every page. After an HTML build, each copied
stylesheet keeps only the rules
whose class names all occur in a class attribute of a built page or anywhere in a script of the
site (scripts add classes such as ``show`` at run time): the same idea as PurgeCSS. Selectors
with a functional pseudo-class (``:not(...)``), an escape or an unusual shape are always kept.

Checked against pydata-sphinx-theme 0.24.0: its compiled stylesheet is
``_static/styles/pydata-sphinx-theme.css``; ``fontawesome.js`` names every icon; Bootstrap
composes ``bs-*`` classes at run time; every other class its scripts add appears literally in
``_static/**/*.js``. Checked against sphinx-design 0.8.0: its stylesheet is copied as
``_static/sphinx-design.min.css``, and ``design-tabs.js`` names the classes it adds. A rule whose
class is added some other way is dropped silently: styles vanish (canary:
tests/unit/test_compat.py).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import typing as t
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..state import build_scratch
from .page_files import page_files

logger = logging.getLogger(__name__)

# The stylesheets trimmed, and the file beside the doctrees that keeps each one's last trim.
STYLESHEETS = {
    "_static/styles/pydata-sphinx-theme.css": "workshop-theme-css.cache",
    "_static/sphinx-design.min.css": "workshop-design-css.cache",
}
STYLESHEET = "_static/styles/pydata-sphinx-theme.css"  # the theme's
# Font Awesome's own script names every icon; the site does not load it (_templates/layout.html).
NOT_SCANNED = {"fontawesome.js"}
CLASS_ATTRIBUTE = re.compile(rb'class="([^"]*)"')
SCRIPT_WORD = re.compile(rb"[A-Za-z0-9_-]+")
SELECTOR_CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
GROUPING_RULES = ("@media", "@supports", "@container", "@layer")
# Class names Bootstrap composes at run time (``bs-tooltip-auto``): never in a page or literally
# in a script, always kept.
COMPOSED_AT_RUN_TIME = ("bs-",)


def _html_files(outdir: str) -> t.Iterator[tuple[str, os.DirEntry]]:
    """``(path relative to outdir with "/", entry)`` of every HTML file under ``outdir``: strings
    and the directory entries the walk yields, no path object per page."""
    folders = [("", outdir)]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):  # as pathlib's glob("**")
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(".html") and entry.is_file():
                    yield prefix + entry.name, entry


class OutputFiles(t.NamedTuple):
    """The HTML files of the output as the build knows them, so that none is looked for:
    ``keys`` maps each to what identifies its version (``None`` for a page: it changes only
    when a build writes it), ``written`` holds those this build wrote."""

    keys: dict[str, list[int] | None]
    written: set[str]


def _walked(outdir: str) -> OutputFiles:
    """Every HTML file under ``outdir``, each known by its time and size."""
    keys: dict[str, list[int] | None] = {}
    for relative, entry in _html_files(outdir):
        stat = entry.stat()
        keys[relative] = [stat.st_mtime_ns, stat.st_size]
    return OutputFiles(keys, set())


CACHE_VERSION = 2


def _read_cache(cache: Path) -> tuple[list[list[str]], dict[str, list], dict[str, list]]:
    """The cache's distinct sets of class attributes, ``file -> [key, set index]`` and
    ``script -> [key, words]``; nothing from a file of another shape (it is then made again)."""
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(cache.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("version") == CACHE_VERSION:
            sets, files, scripts = data.get("sets"), data.get("files"), data.get("scripts")
            if isinstance(sets, list) and isinstance(files, dict) and isinstance(scripts, dict):
                return sets, files, scripts
    return [], {}, {}


def _script_words(outdir: Path, known: dict[str, list]) -> dict[str, list]:
    """``script -> [key, words]`` of every script under _static: a script's words are read
    again only when its inode, size or times changed (most are copied once, unchanged)."""
    scripts: dict[str, list] = {}
    for script in outdir.glob("_static/**/*.js"):
        if script.name in NOT_SCANNED:
            continue
        relative = script.relative_to(outdir).as_posix()
        stat = script.stat()
        key = [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]
        cached = known.get(relative)
        if (
            isinstance(cached, list)
            and len(cached) == 2
            and cached[0] == key
            and (isinstance(cached[1], list))
        ):
            scripts[relative] = cached
            continue
        found = {
            word.decode("utf-8", "replace") for word in SCRIPT_WORD.findall(script.read_bytes())
        }
        scripts[relative] = [key, sorted(found)]
    return scripts


def classes_in_use(
    outdir: Path, cache: Path | None = None, files: OutputFiles | None = None
) -> set[str]:
    """Every class name of the built pages and scripts. With a ``cache`` file, an HTML file is
    read again only if this build wrote it or its key changed: a one-page rebuild reads one
    page, not thousands. ``files`` (the build's own account of its output) spares the walk
    and the look at every file; without it, each file is known by its time and size.

    The cache keeps each distinct set of class attributes once (thousands of pages share a few
    dozen sets: every paper page has the same classes), each file the index of its set."""
    files = files if files is not None else _walked(os.fspath(outdir))
    known_sets, known, known_scripts = _read_cache(cache) if cache is not None else ([], {}, {})
    sets: dict[tuple[str, ...], int] = {}  # each distinct set of class attributes: its index
    kept: dict[str, list] = {}
    for relative, key in files.keys.items():
        cached = known.get(relative)
        if (
            relative not in files.written
            and isinstance(cached, list)
            and len(cached) == 2
            and cached[0] == key
            and isinstance(cached[1], int)
            and 0 <= cached[1] < len(known_sets)
        ):
            found = tuple(known_sets[cached[1]])
        else:
            try:
                with open(os.path.join(outdir, relative), "rb") as page:
                    values = CLASS_ATTRIBUTE.findall(page.read())
            except FileNotFoundError:  # a page the build did not write after all
                continue
            found = tuple(sorted({v.decode("utf-8", "replace") for v in values}))
        kept[relative] = [key, sets.setdefault(found, len(sets))]
    names = {name for attributes in sets for attribute in attributes for name in attribute.split()}
    scripts = _script_words(outdir, known_scripts)
    for _, words in scripts.values():
        names.update(words)
    if cache is not None:
        data = {"version": CACHE_VERSION, "sets": list(sets), "files": kept, "scripts": scripts}
        cache.write_text(json.dumps(data), encoding="utf-8")
    return names


def output_files(app: Sphinx) -> OutputFiles | None:
    """The HTML files of the output from what the build knows: its pages, the other files
    security.py's walk found (None if it did not run), those under _static; and the pages this
    build wrote."""
    others = build_scratch(app).other_html_files
    if others is None:
        return None
    builder = app.builder
    keys: dict[str, list[int] | None] = dict.fromkeys(page_files(builder, app.env.found_docs))
    keys.update(others)
    static = Path(app.outdir, "_static")
    for path in static.glob("**/*.html") if static.is_dir() else ():
        stat = path.stat()
        keys[f"_static/{path.relative_to(static).as_posix()}"] = [stat.st_mtime_ns, stat.st_size]
    written = page_files(builder, build_scratch(app).written_pages)
    return OutputFiles(keys, written)


class UnexpectedCss(ValueError):
    """The stylesheet has a shape this trimmer does not handle: it is then left as it is."""


SPECIAL = re.compile(r"[\"'{};}]|/\*")
BLOCK_SPECIAL = re.compile(r"[\"'{]|/\*")


def _skip_string(css: str, start: int) -> int:
    quote, index = css[start], start + 1
    while index < len(css) and css[index] != quote:
        index += 2 if css[index] == "\\" else 1
    if index >= len(css):
        raise UnexpectedCss("unterminated string")
    return index + 1


def _block_end(css: str, start: int) -> int:
    """Index just after the ``}`` that closes the block opened at ``start``."""
    close = css.find("}", start)
    if close != -1 and not BLOCK_SPECIAL.search(css, start + 1, close):
        return close + 1  # most rules: declarations without strings, comments or blocks
    depth, index = 0, start
    while (found := SPECIAL.search(css, index)) is not None:
        index, char = found.start(), found.group()
        if char in "\"'":
            index = _skip_string(css, index)
        elif char == "/*":
            index = css.index("*/", index) + 2
        else:
            depth += {"{": 1, "}": -1}.get(char, 0)
            index += 1
            if depth == 0:
                return index
    raise UnexpectedCss("unbalanced braces")


def _items(css: str):
    """``(prelude, body)`` per rule, ``(text, None)`` for comments and statements."""
    index, start = 0, 0
    while (found := SPECIAL.search(css, index)) is not None:
        index, char = found.start(), found.group()
        if char in "\"'":
            index = _skip_string(css, index)
        elif char == "/*":
            end = css.index("*/", index) + 2
            if css[start:index].strip():
                raise UnexpectedCss("comment inside a selector")
            yield css[start:end], None
            index = start = end
        elif char == ";":
            yield css[start : index + 1], None
            index = start = index + 1
        elif char == "{":
            end = _block_end(css, index)
            yield css[start:index], css[index + 1 : end - 1]
            index = start = end
        else:  # a "}" without its "{"
            raise UnexpectedCss("unbalanced braces")
    if css[start:].strip():
        raise UnexpectedCss("text after the last rule")


def _selectors(prelude: str) -> list[str]:
    if "(" not in prelude and "[" not in prelude:
        return prelude.split(",")
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(prelude[start:index])
            start = index + 1
    return [*parts, prelude[start:]]


def _can_match(selector: str, used: set[str]) -> bool:
    if "(" in selector or "\\" in selector:
        return True
    outside_attributes = re.sub(r"\[[^\]]*\]", "", selector) if "[" in selector else selector
    return all(
        name in used or name.startswith(COMPOSED_AT_RUN_TIME)
        for name in SELECTOR_CLASS.findall(outside_attributes)
    )


def trim_unused_rules(css: str, used: set[str]) -> str:
    kept = []
    for prelude, body in _items(css):
        if body is None:
            kept.append(prelude)
        elif prelude.lstrip().startswith(GROUPING_RULES):
            inner = trim_unused_rules(body, used)
            if inner.strip():
                kept.append(f"{prelude}{{{inner}}}")
        elif prelude.lstrip().startswith("@"):  # @font-face, @keyframes, ...: kept whole
            kept.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in _selectors(prelude) if _can_match(s, used)]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(kept)


# Beside the doctrees: the classes of each built page, and the last trimmed stylesheet by its
# input (an edit that uses no new class, most of them, is not trimmed again).
CLASSES_CACHE = "workshop-page-classes.json"
TRIMMED_CACHE = STYLESHEETS[STYLESHEET]


def trimmed_stylesheet(css: str, used: set[str], cache: Path) -> str:
    key = hashlib.sha256("\0".join([css, *sorted(used)]).encode("utf-8")).hexdigest()
    try:
        cached_key, _, cached = cache.read_text(encoding="utf-8").partition("\n")
        if cached_key == key:
            return cached
    except OSError:
        pass
    trimmed = trim_unused_rules(css, used)
    cache.write_text(f"{key}\n{trimmed}", encoding="utf-8")
    return trimmed


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    used: set[str] | None = None
    for name, cache in STYLESHEETS.items():
        stylesheet = Path(app.outdir) / name
        if not stylesheet.exists():
            continue
        if used is None:
            classes = Path(app.doctreedir) / CLASSES_CACHE
            used = classes_in_use(Path(app.outdir), classes, output_files(app))
        css = stylesheet.read_text(encoding="utf-8")
        try:
            trimmed = trimmed_stylesheet(css, used, Path(app.doctreedir) / cache)
        except UnexpectedCss as error:
            logger.info("stylesheet %s left whole: %s", name, error)
            continue
        if trimmed != css:
            stylesheet.write_text(trimmed, encoding="utf-8")


def remember_written_document(app: Sphinx, doctree, docname: str) -> None:
    build_scratch(app).written_pages.add(docname)


def remember_written_page(app: Sphinx, pagename: str, *args) -> None:
    build_scratch(app).written_pages.add(pagename)


def setup_theme_css(app: Sphinx) -> None:
    # In the main process: every document written (also with -j), and every other page.
    app.connect("doctree-resolved", remember_written_document)
    app.connect("html-page-context", remember_written_page)
    # After security.py's walk of the output (950), which lists its HTML files for this one.
    app.connect("build-finished", on_build_finished, priority=960)
