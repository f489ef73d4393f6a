"""Small shared types: the NOT_GIVEN sentinel and the aliases used in method signatures."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from typing import (
    IO,
    TYPE_CHECKING,
    Annotated,
    Final,
    Literal,
    Protocol,
    SupportsIndex,
    TypeAlias,
    TypeGuard,
    TypeVar,
    final,
    overload,
)

import httpx
import pydantic

__all__ = [
    "NOT_GIVEN",
    "Body",
    "FileContent",
    "FileInput",
    "Headers",
    "NotGiven",
    "Query",
    "SequenceNotStr",
    "Timeout",
]


@final
class NotGiven:
    """Marks an argument the caller left out, as opposed to an explicit ``None``.

    Generated methods default optional parameters to ``NOT_GIVEN`` so that the
    runtime can drop them from the request, while ``None`` is still sent as JSON null.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        # A single instance keeps `is NOT_GIVEN` checks valid everywhere.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        # copy, deepcopy and pickle resolve the module-level name: the singleton survives.
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()

Headers: TypeAlias = Mapping[str, str | NotGiven]
Query: TypeAlias = Mapping[str, object]
Body: TypeAlias = Mapping[str, object]
Timeout: TypeAlias = float | httpx.Timeout | None

_T_co = TypeVar("_T_co", covariant=True)

if TYPE_CHECKING:
    # A str is a Sequence[str], so `tags: Sequence[str]` would take `tags="a"` and send
    # ["a"]. A str is no SequenceNotStr: its `__contains__` takes only a str, where this
    # protocol's takes any object. Lists and tuples are.
    class SequenceNotStr(Protocol[_T_co]):
        @overload
        def __getitem__(self, index: SupportsIndex, /) -> _T_co: ...
        @overload
        def __getitem__(self, index: slice, /) -> Sequence[_T_co]: ...
        def __contains__(self, value: object, /) -> bool: ...
        def __len__(self) -> int: ...
        def __iter__(self) -> Iterator[_T_co]: ...
        def __reversed__(self) -> Iterator[_T_co]: ...

else:
    SequenceNotStr = Sequence  # what a value is at run time: any sequence


def is_file_content(value: object) -> TypeGuard[bytes | IO[bytes] | os.PathLike[str]]:
    return isinstance(value, bytes | os.PathLike) or callable(getattr(value, "read", None))


def _accept_file_content(value: object) -> object:
    if is_file_content(value):
        return value
    raise ValueError("expected bytes, a binary file object or a path")


# What a multipart upload accepts for one file: raw content, an open binary file, a path
# (`pathlib.Path`, read when the request is built), or a tuple (filename, content) /
# (filename, content, content_type).
# The validator lets generated parameter models declare file fields (pydantic has no
# schema for IO[bytes]) and hands file objects over unread.
FileContent: TypeAlias = Annotated[
    bytes | IO[bytes] | os.PathLike[str], pydantic.PlainValidator(_accept_file_content)
]
FileInput: TypeAlias = (
    FileContent | tuple[str | None, FileContent] | tuple[str | None, FileContent, str | None]
)
