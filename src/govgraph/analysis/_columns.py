"""Many result objects at once, built column by column (:func:`from_columns`)."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import fields
from itertools import repeat
from typing import Any, TypeVar

__all__ = ["from_columns"]

_T = TypeVar("_T")


def from_columns(cls: type[_T], columns: Mapping[str, Sequence[Any]]) -> list[_T]:
    """Build many instances of a frozen, slotted result dataclass, column by column.

    The objects are the ones ``cls(**row)`` would build for each row (equal, same hash, frozen),
    about three times faster for large results: each field's slot is filled by a C-level loop
    over its column instead of through the generated ``__init__``.

    Args:
        cls: A ``@dataclass(frozen=True, slots=True)`` class without ``__post_init__``.
        columns: One sequence per field, all of the same length.

    Raises:
        ValueError: The columns do not name exactly the fields of ``cls``, or differ in length.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    if set(columns) != set(names) or hasattr(cls, "__post_init__"):
        raise ValueError(f"{cls.__name__} needs exactly the columns {names}, got {sorted(columns)}")
    lengths = {len(column) for column in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths {sorted(lengths)}")
    n = lengths.pop() if lengths else 0
    objects: list[_T] = list(map(object.__new__, repeat(cls, n)))
    for name in names:
        deque(map(cls.__dict__[name].__set__, objects, columns[name]), maxlen=0)
    return objects
