"""The plugins sphinxcontrib-bibtex looks up by name in every build, found once per process.

A lookup by entry point reads the metadata of every installed package (10 to 35 ms here), and
sphinxcontrib-bibtex makes four per build: the referencing styles of ``cite`` and ``footcite``
and the person-name style of each. Both libraries look in their runtime registries first, so
the installed plugins of those two groups are put there once, from one scan per group, with the
reading list's own style: a full build saves two scans, and a ``make serve`` build, forked from
the server that did this before (``tools/serve.py``), makes none. What a lookup finds is the
same: a plugin registered at run time keeps its place (``setdefault``), the rest are the
installed entry points.

Checked against sphinxcontrib-bibtex 2.7.0 and pybtex 0.26.1.
"""

from __future__ import annotations

import functools
from importlib.metadata import entry_points

from ..formats.bibtex import register_reading_list_style

REFERENCING_STYLES = "sphinxcontrib.bibtex.style.referencing"
NAME_STYLES = "pybtex.style.names"


@functools.cache  # once per process: the registries are the libraries' process-global tables
def keep_bibtex_plugins() -> None:
    import pybtex.plugin
    import sphinxcontrib.bibtex.plugin

    registries = (
        (REFERENCING_STYLES, sphinxcontrib.bibtex.plugin._runtime_plugins[REFERENCING_STYLES]),
        (NAME_STYLES, pybtex.plugin._RUNTIME_PLUGINS.setdefault(NAME_STYLES, {})),
    )
    for group, registry in registries:
        for point in entry_points(group=group):
            registry.setdefault(point.name, point.load())
    register_reading_list_style()
