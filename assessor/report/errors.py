"""The error a report's rendering ends in: one sentence for the user."""


class ReportError(Exception):
    """A report that cannot be rendered (a broken custom template, a bad folder)."""
