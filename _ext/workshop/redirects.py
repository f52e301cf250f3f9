"""Old addresses keep working: a redirect page at each old path that moved, from one mapping.

``_data/redirects.yaml`` maps an old path (relative to the site root) to the page that replaced
it, as a document name with an optional ``#fragment``::

    schedule: program/index                 # /schedule/ -> /program/
    speakers: people/index#invited-speakers

``schedule`` writes ``schedule/index.html`` (served for ``/schedule`` and ``/schedule/``);
``schedule.html`` writes that file. Each redirect page has a meta refresh, a canonical link and
a visible link. The pages are written when the build has finished; a source that is a page of
the site, an unknown target page or a missing fragment is a located warning.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.osutil import relative_uri

from .compat.page_files import page_files
from .diagnostics import Problem, warn
from .model.redirects import Redirect, parse_redirects
from .model.yamlio import read_yaml_file
from .render.pages import redirect_page

GENERATOR = "workshop.redirects"


def render(*, title: str, relative: str, canonical: str) -> str:
    """A redirect page: instant meta refresh, canonical link, and a link for everyone else."""
    return redirect_page(title=title, relative=relative, canonical=canonical, generator=GENERATOR)


def _is_redirect_page(path: Path) -> bool:
    try:
        head = path.read_text(encoding="utf-8", errors="replace")[:600]
    except OSError:
        return False
    return f'content="{GENERATOR}"' in head


def _has_anchor(path: Path, fragment: str) -> bool:
    text = path.read_text(encoding="utf-8")
    return re.search(rf"""\bid=["']{re.escape(fragment)}["']""", text) is not None


def write_redirects(app: Sphinx, redirects: list[Redirect], *, source: str) -> None:
    builder = app.builder
    assert isinstance(builder, StandaloneHTMLBuilder)  # on_build_finished: html and dirhtml
    outdir = Path(app.outdir)
    pages = page_files(builder, app.env.found_docs)
    for redirect in redirects:
        location = f"{source}:{redirect.line}"
        output = outdir / redirect.output
        taken = next((p for p in output.parents if p.is_file()), None)
        if taken is not None:
            warn(
                Problem.redirect,
                f"'{redirect.source}' would need a folder where the build writes the file "
                f"{taken.relative_to(outdir).as_posix()}; remove this entry",
                location=location,
            )
            continue
        if str(redirect.output) in pages or (output.exists() and not _is_redirect_page(output)):
            warn(
                Problem.redirect,
                f"'{redirect.source}' is a page of this site ({redirect.output}): a redirect "
                "would replace it; remove this entry",
                location=location,
            )
            continue
        target = Path(builder.get_output_path(redirect.docname))
        if redirect.fragment and not _has_anchor(target, redirect.fragment):
            warn(
                Problem.redirect,
                f"'{redirect.source}' redirects to '{redirect.docname}#{redirect.fragment}', "
                f"but that page has no anchor {redirect.fragment!r}; use the id of a heading",
                location=location,
            )
            continue
        suffix = f"#{redirect.fragment}" if redirect.fragment else ""
        target_uri = builder.get_target_uri(redirect.docname)
        relative = (relative_uri(redirect.uri, target_uri) or "./") + suffix
        base = app.config.html_baseurl
        canonical = (base.rstrip("/") + "/" + target_uri + suffix) if base else relative
        title = app.env.titles[redirect.docname].astext()
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(
            render(title=title, relative=relative, canonical=canonical), encoding="utf-8"
        )


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    source = app.config.workshop_redirects_file
    path = Path(app.srcdir, source)
    if not path.exists():
        return  # a site without old addresses
    located = read_yaml_file(path, source=source, report=warn)
    if located is None:
        return
    redirects = parse_redirects(located, docnames=set(app.env.found_docs), report=warn)
    write_redirects(app, redirects, source=source)


def setup_redirects(app: Sphinx) -> None:
    # Last: every other file of the build (exports, sitemap, robots.txt) is written by then, so
    # a redirect that would replace one is seen.
    app.connect("build-finished", on_build_finished, priority=900)
