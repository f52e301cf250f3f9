"""The trimmed theme stylesheets follow the pages, build after build, without a look at every
page: the classes of the pages a build writes replace theirs, the others' are remembered
(_ext/workshop/compat/theme_css.py)."""

from __future__ import annotations

from site_build import build
from workshop.compat import theme_css

# A grid of seven columns: classes (sd-row-cols-7...) that no page of the tiny site has.
GRID = "\n::::{grid} 7\n:::{grid-item}\nA grid the site did not have.\n:::\n::::\n"


def stylesheets(outdir) -> dict[str, bytes]:
    return {name: (outdir / name).read_bytes() for name in theme_css.STYLESHEETS}


def test_an_edit_trims_the_stylesheets_as_a_fresh_build_does_without_a_walk(
    tiny_site, tmp_path, monkeypatch
):
    built = tiny_site()
    before = stylesheets(built.outdir)
    index = built.srcdir / "index.md"
    original = index.read_text(encoding="utf-8")

    def no_walk(outdir):
        raise AssertionError("the output was walked again for its HTML files")

    monkeypatch.setattr(theme_css, "_html_files", no_walk)
    index.write_text(original + GRID, encoding="utf-8")
    build(built.srcdir, built.outdir, freshenv=False)
    edited = stylesheets(built.outdir)
    monkeypatch.undo()
    fresh = build(built.srcdir, tmp_path / "fresh")
    assert edited == stylesheets(fresh.outdir)
    assert edited != before  # the grid's rules are kept now

    monkeypatch.setattr(theme_css, "_html_files", no_walk)
    index.write_text(original, encoding="utf-8")
    build(built.srcdir, built.outdir, freshenv=False)
    assert stylesheets(built.outdir) == before  # and dropped with the grid


def test_a_script_is_read_again_only_when_it_changed(tmp_path, monkeypatch):
    """Scripts add classes at run time: their words count, read once per version of a file."""
    from pathlib import Path

    outdir, cache = tmp_path / "html", tmp_path / theme_css.CLASSES_CACHE
    static = outdir / "_static"
    static.mkdir(parents=True)
    (static / "a.js").write_text("el.classList.add('one')", encoding="utf-8")
    (static / "b.js").write_text("el.classList.add('two')", encoding="utf-8")
    assert {"one", "two"} <= theme_css.classes_in_use(outdir, cache)
    read: list[str] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.name) or read_bytes(path))
    (static / "b.js").write_text("el.classList.add('three')", encoding="utf-8")
    used = theme_css.classes_in_use(outdir, cache)
    assert {"one", "three"} <= used and "two" not in used
    assert read == ["b.js"]
