"""The links of an llms.txt and of a sitemap; a sitemap index fetched end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.diagnostics import RefgenError
from generator.fetch.index import Link, llms_txt_links, sitemap_links
from tests.fetch.conftest import MODEL_PAGES, TREE, files_under, refgen, write_config
from tests.fetch.site import Site

INDEX = "https://docs.example.com/llms.txt"


def test_llms_txt_links_are_markdown_links() -> None:
    text = b"""# Example

> A site.

## API

- [Messages](https://docs.example.com/api/messages.md): send one
- [Models](api/models "relative, with a title")
- <https://docs.example.com/api/autolink.md>
- [Reference style][files]

```
- [Not a link](https://docs.example.com/api/in-code.md)
```

<!-- [Not a link either](https://docs.example.com/api/in-comment.md) -->

[files]: https://docs.example.com/api/files.md
"""
    assert llms_txt_links(text, INDEX) == [
        Link("https://docs.example.com/api/messages.md", 7),
        Link("https://docs.example.com/api/models", 8),
        Link("https://docs.example.com/api/autolink.md", 9),
        Link("https://docs.example.com/api/files.md", 10),
    ]


SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://docs.example.com/api/messages</loc><lastmod>2026-08-22</lastmod></url>
  <url><loc> https://docs.example.com/api/models </loc></url>
  <url><lastmod>2026-08-22</lastmod></url>
</urlset>
"""


def test_sitemap_links() -> None:
    links = sitemap_links(SITEMAP, "https://docs.example.com/sitemap.xml")
    assert [link.url for link in links.pages] == [
        "https://docs.example.com/api/messages",
        "https://docs.example.com/api/models",
    ]
    assert links.sitemaps == []


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol2;</loc></url></urlset>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&secret;</loc></url></urlset>
"""


@pytest.mark.parametrize(
    "data, problem",
    [
        (BOMB, "not a sitemap (XML: DTDForbidden"),
        (EXTERNAL, "not a sitemap (XML: DTDForbidden"),
        (b"<html><body>hi</body></html>", "its root is <html>"),
        (b"not xml", "not a sitemap (XML: syntax error"),
        (b"\x1f\x8b\x08\x00", "a gzip-compressed sitemap"),
    ],
)
def test_a_hostile_sitemap_is_refused(data: bytes, problem: str) -> None:
    with pytest.raises(RefgenError) as raised:
        sitemap_links(data, "https://docs.example.com/sitemap.xml")
    assert problem in raised.value.diagnostics[0].message


def test_a_sitemap_index_is_fetched_end_to_end(site: Site, tmp_path: Path) -> None:
    for page in MODEL_PAGES:
        site.files[f"/docs/{page}"] = (TREE / page).read_bytes()
    namespace = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    site.files["/sitemap.xml"] = (
        f"<sitemapindex {namespace}><sitemap><loc>{site.url}/sitemaps/api.xml</loc></sitemap>"
        "</sitemapindex>"
    ).encode()
    site.files["/sitemaps/api.xml"] = (
        f"<urlset {namespace}>"
        + "".join(
            f"<url><loc>{site.url}/docs/{p.removesuffix('.md')}</loc></url>" for p in MODEL_PAGES
        )
        + f"<url><loc>{site.url}/blog/news</loc></url></urlset>"
    ).encode()
    write_config(
        tmp_path, f"sitemap: {site.url}/sitemap.xml\n    base: {site.url}/docs/\n    into: pages"
    )
    result = refgen(tmp_path, "fetch")
    assert result.returncode == 0, result.stderr
    assert files_under(tmp_path / "spec" / "pages") == {
        page: (TREE / page).read_bytes() for page in MODEL_PAGES
    }
    assert not site.requests_for("/blog/news.md")


def test_a_url_list_is_fetched_as_written(site: Site, tmp_path: Path) -> None:
    for page in MODEL_PAGES:
        site.files[f"/docs/{page}"] = (TREE / page).read_bytes()
    urls = ", ".join(f"{site.url}/docs/{page}" for page in MODEL_PAGES)
    write_config(tmp_path, f"urls: [{urls}]\n    into: pages")
    result = refgen(tmp_path, "fetch")
    assert result.returncode == 0, result.stderr
    # The default base of a list is its site's root: the path below it is the file's.
    assert files_under(tmp_path / "spec" / "pages") == {
        f"docs/{page}": (TREE / page).read_bytes() for page in MODEL_PAGES
    }
    lock = json.loads((tmp_path / "spec" / "refgen.lock").read_text())
    assert lock["sources"][0]["urls"] == [f"{site.url}/docs/{page}" for page in MODEL_PAGES]


@pytest.mark.parametrize(
    "nested, problem",
    [
        ("http://localhost:{port}/sitemaps/api.xml", "a sitemap on another host than"),
        ("{url}/sitemap.xml", "a sitemap index inside a sitemap index"),
    ],
)
def test_a_sitemap_index_stays_on_the_site_and_one_level_deep(
    site: Site, tmp_path: Path, nested: str, problem: str
) -> None:
    port = site.url.rsplit(":", 1)[1]
    location = nested.format(port=port, url=site.url)
    site.files["/sitemap.xml"] = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{location}</loc></sitemap></sitemapindex>"
    ).encode()
    write_config(tmp_path, f"sitemap: {site.url}/sitemap.xml\n    into: pages")
    result = refgen(tmp_path, "fetch")
    assert result.returncode == 1
    assert f"{location}: error: {problem}" in result.stderr
    assert not (tmp_path / "spec" / "pages").exists()
