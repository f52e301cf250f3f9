"""Contributed content stays inert, external links open safely, pages load nothing from elsewhere.

Every page can come from a pull request: raw HTML, the raw directive, unsafe link schemes and
remote images fail the build with a located ``[workshop.content]`` warning and never reach the
page (_ext/workshop/content_policy.py, security.py, output_check.py; the whole allowlist:
test_content_policy.py).
"""

from __future__ import annotations

import pytest
from html_checks import site_pages, text_of
from site_build import SITES
from workshop.output_check import inline_scripts, output_problems

PAPER = "papers/AbCdEf1234.md"
PERSON = "people/ada-lovelace.md"

# (what, file, appended Markdown, its line with the offence, message, text kept out of the page)
UNSAFE = [
    ("script", PAPER, "\n<script>alert('x')</script>\n", 2, "a <script> element", "alert("),
    ("event handler", PERSON, '\nHello <b onclick="steal()">there</b>.\n', 2,
     "an event-handler attribute (onclick=)", "steal()"),
    ("iframe", PAPER, '\n<iframe src="https://example.org/"></iframe>\n', 2,
     "an <iframe> element", "<iframe"),
    ("raw directive", PERSON, "\n```{raw} html\n<p class='injected'>x</p>\n```\n", 2,
     "the directive {raw} is not allowed", "injected"),
    ("javascript link", PAPER, "\n[Click](javascript:steal())\n", 2,
     "the link 'javascript:steal()' is not allowed", "javascript:"),
    ("eval-rst", PAPER, "\n```{eval-rst}\n`Click <javascript:steal()>`_\n```\n", 2,
     "{eval-rst} is not allowed", "javascript:"),
    ("remote image", PERSON, "\n![tracker](https://example.org/pixel.png)\n", 2,
     "the image 'https://example.org/pixel.png': remote images load from another site",
     "pixel.png"),
]  # fmt: skip


def _with(tiny_site, path: str, extra: str):
    original = (SITES / "gates-content" / path).read_text(encoding="utf-8")
    return tiny_site("gates-content", files={path: original + extra}, allow_warnings=True), original


@pytest.mark.parametrize(
    ("path", "extra", "line", "message", "kept_out"),
    [case[1:] for case in UNSAFE],
    ids=[case[0].replace(" ", "-") for case in UNSAFE],
)
def test_unsafe_contributed_content_fails_the_build(
    tiny_site, path, extra, line, message, kept_out
):
    built, original = _with(tiny_site, path, extra)
    warnings = [line for line in built.warning_lines() if "[workshop.content]" in line]
    assert len(warnings) >= 1, built.warnings
    offence = len(original.splitlines()) + line
    assert f"{path}:{offence}:" in warnings[0], warnings
    assert message in warnings[0], warnings
    docname = path.removesuffix(".md")
    html = (built.outdir / docname / "index.html").read_text(encoding="utf-8")
    assert kept_out not in html, "the unsafe content must not reach the page"


def test_safe_links_in_contributed_content_are_fine(tiny_site):
    extra = (
        "\nSee [the code](https://example.org/code), [mail](mailto:ada@example.org) "
        "and [the paper](../papers/AbCdEf1234.md).\n"
    )
    built, _ = _with(tiny_site, PERSON, extra)
    assert built.warning_lines() == []


# -- third-party requests --------------------------------------------------------------------------


# -- strings of data files in templates ------------------------------------------------------------


def test_short_name_is_escaped_on_the_search_page(tiny_site):
    from site_build import SITES

    facts = (SITES / "minimal" / "_data" / "workshop.yaml").read_text(encoding="utf-8")
    injected = "WSL </title><script>alert(document.domain)</script><title>"
    facts = facts.replace("short_name: Weight Space Learning Workshop", f'short_name: "{injected}"')
    built = tiny_site(files={"_data/workshop.yaml": facts})
    for page in site_pages(built.outdir):
        html = text_of(page)
        assert "<script>alert(" not in html, page
    search = text_of(built.outdir / "search" / "index.html")
    assert "<title>Search - WSL &lt;/title&gt;&lt;script&gt;alert(document.domain)" in search


# -- the final HTML of every page ------------------------------------------------------------------

OURS = (
    '<script src="../../_static/doctools.js?v=1"></script>'
    "<script>DOCUMENTATION_OPTIONS.pagename = 'papers/x';</script>"
    '<a href="https://example.org/">x</a><a href="mailto:a@example.org">m</a>'
    '<meta http-equiv="refresh" content="0; url=../program/">'
    '<link rel="canonical" href="https://example.org/x/">'
    '<form class="bd-search" action="../search/" method="get"></form>'
    '<a href="https://example.org/" target="_blank" rel="noopener">new window</a>'
)
PAGE_X = inline_scripts(["papers/x"])  # the inline scripts of the page papers/x
NOT_OURS = [
    ('<a href="javascript:alert(1)">x</a>', "a javascript: address in href="),
    ('<a href=" JaVa&#x09;script:alert(1)">x</a>', "a javascript: address in href="),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="">', "a data: address in src="),
    ('<a href="vbscript:x">x</a>', "a vbscript: address in href="),
    ('<svg><a xlink:href="javascript:x()">x</a></svg>', "a javascript: address in xlink:href="),
    ('<meta http-equiv="refresh" content="0; url=https://evil.example/">', "a meta refresh"),
    ("<meta http-equiv=Refresh content='0;URL=//evil.example/'>", "a meta refresh"),
    ('<b onmouseover="hover()">x</b>', "an event-handler attribute (onmouseover=)"),
    ("<b title=x ONCLICK=go()>x</b>", "an event-handler attribute (onclick=)"),
    ("<svg><set onbegin=go() /></svg>", "an event-handler attribute (onbegin=)"),
    ("<script>alert(document.domain)</script>", "an inline script that is not one of the site's"),
    ("<svg><script>alert(1)</script></svg>", "an inline script that is not one of the site's"),
    ("<script>DOCUMENTATION_OPTIONS.pagename = 'papers/y';</script>",
     "an inline script that is not one of the site's"),
    ('<script src="https://cdn.example/m.js"></script>', "a script loaded from another site"),
    ('<script src="../papers/evil.js"></script>', "a script that is not one of the site's"),
    ('<img src="//tracker.example/p.png" alt="">', "src= loads from another site"),
    ('<img srcset="a.png 1x, https://t.example/p.png 2x" alt="">', "srcset= loads from another"),
    ('<svg><use href="https://t.example/s.svg#i"/></svg>', "href= loads from another site"),
    ('<link rel="stylesheet" href="https://cdn.example/x.css">', "loads from another site"),
    ('<link rel="icon" href="//cdn.example/x.ico">', "loads from another site"),
    ('<link rel="preload" as="font" href="https://cdn.example/f.woff2">', "loads from another"),
    ('<iframe title="x" src="../x/"></iframe>', "an <iframe> element"),
    ('<base href="https://evil.example/">', "a <base> element"),
    ('<p style="background: url(https://tracker.example/p.png)">x</p>', "a style loads"),
    ('<style>@import "https://cdn.example/x.css";</style>', "a style loads"),
    ('<p style="background: \\75 rl(x)">x</p>', "a style with a CSS escape"),
    ('<a href="https://x.example/" target="_blank">x</a>', 'without rel="noopener"'),
    ('<a href="https://x.example/" target="other" rel="me">x</a>', 'without rel="noopener"'),
    ("<script>unclosed <b>", "an inline script that is not one of the site's"),
]  # fmt: skip


def test_the_site_own_markup_passes_the_output_check():
    assert output_problems(OURS, "papers/x/index.html", scripts=PAGE_X) == []


@pytest.mark.parametrize(("markup", "problem"), NOT_OURS, ids=[p for _, p in NOT_OURS])
def test_the_output_check_finds(markup, problem):
    found = output_problems(OURS + "\n" + markup, "papers/x/index.html", scripts=PAGE_X)
    assert [what for _, what in found if problem in what], found
    assert all(line == 2 for line, _ in found), found  # the line of the element


# Text that looks like markup or a handler, escaped as the site writes it: it is text.
ESCAPED_TEXT = [
    '<meta property="og:title" content="Why so That One = 1, onward=x">',
    '<p title="a &lt;script&gt;alert(1)&lt;/script&gt; b" data-text="onerror=alert(1)">x</p>',
    "<p>&lt;img src=x onerror=alert(1)&gt; &amp; &lt;Nets&gt; javascript:alert(1)</p>",
    '<li data-snippet="&lt;script src=https://cdn.example/m.js&gt;&lt;/script&gt;">x</li>',
    "<p>url(https://tracker.example/p.png) @import 'https://x.example'</p>",
    '<a href="../papers/x/" title="onclick=steal()">Ünïcødé 日本語 «quotes» "q" \'q\'</a>',
    '<meta name="description" content="http-equiv=refresh url=https://evil.example/">',
]


@pytest.mark.parametrize("markup", ESCAPED_TEXT)
def test_escaped_text_is_text_for_the_output_check(markup):
    assert output_problems(OURS + markup, "papers/x/index.html", scripts=PAGE_X) == []


@pytest.mark.parametrize("pagename", ["my page", "people/ada-lovelace", "cfp/日本語", "a&b"])
def test_the_theme_script_of_any_page_name_is_recognised(pagename):
    """The theme writes the page name in an inline script: recognised as exactly that."""
    markup = f"<script>DOCUMENTATION_OPTIONS.pagename = '{pagename}';</script>"
    if "&" in pagename:  # what an escaping theme would write (the theme writes names as is)
        markup = markup.replace("&", "\\u0026")
    assert output_problems(markup, "x/index.html", scripts=inline_scripts([pagename])) == []


def test_a_page_name_that_breaks_the_theme_script_is_refused():
    pagename = "x';alert(1);'"  # a file name; the theme writes it unescaped
    markup = f"<script>DOCUMENTATION_OPTIONS.pagename = '{pagename}';</script>"
    found = output_problems(markup, "x/index.html", scripts=inline_scripts([pagename]))
    assert [what for _, what in found if "an inline script that is not one" in what], found


NAMES = [
    "index",
    "my page",
    "a  b",
    "cfp/日本語",
    "a&b",
    "x';alert(1);'",
    "t\tab",
    "emoji/😀",
    "</script>",
]


@pytest.mark.parametrize("script_of", NAMES + ["other", "ａ"])
def test_the_page_scripts_allowed_are_exactly_those_of_the_names(script_of):
    """``inline_scripts`` decodes a script's page name instead of writing every name's script:
    it allows exactly the theme's scripts and the one spelling of each name's script."""
    from workshop.output_check import THEME_SCRIPTS, page_name_script

    allowed = inline_scripts(NAMES)
    script = page_name_script(script_of)
    assert (script in allowed) == (script_of in NAMES)
    assert all(theme in allowed for theme in THEME_SCRIPTS)
    start, end = "DOCUMENTATION_OPTIONS.pagename = '", "';"
    for other_spelling in [  # each decodes to a name of the list, but is not the theme's script
        start + "\\u0069ndex" + end,  # an escape where the theme writes the letter
        start + "t\\tab" + end,  # JSON's escape, not the theme's \\u0009
        start + "index" + end + " ",
        start.replace("= ", "=") + "index" + end,
    ]:
        assert other_spelling not in allowed, other_spelling


# What a template, the theme or an extension could write by mistake (each line has "evil").
TEMPLATE_BUGS = {
    "external script": ('<script src="https://evil.example/tracker.js"></script>',
                        "a script loaded from another site (https://evil.example/tracker.js)"),
    "external stylesheet": ('<link rel="stylesheet" href="https://evil.example/x.css">',
                            "a <link rel='stylesheet'> loads from another site"),
    "inline script": ("<script>window.evil = 1;</script>",
                      "an inline script that is not one of the site's ('window.evil = 1;')"),
    "handler attribute": ('<meta name="evil" content="x" onload="go()">',
                          "an event-handler attribute (onload=)"),
    "javascript href": ('<a href="javascript:evil()">x</a>',
                        "a javascript: address in href= ('javascript:evil()')"),
    "external meta refresh": ('<meta http-equiv="refresh" content="0; url=https://evil.example/">',
                              "a meta refresh ('0; url=https://evil.example/')"),
    "new window": ('<a href="https://evil.example/" target="_blank">x</a>',
                   'a link that opens a new window (target="_blank") without rel="noopener"'),
}  # fmt: skip


@pytest.mark.parametrize("case", list(TEMPLATE_BUGS), ids=list(TEMPLATE_BUGS))
def test_a_template_bug_fails_the_build_naming_the_page_and_its_source(tiny_site, case):
    from site_build import SITES

    markup, problem = TEMPLATE_BUGS[case]
    conf = (SITES / "minimal" / "conf.py").read_text(encoding="utf-8")
    layout = (
        '{% extends "!layout.html" %}\n{% block extrahead %}{{ super() }}\n'
        f"{markup}\n{{% endblock %}}\n"
    )
    built = tiny_site(
        files={"conf.py": conf + '\ntemplates_path = ["_templates"]\n',
               "_templates/layout.html": layout},
        allow_warnings=True,
    )  # fmt: skip
    warnings = [w for w in built.warning_lines() if "[workshop.content]" in w]
    index = [w for w in warnings if "the built page index.html (written from index.md)" in w]
    assert index, built.warnings
    # Checked as it was rendered, and not once more at the end as a file that is not a page.
    assert len([w for w in warnings if "the built page index.html " in w]) == 1, warnings
    assert problem in index[0], index[0]
    assert "a bug of a template, the theme or an extension" in index[0]
    page = built.outdir / "index.html"
    line = next(
        number for number, text in enumerate(text_of(page).splitlines(), start=1) if "evil" in text
    )
    assert index[0].startswith(f"{page}:{line}: WARNING"), index[0]


def test_html_files_that_are_not_pages_are_checked_too(tiny_site):
    """Pages are checked as they are rendered; any other HTML file of the output (extra files,
    redirect pages, copies) at the end of the build, whenever it was written."""
    from site_build import SITES

    conf = (SITES / "minimal" / "conf.py").read_text(encoding="utf-8")
    tracker = '<html><body><script src="https://cdn.example/t.js"></script></body></html>\n'
    built = tiny_site(
        files={
            "conf.py": conf + '\nhtml_extra_path = ["extra"]\n',
            "extra/old.html": tracker,
            "extra/old/deeper.html": tracker,  # in a folder of the output too
        },
        allow_warnings=True,
    )
    for name in ("old.html", "old/deeper.html"):
        warnings = [w for w in built.warning_lines() if f"the built page {name} " in w]
        assert len(warnings) == 1, (name, built.warnings)
        assert "(written by the build (no source page))" in warnings[0]
        assert "a script loaded from another site (https://cdn.example/t.js)" in warnings[0]


KEPT = "<html><body><p>An old page, kept as it was.</p></body></html>\n"
TRACKER = '<html><body><script src="https://cdn.example/t.js"></script></body></html>\n'


def _with_extra_files(tiny_site, files: dict[str, str]):
    from site_build import SITES

    conf = (SITES / "minimal" / "conf.py").read_text(encoding="utf-8")
    extra = {f"extra/{name}": text for name, text in files.items()}
    return tiny_site(
        files={"conf.py": conf + '\nhtml_extra_path = ["extra"]\n', **extra}, allow_warnings=True
    )


def _rebuild(built, monkeypatch, edits: dict[str, str]) -> tuple[list[str], list[str]]:
    """Edit the sources, build again into the same output (incrementally, as `make serve`
    does); the output files the gate read, and the warnings."""
    from site_build import build
    from workshop import security

    for name, text in edits.items():
        (built.srcdir / name).write_text(text, encoding="utf-8")
    read: list[str] = []
    check = security.report_output_problems

    def counted(config, page, output, relative, *rest):
        read.append(relative)
        return check(config, page, output, relative, *rest)

    monkeypatch.setattr(security, "report_output_problems", counted)
    again = build(built.srcdir, built.outdir, freshenv=False, allow_warnings=True)
    return read, again.warning_lines()


def test_a_file_unchanged_since_it_was_found_clean_is_not_read_again(tiny_site, monkeypatch):
    built = _with_extra_files(tiny_site, {"kept.html": KEPT})
    assert not built.warning_lines(), built.warnings
    index = (built.srcdir / "index.md").read_text(encoding="utf-8")
    read, warnings = _rebuild(built, monkeypatch, {"index.md": index + "\nOne more line.\n"})
    assert not warnings, warnings
    assert "index.html" in read  # the edited page, checked as it was rendered
    assert "kept.html" not in read, read


def test_a_file_changed_since_it_was_found_clean_is_checked_again(tiny_site, monkeypatch):
    built = _with_extra_files(tiny_site, {"kept.html": KEPT})
    read, warnings = _rebuild(built, monkeypatch, {"extra/kept.html": TRACKER})
    assert "kept.html" in read
    assert any("the built page kept.html " in w and "cdn.example" in w for w in warnings), warnings


def test_a_file_with_a_problem_fails_every_build_until_fixed(tiny_site, monkeypatch):
    built = _with_extra_files(tiny_site, {"bad.html": TRACKER})
    assert any("the built page bad.html " in w for w in built.warning_lines()), built.warnings
    index = (built.srcdir / "index.md").read_text(encoding="utf-8")
    _, warnings = _rebuild(built, monkeypatch, {"index.md": index + "\nOne more line.\n"})
    assert any("the built page bad.html " in w for w in warnings), warnings


def test_each_page_is_checked_once_as_written_not_in_parts(tiny_site, monkeypatch):
    """The theme renders parts of a page to see whether they are empty: the page is checked
    whole, once, and its parts are not parsed again on their own."""
    from collections import Counter

    from workshop import security

    checked: Counter[str] = Counter()
    check = security.report_output_problems

    def counted(config, page, output, relative, *rest):
        checked[relative] += 1
        return check(config, page, output, relative, *rest)

    monkeypatch.setattr(security, "report_output_problems", counted)
    built = tiny_site()
    assert checked["index.html"] == 1, checked
    assert set(checked.values()) == {1}, checked
    for relative in checked:  # what was checked is what was written, whole
        assert (built.outdir / relative).is_file(), relative


def test_a_page_that_failed_its_check_fails_every_build_until_fixed(tiny_site, monkeypatch):
    """Its source unchanged, Sphinx would not write the page again, and the next build would
    pass (and `make serve` publish it): the gate has it written, and checked, again."""
    from site_build import SITES

    conf = (SITES / "minimal" / "conf.py").read_text(encoding="utf-8")
    layout = (
        '{% extends "!layout.html" %}\n{% block extrahead %}{{ super() }}\n'
        '{% if pagename == "about" %}<script>window.evil = 1;</script>{% endif %}\n'
        "{% endblock %}\n"
    )
    built = tiny_site(
        files={
            "conf.py": conf + '\ntemplates_path = ["_templates"]\n',
            "_templates/layout.html": layout,
            "about.md": "---\norphan: true\n---\n\n# About\n\nThe workshop.\n",
        },
        allow_warnings=True,
    )
    failed = "the built page about/index.html (written from about.md)"
    assert any(failed in w for w in built.warning_lines()), built.warnings
    index = (built.srcdir / "index.md").read_text(encoding="utf-8")
    for edit in ("\nOne more line.\n", "\nAnd another.\n"):
        read, warnings = _rebuild(built, monkeypatch, {"index.md": index + edit})
        assert "about/index.html" in read
        assert any(failed in w for w in warnings), warnings
