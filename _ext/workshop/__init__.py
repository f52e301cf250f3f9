"""Sphinx extension of the WSL workshop site: data files -> validated records -> pages and exports.

``setup()`` only wires the feature modules together.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .a11y import setup_a11y
from .build_cache import setup_build_cache
from .citations import setup_citations
from .collections import setup_collections
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
from .parallel import setup_parallel
from .redirects import setup_redirects
from .schedule import setup_schedule
from .search import setup_search
from .security import setup_security
from .site_info import setup_site_info
from .sources import setup_sources
from .state import setup_state
from .stored_layout import layout_version
from .theme_assets import setup_theme_assets
from .topics import setup_topics

__version__ = "1.0.0"

# Computed once every module above is imported: the same value in every process of a build.
STORED_LAYOUT_VERSION = layout_version(__name__, KINDS, __version__)


def setup(app: Sphinx) -> dict:
    setup_config(app)
    setup_sources(app)
    app.add_domain(WorkshopDomain)
    setup_html(app)
    setup_state(app)
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
    setup_redirects(app)
    setup_fielddocs(app)
    setup_search(app)
    setup_content_policy(app)
    setup_math(app)
    setup_security(app)
    setup_a11y(app)
    setup_build_cache(app)
    setup_parallel(app)
    setup_theme_assets(app)
    return {
        "version": __version__,
        "env_version": STORED_LAYOUT_VERSION,  # see stored_layout.py
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
