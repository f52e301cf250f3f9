"""Old addresses of the site: the mapping of old paths to the pages that replaced them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from .problems import Problem, Report
from .yamlio import Located

_OLD_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*/?$")
_FRAGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Redirect:
    source: str  # the old path, as written in the data file
    docname: str
    fragment: str
    line: int

    @property
    def output(self) -> PurePosixPath:
        """The file to write, relative to the output directory."""
        path = PurePosixPath(self.source.rstrip("/"))
        return path if path.suffix == ".html" else path / "index.html"

    @property
    def uri(self) -> str:
        """The old address, relative to the site root."""
        return str(self.output) if self.output.name != "index.html" else f"{self.output.parent}/"


def parse_redirects(located: Located, *, docnames: set[str], report: Report) -> list[Redirect]:
    """Validate the mapping; every bad entry is reported, located, and left out."""
    where = located.source
    if not isinstance(located.data, dict):
        report(
            Problem.redirect,
            "the redirects file must map old paths to pages",
            location=located.where(),
        )
        return []
    redirects = []
    for source, target in located.data.items():
        line = located.line((source,))
        location = f"{where}:{line}"
        if not isinstance(source, str) or not _OLD_PATH.match(source):
            report(
                Problem.redirect,
                f"old path {source!r} must be relative to the site root, like 'schedule' or "
                "'schedule.html' (letters, digits, '.', '-', '_' and '/', no leading '/')",
                location=location,
            )
            continue
        if not isinstance(target, str) or not target.strip():
            report(
                Problem.redirect,
                f"'{source}' must redirect to a page, like 'program/index' or "
                "'people/index#invited-speakers'",
                location=location,
            )
            continue
        suffix = PurePosixPath(source.rstrip("/")).suffix
        if suffix not in ("", ".html"):
            report(
                Problem.redirect,
                f"old path {source!r} is not a page address: a redirect page can only stand "
                "for a page, like 'schedule', 'schedule/' or 'schedule.html' (files such as "
                f"'{suffix}' ones cannot redirect)",
                location=location,
            )
            continue
        docname, _, fragment = target.strip().partition("#")
        docname = docname.removesuffix(".md").strip("/")
        if docname not in docnames:
            near = sorted(d for d in docnames if d.split("/")[0] == docname.split("/")[0])
            hint = f"; pages there: {', '.join(near)}" if near else ""
            report(
                Problem.redirect,
                f"'{source}' redirects to {docname!r}, which is not a page of the site; write "
                f"the page's source name without .md, e.g. 'program/index'{hint}",
                location=location,
            )
            continue
        if fragment and not _FRAGMENT.match(fragment):
            report(
                Problem.redirect,
                f"'{source}': the fragment {fragment!r} is not a valid anchor id",
                location=location,
            )
            continue
        redirects.append(Redirect(source, docname, fragment, line))
    return redirects
