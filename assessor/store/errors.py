"""Errors a user can cause with a database file; each reads as one clear sentence."""


class StoreError(Exception):
    """A database that cannot be used as asked (not assessor's, damaged, too new, unknown id)."""


class NotFound(StoreError):
    """An id or name that is not in the database."""
