"""The markup of news: a post's header (its day, the pages it points to) and the list of posts."""

from __future__ import annotations

import datetime as dt

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder

from ..domain import page_link
from ..model.dates import format_day
from ..model.records import NewsPost
from .nodes import make


def post_day(day: dt.date) -> nodes.Element:
    """``<time datetime="2025-03-05">Wednesday, March 5, 2025</time>``."""
    return make("time", format_day(day), classes=["wsl-news-date"], datetime=day.isoformat())


def news_header(post: NewsPost) -> nodes.container:
    """The day of the post and, when it names pages, links to them (titled by Sphinx; an unknown
    page is Sphinx's located warning, as for any ``{doc}`` link)."""
    header = nodes.container(classes=["wsl-record-header", "wsl-news-header"])
    header += nodes.paragraph("", "", post_day(post.date), classes=["wsl-news-day"])
    if post.links:
        line = nodes.paragraph("", "See: ", classes=["wsl-links"])
        for index, page in enumerate(post.links):
            if index:
                line += nodes.Text(" · ")
            line += addnodes.pending_xref(
                "",
                nodes.inline("", page),
                refdomain="std",
                reftype="doc",
                reftarget="/" + page,
                refdoc=post.docname,
                refexplicit=False,
                refwarn=True,
            )
        header += line
    return header


def news_list(builder: Builder, docname: str, posts: list[NewsPost]) -> nodes.Element:
    """Posts, newest first: the day, then the headline linking to the post."""
    if not posts:
        return nodes.paragraph("", "No news yet.", classes=["wsl-news-empty"])
    items = nodes.bullet_list(classes=["wsl-news-list"])
    for post in posts:
        line = nodes.paragraph("", "", post_day(post.date), nodes.Text(" "))
        line += page_link(builder, docname, post.docname, post.title, classes=["wsl-news-title"])
        items += nodes.list_item("", line)
    return items
