"""JSON pointers (RFC 6901): the one way refgen names a place in an OpenAPI document."""

from collections.abc import Iterable


def escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *segments: str | int) -> str:
    return pointer + "".join("/" + escape(str(segment)) for segment in segments)


def split(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [unescape(segment) for segment in pointer.split("/")[1:]]


def from_segments(segments: Iterable[str | int]) -> str:
    return join("", *segments)


def parents(pointer: str) -> list[str]:
    """The pointer itself, then each ancestor up to the document root ("")."""
    chain = [pointer]
    while pointer:
        pointer = pointer.rsplit("/", 1)[0]
        chain.append(pointer)
    return chain
