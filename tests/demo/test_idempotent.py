"""Loading the demo county again (as every `make run` does) changes nothing: not the county, the directory and
its items, the requests and their logs, the participation, nor the supervisors' data."""

import io

import pytest
from django.core.management import call_command

from tests.demo import test_county, test_directory, test_participation, test_reports, test_requests

pytestmark = pytest.mark.django_db

PARTS = {"county": test_county, "directory": test_directory, "requests": test_requests,
         "participation": test_participation, "reports": test_reports}


def snapshot():
    return {name: module.snapshot() for name, module in PARTS.items()}


def test_loading_the_demo_twice_changes_nothing():
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    second = snapshot()
    for name in PARTS:
        assert second[name] == first[name], name
