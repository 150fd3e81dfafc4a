"""Rate limits behind the county's reverse proxy (portal.ratelimit): keyed on the real client, counting only
accepted submissions and wrong guesses, limited per target as well as per client, and atomic under parallel load."""

import threading
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.signals import user_login_failed
from django.db import connection, connections
from django.test import Client, RequestFactory

from applications import views as application_views
from applications.models import Application
from feedback.models import Message
from portal import ratelimit
from tests import factories as f
from tests.applications import factories as af

PROXY = "10.0.0.1"  # every request reaches gunicorn from the proxy's address


def behind_proxy(ip: str) -> Client:
    return Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP=ip)


@pytest.fixture
def proxied(isolated_site):
    isolated_site.RATELIMIT_IP_HEADER = "HTTP_X_REAL_IP"
    return isolated_site


@pytest.fixture
def department(db):
    return f.department(name="县民政局")


def test_citizens_behind_the_proxy_each_have_their_own_limit(proxied, department):
    proxied.FEEDBACK_MESSAGES_PER_HOUR = 1
    data = {"kind": "question", "department": department.pk, "subject": "咨询低保", "body": "需要哪些材料？"}
    for n in range(3):
        assert behind_proxy(f"198.51.100.{n}").post("/feedback/messages/new/", data).status_code == 302
    assert Message.objects.count() == 3


def test_a_header_the_client_wrote_itself_is_not_its_address(proxied):
    proxied.RATELIMIT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    spoofing = [RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7")
                for n in range(3)]
    hashes = {ratelimit.ip_hash(request) for request in spoofing}
    assert len(hashes) == 1


def test_five_invalid_applications_do_not_lock_a_citizen_out(isolated_site, department):
    client = Client()
    for _ in range(application_views.SUBMIT_LIMIT[0]):
        typo = client.post("/apply/", af.applicant_fields(department=department.pk, applicant_name=""))
        assert typo.status_code == 200
    accepted = client.post("/apply/", af.applicant_fields(department=department.pk))
    assert accepted.status_code == 302
    assert Application.objects.count() == 1


def test_accepted_applications_are_still_limited(isolated_site, department):
    client = Client()
    for _ in range(application_views.SUBMIT_LIMIT[0]):
        assert client.post("/apply/", af.applicant_fields(department=department.pk)).status_code == 302
    assert client.post("/apply/", af.applicant_fields(department=department.pk)).status_code == 429


def test_invalid_corrections_do_not_use_up_the_limit(isolated_site, department):
    from applications import workflow

    application = af.application(department)
    workflow.request_correction(application, by=None, instructions="请写明文号", today=af.MONDAY,
                                correction_due_on=af.MONDAY.replace(day=28))
    client = Client()
    client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    url = "/apply/status/progress/correction/"
    for _ in range(application_views.CORRECTION_LIMIT[0] + 1):
        assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "文号是示民〔2026〕1号"}).status_code == 302


def test_a_service_hall_terminal_serves_many_citizens_who_mistype_once(isolated_site, department):
    terminal = Client()
    citizens = [af.application(department) for _ in range(15)]
    for application in citizens:
        wrong = terminal.post("/apply/status/", {"tracking_number": application.tracking_number,
                                                 "phone_last4": "0000"})
        assert wrong.status_code == 200
        right = terminal.post("/apply/status/", {"tracking_number": application.tracking_number,
                                                 "phone_last4": "5678"})
        assert right.status_code == 302


def test_one_tracking_number_cannot_be_guessed_at_from_many_addresses(proxied, department):
    application = af.application(department)
    limit = application_views.LOOKUP_FAIL_PER_NUMBER_LIMIT[0]
    for n in range(limit):
        behind_proxy(f"203.0.113.{n}").post("/apply/status/", {"tracking_number": application.tracking_number,
                                                               "phone_last4": f"{n:04d}"})
    refused = behind_proxy("203.0.113.200").post(
        "/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    assert refused.status_code == 429
    assert "查询失败次数过多" in refused.content.decode()


def test_message_pages_that_exist_do_not_use_up_the_look_ups(isolated_site, department):
    from feedback import inbox

    isolated_site.FEEDBACK_LOOKUPS_PER_HOUR = 2
    message = inbox.submit_message(kind="question", department=department, subject="问", body="问")
    client = Client()
    for _ in range(5):
        assert client.post("/feedback/messages/track/", {"number": message.tracking_number}).status_code == 302
    for _ in range(2):
        assert client.post("/feedback/messages/track/", {"number": "LY260301-ZZZZZZ"}).status_code == 200
    assert client.post("/feedback/messages/track/", {"number": message.tracking_number}).status_code == 429


# ---- parallel wrong passwords (PostgreSQL) ----------------------------------------------------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_parallel_wrong_passwords_get_no_more_than_the_limit(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL; SQLite serialises them")
    staff = f.clerk(f.department())
    original = auth_forms.authenticate

    def slow_authenticate(*args, **kwargs):
        time.sleep(0.5)  # every attempt is in flight at once
        return original(*args, **kwargs)

    monkeypatch.setattr(auth_forms, "authenticate", slow_authenticate)
    checked = []
    user_login_failed.connect(lambda **kwargs: checked.append(1), weak=False, dispatch_uid="counting-test")
    start = threading.Barrier(20, timeout=30)

    def attempt(n):
        try:
            start.wait()
            Client(REMOTE_ADDR=f"198.51.100.{n}").post(
                "/admin/login/?next=/admin/", {"username": staff.username, "password": "wrong-password"})
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        user_login_failed.disconnect(dispatch_uid="counting-test")
    assert 0 < len(checked) <= django_settings.LOGIN_FAILURE_LIMIT
