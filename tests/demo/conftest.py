"""The whole demo county (`manage.py load_demo`, what `make run` shows), loaded once for every module in this
folder, inside one transaction that is rolled back after the folder's last test; each test nests in it and is
rolled back on its own. Loading the county is the slowest set-up in the suite, so every test that reads the
demo lives here and shares this one load."""

import io
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import transaction

#: The address `load_demo` is told (HOST, as `make run` passes it) and must print in its admin link.
HOST = "127.0.0.1:8123"


@dataclass(frozen=True)
class Demo:
    output: str  # what load_demo printed


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("HOST", HOST)
            call_command("load_demo", stdout=out)
        yield Demo(output=out.getvalue())
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _every_test_reads_the_demo(demo):
    """Every test here reads the county; only test_idempotent.py loads it a second time."""
