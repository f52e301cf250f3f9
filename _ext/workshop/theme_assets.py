"""The theme's stylesheet without the Font Awesome icon rules that no page uses.

pydata-sphinx-theme bundles Font Awesome's CSS: one rule per icon (``.fa-rocket{--fa:"\\f135"}``),
about 2,000 rules and 19 KB of the 64 KB (gzip) that a first visit downloads before anything is
shown. After an HTML build, the copied stylesheet keeps only the rules of icons that a page or a
script of the site names; the theme's own icons are drawn without the font (_static/wsl.css).
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.application import Sphinx

STYLESHEET = "_static/styles/pydata-sphinx-theme.css"
ICON_RULE = re.compile(r'(\.fa-[a-z0-9-]+(?:,\.fa-[a-z0-9-]+)*)\{--fa:"[^"]*"\}')
ICON_NAME = re.compile(rb"\bfa-[a-z0-9-]+")
# Font Awesome's own script names every icon; the site does not load it (_templates/layout.html).
NOT_SCANNED = {"fontawesome.js"}


def icons_in_use(outdir: Path) -> set[str]:
    """Every ``fa-*`` name in the built pages and scripts."""
    names: set[str] = set()
    for pattern in ("**/*.html", "_static/**/*.js"):
        for path in outdir.glob(pattern):
            if path.name not in NOT_SCANNED:
                names.update(name.decode() for name in ICON_NAME.findall(path.read_bytes()))
    return names


def trim_icon_rules(css: str, used: set[str]) -> str:
    def keep(rule: re.Match) -> str:
        classes = {name.lstrip(".") for name in rule.group(1).split(",")}
        return rule.group(0) if classes & used else ""

    return ICON_RULE.sub(keep, css)


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    stylesheet = Path(app.outdir) / STYLESHEET
    if exception is not None or app.builder.format != "html" or not stylesheet.exists():
        return
    css = stylesheet.read_text(encoding="utf-8")
    trimmed = trim_icon_rules(css, icons_in_use(Path(app.outdir)))
    if trimmed != css:
        stylesheet.write_text(trimmed, encoding="utf-8")


def setup_theme_assets(app: Sphinx) -> None:
    app.connect("build-finished", on_build_finished)
