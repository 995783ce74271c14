import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache, so a cached page never hides a bug."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
