"""Every file the real site publishes is a page of a document, an asset, or an entry of the
export registry (``features/exports.py``): the build lists the registry's files of the build
beside its doctrees (``workshop-published.json``), and the output folder must hold exactly
those plus the pages and assets."""

from __future__ import annotations

import json
import posixpath

from sphinx.util.inventory import InventoryFile
from workshop.features.exports import EXPORTS, PUBLISHED_LIST

ASSET_FOLDERS = ("_static/", "_images/")
# Pages that Sphinx and sphinx-notfound-page make without a document.
GENERATED_PAGES = {"genindex/index.html", "search/index.html", "404/index.html"}


def doc_pages(outdir) -> set[str]:
    """The page of every document (dirhtml), from the site's own inventory."""
    with (outdir / "objects.inv").open("rb") as stream:
        docs = InventoryFile.load(stream, "", posixpath.join)["std:doc"]
    return {(item.uri.split("#")[0] + "index.html").lstrip("/") for item in docs.values()}


def test_every_published_file_is_a_page_an_asset_or_registered(real_site):
    outdir = real_site.outdir
    listed = json.loads(
        (outdir.parent / f"{outdir.name}.doctrees" / PUBLISHED_LIST).read_text(encoding="utf-8")
    )
    assert set(listed.values()) <= set(EXPORTS)
    written = {p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file()}
    pages = doc_pages(outdir)
    assert pages <= written
    unregistered = sorted(
        path
        for path in written - pages - GENERATED_PAGES - set(listed)
        if not path.startswith(ASSET_FOLDERS)
    )
    assert not unregistered, "published but not in the export registry"
    assert set(listed) <= written, "registered but not written"
    # What the registry says of the feed and the downloads is what the pages show.
    assert "news/atom.xml" in listed and EXPORTS["news-atom"].head_link
    home = real_site.page("index")
    feeds = home.head.find_all("link", rel="alternate", type=EXPORTS["news-atom"].media_type)
    assert [link["href"] for link in feeds] == ["news/atom.xml"]
