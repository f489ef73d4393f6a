"""The one exception type that the CLI prints as `file: error: message` (exit status 1)."""


class InputError(Exception):
    """A problem with what the user gave us, tied to the file it is about.

    `rendered` carries messages that other stages already wrote in that form (the page
    parser's diagnostics, with line numbers), so they are printed as they are.
    """

    def __init__(self, file: str, message: str, rendered: str | None = None) -> None:
        super().__init__(rendered or f"{file}: error: {message}")
        self.file = file
        self.message = message
