"""Pages made from a data file are read again when that file's content changes.

Sphinx's ``env.note_dependency`` stores the file's path with every page that uses it, pickles
the paths and checks each one's time stamp at every build: four data files on every paper page
made 8,000 paths to unpickle and 8,000 ``stat`` calls in each rebuild of a 2,000-paper site.
Here the domain notes the data files a page uses (names relative to the source folder), the
build memory keeps each file's digest as the pages were read, and at ``env-get-outdated`` the
pages of a file whose content changed are read again (a file only touched is not a change).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..domain import domain
from ..state import build_memory, build_scratch


def note_data_file(env: BuildEnvironment, source: str) -> None:
    """The page being read shows what ``source`` (relative to the source folder) holds."""
    domain(env).note_data_file(env.docname, source)


def file_digest(path: Path) -> str | None:
    """The digest of the file's bytes; None when there is no such file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def on_env_get_outdated(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """The pages of every data file whose content is not what they were read from."""
    read_from = build_memory(env).data_file_digests
    digests = build_scratch(app).data_file_digests
    outdated: set[str] = set()
    for source, docnames in domain(env).data_file_users().items():
        digests[source] = file_digest(Path(app.srcdir, source))
        if read_from.get(source, digests[source]) != digests[source]:
            outdated.update(docnames)
    return sorted(outdated)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    """Remember the content the pages were read from: the digests taken before reading (a file
    changed during the build is seen by the next one), new files' digests now."""
    digests = build_scratch(app).data_file_digests
    build_memory(env).data_file_digests = {
        source: digests[source] if source in digests else file_digest(Path(app.srcdir, source))
        for source in domain(env).data_file_users()
    }
    digests.clear()


def setup_data_files(app: Sphinx) -> None:
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("env-updated", on_env_updated)
