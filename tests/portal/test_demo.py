"""The demo county loads, and loading it again changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from catalog.models import Department, Division, Level

pytestmark = pytest.mark.django_db


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def snapshot():
    return {
        "divisions": sorted(Division.objects.values_list("code", "name", "parent__code")),
        "departments": sorted(Department.objects.values_list("code", "name", "division__code")),
        "users": sorted(get_user_model().objects.values_list("username", "is_superuser")),
    }


def test_demo_county_has_the_promised_size():
    load_demo()
    assert Division.objects.county().count() == 1
    assert Division.objects.townships().count() >= 8
    assert Division.objects.villages().count() >= 40
    assert Department.objects.filter(division__level=Level.COUNTY).count() >= 25
    for division in Division.objects.exclude(level=Level.COUNTY):
        assert division.departments.exists(), division
        division.full_clean()


def test_loading_the_demo_twice_changes_nothing():
    load_demo()
    first = snapshot()
    load_demo()
    assert snapshot() == first


def test_demo_accounts_can_log_in_with_the_printed_password(client):
    from catalog.demo import DEMO_PASSWORD

    load_demo()
    for username in ["admin", "clerk", "reviewer", "supervisor"]:
        assert client.login(username=username, password=DEMO_PASSWORD), username
