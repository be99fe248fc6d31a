"""Values made once per key for every session, the newest kept.

A class moving to a new value together asks for the same thing many times before the first
making is done (under load, a second or more): one caller makes it, the others asking for that
key wait for it instead of making it again, and callers asking for other keys are not held up.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")
_MISSING = object()


class MadeOnce(Generic[T]):
    """A bounded, thread-safe map from a key to the value made for it (read only by callers)."""

    def __init__(self, kept: int) -> None:
        self.limit = kept
        self._kept: OrderedDict[Hashable, T] = OrderedDict()
        self._making: dict[Hashable, threading.Lock] = {}  # per key, held by its maker
        self._lock = threading.Lock()

    def get(
        self, key: Hashable, make: Callable[[], T], keep: Callable[[T], bool] | None = None
    ) -> T:
        """The value for ``key``, made by ``make()`` if no caller has made it (or is making
        it); a value ``keep`` refuses is handed to this caller only, and made again next time."""
        if (value := self._found(key)) is not _MISSING:
            return value
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            if (value := self._found(key)) is not _MISSING:
                return value  # made by the caller this one waited for
            try:
                value = make()
                if keep is not None and not keep(value):
                    return value
                with self._lock:
                    self._kept[key] = value
                    while len(self._kept) > self.limit:
                        self._kept.popitem(last=False)
            finally:
                with self._lock:
                    self._making.pop(key, None)
        return value

    def _found(self, key: Hashable) -> T | object:
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
            return _MISSING

    def __len__(self) -> int:
        return len(self._kept)

    def __contains__(self, key: object) -> bool:
        return key in self._kept

    def __iter__(self) -> Iterator[Hashable]:
        with self._lock:
            return iter(list(self._kept))

    def __getitem__(self, key: Hashable) -> T:
        return self._kept[key]

    def keys(self) -> list[Hashable]:
        with self._lock:
            return list(self._kept)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()
