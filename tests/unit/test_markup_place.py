"""All HTML of the extension is made in `render/` (and `compat/`, which patches other projects'
writers): a string literal holding an HTML tag anywhere else is a second way to make markup,
with its own escaping. Docstrings are prose and are not checked; regular expressions are."""

from __future__ import annotations

import ast
import re

from site_build import ROOT

PACKAGE = ROOT / "_ext" / "workshop"
ALLOWED = ("render", "compat")
# Markup, not a message that names an element ("a <script> element"): an end tag, a start tag
# with a quoted attribute, or a document type.
HTML_TAG = re.compile(r"</[a-zA-Z][a-zA-Z0-9]*>|<[a-zA-Z][a-zA-Z0-9-]*\s+[\w-]+=\"|<!DOCTYPE", re.I)


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the constants that are docstrings (of the module, a class or a function)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            found.add(id(first.value))
    return found


def tag_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string constant, or constant part of an f-string, that holds an
    HTML tag."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and HTML_TAG.search(node.value)
    )


def test_scanner_finds_tags_in_strings_and_f_strings():
    source = (
        "x = f'<meta name=\"{n}\" />'\n"
        'y = "</div>"\n'
        'def f():\n    """A <b> docstring."""\n'
        'z = "a < b, a <script> element, <id>.jpg"\n'
    )
    assert sorted(line for line, _ in tag_literals(source)) == [1, 2]


def test_no_html_outside_render():
    found = [
        f"{path.relative_to(PACKAGE)}:{line}: {text[:60]!r}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in ALLOWED
        for line, text in tag_literals(path.read_text(encoding="utf-8"))
    ]
    assert not found, "HTML made outside render/ (use render/markup.py):\n" + "\n".join(found)
