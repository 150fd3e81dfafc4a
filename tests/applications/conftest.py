import pytest


@pytest.fixture(autouse=True)
def isolated(isolated_site):
    """Rate-limit counters, uploads and mail of one request test never reach another (tests/conftest.py)."""
