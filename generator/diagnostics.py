"""Errors and warnings as values with a location, printed only by the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; `line` and `column` count from 1, 0 means unknown."""

    file: str
    line: int = 0
    column: int = 0

    @classmethod
    def parse(cls, text: str) -> Location:
        """The Location that str() shows as `text` ("file", "file:line" or "file:line:col")."""
        file = text
        numbers: list[int] = []
        while len(numbers) < 2:
            head, _, tail = file.rpartition(":")
            if not head or not tail.isdigit():
                break
            file, numbers = head, [int(tail), *numbers]
        return cls(file or "?", *numbers)

    def __str__(self) -> str:
        text = self.file
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    message: str
    location: Location
    quote: str = ""  # the offending source line, shown under the message

    def render(self) -> str:
        text = f"{self.location}: {self.severity}: {self.message}"
        if self.quote:
            quote = self.quote.strip()
            text += "\n    " + (quote if len(quote) <= 200 else quote[:199] + "…")
        return text


class RefgenError(Exception):
    """A user mistake: bad input or bad configuration. The CLI prints it without a traceback."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(d.render() for d in diagnostics))
        self.diagnostics = diagnostics

    @classmethod
    def at(cls, location: Location, message: str, quote: str = "") -> RefgenError:
        return cls([Diagnostic("error", message, location, quote)])


@dataclass
class Diagnostics:
    """Collects the warnings and errors of one run, in the order they were found. A warning
    already given (the same message at the same place) is not given again: pages repeat one
    another, and whether a repeat is read or recognised as one must not change what is said."""

    items: list[Diagnostic] = field(default_factory=list)
    # How many were given, repeats included: whether a step said anything (the scanner's
    # SectionMemo remembers only a section whose reading said nothing).
    given: int = field(default=0, repr=False, compare=False)
    _warned: set[Diagnostic] = field(default_factory=set, repr=False, compare=False)

    def warn(self, location: Location, message: str, quote: str = "") -> None:
        self.given += 1
        warning = Diagnostic("warning", message, location, quote)
        if warning not in self._warned:
            self._warned.add(warning)
            self.items.append(warning)

    def error(self, location: Location, message: str, quote: str = "") -> None:
        self.given += 1
        self.items.append(Diagnostic("error", message, location, quote))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise RefgenError(self.errors)
