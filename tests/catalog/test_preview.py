"""发布预览: the reviewer sees an item's body exactly as citizens will; the body editor's assets are our own."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from catalog import publishing
from catalog.sanitize import TABLE_HINT
from tests import factories as f

pytestmark = pytest.mark.django_db

BODY = ("<h2>一、保障对象</h2><p>经审核，下列家庭符合条件：</p>"
        "<table><thead><tr><th>户主姓名</th><th>月保障金额（元）</th></tr></thead>"
        "<tbody><tr><td>张某某</td><td>1,260.00</td></tr></tbody></table><p>公示期7个工作日。</p>")


def body_of(html: str) -> str:
    """The body block of an item page (templates/catalog/_publication_body.html), as rendered."""
    start = html.index('<div id="publication-body"')
    return html[start:html.index("\n</div>\n", start)]


@pytest.fixture
def pending():
    office = f.department(name="县民政局")
    clerk = f.clerk(office)
    item = f.publication(department_=office, title="低保对象名单公示", body=BODY, created_by=clerk)
    publishing.submit(item, by=clerk)
    return item


def test_reviewer_preview_shows_the_body_as_the_public_page_will(client, pending):
    reviewer = f.reviewer(pending.department)
    client.force_login(reviewer)
    preview = client.get(reverse("admin:catalog_publication_preview", args=[pending.pk]))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "发布预览" in page and TABLE_HINT in page
    assert reverse("admin:catalog_publication_step", args=[pending.pk, "approve"]) in page

    publishing.approve(pending, by=reviewer)
    client.logout()
    public = client.get(reverse("catalog:publication", args=[pending.pk])).content.decode()
    assert "table-box" in body_of(page)
    assert body_of(page) == body_of(public)


def test_pending_change_page_links_to_the_preview(client, pending):
    client.force_login(f.reviewer(pending.department))
    page = client.get(reverse("admin:catalog_publication_change", args=[pending.pk])).content.decode()
    assert reverse("admin:catalog_publication_preview", args=[pending.pk]) in page


def test_approve_step_points_to_the_preview(client, pending):
    client.force_login(f.reviewer(pending.department))
    page = client.get(reverse("admin:catalog_publication_step", args=[pending.pk, "approve"])).content.decode()
    assert reverse("admin:catalog_publication_preview", args=[pending.pk]) in page


def test_preview_of_another_departments_item_is_not_found(client, pending):
    client.force_login(f.reviewer(f.department(name="县教育局")))
    response = client.get(reverse("admin:catalog_publication_preview", args=[pending.pk]))
    assert response.status_code == 404


def test_preview_needs_a_signed_in_staff_user(client, pending):
    response = client.get(reverse("admin:catalog_publication_preview", args=[pending.pk]))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_body_is_edited_in_the_editor_loaded_as_a_module_from_our_own_static_files(client):
    office = f.department()
    client.force_login(f.clerk(office))
    page = client.get(reverse("admin:catalog_publication_add")).content.decode()
    assert re.search(r'<textarea name="body"[^>]*data-body-editor', page)
    assert '<script src="/static/js/body-editor.js" type="module"></script>' in page
    assert "importmap" not in page  # the CSP allows no inline script
    for asset in ("js/body-editor.js", "django_prose_editor/editor.js", "django_prose_editor/editor.css"):
        assert finders.find(asset), asset
