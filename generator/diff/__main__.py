"""`python -m generator.diff BASE REVISION ...`: the same as `refgen diff`."""

import sys

from generator.diff.cli import main

raise SystemExit(main(sys.argv[1:]))
