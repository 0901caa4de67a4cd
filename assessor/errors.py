"""The error a user can fix, said as one sentence: by the command line, the app's dialogs and
the server alike."""


class UserError(Exception):
    """A problem the user can fix; shown as one sentence with a non-zero exit, no traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
