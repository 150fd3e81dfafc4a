import pytest

from portal import workdays


@pytest.fixture(autouse=True)
def fresh_workday_cache():
    """Each test sees the calendar tables as that test left them."""
    workdays.calendar.clear()
    yield
    workdays.calendar.clear()


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts without this process's cached pages: the database (and its cache table) rolled back."""
    from catalog import fragments

    fragments.forget_local()
    yield
    fragments.forget_local()
