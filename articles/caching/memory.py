"""PageMemCache: Django's local-memory cache for the page cache, less the pickling.

LocMemCache pickles every value on the way in and unpickles it on the way out, so that a
caller changing what it got cannot change what the next caller gets. The page cache
stores only values nobody changes — frozen `store.Page` objects and the schedule's tuple
of floats — and unpickling a page was about a quarter of a hit's time. This backend
keeps them as they are, and is configured for the page cache's own alias only
(newsroom/settings.py): everything else keeps Django's copying cache.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class PageMemCache(LocMemCache):
    """For immutable values only (see the module's docstring)."""

    def validate_key(self, key):
        """Nothing to check: the warnings are about memcached's key rules, and the page
        cache's keys are a prefix and a hex digest (checking cost a hit ~2 µs)."""

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._set(key, value, timeout)
                return True
            return False

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                return default
            value = self._cache[key]
            self._cache.move_to_end(key, last=False)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            self._set(key, value, timeout)

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._lock:
            if self._has_expired(key):
                self._delete(key)
                raise ValueError("Key '%s' not found" % key)  # noqa: UP031 (LocMemCache's words)
            value = self._cache[key] + delta
            self._cache[key] = value
            self._cache.move_to_end(key, last=False)
        return value
