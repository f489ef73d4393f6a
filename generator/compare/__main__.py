"""`python -m generator.compare RECONSTRUCTED AUTHORITATIVE [--json FILE]`: `refgen compare`."""

import sys

from generator.cli import main

raise SystemExit(main(["compare", *sys.argv[1:]]))
