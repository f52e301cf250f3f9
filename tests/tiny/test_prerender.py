"""A record page's own parts are translated while the page is resolved (features/prerender.py):
the same HTML as the writer makes, and the writer copies it."""

from __future__ import annotations

from pathlib import Path

from site_build import build, sphinx_app
from workshop.features import prerender
from workshop.render.nodes import prerendered


def _html_files(outdir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes() for path in outdir.rglob("*.html")
    }


def test_parts_translated_early_are_the_html_the_writer_makes(tiny_site, monkeypatch, tmp_path):
    site = tiny_site("program")
    early = _html_files(site.outdir)
    monkeypatch.setattr(prerender, "PAGE_BUILDERS", ())  # every part translated by the writer
    late = build(site.srcdir, tmp_path / "late")
    assert early == _html_files(late.outdir)


def test_the_writer_is_handed_every_part_of_a_paper_page_translated(tiny_site):
    site = tiny_site("program")
    handed: dict[str, set[str]] = {}

    def note_parts(app, pagename, templatename, context, doctree):
        if doctree is not None and pagename.startswith("papers/"):
            handed[pagename] = {
                cls for node in doctree.findall(prerendered) for cls in node[0]["classes"]
            }

    with sphinx_app(site.srcdir, site.outdir, freshenv=True) as app:
        app.connect("html-page-context", note_parts)
        app.build()
    paper_pages = [name for name in handed if name != "papers/index"]
    assert paper_pages
    for name in paper_pages:
        assert prerender.PARTS - {"wsl-cite"} <= handed[name], name  # no reading list here
