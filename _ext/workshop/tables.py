"""Build docutils tables from rows of node lists (the dates table, schedule, listings)."""

from __future__ import annotations

import typing as t

from docutils import nodes

Cell = t.Sequence[nodes.Node]


def table(
    headers: t.Sequence[str], rows: t.Iterable[t.Sequence[Cell]], *, classes=()
) -> nodes.table:
    node = nodes.table(classes=list(classes))
    group = nodes.tgroup(cols=len(headers))
    node += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    head += _row([[nodes.Text(header)] for header in headers])
    group += head
    body = nodes.tbody()
    for cells in rows:
        body += _row(cells)
    group += body
    return node


def _row(cells: t.Sequence[Cell]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        paragraph = nodes.paragraph()
        paragraph.extend(cell)
        entry += paragraph
        row += entry
    return row
