"""compat/asset_tags.py: asset tags made once per (function, address from the page, asset)."""

from __future__ import annotations

import types

from workshop.compat.asset_tags import keep_asset_tags
from workshop.state import build_scratch


class _Builder:
    def get_target_uri(self, pagename: str) -> str:
        return f"{pagename}/"


def sphinx_tag(kind: str, calls: list):
    """A tag function as Sphinx's (same module), counting its calls."""

    def tag(asset):
        calls.append((kind, asset))
        return f"<{kind} {asset}>"

    tag.__module__ = "sphinx.builders.html"
    return tag


def render(app, pagename: str, calls: list, assets=("a.js", "b.js")) -> list[str]:
    context = {kind: sphinx_tag(kind, calls) for kind in ("css_tag", "js_tag")}
    keep_asset_tags(app, pagename, "page.html", context, None)
    return [context[kind](asset) for kind in ("css_tag", "js_tag") for asset in assets]


def test_a_tag_is_made_once_per_address_from_the_page_and_asset():
    app = types.SimpleNamespace(builder=_Builder())
    calls: list = []
    first = render(app, "papers/x", calls)
    assert first == ["<css_tag a.js>", "<css_tag b.js>", "<js_tag a.js>", "<js_tag b.js>"]
    assert render(app, "papers/x", calls) == first
    assert render(app, "papers/y", calls) == first  # as deep: the same addresses
    assert len(calls) == 4  # the pages after the first made none
    render(app, "papers/y/z", calls)  # deeper: other addresses, made again
    render(app, "index", calls)
    assert len(calls) == 12
    assert build_scratch(app).asset_tags  # kept for the build, on the application


def test_tag_functions_of_other_extensions_are_left_alone():
    app = types.SimpleNamespace(builder=_Builder())

    def notfound_tag(asset):
        return "theirs"

    context = {"css_tag": notfound_tag, "js_tag": notfound_tag}
    keep_asset_tags(app, "404", "page.html", context, None)
    assert context == {"css_tag": notfound_tag, "js_tag": notfound_tag}
