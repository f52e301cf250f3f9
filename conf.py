"""Sphinx configuration of the WSL workshop site.

Content lives in Markdown and data files; the workshop's name and every fact come from
_data/workshop.yaml through the local extension in _ext/workshop.
"""

from __future__ import annotations

copyright = "2025, the organizers of the ICLR 2025 Weight Space Learning workshop"
author = "WSL organizers"

extensions = [
    "myst_parser",
    "sphinx_design",
    "workshop",  # _ext/workshop, installed by `make` (pip install -e .)
    # Hosting; the site's address comes from _data/workshop.yaml (site_url) through the
    # extension, which sets html_baseurl, ogp_site_url and notfound_urls_prefix from it (and
    # writes sitemap.xml and robots.txt with it).
    "sphinxext.opengraph",
    "notfound.extension",
    "sphinxcontrib.bibtex",  # the reading list: papers/reading-list.bib, {cite} from any page
]

exclude_patterns = [
    ".venv",
    "_build",
    "tests",
    "benchmarks",
    "node_modules",
    ".github",
    ".ci",
    "README.md",
    "CONTRIBUTING.md",
    "**/README.md",
]

myst_enable_extensions = ["colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3
nitpicky = True

# Pages in a collection folder that are not records (they have no front matter).
workshop_collection_pages = [
    "people/index",
    "papers/index",
    "papers/reading-list",
    "news/index",
]
# The files the Contribute page shows with {repository-file} (examples that the tests build).
workshop_showable_files = [
    "tests/sites/contributing/papers/SAMPLE0001.md",
    "tests/sites/contributing/people/jane-doe.md",
    "tests/sites/contributing/news/deadline-extended.md",
    "cfp/dates.yaml",
    "program/schedule.yaml",
]
# The reading list: one .bib file; entries carry their CFP topic id in `keywords`.
bibtex_bibfiles = ["papers/reading-list.bib"]
bibtex_default_style = "wsl-reading-list"  # labelled by authors and year (formats/bibtex.py)
bibtex_cite_id = "cite-{bibliography_count}-{key}"  # the anchor names the entry (one per list)
bibtex_reference_style = "author_year"
# No hover text on {cite} links: it formatted every entry a second time on every build.
bibtex_tooltips = False

html_theme = "pydata_sphinx_theme"
html_static_path = ["_static"]
html_css_files = ["wsl.css"]
html_favicon = "_static/favicon.svg"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# Record pages must not list the whole collection: no primary sidebar anywhere.
html_sidebars = {"**": []}
templates_path = ["_templates"]

# Link previews: one site image of our own (_static/social-card.svg rendered to PNG); no
# matplotlib-generated cards. Descriptions and the image's alt text: hosting.py.
ogp_image = "_static/social-card.png"
ogp_social_cards = {"enable": False}
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary_large_image" />']
# The 404 page's title; its body, with links to the main pages, is made in hosting.py.
notfound_context = {"title": "Page not found"}
html_context = {"default_mode": "auto"}
html_theme_options = {
    "logo": {
        "image_light": "_static/logo-light.svg",
        "image_dark": "_static/logo-dark.svg",
        "alt_text": "WSL workshop at ICLR 2025, home",
    },
    "navbar_start": ["navbar-logo"],
    "navbar_center": ["navbar-nav"],
    "navbar_end": ["theme-switcher"],
    "navbar_persistent": ["search-button-field"],
    "search_bar_text": "Search the site …",  # the theme's default says "the docs"
    "header_links_before_dropdown": 6,
    # "On this page" only where a page has sections (compat/page_toc.py): other pages use the
    # full width, with no empty right rail; "edit this page" goes under the article.
    "secondary_sidebar_items": ["page-toc"],
    "article_footer_items": ["edit-this-page"],
    # The repository and branch come from _data/workshop.yaml (source_repository).
    "use_edit_page_button": True,
    "show_prev_next": False,
    "footer_start": ["copyright"],
    "footer_center": [],
    "footer_end": ["contribute-link"],
    "primary_sidebar_end": [],  # no Read the Docs ad placeholder
    # The theme renders every template twice per page to drop empty ones; these never are.
    "templates_skip_empty_check": [
        "navbar-logo.html",
        "navbar-nav.html",
        "search-button-field.html",
        "theme-switcher.html",
        "copyright.html",
        "contribute-link.html",
    ],
}

# `make linkcheck`: external links, on a schedule (.github/workflows/linkcheck.yml), never in
# `make test`. Internal links and fragments are checked over the built HTML by
# tests/site/test_links.py.
linkcheck_timeout = 30
linkcheck_retries = 2
linkcheck_rate_limit_timeout = 300  # arXiv and GitHub answer bursts with 429: wait, then retry
linkcheck_ignore = [
    # The local preview server of `make serve`, named in the contributor guide.
    r"http://127\.0\.0\.1:\d+/?",
    # Google Scholar answers automated requests with a captcha (403/429), whatever the profile.
    r"https://scholar\.google\.[a-z.]+/citations\?",
]
linkcheck_anchors_ignore_for_url = [
    # GitHub draws the headings of READMEs and files with JavaScript: no anchor in the HTML.
    r"https://github\.com/.+",
]
