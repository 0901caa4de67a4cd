"""Errors the command line shows as one sentence."""


class UserError(Exception):
    """A problem the user can fix; shown as one sentence with a non-zero exit, no traceback."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
