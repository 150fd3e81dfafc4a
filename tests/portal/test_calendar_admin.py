"""The calendar in the admin: a year shown month by month, and the banner for a missing schedule."""

import datetime as dt

import pytest

from portal.models import CalendarYear

pytestmark = pytest.mark.django_db
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def test_year_page_marks_holidays_and_make_up_workdays(admin_client):
    page = admin_client.get("/admin/portal/calendaroverride/calendar/2026/").content.decode()
    assert 'class="gk-holiday" title="2026-10-01"' in page
    assert 'class="gk-makeup" title="2026-10-10"' in page
    assert 'class="gk-rest" title="2026-10-11"' in page
    assert "2026年：共 " in page


def test_year_page_says_when_a_year_is_provisional(admin_client):
    page = admin_client.get("/admin/portal/calendaroverride/calendar/2027/").content.decode()
    assert "尚未录入" in page


def test_absurd_year_is_not_found(admin_client):
    assert admin_client.get("/admin/portal/calendaroverride/calendar/99999/").status_code == 404


def test_banner_asks_for_next_years_schedule_until_confirmed(admin_client, time_machine):
    # 22 Nov 2026 in Beijing: 2026 is known, 2027 is not (in 2027 the banner would ask for 2028 too).
    time_machine.move_to(dt.datetime(2026, 11, 22, 10, tzinfo=SHANGHAI))
    assert "2027 年的法定节假日" in admin_client.get("/admin/").content.decode()
    CalendarYear.objects.create(year=2027, is_confirmed=True)
    assert "年的法定节假日" not in admin_client.get("/admin/").content.decode()
