"""What a written page may contain: only the site's scripts run, nothing loads from elsewhere.

The last line of defence: whatever a template, a theme, an extension or a page put there, a
written page may not run or load anything that is not ours. One pass of C-level regular
expressions per page; Python only looks at their (few) matches. External links get
``rel="noopener"``: the opened page cannot reach back into ours through ``window.opener``.
``security.py`` applies both to every page Sphinx renders and to every other HTML file of the
output.
"""

from __future__ import annotations

import html
import posixpath
import re

from .content_policy import link_scheme

_OPENING_A = re.compile(r"<a\s[^>]*>", re.IGNORECASE)
_EXTERNAL_HREF = re.compile(r"""\shref\s*=\s*["']?(?:https?:)?//""", re.IGNORECASE)
_REL = re.compile(r"""\srel\s*=\s*(["'])(.*?)\1""", re.IGNORECASE | re.DOTALL)


def add_noopener(html: str) -> str:
    """Add ``rel="noopener"`` to every ``<a>`` whose ``href`` leaves the site."""

    def fix(match: re.Match[str]) -> str:
        tag = match.group(0)
        if not _EXTERNAL_HREF.search(tag):
            return tag
        rel = _REL.search(tag)
        if rel is None:
            return tag[:2] + ' rel="noopener"' + tag[2:]
        values = rel.group(2).split()
        if "noopener" in values:
            return tag
        quote = rel.group(1)
        return (
            tag[: rel.start()]
            + f" rel={quote}{' '.join([*values, 'noopener'])}{quote}"
            + (tag[rel.end() :])
        )

    return _OPENING_A.sub(fix, html)


# Inline scripts that are ours or the theme's, whitespace-normalized, as full matches.
ALLOWED_INLINE_SCRIPTS = {
    # pydata-sphinx-theme: light/dark mode before the first paint.
    "theme mode": re.compile(
        r'document\.documentElement\.dataset\.mode = localStorage\.getItem\("mode"\) \|\| '
        r'"(?:auto|light|dark|)"; document\.documentElement\.dataset\.theme = '
        r'localStorage\.getItem\("theme"\) \|\| "(?:auto|light|dark|)";'
    ),
    # pydata-sphinx-theme: the page's name and search options for Sphinx's scripts.
    "page name": re.compile(r"DOCUMENTATION_OPTIONS\.pagename = '[\w./-]*';"),
    "search option": re.compile(r"DOCUMENTATION_OPTIONS\.search_as_you_type = (?:true|false);"),
    # pydata-sphinx-theme's search page: focus the search field.
    "search focus": re.compile(
        re.escape(
            "// Activate the search field on page load let searchInput = document.querySelector("
            '"form.bd-search input"); if (searchInput) { searchInput.focus(); '
            'searchInput.select(); console.log("[PST]: Set focus on search field."); }'
        )
    ),
}
# Script files: Sphinx's, the theme's and ours are all copied into _static; plus the index.
ALLOWED_SCRIPT_FOLDERS = ("_static/",)
ALLOWED_SCRIPT_FILES = ("searchindex.js",)
UNSAFE_SCHEMES = ("javascript", "data", "vbscript")
# <link rel=...> values that make the browser fetch the target.
LOADING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}

_SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SCRIPT_OPEN = re.compile(r"<script\b", re.IGNORECASE)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
# On lowercased text (a literal "on" is a fast scan); the character before it and being inside a
# tag are checked on the matches.
_HANDLER_ATTRIBUTE = re.compile(r"on[a-z]+\s*=")
_META_REFRESH = re.compile(r"""<meta\b[^>]*http-equiv\s*=\s*["']?refresh[^>]*>""", re.IGNORECASE)
_CONTENT = re.compile(r"""\scontent\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# Attribute values that may carry a scheme (or start with //, a space or an entity), found from
# their "=" (a fast scan); the attribute's name is read back from the text before it.
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "poster", "background"}
URL_ATTRIBUTES |= {"xlink:href", "ping"}
_MAYBE_SCHEME = r"""(?=[\s&\\/]|[a-zA-Z][a-zA-Z0-9+.\-]*:)"""
_URL_VALUE = re.compile(
    rf"""=\s*(?:"{_MAYBE_SCHEME}([^"]*)"|'{_MAYBE_SCHEME}([^']*)'|{_MAYBE_SCHEME}([^\s>"']+))"""
)
_NAME_BEFORE = re.compile(r"\s([a-zA-Z:-]+)\s*$")
_LINK_ELEMENT = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_EMBEDDING = re.compile(r"<(iframe|frame|object|embed|applet|base)\b", re.IGNORECASE)
_CSS_URL = re.compile(  # on lowercased text
    r"""(?:url\(\s*["']?\s*|@import\s+["'])((?:[a-z][a-z0-9+.\-]*:|//)[^"')\s]*)"""
)


def _value(match: re.Match[str], first: int = 1) -> str:
    return next((group for group in match.groups()[first:] if group is not None), "")


def _loads_elsewhere(url: str) -> bool:
    return bool(link_scheme(url)) or url.lstrip().startswith(("//", "\\\\"))


def _script_is_ours(attributes: str, body: str, page: str, root: str) -> str | None:
    """Why a <script> element is not ours, or None."""
    src = _SRC.search(attributes)
    if src is not None:
        url = html.unescape(_value(src, 0))
        if _loads_elsewhere(url):
            return f"a script loaded from another site ({url[:80]})"
        path = url.split("?")[0].split("#")[0]
        if path.startswith("/"):  # from the site's root (the 404 page)
            path = path.removeprefix(root) if path.startswith(root) else path[1:]
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if path.startswith(ALLOWED_SCRIPT_FOLDERS) or path in ALLOWED_SCRIPT_FILES:
            return None
        return f"a script that is not one of the site's ({url[:80]})"
    text = " ".join(body.split())
    if not text or any(pattern.fullmatch(text) for pattern in ALLOWED_INLINE_SCRIPTS.values()):
        return None
    return f"an inline script that is not one of the site's ({text[:60]!r})"


def output_problems(page_html: str, page: str, *, root: str = "/") -> list[tuple[int, str]]:
    """``(offset, what)`` for everything in a written page that runs or loads what is not ours.

    ``page`` is the page's path in the output, "/"-separated (for relative script paths);
    ``root`` the URL path of the output folder (for absolute ones).
    """
    problems: list[tuple[int, str]] = []
    scripts = list(_SCRIPT_ELEMENT.finditer(page_html))
    if len(scripts) != len(_SCRIPT_OPEN.findall(page_html)):
        problems.append((0, "a <script> element that is not closed"))
    for match in scripts:
        problem = _script_is_ours(match.group(1), match.group(2), page, root)
        if problem is not None:
            problems.append((match.start(), problem))
    # Script bodies are checked above; blanked (same length, so offsets hold), they are not markup.
    markup = page_html
    if scripts:
        markup = _SCRIPT_ELEMENT.sub(lambda m: " " * len(m.group(0)), page_html)
    lowered = markup.lower()  # attribute names and CSS are case-insensitive
    for match in _HANDLER_ATTRIBUTE.finditer(lowered):
        start = match.start()
        if (
            start
            and lowered[start - 1] in " \t\n\r\f\"'/"
            and (lowered.rfind("<", 0, start) > lowered.rfind(">", 0, start))
        ):
            name = match.group(0).rstrip("= \t\n\r\f")
            problems.append((start, f"an event-handler attribute ({name}=)"))
    for match in _META_REFRESH.finditer(markup):
        content = _CONTENT.search(match.group(0))
        target = html.unescape(_value(content, 0)) if content else ""
        url = target.partition("url=")[2].strip(" '\"")
        # Our own redirect pages (workshop.redirects) move old addresses inside the site.
        if not url or _loads_elsewhere(url):
            problems.append((match.start(), f"a meta refresh ({target[:80]!r})"))
    for match in _URL_VALUE.finditer(markup):
        before = _NAME_BEFORE.search(markup, max(0, match.start() - 40), match.start())
        if before is None or before.group(1).lower() not in URL_ATTRIBUTES:
            continue
        if markup.rfind("<", 0, match.start()) < markup.rfind(">", 0, match.start()):
            continue  # text, not a tag
        name, url = before.group(1).lower(), html.unescape(_value(match, 0))
        candidates = [part.split()[0] for part in url.split(",") if part.split()]
        for candidate in candidates if name == "srcset" else [url]:
            scheme = link_scheme(candidate)
            if scheme in UNSAFE_SCHEMES:
                problems.append(
                    (match.start(), f"a {scheme}: address in {name}= ({candidate[:60]!r})")
                )
            elif name != "href" and _loads_elsewhere(candidate):
                problems.append(
                    (match.start(), f"{name}= loads from another site ({candidate[:80]})")
                )
    for match in _LINK_ELEMENT.finditer(markup):
        tag = match.group(0)
        rel = _REL.search(tag)
        href = re.search(r"""\shref\s*=\s*["']?([^"'\s>]*)""", tag)
        if rel is None or href is None:
            continue
        loading = LOADING_RELS & set(rel.group(2).lower().split())
        if loading and _loads_elsewhere(html.unescape(href.group(1))):
            problems.append(
                (match.start(), f"a <link rel={rel.group(2)!r}> loads from another site")
            )
    for match in _EMBEDDING.finditer(markup):
        problems.append((match.start(), f"an <{match.group(1).lower()}> element"))
    found_css = "url(" in lowered or "@import" in lowered
    for match in _CSS_URL.finditer(lowered) if found_css else ():
        problems.append((match.start(), f"a style loads from another site ({match.group(1)[:80]})"))
    return problems
