"""The markup of ``{people}``: a count and a grid of person cards (sphinx-design components)."""

from __future__ import annotations

from docutils import nodes
from sphinx.builders import Builder
from sphinx_design.shared import create_component

from ..domain import page_link
from ..model.records import Person
from .record_pages import avatar, role_badges


def people_cards(
    builder: Builder, docname: str, chosen: list[Person], *, role: str | None
) -> list[nodes.Node]:
    """The cards of ``chosen``; each shows its role badges, except ``role`` (the role of the
    listing, which its heading says)."""
    # sphinx-design components render as bare <div>s (no docutils "container" class,
    # which the theme's Bootstrap would style as a page-wide container).
    grid = create_component(
        "grid-container", ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "wsl-people"]
    )
    row = create_component(
        "grid-row", ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2", "sd-row-cols-md-3", "sd-g-3"]
    )
    grid += row
    for person in chosen:
        card = create_component(
            "card",
            [
                "sd-card",
                "sd-sphinx-override",
                "sd-w-100",
                "sd-shadow-sm",
                "sd-card-hover",
                "wsl-person-card",
            ],
        )
        body = create_component("card-body", ["sd-card-body"])
        body += avatar(person, resolved=True)
        name = nodes.paragraph(classes=["sd-card-title", "sd-font-weight-bold", "wsl-name"])
        name += page_link(
            builder, docname, person.docname, person.name, classes=["sd-stretched-link"]
        )
        body += name
        body += nodes.paragraph("", person.affiliation, classes=["sd-card-text"])
        badges = [
            badge
            for badge in role_badges(person)
            if isinstance(badge, nodes.Element) and f"wsl-role-{role}" not in badge["classes"]
        ]
        if badges:
            body += nodes.paragraph("", "", *badges, classes=["wsl-badges"])
        card += body
        column = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
        column += card
        row += column
    count = nodes.paragraph(
        "", f"{len(chosen)} {'person' if len(chosen) == 1 else 'people'}", classes=["wsl-count"]
    )
    return [count, grid]
