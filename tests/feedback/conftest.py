import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache(db):
    """Feedback tests keep the site's database cache (not isolated_site): their query-count guards include the
    rate limit's queries to its table. Each starts and ends with it empty."""
    cache.clear()
    yield
    cache.clear()
