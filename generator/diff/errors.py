"""The one exception type that the CLI turns into `file: error: message` (exit status 1)."""


class InputError(Exception):
    """A problem with what the user gave us, tied to the file it is about."""

    def __init__(self, file: str, message: str) -> None:
        super().__init__(f"{file}: error: {message}")
        self.file = file
        self.message = message
