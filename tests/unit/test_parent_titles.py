"""compat/parent_titles.py: a page's plain title rendered once per build; any other each time."""

from __future__ import annotations

import types

from docutils import nodes
from workshop.compat.parent_titles import keep_parent_titles
from workshop.state import build_scratch


def title(*children: nodes.Node) -> nodes.title:
    return nodes.title("", "", *children)


def test_plain_titles_are_rendered_once_others_each_time():
    titles = {
        "papers/index": title(nodes.Text("Papers")),
        "index": title(nodes.emphasis("", "Home")),
        "linked": title(nodes.reference("", "Elsewhere", refuri="../x/")),
    }
    rendered: list = []

    def render_partial(node):
        rendered.append(node)
        return {"title": node.astext(), "fragment": ""}

    builder = types.SimpleNamespace(render_partial=render_partial)
    app = types.SimpleNamespace(env=types.SimpleNamespace(titles=titles))
    keep_parent_titles(app, builder)
    for _ in range(3):  # three pages below them
        for docname in titles:
            assert builder.render_partial(titles[docname])["title"] == titles[docname].astext()
        own = title(nodes.Text("A page's own title"))
        assert builder.render_partial(own)["title"] == "A page's own title"
    assert rendered.count(titles["papers/index"]) == 1
    assert rendered.count(titles["index"]) == 1
    assert rendered.count(titles["linked"]) == 3  # a link's address depends on the page
    assert len(rendered) == 2 + 3 + 3
    assert set(build_scratch(app).plain_titles) == {"papers/index", "index"}
    # Each call gets its own parts: a caller changing them changes no other page.
    builder.render_partial(titles["index"])["title"] = "changed"
    assert builder.render_partial(titles["index"])["title"] == "Home"
