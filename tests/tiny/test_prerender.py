"""In a parallel build a record page's own parts are translated while the page is resolved
(features/prerender.py): the same HTML as the writer makes, and the writer copies it."""

from __future__ import annotations

import json
from pathlib import Path

from site_build import sphinx_app, two_clean_builds
from workshop.features import prerender
from workshop.render.nodes import prerendered


def _html_files(outdir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes() for path in outdir.rglob("*.html")
    }


def test_parts_translated_early_are_the_html_the_writer_makes(tiny_site, tmp_path):
    site = tiny_site("program")
    serial, parallel = two_clean_builds(site.srcdir, tmp_path)  # -j 1: none early; -j 2: early
    assert _html_files(serial) == _html_files(parallel)


def test_a_parallel_writer_is_handed_every_part_of_a_paper_page_translated(tiny_site, tmp_path):
    site = tiny_site("program")
    handed = tmp_path / "handed.jsonl"  # written by the forked writers

    def note_parts(app, pagename, templatename, context, doctree):
        if doctree is not None and pagename.startswith("papers/") and pagename != "papers/index":
            parts = {cls for node in doctree.findall(prerendered) for cls in node[0]["classes"]}
            with handed.open("a") as notes:
                notes.write(json.dumps([pagename, sorted(parts)]) + "\n")

    with sphinx_app(site.srcdir, tmp_path / "out", parallel=2, freshenv=True) as app:
        app.connect("html-page-context", note_parts)
        app.build()
    notes = [json.loads(line) for line in handed.read_text().splitlines()]
    assert notes
    for pagename, parts in notes:
        assert prerender.PARTS - {"wsl-cite"} <= set(parts), pagename  # no reading list here
