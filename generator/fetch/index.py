"""The links of a docs index: an `llms.txt` (markdown, read with markdown-it-py, so that a
link in a code block or an HTML comment is not a link and reference-style links are) or an
XML sitemap (read with defusedxml: a sitemap is the server's text, and no DTD or entity of
it is expanded). Links come back absolute (resolved against the index URL) and in the
order of the index; which of them are pages is urls.py's question.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from markdown_it import MarkdownIt

from generator.diagnostics import Location, RefgenError

_SITEMAP_NAMESPACE = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class Link:
    url: str  # absolute, as the index gives it (fragment and all)
    line: int  # of the index, 0 when unknown


@dataclass(frozen=True)
class SitemapLinks:
    pages: list[Link]
    sitemaps: list[Link]  # a sitemap index lists further sitemaps


def llms_txt_links(data: bytes, index_url: str) -> list[Link]:
    """Every link of an llms.txt (https://llmstxt.org: markdown whose lists link the pages)."""
    text = _text(data, index_url)
    links = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] + 1 if token.map else 0
        for child in token.children:
            href = child.attrGet("href") if child.type == "link_open" else None
            if isinstance(href, str) and href:
                links.append(Link(urljoin(index_url, href), line))
    return links


def sitemap_links(data: bytes, index_url: str) -> SitemapLinks:
    """The `<loc>` of each `<url>` of a `<urlset>`, or of each `<sitemap>` of a
    `<sitemapindex>` (https://www.sitemaps.org/protocol.html)."""
    if data[:2] == b"\x1f\x8b":
        raise RefgenError.at(
            Location(index_url),
            "a gzip-compressed sitemap: name the "
            "uncompressed one (or let the server compress it in transit)",
        )
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise RefgenError.at(Location(index_url), f"not a sitemap (XML: {error})") from None
    kind = _local_name(root)
    if kind not in ("urlset", "sitemapindex"):
        raise RefgenError.at(
            Location(index_url),
            f"not a sitemap (its root is <{kind}>, not <urlset> or <sitemapindex>)",
        )
    entry = "url" if kind == "urlset" else "sitemap"
    locations = [_location(element, index_url) for element in root if _local_name(element) == entry]
    links = [Link(location, 0) for location in locations if location]
    return SitemapLinks(
        pages=links if kind == "urlset" else [], sitemaps=links if kind == "sitemapindex" else []
    )


def _location(element: Element, index_url: str) -> str:
    for child in element:
        if _local_name(child) == "loc":
            return urljoin(index_url, (child.text or "").strip())
    return ""


def _local_name(element: Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.removeprefix(_SITEMAP_NAMESPACE) if tag.startswith("{") else tag


def _text(data: bytes, index_url: str) -> str:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RefgenError.at(
            Location(index_url, line), f"not valid UTF-8 (byte 0x{data[error.start]:02x})"
        ) from None
