"""`python -m generator.diff BASE REVISION ...`: the same as `refgen diff`."""

import sys

from generator.cli import main

raise SystemExit(main(["diff", *sys.argv[1:]]))
