"""Remote sources and `fetch:` settings in refgen.yaml: defaults, and every mistake a located
error (`spec/refgen.yaml: error: ...`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config
from generator.diagnostics import RefgenError
from generator.fetch.sources import FetchSettings
from tests.fetch.conftest import refgen


def config_with(tmp_path: Path, text: str) -> Path:
    spec = tmp_path / "spec"
    spec.mkdir(exist_ok=True)
    (spec / "refgen.yaml").write_text("title: T\npackage: demo\n" + text)
    return spec / "refgen.yaml"


def test_defaults(tmp_path: Path) -> None:
    config = load_config(
        config_with(
            tmp_path,
            """sources:
  - "*.md"
  - llms_txt: https://platform.claude.com/llms.txt
""",
        )
    )
    assert config.sources == ("*.md",)
    (source,) = config.remote
    assert source.kind == "llms_txt" and source.index == "https://platform.claude.com/llms.txt"
    assert source.base == "https://platform.claude.com/"  # the index's folder
    assert source.into == "platform.claude.com"  # named after the host
    assert source.include == ("**",) and source.exclude == () and source.suffix == ".md"
    assert source.hosts == frozenset({"platform.claude.com"})
    assert config.lock == tmp_path / "spec" / "refgen.lock" and config.fetch == FetchSettings()


def test_every_setting(tmp_path: Path) -> None:
    config = load_config(
        config_with(
            tmp_path,
            """sources:
  - sitemap: https://docs.example.com/sitemap.xml
    base: https://docs.example.com/en/api       # a folder, with or without its slash
    into: vendor/api
    include: ["**"]
    exclude: [sdks/**]
    hosts: [CDN.example.com]
    suffix: .markdown
lock: locks/pages.lock
fetch: {concurrency: 2, timeout: 5, page_timeout: 60, retries: 0, backoff: 0.5,
        max_redirects: 0, max_page_size: 500 kB, max_total_size: 1 GiB}
""",
        )
    )
    (source,) = config.remote
    assert source.base == "https://docs.example.com/en/api/"
    assert source.into == "vendor/api" and source.exclude == ("sdks/**",)
    assert source.hosts == frozenset({"docs.example.com", "cdn.example.com"})
    assert config.lock == tmp_path / "spec" / "locks" / "pages.lock"
    assert config.fetch == FetchSettings(
        concurrency=2,
        timeout=5.0,
        page_timeout=60.0,
        retries=0,
        backoff=0.5,
        max_redirects=0,
        max_page_size=500_000,
        max_total_size=2**30,
    )


@pytest.mark.parametrize(
    "sources, problem",
    [
        (
            "[{llms_txt: https://a.example/llms.txt, sitemap: https://a.example/s.xml}]",
            "remote source 1: name exactly one of llms_txt, sitemap, urls",
        ),
        ("[{base: https://a.example/}]", "remote source 1: name exactly one of"),
        ("[{llms_txt: https://a.example/llms.txt, follow: yes}]", "unknown setting(s): follow"),
        (
            "[{llms_txt: file:///etc/llms.txt}]",
            "only http and https URLs can be fetched, not file:",
        ),
        ("[{llms_txt: 'https://me:pw@a.example/llms.txt'}]", "with credentials"),
        ("[{llms_txt: 42}]", "llms_txt: expected a URL"),
        ("[{urls: []}]", "'urls' lists no page"),
        (
            "[{urls: [https://a.example/docs/x], base: https://a.example/api/}]",
            "https://a.example/docs/x: is not below base https://a.example/api/",
        ),
        ("[{urls: ['https://a.example/docs/%2e%2e/x']}]", "is empty, '.' or '..'"),
        (
            "[{llms_txt: https://a.example/llms.txt, into: ../outside}]",
            "'into' must be a folder below the folder of refgen.yaml",
        ),
        ("[{llms_txt: https://a.example/llms.txt, into: /abs}]", "'into' must be a folder below"),
        ("[{llms_txt: https://a.example/llms.txt, into: .}]", "'into' must be a folder below"),
        ("[{llms_txt: https://a.example/llms.txt, into: a/..}]", "'into' must be a folder below"),
        ("[{llms_txt: https://a.example/llms.txt, into: 'C:/x'}]", "'into' must be a folder below"),
        (
            "[{llms_txt: https://a.example/llms.txt, include: [/abs/**]}]",
            "include pattern '/abs/**' must be a relative path glob",
        ),
        ("[{llms_txt: https://a.example/llms.txt, suffix: md}]", "'suffix' must be ''"),
        ("[{llms_txt: https://a.example/llms.txt, hosts: [1]}]", "'hosts' must be a list"),
        (
            "[{llms_txt: https://a.example/l.txt}, {llms_txt: https://a.example/m.txt}]",
            "remote source 2: its folder 'a.example' overlaps another source's (set 'into')",
        ),
        (
            "[{llms_txt: https://a.example/l.txt, into: x}, {llms_txt: https://b.example/m.txt, into: x/y}]",
            "remote source 2: its folder 'x/y' overlaps another source's",
        ),
        ("[42]", "setting 'sources' must be a list of glob patterns and remote sources"),
    ],
)
def test_source_mistakes(tmp_path: Path, sources: str, problem: str) -> None:
    path = config_with(tmp_path, f"sources: {sources}\n")
    with pytest.raises(RefgenError) as raised:
        load_config(path)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.location.file == path.as_posix()
    assert problem in diagnostic.message


@pytest.mark.parametrize(
    "other",
    [
        "openapi: pages/openapi.yaml",
        "overlay: pages/o.yaml",
        "lock: pages/refgen.lock",
        "templates: pages",
        "source_map: pages/deep/map.json",
    ],
)
def test_a_fetched_folder_never_holds_another_file_of_the_config(
    tmp_path: Path, other: str
) -> None:
    """`refgen fetch` replaces the folder whole: it must not hold anything else refgen.yaml
    names (nor refgen.yaml itself)."""
    path = config_with(
        tmp_path, f"{other}\nsources:\n  - {{llms_txt: https://a.example/llms.txt, into: pages}}\n"
    )
    with pytest.raises(RefgenError, match="its folder 'pages' would hold"):
        load_config(path)


@pytest.mark.parametrize(
    "fetch, problem",
    [
        ("{concurrency: 0}", "'concurrency' must be a whole number from 1 to 64"),
        ("{concurrency: 2.5}", "'concurrency' must be a whole number"),
        ("{retries: true}", "'retries' must be a whole number"),
        ("{timeout: 0}", "'timeout' must be a number from"),
        ("{max_page_size: 0}", "'max_page_size' must be a size such as"),
        ("{max_page_size: 12 parsecs}", "'max_page_size' must be a size such as"),
        ("{proxy: x}", "unknown fetch setting(s): proxy"),
        ("[1]", "setting 'fetch' must be a mapping"),
    ],
)
def test_fetch_setting_mistakes(tmp_path: Path, fetch: str, problem: str) -> None:
    with pytest.raises(RefgenError) as raised:
        load_config(config_with(tmp_path, f"fetch: {fetch}\n"))
    assert problem in raised.value.diagnostics[0].message


def test_fetch_without_a_remote_source_says_how_to_add_one(tmp_path: Path) -> None:
    config_with(tmp_path, "sources: ['*.md']\n")
    result = refgen(tmp_path, "fetch")
    assert result.returncode == 1
    assert (
        "spec/refgen.yaml: error: names no remote source to fetch (a `sources:` entry with "
        "llms_txt, sitemap or urls; see docs/fetch.md)"
    ) in result.stderr
