"""The store: partnerships, assessments, participants and answers in one SQLite file, or in a
PostgreSQL database (`assessor.store.postgres`) with the same schema and guarantees.

`Store` is one object over the parts, one module per aggregate, each building on the one it
needs (`base`: the connection and the one transaction helper; `partnerships`; `assessments`;
`participants`; `answer_reads` and `answer_writes`). Every public method says what an error of
the database's driver means for it, as a StoreError (`base`).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from assessor.store.answer_writes import AnswerStore
from assessor.store.base import Clock, iso_text

__all__ = ["Clock", "Store", "iso_text"]


class Store(AnswerStore):
    """An open assessor database. Use as a context manager, or call `close()`."""


def _translated(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def run(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except self.driver_errors as error:
            raise self.storage_error(error) from None

    return run


# Every public method says what an error of the database means for it, as a StoreError (the
# transaction helper says it itself: it is a context manager, not a call).
for _name in dir(Store):
    _member = inspect.getattr_static(Store, _name)
    _plain = inspect.isfunction(_member)  # not a static or class method, nor a property
    if _plain and not _name.startswith("_") and _name != "transaction":
        setattr(Store, _name, _translated(_member))
