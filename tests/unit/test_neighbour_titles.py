"""compat/neighbour_titles.py: a page's entry in the relations keeps its parent only."""

from __future__ import annotations

import types

from workshop.compat.neighbour_titles import forget_neighbours


def test_a_resolved_page_keeps_its_parent_and_loses_its_neighbours():
    relations = {"papers/b": ["papers/index", "papers/a", "papers/c"], "papers/c": ["x", "y", None]}
    app = types.SimpleNamespace(builder=types.SimpleNamespace(relations=relations))
    forget_neighbours(app, None, "papers/b")
    assert relations == {"papers/b": ["papers/index", None, None], "papers/c": ["x", "y", None]}
    forget_neighbours(app, None, "elsewhere")  # a page without relations: nothing to do
    assert "elsewhere" not in relations


def test_builders_without_relations_are_left_alone():
    app = types.SimpleNamespace(builder=types.SimpleNamespace())
    forget_neighbours(app, None, "index")
