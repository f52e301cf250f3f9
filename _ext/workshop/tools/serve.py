"""``make serve``: sphinx-autobuild, with every rebuild forked from a warm process.

sphinx-autobuild starts a new ``python -m sphinx`` for each change, and half of a one-paper
rebuild (0.6 of 1.3 s) is that process importing Sphinx, MyST, the theme and the other
extensions again. Here the server imports them once, and each build runs in a new process
forked from it, so a build leaves nothing behind for the next. This extension is imported in
advance too (a third of a one-paper rebuild at 45 papers was importing it and building its
pydantic models); a forked build in which one of its module files changed since then drops all
of them first and imports the code as it is now, so an edit to it counts from the next build.
``conf.py`` is read by every build.

Sphinx builds into ``<outdir>.building``; the served folder ``<outdir>`` becomes a copy of it
only when the build succeeded, so a failed build leaves the last good one online. The first
build, and any build after a page source was deleted, start from an empty ``<outdir>.building``
(Sphinx never removes the page of a deleted source), so a deleted page stops being served.

    python -m workshop.tools.serve [sphinx-autobuild options] SOURCEDIR OUTDIR

Importing this module loads no Sphinx: the server imports it when it starts
(``compat/autobuild.py`` holds what depends on sphinx-autobuild's internals).
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

OWN_EXTENSIONS = {"workshop"}
PAGE_SUFFIXES = {".md", ".rst"}  # sources that become pages (conf.py's source_suffix)
# Imported as the theme and the extensions load (the theme is not in conf.py's extensions),
# and by ours.
THIRD_PARTY = [
    "sphinx.cmd.build",
    "sphinx.search.en",
    "sphinx.ext.mathjax",
    "sphinx.ext.autodoc",
    "pydata_sphinx_theme",
    "myst_parser.sphinx_ext.main",
    "myst_parser.parsers.sphinx_",
    "sphinx_design.extension",
    "sphinxcontrib.bibtex.style.referencing.author_year",
    "pybtex.style.formatting.plain",
    "pydantic.main",
    "pydantic.fields",
    "icalendar",
    "bibtexparser",
    "pylatexenc.latexencode",
]


def preload_modules(confdir: Path) -> list[str]:
    """Sphinx's built-in extensions, the ones ``conf.py`` lists but ours, and what they import."""
    from sphinx.application import builtin_extensions
    from sphinx.config import Config
    from sphinx.util.tags import Tags

    listed = Config.read(confdir, overrides={}, tags=Tags()).extensions
    return [*builtin_extensions, *(e for e in listed if e not in OWN_EXTENSIONS), *THIRD_PARTY]


# This extension's modules as preloaded: name -> (file, mtime in ns). Read in forked builds.
_PRELOADED_OWN: dict[str, tuple[str, int]] = {}
# Not dropped: the server's own modules, running in the build's process.
_SERVER_MODULES = ("workshop.tools", "workshop.compat.autobuild", "workshop.chromium")


def preload(confdir: Path) -> None:
    for name in [*preload_modules(confdir), *(f"{own}.extension" for own in OWN_EXTENSIONS)]:
        with contextlib.suppress(ImportError):  # not installed: then no build needs it
            importlib.import_module(name)
    with contextlib.suppress(ImportError):  # plugins every build would look up by name
        from ..compat.plugin_lookups import keep_bibtex_plugins

        keep_bibtex_plugins()
    _PRELOADED_OWN.clear()
    _PRELOADED_OWN.update(own_module_files(sys.modules))


def _is_own(name: str) -> bool:
    return name.split(".")[0] in OWN_EXTENSIONS and not name.startswith(_SERVER_MODULES)


def own_module_files(modules: dict) -> dict[str, tuple[str, int]]:
    """This extension's imported modules (not the server's): name -> (file, mtime in ns)."""
    found = {}
    for name, module in list(modules.items()):
        path = getattr(module, "__file__", None)
        if _is_own(name) and path:
            with contextlib.suppress(OSError):
                found[name] = (path, os.stat(path).st_mtime_ns)
    return found


def forget_edited_extension(modules: dict, preloaded: dict[str, tuple[str, int]]) -> bool:
    """If a preloaded module file of this extension changed (or went), drop every module of it
    from ``modules``, so the build imports the code as it is now; whether it did."""
    for path, mtime in preloaded.values():
        try:
            if os.stat(path).st_mtime_ns == mtime:
                continue
        except OSError:
            pass
        for name in [name for name in modules if _is_own(name)]:
            del modules[name]
        return True
    return False


def _build(sphinx_args: list[str]) -> None:
    from sphinx.cmd.build import build_main

    forget_edited_extension(sys.modules, _PRELOADED_OWN)
    sys.exit(build_main(sphinx_args))


def forked_build(sphinx_args: Sequence[str]) -> int:
    """``sphinx-build`` with these arguments in a process forked from this one; its exit code."""
    child = multiprocessing.get_context("fork").Process(target=_build, args=(list(sphinx_args),))
    child.start()
    child.join()
    assert child.exitcode is not None  # joined: it has ended
    return child.exitcode


def staging_dir(outdir: Path) -> Path:
    """Where ``make serve`` builds; ``outdir`` is only ever a copy of a successful build."""
    return outdir.with_name(outdir.name + ".building")


def staged(sphinx_args: Sequence[str]) -> tuple[list[str], Path, Path]:
    """The same arguments building into the staging folder; the served and staging folders."""
    from sphinx.cmd.build import get_parser

    outputdir = get_parser().parse_args(list(sphinx_args)).outputdir
    args = list(sphinx_args)
    position = max(index for index, arg in enumerate(args) if arg == outputdir)  # positional
    args[position] = str(staging_dir(Path(outputdir)))
    return args, Path(outputdir), Path(args[position])


def _tree(root: str) -> dict[str, os.stat_result | None]:
    """``relative path -> stat`` of every file below ``root`` (``None`` for a folder)."""
    found: dict[str, os.stat_result | None] = {}
    folders = [""]
    while folders:
        relative = folders.pop()
        with os.scandir(os.path.join(root, relative)) as entries:
            for entry in entries:
                path = os.path.join(relative, entry.name) if relative else entry.name
                if entry.is_dir(follow_symlinks=False):
                    found[path] = None
                    folders.append(path)
                else:
                    found[path] = entry.stat(follow_symlinks=False)
    return found


# Served folder -> its files as the last publish of this process left them: the server is its
# only writer, so the next publish need not walk it again.
_PUBLISHED: dict[str, dict[str, os.stat_result | None]] = {}


def publish(built: Path, served: Path) -> None:
    """Make ``served`` an exact copy of ``built``: changed files replaced whole (a reader never
    sees half a file), files no longer built removed. Unchanged files cost one stat, so
    publishing a one-page rebuild of a large site copies one page, not the site."""
    new = _tree(os.fspath(built))
    old = _PUBLISHED.pop(os.fspath(served), None) or _tree(os.fspath(served))
    for path, stat in sorted(new.items()):  # sorted: a folder before what it holds
        target = os.path.join(served, path)
        before = old.get(path, False)
        if stat is None:
            if before is not None:  # a file where the folder goes, or nothing
                if before is not False:
                    os.unlink(target)
                os.mkdir(target)
            continue
        if isinstance(before, os.stat_result):
            if (before.st_size, before.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                continue  # copied by an earlier publish (copy2 keeps the time)
        elif before is None:
            _remove(target)  # a folder where the file goes
        partial = os.path.join(os.path.dirname(target), f".{os.path.basename(path)}.publishing")
        shutil.copy2(os.path.join(built, path), partial)
        os.replace(partial, target)
    for path in sorted(old.keys() - new.keys(), reverse=True):  # contents before their folder
        if os.path.lexists(target := os.path.join(served, path)):
            _remove(target)
    _PUBLISHED[os.fspath(served)] = new


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        os.unlink(path)


def build_and_publish(sphinx_args: Sequence[str], *, fresh: bool = False) -> int:
    """A forked build into the staging folder, published only if it succeeded; its exit code.
    ``fresh`` empties the staging folder first, so pages of deleted sources disappear."""
    args, served, staging = staged(sphinx_args)
    if fresh:
        shutil.rmtree(staging, ignore_errors=True)
    code = forked_build(args)
    if code == 0:
        served.mkdir(parents=True, exist_ok=True)
        publish(staging, served)
    return code


def start(sphinx_args: Sequence[str]) -> None:
    """Once, when the server starts: import what every build needs (not conf.py)."""
    from sphinx.cmd.build import get_parser

    arguments = get_parser().parse_args(list(sphinx_args))
    preload(Path(arguments.confdir or arguments.sourcedir))


def shown_command(sphinx_args: Sequence[str]) -> list[str]:
    """The command a rebuild stands for, as sphinx-autobuild shows it."""
    return ["python", "-m", "sphinx", *staged(sphinx_args)[0]]


def rebuild(sphinx_args: Sequence[str], changed_paths: Sequence[Path]) -> int:
    """One rebuild after a change (none: the first); its exit code."""
    # The first build, and any after a page was deleted, start from scratch (docstring).
    fresh = not changed_paths or any(
        path.suffix in PAGE_SUFFIXES and not path.exists() for path in changed_paths
    )
    return build_and_publish(sphinx_args, fresh=fresh)


def main() -> None:
    from ..compat.autobuild import serve_with

    serve_with(
        sys.argv[1:],
        start=start,
        shown_command=shown_command,
        rebuild=rebuild,
        # The staging folder is written by every build: watching it would rebuild forever.
        not_watched=staging_dir,
    )


if __name__ == "__main__":
    main()
