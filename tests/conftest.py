import pytest

from portal import workdays


@pytest.fixture(autouse=True)
def fresh_workday_cache():
    """Each test sees the calendar tables as that test left them."""
    workdays.calendar.clear()
    yield
    workdays.calendar.clear()
