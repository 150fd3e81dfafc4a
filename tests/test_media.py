"""Uploaded files at /media/<path> in production (DEBUG off): staff see what their admin shows them, citizens
see what the public pages show them, everyone else gets a 404 that does not reveal whether the file exists.

The role expectations mirror the admin permission matrix (tests/test_permission_matrix.py): the change page of
an object owned by department A opens for clerk A, reviewer A, the supervisor and the superuser, not for clerk B.
"""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import resolve, reverse

from applications.models import Document
from catalog import publishing
from catalog.models import ReviewPointPhoto
from feedback.admin_review_points import ReviewPointAdmin
from portal import media
from tests import factories as f
from tests.applications import factories as af
from tests.factories import FOOTER_QUERIES
from tests.feedback import factories as ff

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
ROLES = ["anonymous", "clerk_a", "clerk_b", "reviewer_a", "supervisor", "superuser", "staff_without_role"]
#: Who may open a department-A object's change page in the admin, hence its files.
SEES_DEPARTMENT_A = {"clerk_a", "reviewer_a", "supervisor", "superuser"}


@pytest.fixture(autouse=True)
def production(isolated_site):
    isolated_site.DEBUG = False


@pytest.fixture
def world(department, other_department, users_by_role):
    users = {**users_by_role,
             "staff_without_role": f.user(username="nobody", is_staff=True, departments=[department])}
    return {"dept_a": department, "dept_b": other_department, "users": users}


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def document(department, name="申请书.pdf"):
    application = af.application(department)
    return Document.objects.create(application=application, kind=Document.Kind.APPLICANT, name=name,
                                   file=f.uploaded(name))


def published(department, reviewer, clerk):
    item = f.publication(department_=department, created_by=clerk)
    publishing.submit(item, by=clerk)
    publishing.approve(item, by=reviewer)
    return item


def photo(point):
    return ReviewPointPhoto.objects.create(point=point, caption="查阅区", image=f.uploaded("大厅.png", PNG_BYTES))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


# Staff: the admin's department scoping and permissions decide ------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_application_document_follows_the_admin_scoping(world, role):
    doc = document(world["dept_a"])
    response = client_for(world["users"][role]).get(doc.file.url)
    expected = 200 if role in SEES_DEPARTMENT_A else 404
    assert response.status_code == expected
    if expected == 200:
        assert body(response) == f.PDF_BYTES


@pytest.mark.parametrize("role", ROLES)
def test_draft_attachment_follows_the_admin_scoping(world, role):
    attached = f.attachment(f.publication(department_=world["dept_a"]), name="征求意见稿.pdf")
    response = client_for(world["users"][role]).get(attached.file.url)
    assert response.status_code == (200 if role in SEES_DEPARTMENT_A else 404)


@pytest.mark.parametrize("role", ROLES)
def test_photo_of_a_closed_review_point_follows_the_admin_scoping(world, role):
    picture = photo(ff.review_point(department=world["dept_a"], is_active=False))
    response = client_for(world["users"][role]).get(picture.image.url)
    assert response.status_code == (200 if role in SEES_DEPARTMENT_A else 404)


def test_staff_download_is_an_attachment_with_the_original_name_and_not_stored_in_caches(world):
    doc = document(world["dept_a"], name="身份证明.pdf")
    response = client_for(world["users"]["clerk_a"]).get(doc.file.url)
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E8%BA%AB%E4%BB%BD%E8%AF%81%E6%98%8E.pdf"
    )
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"] and "private" in response.headers["Cache-Control"]


def test_document_is_hidden_from_staff_whose_admin_does_not_show_the_inline(world):
    """Seeing the request is not enough: the documents inline needs its own view permission, as in the admin."""
    from django.contrib.auth.models import Permission

    doc = document(world["dept_a"])
    user = world["users"]["staff_without_role"]
    user.user_permissions.add(Permission.objects.get(codename="view_application"))
    client = client_for(user)
    assert client.get(reverse("admin:applications_application_change", args=[doc.application.pk])).status_code == 200
    assert client.get(doc.file.url).status_code == 404
    user.user_permissions.add(Permission.objects.get(codename="view_document"))
    assert client_for(user).get(doc.file.url).status_code == 200


def test_logged_in_non_staff_user_gets_404(world):
    doc = document(world["dept_a"])
    citizen = f.user(username="citizen", departments=[world["dept_a"]])
    assert client_for(citizen).get(doc.file.url).status_code == 404


def test_model_shown_in_no_admin_falls_back_to_its_view_permission(world, monkeypatch):
    """Without the inline there is no clear owner admin: staff with view permission on photos may see them."""
    monkeypatch.setattr(ReviewPointAdmin, "inlines", [])
    picture = photo(ff.review_point(department=world["dept_a"], is_active=False))
    assert client_for(world["users"]["clerk_b"]).get(picture.image.url).status_code == 200
    assert client_for(world["users"]["staff_without_role"]).get(picture.image.url).status_code == 404
    assert Client().get(picture.image.url).status_code == 404


def test_admin_file_link_points_at_the_checked_view(world):
    doc = document(world["dept_a"])
    client = client_for(world["users"]["clerk_a"])
    page = client.get(reverse("admin:applications_application_change", args=[doc.application.pk])).content.decode()
    assert f'href="{doc.file.url}"' in page
    assert resolve(doc.file.url).func is media.serve
    assert client.get(doc.file.url).status_code == 200


# Public files: the public pages' own querysets decide ---------------------------------------------------------


def test_attachment_of_a_public_item_is_served_to_anyone(world):
    users = world["users"]
    item = published(world["dept_a"], users["reviewer_a"], users["clerk_a"])
    attached = f.attachment(item, name="实施办法")
    response = Client().get(attached.file.url)
    assert response.status_code == 200
    assert body(response) == f.PDF_BYTES
    assert response.headers["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%AE%9E%E6%96%BD%E5%8A%9E%E6%B3%95.pdf"
    )
    assert "private" not in response.headers.get("Cache-Control", "")
    assert client_for(users["clerk_b"]).get(attached.file.url).status_code == 200


@pytest.mark.parametrize("step", ["draft", "pending", "withdrawn"])
def test_attachment_of_an_item_that_is_not_public_is_404_for_anonymous(world, step):
    users = world["users"]
    item = f.publication(department_=world["dept_a"], created_by=users["clerk_a"])
    attached = f.attachment(item)
    if step in {"pending", "withdrawn"}:
        publishing.submit(item, by=users["clerk_a"])
    if step == "withdrawn":
        publishing.approve(item, by=users["reviewer_a"])
        assert Client().get(attached.file.url).status_code == 200
        publishing.withdraw(item, by=users["reviewer_a"], reason="已被新文件替代")
    assert Client().get(attached.file.url).status_code == 404
    assert client_for(users["clerk_a"]).get(attached.file.url).status_code == 200


def test_photos_on_the_public_review_point_page_load(world):
    point = ff.review_point(department=world["dept_a"])
    picture = photo(point)
    client = Client()
    page = client.get(reverse("feedback:point_detail", args=[point.pk])).content.decode()
    sources = re.findall(r'<img src="([^"]+)"', page)
    assert sources == [picture.image.url]
    response = client.get(sources[0])
    assert response.status_code == 200
    assert body(response) == PNG_BYTES
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Content-Disposition"].startswith("inline;")


def test_photo_of_a_closed_review_point_is_404_for_anonymous(world):
    picture = photo(ff.review_point(department=world["dept_a"]))
    assert Client().get(picture.image.url).status_code == 200
    picture.point.is_active = False
    picture.point.save()
    assert Client().get(picture.image.url).status_code == 404


def test_file_response_carries_its_own_strict_policy(world):
    picture = photo(ff.review_point(department=world["dept_a"]))
    response = Client().get(picture.image.url)
    assert response.headers["Content-Security-Policy"] == media.FILE_CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_head_request_answers_without_a_body(world):
    picture = photo(ff.review_point(department=world["dept_a"]))
    response = Client().head(picture.image.url)
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/png"


# Not found, and nothing that could escape MEDIA_ROOT ----------------------------------------------------------


def test_file_on_disk_without_a_record_is_404_even_for_the_superuser(world, settings):
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "orphan.pdf").write_bytes(f.PDF_BYTES)
    response = client_for(world["users"]["superuser"]).get("/media/orphan.pdf")
    assert response.status_code == 404
    assert "找不到该文件" in response.content.decode()


def test_record_whose_file_is_missing_on_disk_is_404_with_a_message(world, settings):
    doc = document(world["dept_a"])
    (settings.MEDIA_ROOT / doc.file.name).unlink()
    response = client_for(world["users"]["clerk_a"]).get(doc.file.url)
    assert response.status_code == 404
    assert "服务器上找不到文件本身" in response.content.decode()


def test_denied_and_missing_look_the_same(world):
    doc = document(world["dept_a"])
    denied = client_for(world["users"]["clerk_b"]).get(doc.file.url)
    missing = client_for(world["users"]["clerk_b"]).get("/media/applications/2026/03/000000000000-none.pdf")
    assert denied.status_code == missing.status_code == 404
    notice = re.compile(r'<p class="notice">(.*?)</p>')
    assert notice.findall(denied.content.decode()) == notice.findall(missing.content.decode()) == [media.NOT_FOUND]


@pytest.mark.parametrize("path", [
    "/media/../portal/settings.py",
    "/media/%2e%2e/%2e%2e/etc/passwd",
    "/media/attachments/../../../etc/passwd",
    "/media//etc/passwd",
    "/media/%2Fetc%2Fpasswd",
    "/media/attachments/..%5C..%5Cportal%5Csettings.py",
    "/media/attachments\\a.pdf",
    "/media/a%00.pdf",
    "/media/attachments/./a.pdf",
    "/media/attachments//a.pdf",
    "/media/a%0d%0aSet-Cookie:x=1.pdf",
    "/media/%ff%fe.pdf",
    "/media/" + "a" * 5000 + ".pdf",
])
def test_traversal_and_malformed_names_are_404(world, path):
    response = client_for(world["users"]["superuser"]).get(path)
    assert response.status_code == 404


def test_traversal_to_a_stored_file_is_404(world):
    """Even when the name, once normalised, is a real record's file."""
    doc = document(world["dept_a"])
    folder, _, rest = doc.file.name.partition("/")
    response = client_for(world["users"]["superuser"]).get(f"/media/{folder}/../{folder}/{rest}")
    assert response.status_code == 404


@pytest.mark.parametrize("name", ["", "a//b", "/etc/passwd", "../x", "a/./b", "a\\b", "a\x00b", "a\nb"])
def test_unsafe_names_are_refused(name):
    assert not media.is_safe_name(name)


def test_ordinary_stored_names_are_accepted():
    assert media.is_safe_name("applications/2026/03/0a1b2c3d4e5f-申请书.pdf")


def test_post_is_not_allowed(world):
    doc = document(world["dept_a"])
    assert client_for(world["users"]["clerk_a"]).post(doc.file.url).status_code == 405


# Coverage of upload fields and cost ---------------------------------------------------------------------------


def test_every_upload_field_is_looked_up_and_indexed():
    found = {(model._meta.label, name) for model, names in media.file_fields() for name in names}
    assert {("applications.Document", "file"), ("catalog.Attachment", "file"),
            ("catalog.ReviewPointPhoto", "image")} <= found
    for model, names in media.file_fields():
        for name in names:
            assert model._meta.get_field(name).db_index, f"{model._meta.label}.{name} needs an index for /media/"


def test_every_upload_model_is_reachable_through_the_admin():
    """Otherwise it falls back to bare view permission, without department scoping."""
    for model, _names in media.file_fields():
        assert model in admin.site._registry or list(media._inline_hosts(model)), model._meta.label


def test_staff_download_runs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    doc = document(world["dept_a"])
    client = client_for(world["users"]["clerk_a"])
    # One look-up per model with an upload field (media.file_fields), plus the session, the user, the staff's
    # departments, the access checks and the personal-data access record: constant for a given set of models.
    with django_assert_max_num_queries(len(media.file_fields()) + 13):
        assert client.get(doc.file.url).status_code == 200


def test_public_download_runs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    point = ff.review_point(department=world["dept_a"])
    picture = photo(point)
    with django_assert_max_num_queries(len(media.file_fields()) + 1):
        assert Client().get(picture.image.url).status_code == 200


def test_denied_download_runs_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    doc = document(world["dept_a"])
    client = client_for(world["users"]["clerk_b"])
    # One look-up per model with an upload field, plus the session, the user and the access checks.
    with django_assert_max_num_queries(len(media.file_fields()) + 8 + FOOTER_QUERIES):
        assert client.get(doc.file.url).status_code == 404


def test_stored_names_of_every_model_are_found(world):
    users = world["users"]
    rows = [document(world["dept_a"]), f.attachment(published(world["dept_a"], users["reviewer_a"], users["clerk_a"])),
            photo(ff.review_point(department=world["dept_a"]))]
    for row in rows:
        field = "image" if isinstance(row, ReviewPointPhoto) else "file"
        owners = list(media._owners(getattr(row, field).name))
        assert owners == [(row, field)]
