"""``make serve``: sphinx-autobuild, with every rebuild forked from a warm process.

sphinx-autobuild starts a new ``python -m sphinx`` for each change, and half of a one-paper
rebuild (0.6 of 1.3 s) is that process importing Sphinx, MyST, the theme and the other
extensions again. Here the server imports them once, and each build runs in a new process
forked from it, so a build leaves nothing behind for the next. This extension and ``conf.py``
are not imported in advance: an edit to them counts from the next build.

    python -m workshop.serve [sphinx-autobuild options] SOURCEDIR OUTDIR
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import sys
from collections.abc import Sequence
from pathlib import Path

OWN_EXTENSIONS = {"workshop"}
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


def preload(confdir: Path) -> None:
    for name in preload_modules(confdir):
        with contextlib.suppress(ImportError):  # not installed: then no build needs it
            importlib.import_module(name)


def _build(sphinx_args: list[str]) -> None:
    from sphinx.cmd.build import build_main

    sys.exit(build_main(sphinx_args))


def forked_build(sphinx_args: Sequence[str]) -> int:
    """``sphinx-build`` with these arguments in a process forked from this one; its exit code."""
    child = multiprocessing.get_context("fork").Process(target=_build, args=(list(sphinx_args),))
    child.start()
    child.join()
    return child.exitcode


class WarmBuilder:
    """Stands in for sphinx-autobuild's ``Builder``: the same messages, the build forked."""

    def __init__(self, sphinx_args, *, url_host, pre_build_commands, post_build_commands):
        if pre_build_commands or post_build_commands:
            sys.exit("workshop.serve: --pre-build and --post-build are not supported")
        self.sphinx_args = sphinx_args
        self.uri = f"http://{url_host}"
        from sphinx.cmd.build import get_parser

        arguments = get_parser().parse_args(sphinx_args)
        preload(Path(arguments.confdir or arguments.sourcedir))

    def __call__(self, *, changed_paths: Sequence[Path]) -> None:
        from sphinx_autobuild.utils import show_command, show_message

        if changed_paths:
            names = ", ".join(str(path) for path in changed_paths[:5])
            show_message(f"Detected changes ({names})")
        show_command(["python", "-m", "sphinx", *self.sphinx_args])
        if forked_build(self.sphinx_args) != 0:
            print(
                "The build failed: the server goes on serving the previous build. "
                "Fix the error above and save again, or press Ctrl+C to stop."
            )
        show_message(f"Serving on {self.uri}")


def main() -> None:
    from sphinx_autobuild import __main__ as autobuild

    # sphinx-autobuild makes its builder from this module-level name; all else is its own.
    autobuild.Builder = WarmBuilder
    autobuild.main(sys.argv[1:])


if __name__ == "__main__":
    main()
