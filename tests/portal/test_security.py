"""Admin login lockout, the audit trail of sign-ins, and session expiry."""

import pytest
from django.conf import settings
from django.contrib.admin.models import LogEntry

from portal.models import AuditLog
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_site")]
LOGIN = "/admin/login/?next=/admin/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_repeated_failures_lock_the_account_even_with_the_right_password(client):
    staff = factories.clerk(factories.department())
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(client, staff.username, "wrong-password")
    response = attempt(client, staff.username, "Test-pass-2026")
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_few_failures_do_not_lock_and_success_resets_the_count(client):
    staff = factories.clerk(factories.department())
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        attempt(client, staff.username, "wrong-password")
    assert attempt(client, staff.username, "Test-pass-2026").status_code == 302
    client.logout()
    attempt(client, staff.username, "wrong-password")
    assert attempt(client, staff.username, "Test-pass-2026").status_code == 302


def test_sign_ins_and_failures_are_audited_without_the_ip_address(client):
    staff = factories.clerk(factories.department())
    attempt(client, staff.username, "wrong-password")
    attempt(client, staff.username, "Test-pass-2026")
    events = list(AuditLog.objects.order_by("at").values_list("event", "username"))
    assert events == [("login_failed", staff.username), ("login", staff.username)]
    assert "127.0.0.1" not in AuditLog.objects.first().ip_hash


def test_supervisor_reads_the_admin_change_log_but_cannot_edit_it(client):
    LogEntry.objects.log_actions(
        user_id=factories.user().pk, queryset=[factories.department()], action_flag=1, change_message="[]"
    )
    client.force_login(factories.supervisor())
    assert client.get("/admin/admin/logentry/").status_code == 200
    entry = LogEntry.objects.get()
    response = client.post(f"/admin/admin/logentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert LogEntry.objects.exists()


def test_sessions_expire_after_thirty_minutes_of_inactivity():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_one_client_trying_many_names_is_locked_out(client):
    staff = factories.clerk(factories.department())
    for n in range(4 * settings.LOGIN_FAILURE_LIMIT):
        attempt(client, f"guess{n}", "wrong-password")
    assert "登录失败次数过多" in attempt(client, staff.username, "Test-pass-2026").content.decode()
