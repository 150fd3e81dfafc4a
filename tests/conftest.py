import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import get_hashers
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from portal import workdays
from tests import factories

# Property tests judge the code, not the machine: on a loaded CI host a slow example is not a failure.
hypothesis_settings.register_profile("gongkai", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("gongkai")

# Every user a test makes (factories, pytest-django's admin_user, the demo county) gets a password; Django's real
# hasher spends most of a second on each, which is what it is for and what a test suite cannot afford. Tests that
# serve pages from another process (gunicorn, the task worker) never sign in there, so they need no real hashes.
django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
get_hashers.cache_clear()


@pytest.fixture(autouse=True)
def fresh_workday_cache():
    """Each test sees the calendar tables as that test left them."""
    workdays.calendar.clear()
    yield
    workdays.calendar.clear()


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Tasks run inline, at enqueue, unless a test sets the database backend and runs its worker."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts without this process's cached pages: the database (and its cache table) rolled back."""
    from catalog import fragments

    fragments.forget_local()
    yield
    fragments.forget_local()


@pytest.fixture
def isolated_site(settings, tmp_path):
    """A cache (rate limits, lockouts), media folder and mailbox of this test's own."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"isolated-{tmp_path}"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


# The people and departments tests act with, defined once. The superuser is pytest-django's `admin_user`
# (`admin_client` is signed in as it). A module that needs someone else (a clerk with an email address, a
# department in a township) makes them under a name of its own, never one of these.


@pytest.fixture
def department(db):
    """县民政局, a department of the test county (factories.county): the one `clerk` and `reviewer` work for."""
    return factories.department(name="县民政局")


@pytest.fixture
def other_department(db):
    """县教育局, another department of the same county, for which `clerk` and `reviewer` do not work."""
    return factories.department(name="县教育局")


@pytest.fixture
def clerk(department):
    """A clerk (办事员) of `department` only: drafts, registers and answers, but approves nothing."""
    return factories.clerk(department)


@pytest.fixture
def reviewer(department):
    """A reviewer (审核员) of `department` only: approves and withdraws its publications, extends its requests."""
    return factories.reviewer(department)


@pytest.fixture
def supervisor(db):
    """The county's supervisor (督查): reads every department's records and works for none of them."""
    return factories.supervisor()


@pytest.fixture
def clerk_client(clerk):
    """A client of its own (not `client`) signed in as `clerk`, as pytest-django's `admin_client` is."""
    signed_in = Client()
    signed_in.force_login(clerk)
    return signed_in


@pytest.fixture
def supervisor_client(supervisor):
    """A client of its own (not `client`) signed in as `supervisor`."""
    signed_in = Client()
    signed_in.force_login(supervisor)
    return signed_in


@pytest.fixture
def users_by_role(clerk, other_department, reviewer, supervisor, admin_user):
    """The people a permission test compares: nobody signed in, the clerk of `department` and one of
    `other_department`, the reviewer of `department`, the supervisor and the superuser."""
    return {
        "anonymous": None,
        "clerk_a": clerk,
        "clerk_b": factories.clerk(other_department),
        "reviewer_a": reviewer,
        "supervisor": supervisor,
        "superuser": admin_user,
    }
