"""The department scoping mixin: clerks see only their departments' objects, supervisors read everything."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/catalog/department/"


@pytest.fixture
def two_departments():
    county = factories.county()
    return factories.department(county, name="甲局"), factories.department(county, name="乙局")


def test_clerk_lists_only_their_own_department(client, two_departments):
    a, b = two_departments
    client.force_login(factories.clerk(a))
    page = client.get(CHANGELIST).content.decode()
    assert "甲局" in page
    assert "乙局" not in page


def test_clerk_cannot_open_another_departments_object(client, two_departments):
    a, b = two_departments
    client.force_login(factories.clerk(a))
    assert client.get(f"{CHANGELIST}{a.pk}/change/").status_code == 200
    response = client.get(f"{CHANGELIST}{b.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert response.url == "/admin/"


def test_clerk_cannot_change_another_departments_object(client, two_departments):
    a, b = two_departments
    client.force_login(factories.clerk(a))
    client.post(f"{CHANGELIST}{b.pk}/change/", {"name": "改名", "code": b.code, "division": b.division_id})
    b.refresh_from_db()
    assert b.name == "乙局"


def test_supervisor_reads_every_department_but_cannot_change(client, two_departments):
    a, b = two_departments
    client.force_login(factories.supervisor())
    page = client.get(CHANGELIST).content.decode()
    assert "甲局" in page and "乙局" in page
    assert client.get(f"{CHANGELIST}{b.pk}/change/").status_code == 200
    client.post(f"{CHANGELIST}{b.pk}/change/", {"name": "改名", "code": b.code, "division": b.division_id})
    b.refresh_from_db()
    assert b.name == "乙局"


def test_department_choices_in_forms_are_limited_to_the_clerks_departments(rf, two_departments):
    from django.contrib import admin

    from catalog.models import ReviewPoint
    from catalog.scoping import DepartmentScopedAdminMixin

    a, b = two_departments

    class PointAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
        pass

    request = rf.get("/admin/")
    request.user = factories.clerk(a)
    point_admin = PointAdmin(ReviewPoint, admin.site)
    field = point_admin.formfield_for_foreignkey(ReviewPoint._meta.get_field("department"), request)
    assert list(field.queryset) == [a]


def test_anonymous_is_sent_to_login(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response.url
