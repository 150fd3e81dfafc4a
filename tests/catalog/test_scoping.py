"""The department scoping mixin: clerks see only their departments' objects, supervisors read everything."""

import pytest

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/catalog/department/"


def test_clerk_lists_only_their_own_department(client, clerk, other_department):
    client.force_login(clerk)
    page = client.get(CHANGELIST).content.decode()
    assert "县民政局" in page
    assert "县教育局" not in page


def test_clerk_cannot_open_another_departments_object(client, department, other_department, clerk):
    client.force_login(clerk)
    assert client.get(f"{CHANGELIST}{department.pk}/change/").status_code == 200
    response = client.get(f"{CHANGELIST}{other_department.pk}/change/")
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert response.url == "/admin/"


def test_clerk_cannot_change_another_departments_object(client, other_department, clerk):
    client.force_login(clerk)
    client.post(f"{CHANGELIST}{other_department.pk}/change/",
                {"name": "改名", "code": other_department.code, "division": other_department.division_id})
    other_department.refresh_from_db()
    assert other_department.name == "县教育局"


def test_supervisor_reads_every_department_but_cannot_change(client, department, other_department, supervisor):
    client.force_login(supervisor)
    page = client.get(CHANGELIST).content.decode()
    assert "县民政局" in page and "县教育局" in page
    assert client.get(f"{CHANGELIST}{other_department.pk}/change/").status_code == 200
    client.post(f"{CHANGELIST}{other_department.pk}/change/",
                {"name": "改名", "code": other_department.code, "division": other_department.division_id})
    other_department.refresh_from_db()
    assert other_department.name == "县教育局"


def test_department_choices_in_forms_are_limited_to_the_clerks_departments(rf, department, other_department, clerk):
    from django.contrib import admin

    from catalog.models import ReviewPoint
    from catalog.scoping import DepartmentScopedAdminMixin

    class PointAdmin(DepartmentScopedAdminMixin, admin.ModelAdmin):
        pass

    request = rf.get("/admin/")
    request.user = clerk
    point_admin = PointAdmin(ReviewPoint, admin.site)
    field = point_admin.formfield_for_foreignkey(ReviewPoint._meta.get_field("department"), request)
    assert list(field.queryset) == [department]


def test_anonymous_is_sent_to_login(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response.url
