"""A page's lines, split only where they are read.

The scan skips every section it read before on another page (pages/scan.SectionMemo): in the
2026-08-22 Anthropic tree, 21 MB of pages hold 11 MB of distinct sections. Splitting a skipped
section into lines, only to step over them, would cost as much as reading them. So the text is
cut, by one search, into *stretches* at the lines where a skipped section may end, and a
stretch is split into lines when the scan first reads past its first line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import chain, islice


class PageLines:
    """The lines of a text, numbered from 0, cut into stretches at the lines `cut` finds (a
    pattern of a newline and the start of the line after it). Stretch 0 starts at line 0;
    each other stretch starts at a line `cut` found and ends before the next."""

    __slots__ = ("_split", "count", "firsts", "offsets", "text")

    def __init__(self, text: str, cut: re.Pattern[str]) -> None:
        self.text = text
        firsts = [0]  # the index of each stretch's first line
        offsets = [0]  # where each stretch starts in the text
        newlines = offset = 0  # the newlines before `offset`
        for match in cut.finditer(text):
            start = match.start() + 1  # where the line after the newline starts
            newlines += text.count("\n", offset, start)
            offset = start
            firsts.append(newlines)
            offsets.append(start)
        self.firsts = firsts
        self.offsets = offsets
        self.count = newlines + text.count("\n", offset) + 1
        self._split: dict[int, list[str]] = {}

    def stretches(self) -> Iterator[tuple[int, Stretch]]:
        """Each stretch, with the index of its first line."""
        for number, first in enumerate(self.firsts):
            yield first, Stretch(self, number)

    def line(self, index: int) -> str:
        number = bisect_right(self.firsts, index) - 1
        if index == self.firsts[number] and number not in self._split:
            return self._head(number)
        return self._stretch(number)[index - self.firsts[number]]

    def next_filled(self, index: int) -> str | None:
        """The first line after `index` that holds more than whitespace, if any. An unsplit
        stretch is walked in the text, and stays unsplit."""
        number = bisect_right(self.firsts, index) - 1
        split = self._split.get(number)
        if split is not None:
            for line in islice(split, index - self.firsts[number] + 1, None):
                if line.strip():
                    return line
        else:  # `index` is the first line (an unsplit stretch is read no further)
            text = self.text
            end = self.offsets[number + 1] - 1 if number + 1 < len(self.offsets) else len(text)
            start = text.find("\n", self.offsets[number], end) + 1
            while 0 < start < end:  # (a line starting at `end` is empty: blank)
                newline = text.find("\n", start, end)
                line = text[start:end] if newline < 0 else text[start:newline]
                if line.strip():
                    return line
                start = newline + 1
        # The next stretch's first line, a line the cut found, is never blank.
        return self._head(number + 1) if number + 1 < len(self.firsts) else None

    def lines(self, first: int, stop: int) -> list[str]:
        """The lines from `first` to the one before `stop`, all in one stretch."""
        number = bisect_right(self.firsts, first) - 1
        base = self.firsts[number]
        assert stop <= self._stop(number) or first == stop
        return self._stretch(number)[first - base : stop - base]

    def joined(self, first: int, stop: int) -> str:
        """The lines from `first` to the one before `stop` (all in one stretch) joined by
        newlines: a slice of the text when they end the stretch and follow its first line."""
        if first >= stop:
            return ""
        number = bisect_right(self.firsts, first) - 1
        if first == self.firsts[number] + 1 and stop == self._stop(number):
            start = self.text.find("\n", self.offsets[number]) + 1
            end = self.offsets[number + 1] - 1 if number + 1 < len(self.offsets) else None
            return self.text[start:end]
        return "\n".join(self.lines(first, stop))

    def _stop(self, number: int) -> int:
        """The index of the line after stretch `number`."""
        return self.firsts[number + 1] if number + 1 < len(self.firsts) else self.count

    def _head(self, number: int) -> str:
        start = self.offsets[number]
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]

    def _stretch(self, number: int) -> list[str]:
        found = self._split.get(number)
        if found is None:
            start = self.offsets[number]
            end = self.offsets[number + 1] - 1 if number + 1 < len(self.offsets) else None
            found = self._split[number] = self.text[start:end].split("\n")
        return found


class Stretch:
    """The lines of one stretch, split when the iteration passes the first: a reader that
    stops after the first line leaves the stretch unsplit. Once split, `lines` holds them
    all, the first included."""

    __slots__ = ("lines", "number", "page")

    def __init__(self, page: PageLines, number: int) -> None:
        self.page = page
        self.number = number
        self.lines: list[str] = []

    def __iter__(self) -> Iterator[str]:
        # chain() asks for the second iterable's iterator only when the first is exhausted.
        return chain((self.page._head(self.number),), _Rest(self))


class _Rest:
    __slots__ = ("stretch",)

    def __init__(self, stretch: Stretch) -> None:
        self.stretch = stretch

    def __iter__(self) -> Iterator[str]:
        stretch = self.stretch
        stretch.lines = stretch.page._stretch(stretch.number)
        return islice(stretch.lines, 1, None)
