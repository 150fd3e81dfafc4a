"""The demo requests: every state and reply type, and loading twice changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from applications.classification import Outcome
from applications.demo import reply_variants
from applications.models import Application, ApplicationEvent, Status, Transfer
from portal.models import PersonalDataAccess

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for the module inside a transaction rolled back at the end (each test nests in it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def _snapshot():
    return sorted(Application.objects.values_list("tracking_number", "status", "due_on", "outcome", "reason"))


def test_demo_has_at_least_120_requests_in_every_state(demo):
    assert Application.objects.count() >= 120
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)


def test_demo_has_every_reply_type(demo):
    found = set(Application.objects.exclude(outcome="").values_list("outcome", "reason"))
    expected = set(reply_variants()) | {(Outcome.OTHER, "no_correction"), (Outcome.OTHER, "fee_unpaid")}
    assert expected <= found


def test_demo_has_extended_paused_transferred_and_overdue_requests(demo):
    from django.utils import timezone

    assert Application.objects.filter(extension_workdays__gt=0).exists()
    assert Application.objects.filter(pauses__isnull=False).exists()
    assert Transfer.objects.exists()
    assert Application.objects.overdue(on=timezone.localdate()).exists()


def test_demo_clerks_departments_get_a_good_share(demo):
    share = Application.objects.filter(department__name__in=["县民政局", "城关镇人民政府"]).count()
    assert share >= 30


def test_loading_the_demo_twice_leaves_the_same_requests(demo):
    before, events, looks = _snapshot(), ApplicationEvent.objects.count(), PersonalDataAccess.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == before
    assert ApplicationEvent.objects.count() == events
    assert PersonalDataAccess.objects.count() == looks


def test_the_demo_clerks_looks_at_personal_data_are_on_record(demo):
    kinds = set(PersonalDataAccess.objects.filter(user__username="clerk").values_list("kind", flat=True))
    assert kinds == {"list", "view", "export"}
    export = PersonalDataAccess.objects.get(kind="export")
    assert export.count == Application.objects.filter(department__name__in=["县民政局", "城关镇人民政府"]).count()
