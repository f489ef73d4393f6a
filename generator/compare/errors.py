"""The one error type the comparison raises for problems in its input files."""


class InputError(Exception):
    """A user mistake in an input file: reported as `file: error: message`, never a traceback."""

    def __init__(self, source: str, message: str) -> None:
        super().__init__(f"{source}: error: {message}")
        self.source = source
        self.message = message
