"""The line-scan floor: `python bench/floor.py TREE` reads every page of the tree, decodes it
and splits it into lines, then looks at the first character of each line, and prints the
number of lines. No tool that reads every line in Python can be faster; bench/run.py runs it
in a fresh process, like the commands it is compared with."""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> int:
    tree = Path(sys.argv[1])
    pages = sorted(tree.rglob("*.md")) if tree.is_dir() else [tree]
    lines = marked = 0
    for page in pages:
        for line in page.read_bytes().decode("utf-8").split("\n"):
            lines += 1
            if line[:1] in "#-*`":  # the least a scan does with a line: look at it
                marked += 1
    print(lines, marked)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
