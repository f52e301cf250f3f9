"""Contributed content stays inert, external links open safely, pages load nothing from elsewhere.

Pages under papers/ and people/ come from pull requests: raw HTML, the raw directive, unsafe
link schemes and remote images fail the build with a located ``[workshop.content]`` warning
and never reach the page (_ext/workshop/security.py).
"""

from __future__ import annotations

import urllib.parse

import pytest
from html_checks import PAGE_KINDS, find_page, page_url, parse_page, site_pages, text_of
from site_build import SITES, build, serve
from workshop.security import add_noopener

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
     "raw HTML", "injected"),
    ("javascript link", PAPER, "\n```{eval-rst}\n`Click <javascript:steal()>`_\n```\n", 3,
     "links to 'javascript:steal()'", "javascript:"),
    ("remote image", PERSON, "\n![tracker](https://example.org/pixel.png)\n", 2,
     "shows the remote image 'https://example.org/pixel.png'", "pixel.png"),
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


# -- rel="noopener" -------------------------------------------------------------------------------


def test_every_external_link_of_the_site_has_noopener(real_site):
    missing = sorted(
        f"{page.relative_to(real_site.outdir)}: {link.url}"
        for page in site_pages(real_site.outdir)
        for link in parse_page(text_of(page)).links
        if link.tag == "a"
        and urllib.parse.urlsplit(link.url).netloc
        and "noopener" not in link.rel.split()
    )
    assert missing == [], "\n".join(missing)


def test_noopener_after_an_incremental_build(tiny_site):
    built = tiny_site("gates-content")
    person = built.srcdir / PERSON
    person.write_text(person.read_text() + "\n[Her code](https://example.org/code).\n")
    build(built.srcdir, built.outdir, freshenv=False)
    html = text_of(built.outdir / "people" / "ada-lovelace" / "index.html")
    assert '<a rel="noopener" class="reference external" href="https://example.org/code">' in html


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('<a href="https://x.org/">', '<a rel="noopener" href="https://x.org/">'),
        (
            '<a class="e" rel="me" href="https://x.org/">',
            '<a class="e" rel="me noopener" href="https://x.org/">',
        ),
        ('<a href="//x.org/">', '<a rel="noopener" href="//x.org/">'),
        ('<a rel="noopener" href="https://x.org/">', '<a rel="noopener" href="https://x.org/">'),
        ('<a href="../cfp/">', '<a href="../cfp/">'),
        ('<a href="#top">', '<a href="#top">'),
    ],
)
def test_add_noopener(before, after):
    assert add_noopener(before + "x</a>") == after + "x</a>"


# -- third-party requests --------------------------------------------------------------------------


def requests_elsewhere(browser, url: str) -> list[str]:
    """Load a page, record every request; requests to other origins are blocked and returned."""
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(url))
    elsewhere: list[str] = []
    context = browser.new_context()

    def route(route):
        request_url = route.request.url
        if request_url.startswith((origin + "/", "data:", "blob:")):
            route.continue_()
        else:
            elsewhere.append(request_url)
            route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    tab.wait_for_timeout(500)  # late requests: fonts, deferred scripts
    context.close()
    return elsewhere


@pytest.mark.browser
@pytest.mark.parametrize("kind", PAGE_KINDS, ids=lambda kind: kind.name.replace(" ", "-"))
def test_pages_request_nothing_from_other_sites(browser, real_site, site_url, kind):
    path = find_page(real_site.outdir, kind)
    assert path is not None, (
        f"no {kind.name} page in the build (looked for {', '.join(kind.patterns)})"
    )
    url = site_url + page_url(real_site.outdir, path)
    assert requests_elsewhere(browser, url) == []


@pytest.mark.browser
def test_a_third_party_asset_is_caught(browser, tiny_site):
    built = tiny_site(
        files={
            "tracked.md": (
                "---\norphan: true\n---\n\n# Tracked\n\n"
                '<img src="https://example.org/pixel.png" alt="a tracking pixel">\n'
            )
        }
    )
    url, server = serve(built.outdir)
    try:
        assert requests_elsewhere(browser, url + "tracked/") == ["https://example.org/pixel.png"]
    finally:
        server.shutdown()
