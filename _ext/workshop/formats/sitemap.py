"""A sitemap (the sitemaps.org protocol, 0.9) and the robots.txt that announces it. Pure data
in, bytes out; no Sphinx.

The sitemap lists each page's absolute URL once, sorted, and nothing that changes from one
build to the next (no ``lastmod``): two builds of the same pages give the same bytes.
"""

from __future__ import annotations

import typing as t
from xml.etree import ElementTree as ET

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_FILE = "sitemap.xml"
MEDIA_TYPE = "application/xml"
_URL, _LOC = f"{{{SITEMAP_NS}}}url", f"{{{SITEMAP_NS}}}loc"


def sitemap_xml(urls: t.Iterable[str]) -> bytes:
    """``<urlset>`` with a ``<url><loc>`` per absolute URL, sorted, each once (UTF-8, with the
    XML declaration, no indentation)."""
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for url in sorted(set(urls)):
        ET.SubElement(ET.SubElement(urlset, _URL), _LOC).text = url
    serialised: bytes = ET.tostring(
        urlset, encoding="utf-8", xml_declaration=True, default_namespace=SITEMAP_NS
    )
    return serialised


def robots_txt(site_url: str) -> bytes:
    """Every crawler may read everything; the sitemap is at the root of ``site_url`` (which
    ends with ``/``)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}{SITEMAP_FILE}\n".encode()
