"""sitemap.xml complete and sorted after incremental and parallel builds, and robots.txt.

Checked against sphinx-sitemap 2.9.0, around its ``build-finished`` handler (priority 500):
``app.sitemap_links`` is its undocumented ``multiprocessing.Manager().Queue()`` proxy, whose
private ``_manager`` is stopped here (else its forked process holds pipes open); its XML is
re-parsed and its URL formula (``sitemap_url_scheme.format(lang, version, link)``) repeated;
"nothing written" is detected by the file's mtime. An upgrade that changes any of these gives
wrong or missing entries, or a leaked process (canary: tests/unit/test_compat.py).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from sphinx.application import Sphinx

from ..state import build_scratch

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_LOC = f"{{{SITEMAP_NS}}}loc"


def _sitemap_path(app: Sphinx) -> Path:
    return Path(app.outdir, getattr(app.config, "sitemap_filename", "sitemap.xml"))


def _sitemap_urls(path: Path) -> dict[str, ElementTree.Element]:
    if not path.is_file():
        return {}
    return {url.findtext(_LOC) or "": url for url in ElementTree.parse(path).getroot()}


def remember_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Keep the previous sitemap before sphinx-sitemap writes a new one (or none)."""
    path = _sitemap_path(app)
    build_scratch(app).previous_sitemap = (
        _sitemap_urls(path),
        path.stat().st_mtime_ns if path.is_file() else None,
    )


def page_urls(app: Sphinx) -> set[str]:
    """The absolute URL of every document and every page the build keeps beside them (written
    again or not), as sphinx-sitemap writes it."""
    config = app.config
    lang = f"{config.language}/" if config.language else ""
    version = f"{config.version}/" if config.version else ""
    return {
        config.html_baseurl
        + config.sitemap_url_scheme.format(
            lang=lang, version=version, link=app.builder.get_target_uri(docname)
        )
        for docname in (*app.env.found_docs, *build_scratch(app).kept_pages)
    }


def finish_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Complete, sort and announce sitemap.xml.

    sphinx-sitemap lists the pages written by this build only: after an incremental build,
    pages that were not rewritten are taken from the previous sitemap, if they still exist.
    Parallel writes list pages in any order: the entries are sorted. robots.txt points to it.
    """
    stop_sitemap_manager(app)
    sitemap = _sitemap_path(app)
    if exception is not None or not sitemap.is_file() or not app.config.html_baseurl:
        return
    previous, previous_mtime = build_scratch(app).previous_sitemap
    # sphinx-sitemap writes nothing when no page was written: then every entry is old.
    fresh = _sitemap_urls(sitemap) if sitemap.stat().st_mtime_ns != previous_mtime else {}
    existing = page_urls(app)
    urls = {loc: url for loc, url in previous.items() if loc in existing} | fresh
    ElementTree.register_namespace("", SITEMAP_NS)
    root = ElementTree.Element(f"{{{SITEMAP_NS}}}urlset")
    root.extend(urls[loc] for loc in sorted(urls))
    ElementTree.ElementTree(root).write(sitemap, xml_declaration=True, encoding="utf-8")
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {app.config.html_baseurl}{sitemap.name}\n"
    Path(app.outdir, "robots.txt").write_text(robots, encoding="utf-8")


def stop_sitemap_manager(app: Sphinx) -> None:
    """Stop the process sphinx-sitemap forks to collect links, once the sitemap is written.

    The forked process keeps copies of every file descriptor of the builder's process; left
    running, it holds pipes open (a browser driver's, in the tests) until the process exits.
    """
    links = getattr(app, "sitemap_links", None)
    manager = getattr(links, "_manager", None)  # multiprocessing's proxy keeps its manager
    if manager is not None:
        manager.shutdown()


def setup_sitemap(app: Sphinx) -> None:
    # Around sphinx-sitemap (priority 500), which writes sitemap.xml.
    app.connect("build-finished", remember_sitemap, priority=400)
    app.connect("build-finished", finish_sitemap, priority=900)
