"""News: posts in ``news/`` (the ``NEWS`` collection of ``kinds.py``), their lists and their
publication date.

A post dated after the build's "now" (``SOURCE_DATE_EPOCH``, as for deadlines) is not published:
its file is left out of the build (``exclude_patterns``, set when the configuration is read), so
no page, list, feed, sitemap, search entry or ``objects.inv`` entry has it, and its own page is
not written. The pattern changes only when a post is added or becomes due: then Sphinx reads the
site again, as for any configuration change.

``{news-list}`` lists the published posts, newest first (``:latest: 3``: the last three, as the
front door shows them). The Atom feed (``news/atom.xml``) is an export of the registry
(``features/exports.py``), linked from every page's head.
"""

from __future__ import annotations

import typing as t
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..domain import domain
from ..kinds import NEWS
from ..model.dates import build_instant, load_dates
from ..model.problems import Report
from ..model.records import NewsPost, is_published, news_date
from ..model.yamlio import DataError, parse_yaml, split_front_matter
from ..render.news import news_list
from ..render.nodes import news_listing

logger = logging.getLogger(__name__)


def published_posts(app: Sphinx) -> list[NewsPost]:
    """The posts of this build (the others are not read), newest first."""
    return sorted(domain(app.env).news().values(), key=lambda post: post.sort_key)


# -- not before their day ---------------------------------------------------------------------


def _ignore(*args, **kwargs) -> None:
    """Problems of the data files are reported once the build reads them (state.py)."""


def future_posts(srcdir: Path, config: Config, now) -> list[str]:
    """The files of the posts dated after ``now`` (``news/<name>.md``), relative to ``srcdir``.

    A post whose date cannot be read is left in: its page reports the problem, located."""
    report: Report = _ignore
    dates = load_dates(
        Path(srcdir, config.workshop_dates_file), source=config.workshop_dates_file, report=report
    )
    known = {key: entry.date for key, entry in dates.entries.items()}
    future = []
    for path in sorted(Path(srcdir, NEWS.folder).glob("*.md")):
        name = f"{NEWS.folder}/{path.stem}"
        if name in config.workshop_collection_pages:
            continue
        try:
            front_matter, first_line = split_front_matter(path.read_text(encoding="utf-8"))
            data = parse_yaml(front_matter or "", source=name, first_line=first_line).data
            day = news_date(data.get("date"), known) if isinstance(data, dict) else None
        except (DataError, OSError, UnicodeError, ValueError):
            continue
        try:
            post = NewsPost(id=path.stem, docname=name, title="...", date=day)
        except ValueError:
            continue
        if not is_published(post, now):
            future.append(f"{name}.md")
    return future


def on_config_inited(app: Sphinx, config: Config) -> None:
    future = future_posts(Path(app.srcdir), config, build_instant())
    for source in future:
        logger.info("%s is dated after the build's day: not published yet", source)
    config.exclude_patterns = [*config.exclude_patterns, *future]


# -- lists ----------------------------------------------------------------------------------------


class NewsListDirective(SphinxDirective):
    """``{news-list}``: the published posts, newest first; ``:latest: N``: the last N."""

    has_content = False
    option_spec: t.ClassVar = {"latest": directives.positive_int}

    def run(self):
        domain(self.env).note_listing(self.env.docname, NEWS)
        node = news_listing(latest=self.options.get("latest"))
        self.set_source_info(node)
        return [node]


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(news_listing))
    if not found:
        return
    posts = published_posts(app)
    for node in found:
        latest = node["latest"]
        node.replace_self(news_list(app.builder, docname, posts[:latest] if latest else posts))


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """Keep a post's text, plain, for its feed entry (after the record is stored)."""
    env = app.env
    if domain(env).record_of(NEWS, env.docname) is None:
        return
    body = [
        paragraph.astext()
        for paragraph in doctree.findall(nodes.paragraph)
        if not any(_is_front_matter(parent) for parent in _ancestors(paragraph))
    ]
    domain(env).set_summary(env.docname, " ".join(" ".join(body).split()))


def _ancestors(node: nodes.Node) -> t.Iterator[nodes.Node]:
    while node.parent is not None:
        node = node.parent
        yield node


def _is_front_matter(node: nodes.Node) -> bool:
    """The docinfo (front matter fields) and the header made from them: not the post's text."""
    return isinstance(node, nodes.docinfo) or (
        isinstance(node, nodes.container) and "wsl-news-header" in node["classes"]
    )


def setup_news(app: Sphinx) -> None:
    # After state.on_config_inited (500): the facts are read; before the environment exists.
    app.connect("config-inited", on_config_inited, priority=550)
    app.add_directive("news-list", NewsListDirective)
    app.connect("doctree-read", on_doctree_read, priority=450)  # after the record is stored
    app.connect("doctree-resolved", on_doctree_resolved)
