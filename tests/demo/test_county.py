"""The demo county has the promised size, its accounts sign in with the printed password, and load_demo prints
the admin address that `make run` serves."""

import pytest
from django.contrib.auth import get_user_model

from catalog.demo import DEMO_PASSWORD
from catalog.models import Department, Division, Level
from portal.models import SiteInfo
from tests.demo.conftest import HOST

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "divisions": sorted(Division.objects.values_list("code", "name", "parent__code")),
        "departments": sorted(Department.objects.values_list("code", "name", "division__code")),
        "users": sorted(get_user_model().objects.values_list("username", "is_superuser")),
    }


def test_demo_county_has_the_promised_size():
    assert Division.objects.county().count() == 1
    assert Division.objects.townships().count() >= 8
    assert Division.objects.villages().count() >= 40
    assert Department.objects.filter(division__level=Level.COUNTY).count() >= 25
    for division in Division.objects.exclude(level=Level.COUNTY):
        assert division.departments.exists(), division
        division.full_clean()


def test_demo_accounts_can_log_in_with_the_printed_password(client, demo):
    for username in ["admin", "clerk", "reviewer", "supervisor"]:
        assert client.login(username=username, password=DEMO_PASSWORD), username
    assert DEMO_PASSWORD in demo.output


def test_load_demo_prints_the_address_make_run_serves(demo):
    assert f"http://{HOST}/admin/" in demo.output
    assert SiteInfo.current().is_demo
