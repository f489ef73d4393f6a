"""Spelling JSON paths such as `$.hyperparameters.n_epochs` or `$.data[*].id`."""

import re

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")

ITEMS = "[*]"
MAP_VALUES = ".*"


def property_segment(name: str) -> str:
    """`.name`, or `['odd name']` when the name would be ambiguous after a dot."""
    if _PLAIN_NAME.fullmatch(name):
        return f".{name}"
    escaped = name.replace("\\", "\\\\").replace("'", "\\'")
    return f"['{escaped}']"


def member_segment(index: int, reconstructed_only: bool = False) -> str:
    """Union alternative: `.anyOf[2]` (authoritative numbering) or `.anyOf[r2]` (reconstructed)."""
    return f".anyOf[r{index}]" if reconstructed_only else f".anyOf[{index}]"


def is_below(path: str, ancestor: str) -> bool:
    """Whether `path` lies strictly inside the subtree rooted at `ancestor`."""
    return len(path) > len(ancestor) and path.startswith(ancestor) and path[len(ancestor)] in ".["
