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


@pytest.fixture
def isolated_site(settings, tmp_path):
    """A cache (rate limits, lockouts), media folder and mailbox of this test's own, and fast password hashing."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"isolated-{tmp_path}"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings
