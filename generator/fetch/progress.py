"""What `refgen fetch` shows while it works: a progress bar on a terminal (tqdm: small, no
dependencies of its own, and it handles terminal width, redraw rate and cleanup), plain
lines otherwise (a CI log keeps one line per page, never a bar's control characters)."""

from __future__ import annotations

import os
from typing import Never, Protocol, TextIO

from tqdm import tqdm


class Progress(Protocol):
    def note(self, text: str) -> None:
        """A line worth keeping (an index read, a summary)."""

    def start(self, total: int) -> None:
        """`total` pages are about to be downloaded."""

    def page_done(self, url: str, outcome: str) -> None:
        """One page is done: `outcome` says how (`fetched 12.3 kB`, `unchanged`, `failed`)."""

    def close(self) -> None: ...


class PlainProgress:
    """One line per page: `[12/402] fetched 12.3 kB https://...`."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.total = 0
        self.count = 0

    def note(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def start(self, total: int) -> None:
        self.total, self.count = total, 0

    def page_done(self, url: str, outcome: str) -> None:
        self.count += 1
        width = len(str(self.total))
        self.note(f"[{self.count:>{width}}/{self.total}] {outcome} {url}")

    def close(self) -> None:
        pass


class BarProgress:
    """A bar that counts pages and notes lines above it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar: tqdm[Never] | None = None

    def note(self, text: str) -> None:
        tqdm.write(text, file=self.stream)

    def start(self, total: int) -> None:
        self.close()
        self.bar = tqdm(
            total=total,
            unit="page",
            file=self.stream,
            dynamic_ncols=True,
            desc="fetching",
            leave=False,
        )

    def page_done(self, url: str, outcome: str) -> None:
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class SilentProgress:
    def note(self, text: str) -> None:
        pass

    def start(self, total: int) -> None:
        pass

    def page_done(self, url: str, outcome: str) -> None:
        pass

    def close(self) -> None:
        pass


def progress_on(stream: TextIO) -> Progress:
    """A bar when `stream` is a terminal that says how wide it is (a pseudo-terminal of a CI
    runner may say 0 columns, where a bar would be cut to nothing), plain lines otherwise."""
    return BarProgress(stream) if _terminal_width(stream) > 0 else PlainProgress(stream)


def _terminal_width(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns if stream.isatty() else 0
    except (OSError, ValueError, AttributeError):  # closed, or not a file at all
        return 0
