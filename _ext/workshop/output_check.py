"""What a written page may contain: only the site's scripts run, nothing loads from elsewhere.

The last line of defence against bugs of a template, the theme or an extension (what
contributors write is checked where it is read: records by their models, pages by the
allowlist). A page is parsed by an HTML5 parser (Lexbor, through selectolax), which reads markup
as a browser does, and judged element by element: text, escaped or in an attribute value, is
text wherever it stands. About as fast as the regular expressions it replaced (1.8 against
1.9 ms for a page of 18 KB, on a loaded machine; the parse itself is a fifth). ``security.py``
applies it to every page Sphinx renders and to every other HTML file of the output.
"""

from __future__ import annotations

import json
import posixpath
import re
import typing as t
from html.parser import HTMLParser

from selectolax.lexbor import LexborHTMLParser

from .content_policy import LINK_SCHEMES, link_scheme


def js_string(value: str) -> str:
    """``value`` as a single-quoted JavaScript string that cannot end its ``<script>``."""
    escaped = []
    for char in value:
        if char.isprintable() and char not in "'\"\\<>&\u2028\u2029":
            escaped.append(char)
        elif ord(char) <= 0xFFFF:
            escaped.append(f"\\u{ord(char):04x}")
        else:  # outside the basic plane: its UTF-16 surrogate pair
            code = ord(char) - 0x10000
            escaped.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
    return "'" + "".join(escaped) + "'"


def _normalised(script: str) -> str:
    return " ".join(script.split())


THEME_MODES = ("auto", "light", "dark", "")
# The inline scripts pydata-sphinx-theme writes on every page whatever the page (light/dark mode
# before the first paint, search-as-you-type, the search page's focus), whitespace-normalised.
THEME_SCRIPTS = frozenset(
    [
        *(
            'document.documentElement.dataset.mode = localStorage.getItem("mode") || '
            f'"{mode}"; document.documentElement.dataset.theme = '
            f'localStorage.getItem("theme") || "{mode}";'
            for mode in THEME_MODES
        ),
        "DOCUMENTATION_OPTIONS.search_as_you_type = true;",
        "DOCUMENTATION_OPTIONS.search_as_you_type = false;",
        _normalised(
            """// Activate the search field on page load
            let searchInput = document.querySelector("form.bd-search input");
            if (searchInput) {
                searchInput.focus();
                searchInput.select();
                console.log("[PST]: Set focus on search field.");
            }"""
        ),
    ]
)


def page_name_script(pagename: str) -> str:
    """What the theme writes for a page (``pydata_sphinx_theme.update_and_remove_templates``),
    the name escaped: a name that the theme's unescaped text would change is refused."""
    return f"DOCUMENTATION_OPTIONS.pagename = {js_string(pagename)};"


_PAGE_NAME_SCRIPT = ("DOCUMENTATION_OPTIONS.pagename = '", "';")


def _named_page(script: str) -> str | None:
    """The page a script of ``page_name_script``'s form names; None for any other script."""
    start, end = _PAGE_NAME_SCRIPT
    if not (script.startswith(start) and script.endswith(end)):
        return None
    try:  # its escapes (\uXXXX, surrogate pairs) are JSON's
        name = json.loads(f'"{script[len(start) : -len(end)]}"')
    except ValueError:
        return None
    # Only the one spelling the theme writes: the script is exactly that name's.
    return name if isinstance(name, str) and page_name_script(name) == script else None


class InlineScripts:
    """The inline scripts a page rendered under one of ``pagenames`` may have: the theme's, and
    the one that names the page. A set of scripts in effect, made without writing a script per
    name: the end of a build checks a few files against every page name of the site."""

    def __init__(self, pagenames: t.Iterable[str]) -> None:
        self.pagenames = frozenset(pagenames)

    def __contains__(self, script: object) -> bool:
        if script in THEME_SCRIPTS:
            return True
        name = _named_page(script) if isinstance(script, str) else None
        return name is not None and name in self.pagenames


def inline_scripts(pagenames: t.Iterable[str]) -> InlineScripts:
    """The inline scripts a page rendered under one of ``pagenames`` may have."""
    return InlineScripts(pagenames)


# Script files: Sphinx's, the theme's and ours are all copied into _static; plus the index.
ALLOWED_SCRIPT_FOLDERS = ("_static/",)
ALLOWED_SCRIPT_FILES = ("searchindex.js",)
UNSAFE_SCHEMES = ("javascript", "data", "vbscript")
# Elements that show or run another document inside the page, or change where links go.
EMBEDDING = frozenset(
    ["iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base", "template"]
)
# Attributes whose value is an address the browser follows when the reader asks (links) ...
NAVIGATION_ATTRIBUTES = frozenset(["href", "xlink:href"])
NAVIGATING_ELEMENTS = frozenset(["a", "area"])
# ... or loads by itself (on any other element, href and xlink:href load too: SVG's <use>).
LOADING_ATTRIBUTES = frozenset(
    ["src", "srcset", "imagesrcset", "action", "formaction", "data", "poster", "background"]
    + ["ping", "lowsrc", "longdesc", "manifest", "codebase", "archive", "classid"]
)
# <link rel=...> values that only describe the target: with any other, the browser fetches it.
DESCRIBING_RELS = frozenset(
    ["alternate", "author", "bookmark", "canonical", "external", "help", "index", "license"]
    + ["me", "next", "nofollow", "noopener", "noreferrer", "prev", "search", "tag"]
)
# Targets that stay in the reader's window; any other opens one that could reach back.
SAME_WINDOW_TARGETS = frozenset(["", "_self", "_parent", "_top"])
CHECKED_ELEMENTS = EMBEDDING | {"script", "style", "link", "meta"}
CHECKED_ATTRIBUTES = NAVIGATION_ATTRIBUTES | LOADING_ATTRIBUTES | {"style", "target"}
# An address in CSS: url(...), image-set("..."), @import "...", that leaves the site.
_CSS_ADDRESS = re.compile(r"""(?:url\(\s*["']?|["'])\s*((?:[a-z][a-z0-9+.\-]*:|//)[^"')\s]*)""")


def _scheme(url: str) -> str:
    """``link_scheme``, without its regular expressions for the usual addresses."""
    if url[:1] in ("#", ".", "?") or url[:1].isalnum() and url.isalnum():
        return ""  # relative (a browser drops only spaces and controls before a scheme)
    if url.startswith("https://"):
        return "https"
    return link_scheme(url)


def _loads_elsewhere(url: str) -> bool:
    return bool(_scheme(url)) or url.lstrip().startswith(("//", "\\\\"))


class _Element(t.NamedTuple):
    tag: str
    ordinal: int  # among the elements with this tag, in document order (for its line)


def output_problems(
    page_html: str, page: str, *, scripts: t.Container[str] = THEME_SCRIPTS, root: str = "/"
) -> list[tuple[int, str]]:
    """``(line, what)`` for everything in a written page that runs or loads what is not ours.

    ``page`` is the page's path in the output, "/"-separated (for relative script paths);
    ``scripts`` its allowed inline scripts (``inline_scripts`` of the names it may have been
    rendered under); ``root`` the URL path of the output folder (for absolute paths). ``line``
    is 0 where the element's line is not found.
    """
    tree = LexborHTMLParser(page_html)
    if tree.root is None:
        return []
    problems: list[tuple[int, str]] = []  # (the element's id in the tree, what)
    for node in tree.root.traverse():
        tag = node.tag or ""
        attributes = node.attributes
        # Most elements have no attribute or element kind that is checked: skipped quickly.
        if tag not in CHECKED_ELEMENTS:
            for name in attributes:
                if name in CHECKED_ATTRIBUTES or name[:2] == "on":
                    break
            else:
                continue
        for what in _element_problems(node, tag, attributes, page, root, scripts):
            problems.append((node.mem_id, what))
    if not problems:
        return []
    # Where the elements are: (tag, ordinal), then their lines, for problems only.
    elements: dict[int, _Element] = {}
    seen: dict[str, int] = {}
    for node in tree.root.traverse():
        tag = node.tag or ""
        elements[node.mem_id] = _Element(tag, seen.get(tag, 0))
        seen[tag] = seen.get(tag, 0) + 1
    lines = _lines(page_html, {elements[node] for node, _ in problems})
    return [(lines.get(elements[node], 0), what) for node, what in problems]


def _element_problems(
    node, tag: str, attributes: dict, page: str, root: str, scripts: t.Container[str]
) -> t.Iterator[str]:
    if tag in EMBEDDING:
        yield f"{'an' if tag[0] in 'aeiou' else 'a'} <{tag}> element"
    for name, value in attributes.items():
        if name.startswith("on"):
            yield f"an event-handler attribute ({name}=)"
        elif value is None or (tag == "script" and name == "src"):  # scripts: below
            continue
        elif name in NAVIGATION_ATTRIBUTES and tag in NAVIGATING_ELEMENTS:
            scheme = _scheme(value)
            if scheme and scheme not in LINK_SCHEMES:
                yield f"a {scheme}: address in {name}= ({value[:60]!r})"
        elif name in LOADING_ATTRIBUTES or (name in NAVIGATION_ATTRIBUTES and tag != "link"):
            yield from _loading_problems(name, value)
        elif name == "style":
            yield from _css_problems(value)
    if tag == "script":
        problem = _script_problem(attributes.get("src"), node, page, root, scripts)
        if problem:
            yield problem
    elif tag == "style":
        yield from _css_problems(node.text(deep=True))
    elif tag == "link":
        yield from _link_problems(attributes)
    elif tag == "meta" and (attributes.get("http-equiv") or "").strip().lower() == "refresh":
        target = attributes.get("content") or ""
        match = re.match(r"\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(.*)", target, re.I | re.S)
        url = match.group(1).strip().strip("'\"") if match else ""
        # Our own redirect pages (workshop.redirects) move old addresses inside the site.
        if not url or _loads_elsewhere(url):
            yield f"a meta refresh ({target[:80]!r})"
    target = attributes.get("target")
    if target is not None and (target or "").strip().lower() not in SAME_WINDOW_TARGETS:
        rel = set((attributes.get("rel") or "").lower().split())
        if not rel & {"noopener", "noreferrer"}:
            yield f'a link that opens a new window (target="{target}") without rel="noopener"'


def _loading_problems(name: str, value: str) -> t.Iterator[str]:
    candidates = [part.split()[0] for part in value.split(",") if part.split()]
    for candidate in candidates if name.endswith("srcset") else [value]:
        scheme = _scheme(candidate)
        if scheme in UNSAFE_SCHEMES:
            yield f"a {scheme}: address in {name}= ({candidate[:60]!r})"
        elif _loads_elsewhere(candidate):
            yield f"{name}= loads from another site ({candidate[:80]})"


def _css_problems(css: str) -> t.Iterator[str]:
    if "\\" in css:  # an escape can spell url( or a scheme in CSS; the site writes none
        yield f"a style with a CSS escape ({css[:60]!r})"
    lowered = css.lower()
    for match in _CSS_ADDRESS.finditer(lowered):
        yield f"a style loads from another site ({match.group(1)[:80]})"


def _link_problems(attributes: dict[str, str | None]) -> t.Iterator[str]:
    href = attributes.get("href") or ""
    rel = (attributes.get("rel") or "").lower().split()
    scheme = _scheme(href)
    if scheme and scheme not in ("http", "https"):
        yield f"a {scheme}: address in href= ({href[:60]!r})"
    elif _loads_elsewhere(href) and not set(rel) <= DESCRIBING_RELS:
        yield f"a <link rel={' '.join(rel)!r}> loads from another site ({href[:80]})"


def _script_problem(
    src: str | None, node, page: str, root: str, scripts: t.Container[str]
) -> str | None:
    """Why a <script> element is not ours, or None (with a src, a browser ignores its text)."""
    if src is not None:
        if _loads_elsewhere(src):
            return f"a script loaded from another site ({src[:80]})"
        path = src.split("?")[0].split("#")[0]
        if path.startswith("/"):  # from the site's root (the 404 page)
            path = path.removeprefix(root) if path.startswith(root) else path[1:]
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if path.startswith(ALLOWED_SCRIPT_FOLDERS) or path in ALLOWED_SCRIPT_FILES:
            return None
        return f"a script that is not one of the site's ({src[:80]})"
    normalised = _normalised(node.text(deep=True))
    if not normalised or normalised in scripts:
        return None
    return f"an inline script that is not one of the site's ({normalised[:60]!r})"


class _LineFinder(HTMLParser):
    """The line of given elements (tag, ordinal): only when a page has a problem."""

    def __init__(self, wanted: set[_Element]) -> None:
        super().__init__(convert_charrefs=False)
        self.wanted = wanted
        self.seen: dict[str, int] = {}
        self.lines: dict[_Element, int] = {}

    def handle_starttag(self, tag: str, attrs) -> None:
        element = _Element(tag, self.seen.get(tag, 0))
        self.seen[tag] = element.ordinal + 1
        if element in self.wanted:
            self.lines[element] = self.getpos()[0]


def _lines(page_html: str, wanted: set[_Element]) -> dict[_Element, int]:
    finder = _LineFinder(wanted)
    finder.feed(page_html)
    finder.close()
    return finder.lines
