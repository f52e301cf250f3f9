"""The wiring: every feature's ``setup_<feature>``, in order, and the metadata Sphinx gets.

The order of the calls is the order in which handlers of the same event and priority run.

The event pipeline (every handler this extension connects; ``tests/tiny/test_extension.py`` compares
this table with the handlers of a set-up application): per event, the priority (lower runs
first), the handler (module.function, the module named from the package, checked too) and why
it is connected there.

config-inited
    400  math.use_mathml                               before Sphinx validates html_math_renderer (800)
    500  state.on_config_inited                        reads _data/workshop.yaml: project and title from it
    500  search.add_static_path                        the search snippets script comes with the extension
    500  content_policy.check_configuration            MyST syntax extensions on the allowlist only
    500  security.use_checked_templates                pages rendered by security.CheckedTemplates
    550  features.news.on_config_inited                after state: posts dated after "now" left out
    600  hosting.on_config_inited                      after state: site URL, edit links, 404 prefix
builder-inited
    400  state.on_builder_inited                       first: loads the facts, dates, topics, program, "now"
    450  features.citations.parse_reading_list         before sphinxcontrib-bibtex's parse (500)
    500  content_policy.report_other_sources           a page in another format is reported, not dropped
    500  compat.jinja_cache.on_builder_inited          the Jinja bytecode cache beside the doctrees
    500  compat.gc_freeze.freeze_the_heap              the loaded environment out of the collector's passes
    500  compat.pygments_style.share_style_tables      Pygments' style tables made once, not per block
    550  features.citations.check_reading_list         after sphinxcontrib-bibtex's parse: topics and links
env-get-outdated
    500  features.data_files.on_env_get_outdated       re-read pages of a data file whose content changed
    500  features.dates.on_env_get_outdated            re-read pages showing a date state that changed
    500  features.incremental.on_env_get_outdated      keep the records as they were before this reading
env-before-read-docs
    100  sources.on_env_before_read_docs               first: a page that is not UTF-8 is a located warning
    500  features.incremental.on_env_before_read_docs  records of pages read again are replaced
    500  content_policy.disable_file_insertion         no include/raw for contributed pages
    500  compat.gc_freeze.freeze_the_heap              the objects made since out of the collector's passes
doctree-read
    400  features.records.on_doctree_read              before Sphinx's title collector (500)
    400  features.records.on_doctree_read_slots        the program's page: a standard label per slot
    450  search.on_doctree_read                        after the record is stored: extra search words
    450  features.record_details.on_doctree_read       after the record is stored: program dependency, talk
    450  features.news.on_doctree_read                 after the record is stored: the post's text (feed)
    450  security.on_doctree_read                      after the records, before the collectors copy images
    600  features.citations.on_doctree_read            after the record is stored: its BibTeX entry
env-updated
    500  sources.on_env_updated                        the input encoding back to UTF-8
    500  features.data_files.on_env_updated            the data files' digests, as the pages were read
    500  features.incremental.on_env_updated           pages showing a changed record are written again
env-get-updated
    500  features.citations.on_env_get_updated         a new paper can change another's key (a, b suffixes)
    500  security.write_failed_pages_again             pages that failed their check are written again
    600  features.listings.on_env_get_updated          after the keys: the list's rows, its changed pages
    600  features.exports.on_env_get_updated           after the keys: each paper's exports made or kept
env-check-consistency
    500  features.records.on_env_check_consistency     duplicate records across files
    500  features.program.on_env_check_consistency     the schedule's references to papers and people
doctree-resolved
    500  features.records.on_doctree_resolved          author names become links to person pages
    500  features.record_details.on_doctree_resolved   paper pages: when and where, abstract, related papers
    500  features.listings.on_doctree_resolved         {people}, {paper-list} and {paper-filter} rendered
    500  features.news.on_doctree_resolved             {news-list} rendered
    500  features.program.on_doctree_resolved          the program table rendered
    500  features.export_links.on_doctree_resolved     {export} and download links to the written files
    500  features.when.on_doctree_resolved             {add-to-calendar} links and the {agenda} box
    500  features.citations.on_doctree_resolved        "Cite this paper", kept out of the page TOC
    500  compat.theme_css.remember_written_document    the pages this build writes (main process, also -j)
    500  features.exports.make_paper_calendar_early    a paper's calendar, while the writer writes pages
    500  compat.neighbour_titles.forget_neighbours     no neighbour's title rendered for a page (none is shown)
    900  search.index_rubrics_as_headings              late: the final doctree, rubrics indexed as headings
    910  search.skip_pointers                          what a page points to marked no-search (not indexed)
    980  features.prerender.prerender_parts            last: a record page's own parts translated here, not in a writer
write-started
    500  compat.gc_freeze.freeze_the_heap              the environment is read: before Sphinx forks writers
    500  compat.docutils_stylesheets.no_stylesheet_lookup  no translator looks for docutils' stylesheets
    500  compat.parent_titles.keep_parent_titles       a parent's plain title rendered once, not per page
html-page-context
    300  security.escape_context                       first: names escaped before any template sees them
    400  compat.page_toc.skip_empty_page_toc           before the theme's sidebar handler (500)
    450  hosting.on_html_page_context                  description before sphinxext-opengraph (500)
    500  features.program.on_html_page_context         the local-time script on pages that use it
    500  features.listings.on_html_page_context        the filter script on pages that use it
    500  features.when.on_html_page_context            the agenda's stars; local time for the day's hours
    500  features.citations.on_html_page_context       Scholar meta tags of a paper page
    500  search.add_snippets_script                    the snippets script on the search page
    500  features.export_links.on_html_page_context    the registry's head links (the news feed)
    500  features.incremental.drop_neighbour_links     no prev/next links: a neighbour's title is not shown
    500  compat.theme_css.remember_written_page        the other pages it writes (indexes, extra list pages)
    500  compat.asset_tags.keep_asset_tags             script and stylesheet tags made once per address
    999  security.remember_page_context                last: the context the page is rendered (and checked) with
html-collect-pages
    500  features.listings.on_html_collect_pages       the paper list's changed extra pages, data file
build-finished
    500  features.exports.on_build_finished            every file of the registry (sitemap.xml too)
    500  hosting.on_build_finished                     404.html beside 404/index.html for GitHub Pages
    900  redirects.on_build_finished                   last writer: a redirect replacing a file is seen
    940  features.exports.write_published_list         after the writers: the registry's files, for tests
    950  security.on_build_finished                    after every writer: its HTML files checked too
    960  compat.theme_css.on_build_finished            after security's walk: the theme CSS trimmed to the pages
    990  compat.gc_freeze.unfreeze                     last: the heap back to the garbage collector
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import __version__
from .compat.asset_tags import setup_asset_tags
from .compat.bibtex_entries import setup_bibtex_entries
from .compat.citation_role import setup_citation_role
from .compat.docutils_stylesheets import setup_docutils_stylesheets
from .compat.gc_freeze import setup_gc_freeze
from .compat.jinja_cache import setup_jinja_cache
from .compat.neighbour_titles import setup_neighbour_titles
from .compat.page_toc import setup_page_toc
from .compat.parent_titles import setup_parent_titles
from .compat.pygments_style import setup_pygments_style
from .compat.theme_css import setup_theme_css
from .config import setup_config
from .content_policy import setup_content_policy
from .domain import KINDS, WorkshopDomain
from .features.citations import setup_citations
from .features.data_files import setup_data_files
from .features.dates import setup_dates
from .features.export_links import setup_export_links
from .features.exports import setup_exports
from .features.facts import setup_facts
from .features.incremental import setup_incremental
from .features.listings import setup_listings
from .features.news import setup_news
from .features.prerender import setup_prerender
from .features.program import setup_program
from .features.record_details import setup_record_details
from .features.records import setup_records
from .features.topics import setup_topics
from .features.when import setup_when
from .fielddocs import setup_fielddocs
from .hosting import setup_hosting
from .kinds import COLLECTIONS, RECORD_KINDS
from .math import setup_math
from .redirects import setup_redirects
from .render.nodes import setup_nodes
from .safe_parser import setup_safe_parser
from .search import setup_search
from .security import setup_security
from .sources import setup_sources
from .state import setup_state
from .stored_layout import layout_version

# Computed once every module above is imported: the same value in every process of a build.
# The domain stores the kinds of record of the collections table besides its own kinds.
WorkshopDomain.use_collections(COLLECTIONS)
STORED_KINDS = KINDS | set(RECORD_KINDS)
STORED_LAYOUT_VERSION = layout_version(__package__, STORED_KINDS, __version__)
WorkshopDomain.data_version = STORED_LAYOUT_VERSION


def setup_extension(app: Sphinx) -> dict:
    setup_config(app)
    setup_sources(app)
    app.add_domain(WorkshopDomain)
    setup_nodes(app)
    setup_state(app)
    setup_data_files(app)
    setup_facts(app)
    setup_dates(app)
    setup_topics(app)
    setup_records(app)
    setup_incremental(app)
    setup_record_details(app)
    setup_listings(app)
    setup_news(app)
    setup_program(app)
    setup_exports(app)
    setup_export_links(app)
    setup_when(app)
    setup_citations(app)
    setup_prerender(app)
    setup_hosting(app)
    setup_redirects(app)
    setup_fielddocs(app)
    setup_search(app)
    setup_content_policy(app)
    setup_safe_parser(app)
    setup_math(app)
    setup_security(app)
    setup_citation_role(app)
    setup_jinja_cache(app)
    setup_gc_freeze(app)
    setup_pygments_style(app)
    setup_bibtex_entries(app)
    setup_page_toc(app)
    setup_theme_css(app)
    setup_asset_tags(app)
    setup_neighbour_titles(app)
    setup_docutils_stylesheets(app)
    setup_parent_titles(app)
    return {
        "version": __version__,
        "env_version": STORED_LAYOUT_VERSION,  # see stored_layout.py
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
