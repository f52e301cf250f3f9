"""render/markup.py: every text and attribute value is escaped once, markup is kept."""

from __future__ import annotations

from workshop.render.markup import escape, join, tag, void


def test_text_and_attributes_are_escaped():
    made = tag("a", {"href": '/x?a=1&b="2"', "title": "it's"}, "<b>&")
    assert made == ('<a href="/x?a=1&amp;b=&quot;2&quot;" title="it&#x27;s">&lt;b&gt;&amp;</a>')


def test_markup_is_not_escaped_twice():
    inner = tag("span", {"class": "x"}, "a & b")
    assert tag("li", None, inner) == '<li><span class="x">a &amp; b</span></li>'
    assert escape(escape("<")) == "&lt;"
    assert join(["<", inner], " ") == '&lt; <span class="x">a &amp; b</span>'


def test_boolean_and_missing_attributes():
    assert void("input", {"hidden": True, "value": None, "checked": False}) == "<input hidden>"
    assert void("meta", {"name": "n", "content": "c"}, slash=True) == (
        '<meta name="n" content="c" />'
    )
