"""Values a process keeps between requests, each with the state of the database it was made
from: given back only while that state is current, so keeping them is never state of the
process's own (any number of workers behave as one)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Generic, TypeVar

K = TypeVar("K")
S = TypeVar("S")
V = TypeVar("V")


class StateCache(Generic[K, S, V]):
    """The values of the ``size`` most recently used keys, each with its state."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[K, tuple[S, V]] = OrderedDict()

    def get(self, key: K, state: S) -> V | None:
        """The value kept for ``key`` if it was made from ``state``."""
        with self._lock:
            found = self._items.get(key)
            if found is None or found[0] != state:
                return None
            self._items.move_to_end(key)
            return found[1]

    def put(self, key: K, state: S, value: V) -> None:
        with self._lock:
            self._items[key] = (state, value)
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
