"""The output file of every page, made with string operations.

``builder.get_outfilename`` makes a path object per page; the end of every build asks it for
every page (the pages ``security.py`` need not check again, the pages a redirect must not
replace): 0.1 s per use at 2,000 pages, in a one-page rebuild too. The two HTML builders' layout
is simple enough to write as strings; any other builder, or one that changes the layout, is
asked page by page.

Checked against Sphinx 9.0.4: ``StandaloneHTMLBuilder.get_output_path`` is
``outdir / (docname + out_suffix)``, ``DirectoryHTMLBuilder.get_output_path`` is
``outdir / <docname without its last "/index"> / ("index" + out_suffix)``, ``index`` giving
``index.html`` (canary: tests/unit/test_compat.py).
"""

from __future__ import annotations

import typing as t
from pathlib import Path

from sphinx.builders import Builder
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder


def _folder_page(docname: str, suffix: str) -> str:
    folder = docname[: -len("index")] if docname.rsplit("/", 1)[-1] == "index" else docname + "/"
    return f"{folder}index{suffix}"


def page_files(builder: Builder, docnames: t.Iterable[str]) -> set[str]:
    """The output file of each page, relative to the output folder, with "/" separators."""
    layout = getattr(type(builder), "get_output_path", None)
    if not isinstance(builder, StandaloneHTMLBuilder):  # the builders that write pages
        raise TypeError(f"page_files: the {builder.name} builder writes no HTML pages")
    if layout is DirectoryHTMLBuilder.get_output_path:
        suffix = builder.out_suffix
        return {_folder_page(docname, suffix) for docname in docnames}
    if layout is StandaloneHTMLBuilder.get_output_path:
        suffix = builder.out_suffix
        return {docname + suffix for docname in docnames}
    outdir = Path(builder.outdir)
    return {
        Path(builder.get_output_path(docname)).relative_to(outdir).as_posix()
        for docname in docnames
    }
