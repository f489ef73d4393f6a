"""Command line: argument parsing and exit codes only; the work is done by the pipeline."""

def main(argv: list[str] | None = None) -> int:
    return 0
