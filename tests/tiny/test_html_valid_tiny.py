"""The HTML validity check on a tiny site with invalid hand-written markup: it reports both
mistakes."""

from __future__ import annotations

from html_checks import html5_errors, text_of
from site_build import SITES

# Pages with hand-written HTML, copied as they are (raw HTML is not allowed in pages).
EXTRA_PAGES = {
    "conf.py": (SITES / "minimal" / "conf.py").read_text(encoding="utf-8")
    + '\nhtml_extra_path = ["extra"]\n'
}


def test_the_parser_rejects_invalid_markup(tiny_site):
    built = tiny_site("gates-html", files=EXTRA_PAGES)
    errors = html5_errors(text_of(built.outdir / "invalid-html" / "index.html"))
    assert [error.code for error in errors] == ["unexpected-end-tag", "duplicate-attribute"]
    assert "</span>" in errors[0].source_line
