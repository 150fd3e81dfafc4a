"""The demo requests: every state and reply type."""

import pytest

from applications.classification import Outcome
from applications.demo import reply_variants
from applications.models import Application, ApplicationEvent, Status, Transfer
from portal.models import PersonalDataAccess

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "requests": sorted(Application.objects.values_list("tracking_number", "status", "due_on", "outcome",
                                                           "reason")),
        "events": ApplicationEvent.objects.count(),
        "looks": PersonalDataAccess.objects.count(),
    }


def test_demo_has_at_least_120_requests_in_every_state():
    assert Application.objects.count() >= 120
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)


def test_demo_has_every_reply_type():
    found = set(Application.objects.exclude(outcome="").values_list("outcome", "reason"))
    expected = set(reply_variants()) | {(Outcome.OTHER, "no_correction"), (Outcome.OTHER, "fee_unpaid")}
    assert expected <= found


def test_demo_has_extended_paused_transferred_and_overdue_requests():
    from django.utils import timezone

    assert Application.objects.filter(extension_workdays__gt=0).exists()
    assert Application.objects.filter(pauses__isnull=False).exists()
    assert Transfer.objects.exists()
    assert Application.objects.overdue(on=timezone.localdate()).exists()


def test_demo_clerks_departments_get_a_good_share():
    share = Application.objects.filter(department__name__in=["县民政局", "城关镇人民政府"]).count()
    assert share >= 30


def test_the_demo_clerks_looks_at_personal_data_are_on_record():
    kinds = set(PersonalDataAccess.objects.filter(user__username="clerk").values_list("kind", flat=True))
    assert kinds == {"list", "view", "export"}
    export = PersonalDataAccess.objects.get(kind="export")
    assert export.count == Application.objects.filter(department__name__in=["县民政局", "城关镇人民政府"]).count()
