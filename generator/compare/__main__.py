"""`python -m generator.compare RECONSTRUCTED AUTHORITATIVE [--json FILE]`."""

import sys

from generator.compare.cli import main

raise SystemExit(main(sys.argv[1:]))
