"""The wiring: every feature's ``setup_<feature>``, in order, and the metadata Sphinx gets.

The order of the calls is the order in which handlers of the same event and priority run.

The event pipeline (every handler this extension connects; ``tests/test_extension.py`` compares
this table with the handlers of a set-up application):

EVENT_TABLE
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import __version__
from .citations import setup_citations
from .collections import setup_collections
from .compat.citation_role import setup_citation_role
from .compat.gc_freeze import setup_gc_freeze
from .compat.jinja_cache import setup_jinja_cache
from .compat.page_toc import setup_page_toc
from .compat.sitemap import setup_sitemap
from .compat.theme_css import setup_theme_css
from .config import setup_config
from .content_policy import setup_content_policy
from .dates import setup_dates
from .domain import KINDS, WorkshopDomain
from .exports_links import setup_exports
from .fielddocs import setup_fielddocs
from .filters import setup_filters
from .hosting import setup_hosting
from .html import setup_html
from .listings import setup_listings
from .math import setup_math
from .redirects import setup_redirects
from .schedule import setup_schedule
from .search import setup_search
from .security import setup_security
from .site_info import setup_site_info
from .sources import setup_sources
from .stored_layout import layout_version
from .topics import setup_topics

# Computed once every module above is imported: the same value in every process of a build.
STORED_LAYOUT_VERSION = layout_version(__package__, KINDS, __version__)


def setup_extension(app: Sphinx) -> dict:
    setup_config(app)
    setup_sources(app)
    app.add_domain(WorkshopDomain)
    setup_html(app)
    setup_site_info(app)
    setup_dates(app)
    setup_topics(app)
    setup_collections(app)
    setup_listings(app)
    setup_schedule(app)
    setup_exports(app)
    setup_filters(app)
    setup_citations(app)
    setup_hosting(app)
    setup_sitemap(app)
    setup_redirects(app)
    setup_fielddocs(app)
    setup_search(app)
    setup_content_policy(app)
    setup_math(app)
    setup_security(app)
    setup_citation_role(app)
    setup_jinja_cache(app)
    setup_gc_freeze(app)
    setup_page_toc(app)
    setup_theme_css(app)
    return {
        "version": __version__,
        "env_version": STORED_LAYOUT_VERSION,  # see stored_layout.py
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
