"""The disclosure guide (政府信息公开指南): edited in admin, sanitised, shown with the office's contacts."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalog.models import GuidePage
from tests import factories

pytestmark = pytest.mark.django_db


def test_guide_body_is_sanitised_on_save():
    page = GuidePage.objects.create(body='<h2>一、主动公开</h2><script>alert(1)</script><p onclick="x()">内容</p>')
    assert page.body == "<h2>一、主动公开</h2><p>内容</p>"


def test_guide_page_shows_the_edited_text_and_the_disclosure_office(client):
    county = factories.county()
    factories.department(county, name="县政府办公室", is_disclosure_office=True, phone="0579-86000137")
    GuidePage.objects.create(title="示范县政府信息公开指南", body="<p>本指南每年更新。</p>")
    body = client.get(reverse("catalog:guide")).content.decode()
    assert "本指南每年更新。" in body
    assert "县政府办公室" in body and "0579-86000137" in body


def test_guide_page_without_text_shows_the_default_outline(client):
    response = client.get(reverse("catalog:guide"))
    assert response.status_code == 200
    assert "依申请公开" in response.content.decode()


def test_township_guide_is_its_own(client):
    township = factories.township(name="城关镇")
    GuidePage.objects.create(body="<p>县级指南</p>")
    GuidePage.objects.create(division=township, body="<p>城关镇指南</p>")
    body = client.get(reverse("catalog:division_guide", args=[township.code])).content.decode()
    assert "城关镇指南" in body and "县级指南" not in body


def test_only_one_county_guide_may_exist():
    GuidePage.objects.create(body="<p>一</p>")
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidePage.objects.create(body="<p>二</p>")


def test_admin_edits_the_guide(client):
    admin = factories.user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(reverse("admin:catalog_guidepage_add"), {
        "title": "政府信息公开指南", "body": "<p>指南正文</p><script>x()</script>",
    })
    assert response.status_code == 302
    assert GuidePage.objects.get().body == "<p>指南正文</p>"


def test_staff_roles_may_read_the_guide_in_admin(client):
    client.force_login(factories.clerk())
    GuidePage.objects.create(body="<p>指南</p>")
    assert client.get(reverse("admin:catalog_guidepage_changelist")).status_code == 200
