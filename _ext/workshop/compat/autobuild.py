"""sphinx-autobuild with our own builds: its server, watcher and messages, our ``Builder``.

Checked against sphinx-autobuild 2025.8.25 (pinned below 2026 in pyproject.toml):
``sphinx_autobuild.__main__.main`` makes its builder from the module-level name ``Builder``
(imported from ``sphinx_autobuild.build``), calls it with ``sphinx_args`` and the keyword
arguments ``url_host``, ``pre_build_commands`` and ``post_build_commands``, then calls
``builder(changed_paths=...)`` for each change in a ``ProcessPoolExecutor`` (the builder is
pickled: its hooks must be module-level functions, never lambdas); ``__main__._parse_args``
returns the parsed options first; ``sphinx_autobuild.utils.show_command`` and ``show_message``
print its messages.
Any change of these breaks ``make serve`` (canary: tests/unit/test_compat.py).
"""

from __future__ import annotations

import sys
import typing as t
from collections.abc import Sequence
from pathlib import Path


class WarmBuilder:
    """Stands in for sphinx-autobuild's ``Builder``: the same messages, our ``rebuild``."""

    def __init__(
        self,
        sphinx_args: list[str],
        *,
        url_host: str,
        pre_build_commands: list,
        post_build_commands: list,
        hooks: dict[str, t.Callable],
    ) -> None:
        if pre_build_commands or post_build_commands:
            sys.exit("workshop.tools.serve: --pre-build and --post-build are not supported")
        self.sphinx_args = sphinx_args
        self.uri = f"http://{url_host}"
        self.hooks = hooks
        hooks["start"](sphinx_args)

    def __call__(self, *, changed_paths: Sequence[Path]) -> None:
        from sphinx_autobuild.utils import show_command, show_message

        if changed_paths:
            names = ", ".join(str(path) for path in changed_paths[:5])
            show_message(f"Detected changes ({names})")
        show_command(self.hooks["shown_command"](self.sphinx_args))
        if self.hooks["rebuild"](self.sphinx_args, changed_paths) != 0:
            print(
                "The build failed: the server goes on serving the previous build. "
                "Fix the error above and save again, or press Ctrl+C to stop."
            )
        show_message(f"Serving on {self.uri}")


def serve_with(
    argv: list[str],
    *,
    start: t.Callable[[list[str]], None],
    shown_command: t.Callable[[list[str]], list[str]],
    rebuild: t.Callable[[list[str], Sequence[Path]], int],
    not_watched: t.Callable[[Path], Path],
) -> None:
    """Run sphinx-autobuild on ``argv`` with ``rebuild`` as its build; ``not_watched(outdir)``
    is a folder its watcher ignores."""
    from sphinx_autobuild import __main__ as autobuild

    hooks: dict[str, t.Callable[..., t.Any]] = {
        "start": start,
        "shown_command": shown_command,
        "rebuild": rebuild,
    }

    def builder(sphinx_args, **options) -> WarmBuilder:
        return WarmBuilder(sphinx_args, **options, hooks=hooks)

    # sphinx-autobuild makes its builder from this module-level name; all else is its own.
    autobuild.Builder = builder
    outdir = autobuild._parse_args(list(argv))[0].outdir  # resolved, as its watcher compares
    autobuild.main([*argv, "--ignore", str(not_watched(outdir))])
