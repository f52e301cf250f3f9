"""The 404 page is served at any depth: its links to the site root are absolute.

Checked against sphinx-notfound-page 1.1.0: on the 404 page, ``context["pathto"]`` is its own
replacement, which turns the dirhtml root (``""``) into ``"#"`` (``notfound/extension.py``), so
the logo and "Home" would point at the 404 page itself; the page's scripts find the site root
through ``context["content_root"]``. If either changes, the home links of the 404 page break
(canary: tests/unit/test_compat.py).
"""

from __future__ import annotations

from sphinx.application import Sphinx


def absolute_root_links(app: Sphinx, context: dict, prefix: str) -> None:
    """The 404 page is served at any depth: links to the site root must be absolute too."""
    # Scripts find the site root (e.g. for search) through data-content_root.
    context["content_root"] = prefix
    notfound_pathto = context["pathto"]

    def pathto(otheruri: str, *args, **kwargs) -> str:
        # sphinx-notfound-page turns the dirhtml root ("") into "#": the logo and "Home"
        # would point at the 404 page itself.
        resource = args[0] if args else kwargs.get("resource", False)
        if not resource and otheruri == app.config.root_doc:
            return prefix
        return notfound_pathto(otheruri, *args, **kwargs)

    context["pathto"] = pathto
