"""Read page files: decoding, front matter, and finding the pages of a directory tree."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from generator.diagnostics import Location, RefgenError

PAGE_SUFFIXES = (".md", ".markdown")
_FRONT_MATTER_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):\s*(?P<value>.*?)\s*$")


@dataclass(frozen=True)
class SourceText:
    """One page: its text after the front matter (newlines normalised to "\n"), and the number
    of the text's first line. The scan reads the text itself (pages/scan.PageLines), so that
    the sections it skips are never split into lines; `lines` is there for the readers that
    want every line."""

    path: str
    text: str
    first_line: int
    front_matter: dict[str, str]

    @cached_property
    def lines(self) -> tuple[str, ...]:
        return tuple(self.text.split("\n"))


def display_path(path: Path) -> str:
    """The path as the user gave it (pages found in a directory: the directory as given,
    then the path below it), so messages name files the way the user wrote them."""
    return path.as_posix()


def find_pages(inputs: list[Path]) -> list[Path]:
    """Every page named or under a named directory, sorted so that the order never depends on
    the file system."""
    pages: list[Path] = []
    for given in inputs:
        if not given.exists():
            raise RefgenError.at(Location(display_path(given)), "no such file or directory")
        if given.is_dir():
            found = sorted(p for p in given.rglob("*") if p.suffix in PAGE_SUFFIXES and p.is_file())
            if not found:
                raise RefgenError.at(
                    Location(display_path(given)), "directory contains no pages (*.md)"
                )
            pages.extend(found)
        else:
            pages.append(given)
    return sorted(set(pages), key=lambda p: p.as_posix())


@dataclass(frozen=True)
class PageFile:
    """A page to read, and its two names."""

    path: Path
    # Relative to the source root: what the document, its generated names and its source map
    # use, so that they never depend on where the pages are or how the command named them.
    name: str
    shown: str  # as the user spelled it: what messages use


def page_files(inputs: list[Path], relative_to: Path | None = None) -> list[PageFile]:
    """Every page named or under a named directory (find_pages), named relative to
    `relative_to` (the project of refgen.yaml) when given, else to the source root: the
    deepest directory that holds every input. Paths are made absolute lexically, not through
    symlinks: a linked docs folder gives the same names wherever the link points."""
    pages = find_pages(inputs)
    root = relative_to if relative_to is not None else source_root(inputs)
    return [
        PageFile(
            path,
            _relative(path, root),
            _relative(path, relative_to) if relative_to is not None else display_path(path),
        )
        for path in pages
    ]


def source_root(inputs: list[Path]) -> Path:
    """The deepest directory holding every input (a file stands for its directory)."""
    folders = [
        os.path.abspath(given) if given.is_dir() else os.path.dirname(os.path.abspath(given))
        for given in inputs
    ]
    return Path(os.path.commonpath(folders)) if folders else Path(".")


def _relative(path: Path, root: Path) -> str:
    return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(root))).as_posix()


def read_page(path: Path, name: str | None = None) -> SourceText:
    shown = name or display_path(path)
    data = path.read_bytes()
    return decode_page(data, shown)


def decode_page(data: bytes, shown: str) -> SourceText:
    if _looks_binary(data):
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise RefgenError.at(Location(shown, line), "binary file (contains NUL bytes), not a page")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise RefgenError.at(
            Location(shown, line, column), f"not valid UTF-8 (byte 0x{data[error.start]:02x})"
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise RefgenError.at(Location(shown, 1), "empty page")
    if "\r" in text:  # rare: a search costs less than two copies of the page
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    front_matter, body_line, body_offset = _front_matter(text)
    return SourceText(shown, text[body_offset:], body_line + 1, front_matter)


def _looks_binary(data: bytes) -> bool:
    """Binary files are full of NUL bytes; a text page may carry a stray one in a description,
    which the generated code escapes like any other control character."""
    head = data[:8192]
    return head.count(b"\x00") * 100 > max(len(head), 1)


def _front_matter(text: str) -> tuple[dict[str, str], int, int]:
    """YAML front matter as flat `key: value` pairs, with the index of the line after it and
    where that line starts in the text. It is read by a line scan rather than a YAML parser
    because only plain scalars (title, url) are used, and a broken block must not stop the
    page from being read. Lines are taken one at a time: the body is not split here."""
    lines = _lines_from(text, 0)
    if next(lines)[1].strip() != "---":
        return {}, 0, 0
    fields: dict[str, str] = {}
    for index, (after, line) in enumerate(lines, 1):
        if line.strip() == "---":
            return fields, index + 1, after
        match = _FRONT_MATTER_FIELD.match(line)
        if match:
            fields[match.group("key")] = match.group("value").strip("'\"")
    return {}, 0, 0  # no closing marker: not front matter after all


def _lines_from(text: str, start: int) -> Iterator[tuple[int, str]]:
    """The lines of `text` from `start` on, each with where the line after it starts (the end
    of the text after the last line)."""
    while True:
        newline = text.find("\n", start)
        if newline < 0:
            yield len(text), text[start:]
            return
        yield newline + 1, text[start:newline]
        start = newline + 1
