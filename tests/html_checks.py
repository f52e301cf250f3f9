"""Checks over a built site's HTML, shared by the quality-gate tests.

Each check takes an output directory (or HTML text) and returns a list of problems, one
readable line each, so a test asserts ``== []`` and a failure shows every problem at once.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import html5lib
from bs4 import BeautifulSoup
from workshop.redirects import GENERATOR as REDIRECT_GENERATOR

TESTS = Path(__file__).resolve().parent
ALLOWLISTS = TESTS / "allowlists"

# Not pages: template fragments the theme copies into _static.
NOT_PAGES = ("_static/", "_sources/", "_images/")


def site_pages(outdir: Path) -> list[Path]:
    """Every HTML page of a built site, sorted (theme fragments under _static excluded)."""
    return sorted(
        path
        for path in outdir.rglob("*.html")
        if not path.relative_to(outdir).as_posix().startswith(NOT_PAGES)
    )


def page_url(outdir: Path, path: Path) -> str:
    """The URL path of a page under dirhtml: ``cfp/index.html`` -> ``cfp/``."""
    relative = path.relative_to(outdir).as_posix()
    return relative.removesuffix("index.html")


# -- page kinds -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageKind:
    name: str
    patterns: tuple[str, ...]  # globs under the output dir, first match wins


# One page of each kind that readers meet; a kind that is not built yet is skipped by name.
PAGE_KINDS = (
    PageKind("home", ("index.html",)),
    PageKind("cfp", ("cfp/index.html",)),
    PageKind("program", ("program/index.html", "schedule/index.html")),
    PageKind("people", ("people/index.html",)),
    PageKind("person", ("people/*/index.html",)),
    PageKind("papers", ("papers/index.html",)),
    PageKind("paper", ("papers/*/index.html",)),
    PageKind(
        "reading list",
        (
            "reading-list/index.html",
            "reading/index.html",
            "*/reading-list/index.html",
            "*reading*/index.html",
        ),
    ),
    PageKind("agenda", ("program/agenda/index.html", "agenda/index.html", "*/agenda/index.html")),
    PageKind("search", ("search/index.html",)),
    PageKind("404", ("404.html", "404/index.html")),
)


def find_page(outdir: Path, kind: PageKind) -> Path | None:
    for pattern in kind.patterns:
        found = sorted(outdir.glob(pattern))
        if found:
            return found[0]
    return None


def kind_url(real_site, site_url: str, kind: PageKind) -> str:
    """The served URL of the first page of a kind (the search page with results on it); a kind
    the build lacks fails the test (the patterns no longer match what the site writes)."""
    path = find_page(real_site.outdir, kind)
    assert path is not None, (
        f"no {kind.name} page in the build (looked for {', '.join(kind.patterns)})"
    )
    url = site_url + page_url(real_site.outdir, path)
    return url + "?q=weight" if kind.name == "search" else url


# -- the HTML of a page ------------------------------------------------------------------------

LINK_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
}


@dataclass
class Link:
    tag: str
    attribute: str
    url: str
    rel: str = ""


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    links: list[Link] = field(default_factory=list)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        for attribute in LINK_ATTRIBUTES.get(tag, ()):
            if attribute not in values:
                continue
            urls = (
                [part.split()[0] for part in values[attribute].split(",") if part.strip()]
                if attribute == "srcset"
                else [values[attribute].strip()]
            )
            for url in urls:
                self.page.links.append(Link(tag, attribute, url, values.get("rel", "")))


def parse_page(text: str) -> ParsedPage:
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


# -- links ----------------------------------------------------------------------------------------


def read_allowlist(name: str) -> dict[str, str]:
    """``entry -> reason`` from ``tests/allowlists/<name>``: one ``entry<TAB>reason`` per line."""
    entries = {}
    for number, line in enumerate((ALLOWLISTS / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        entry, _, reason = line.partition("\t")
        assert reason.strip(), f"{name}:{number}: every entry needs a reason after a tab"
        entries[entry.strip()] = reason.strip()
    return entries


def _target_file(outdir: Path, page: Path, path: str) -> Path | None:
    """The file a relative or root-relative URL path points to (``x/`` means ``x/index.html``)."""
    path = urllib.parse.unquote(path)
    target = (outdir / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    target = Path(*target.parts)  # keeps ".." for the check below
    try:
        resolved = target.resolve()
        resolved.relative_to(outdir.resolve())
    except ValueError:
        return None  # outside the site
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved if resolved.is_file() else None


LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def check_links(outdir: Path, *, http_allowed: dict[str, str] | None = None) -> list[str]:
    """Broken internal links and fragments, unsafe schemes, and http:// where https:// is due."""
    http_allowed = http_allowed or {}
    pages = {path.resolve(): parse_page(text_of(path)) for path in site_pages(outdir)}
    problems = []
    for page, parsed in pages.items():
        where = page.relative_to(outdir.resolve()).as_posix()
        for link in parsed.links:
            problem = _check_link(outdir, page, parsed, link, pages, http_allowed)
            if problem:
                problems.append(f"{where}: <{link.tag} {link.attribute}={link.url!r}>: {problem}")
    return problems


def _check_link(outdir, page, parsed, link: Link, pages, http_allowed) -> str | None:
    url = link.url
    if not url:
        return "empty link"
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("javascript", "vbscript", "file"):
        return f"{scheme}: links are not allowed"
    if scheme == "http":
        if parts.hostname in LOOPBACK:
            return None  # the contributor guide's local preview server: never https
        if url not in http_allowed:
            return (
                "http:// link: use https://, or add it with the reason to "
                "tests/allowlists/http-links.tsv if the site has no https"
            )
        return None
    if scheme or parts.netloc:  # https, mailto, data, tel, //host: not ours to resolve
        return None
    if link.tag == "form" or "preconnect" in link.rel or "dns-prefetch" in link.rel:
        return None
    if parts.path:
        target = _target_file(outdir, page, parts.path)
        if target is None:
            return "target does not exist in the built site"
    else:
        target = page
    if parts.fragment and target.suffix == ".html":
        fragment = urllib.parse.unquote(parts.fragment)
        target_page = pages.get(target) or parse_page(text_of(target))
        if fragment not in target_page.ids:
            return f"no element with id {fragment!r} on {'this' if target == page else 'that'} page"
    return None


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


def check_css_urls(outdir: Path) -> list[str]:
    """``url(...)`` references of the site's style sheets that point to no file."""
    problems = []
    for css in sorted(outdir.rglob("*.css")):
        for match in _CSS_URL.finditer(css.read_text(encoding="utf-8", errors="replace")):
            url = match.group(2).strip()
            parts = urllib.parse.urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # data: URIs, fragments; other sites are the browser test's business
            if not (css.parent / urllib.parse.unquote(parts.path)).resolve().is_file():
                problems.append(f"{css.relative_to(outdir).as_posix()}: url({url}): no such file")
    return problems


# -- HTML validity ------------------------------------------------------------------------------

# Errors of pydata-sphinx-theme 0.24's own templates, not of our content. Each entry is
# (html5lib error code, a regex the offending source line must match) with the reason.
THEME_HTML_ERRORS: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class HtmlError:
    line: int
    column: int
    code: str
    data: dict
    source_line: str

    def __str__(self) -> str:
        source = self.source_line.strip()[:120]
        return f"line {self.line}:{self.column} {self.code} {self.data}: {source}"


def html5_errors(text: str, *, allowed=THEME_HTML_ERRORS) -> list[HtmlError]:
    """Parse errors of a strict HTML5 parser (html5lib), except the allowed theme errors."""
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(text)
    lines = text.splitlines()
    errors = []
    for (line, column), code, data in parser.errors:
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        error = HtmlError(line, column, code, dict(data or {}), source)
        if not any(code == c and re.search(pattern, source) for c, pattern, _ in allowed):
            errors.append(error)
    return errors


# -- reproducibility -------------------------------------------------------------------------------


def tree_digest(root: Path) -> dict[str, str]:
    """``relative path -> sha256`` of every file under ``root``."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def compare_trees(first: Path, second: Path) -> list[str]:
    """Files that exist in only one tree, or differ (with the first differing bytes)."""
    a, b = tree_digest(first), tree_digest(second)
    problems = [f"only in the first build: {name}" for name in sorted(a.keys() - b.keys())]
    problems += [f"only in the second build: {name}" for name in sorted(b.keys() - a.keys())]
    for name in sorted(a.keys() & b.keys()):
        if a[name] != b[name]:
            problems.append(f"differs: {name}: {first_difference(first / name, second / name)}")
    return problems


def first_difference(first: Path, second: Path, context: int = 40) -> str:
    x, y = first.read_bytes(), second.read_bytes()
    at = next(
        (i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y))
    )
    start = max(0, at - context)
    return f"at byte {at}: {x[start : at + context]!r} vs {y[start : at + context]!r}"


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def meta(page: BeautifulSoup, **attrs) -> str | None:
    """The ``content`` of the page's ``<meta>`` with these attributes, or None."""
    tag = page.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def is_redirect(path: Path) -> bool:
    """A page written by the site's redirects (workshop.redirects)."""
    generator = soup(path).find("meta", attrs={"name": "generator"})
    return generator is not None and generator["content"] == REDIRECT_GENERATOR
