"""A size-bounded mapping for the caches a process keeps (answers, formatted values, bit
sets): it never holds more than `size` entries, dropping the least recently used first, so a
long-running server's memory stays flat whatever its visitors ask. Safe to share between
the threads of a server. Pure Python, no Django: the search's in-memory index uses it too."""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

_MISSING = object()


class Bounded[K: Hashable, V]:
    def __init__(self, size: int):
        if size < 1:
            raise ValueError("a bounded cache holds at least one entry")
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, default: V | None = None) -> V | None:
        with self._lock:
            found = self._entries.get(key, _MISSING)
            if found is _MISSING:
                return default
            self._entries.move_to_end(key)
            return found

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The kept value, or make() kept. make() runs outside the lock (it may query or
        take long), so two threads may both make a missing value; the last one is kept."""
        found = self.get(key, _MISSING)
        return self.put(key, make()) if found is _MISSING else found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries
