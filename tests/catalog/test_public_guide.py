"""The disclosure guide (政府信息公开指南, Regulation Art. 12): generated for every government from its data, then
the text its office adds in admin (sanitised); the reconsideration body follows the 2023 行政复议法."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from catalog.models import Department, Division, GuidePage
from tests import factories

pytestmark = pytest.mark.django_db
Kind = Department.OrganKind


def test_guide_body_is_sanitised_on_save():
    page = GuidePage.objects.create(body='<h2>一、主动公开</h2><script>alert(1)</script><p onclick="x()">内容</p>')
    assert page.body == "<h2>一、主动公开</h2><p>内容</p>"


def test_county_guide_shows_the_office_contacts_and_the_added_text(client):
    county = factories.county(name="示范县")
    factories.department(county, name="县政府办公室", is_disclosure_office=True, phone="0579-86000137",
                         fax="0579-86000138", email="zwgk@example.gov.cn", postcode="321000")
    GuidePage.objects.create(body="<p>本指南每年更新。</p>")
    body = client.get(reverse("catalog:guide")).content.decode()
    assert "示范县人民政府政府信息公开指南" in body
    assert "县政府办公室" in body and "0579-86000137" in body and "0579-86000138" in body
    assert "zwgk@example.gov.cn" in body and "321000" in body
    assert "本指南每年更新。" in body
    # The county government's own decisions go one level up.
    assert "向<strong>上一级人民政府</strong>申请行政复议" in body


def test_township_guide_without_any_text_is_as_complete_as_the_county_one(client):
    county = factories.county(name="示范县")
    township = factories.township(county, name="城关镇")
    factories.department(township, name="城关镇人民政府", is_disclosure_office=True, organ_kind=Kind.GOVERNMENT,
                         phone="0579-86013837", address="示范县城关镇便民服务中心", office_hours="工作日 8:30—17:30")
    GuidePage.objects.create(body="<p>县级补充说明</p>")
    body = client.get(reverse("catalog:division_guide", args=[township.code])).content.decode()
    assert "城关镇人民政府政府信息公开指南" in body
    for part in [
        "示范县城关镇便民服务中心", "工作日 8:30—17:30", "0579-86013837",  # the organ's own data
        reverse("applications:apply"), "当面申请", "信函申请",  # how to apply
        "20个工作日内予以答复", "最长不超过20个工作日",  # Art. 33
        "国办函〔2020〕109号", "11—30件的部分，每件收费100元", "201页以上的部分，每页收费40元",  # fees
        "60日内向<strong>示范县人民政府</strong>申请行政复议", "6个月内依法向人民法院提起行政诉讼",  # remedies
        reverse("catalog:statutory", args=[township.code]), reverse("catalog:rules", args=[township.code]),
    ]:
        assert part in body, part
    assert "县级补充说明" not in body
    assert "其他说明" not in body  # nothing was added for the township


def test_township_guide_shows_its_own_added_text(client):
    township = factories.township(name="城关镇")
    GuidePage.objects.create(body="<p>县级指南</p>")
    GuidePage.objects.create(division=township, body="<p>城关镇查阅点在便民服务中心</p>")
    body = client.get(reverse("catalog:division_guide", args=[township.code])).content.decode()
    assert "城关镇查阅点在便民服务中心" in body and "县级指南" not in body


def test_village_has_no_guide_of_its_own(client):
    village = factories.village()
    assert client.get(reverse("catalog:division_guide", args=[village.code])).status_code == 404


def test_county_guide_without_a_county_is_not_found(client):
    assert client.get(reverse("catalog:guide")).status_code == 404


@pytest.mark.parametrize(("level", "kind", "expected"), [
    ("county", Kind.DEPARTMENT, "示范县人民政府"),  # a county department
    ("county", Kind.GOVERNMENT, "上一级人民政府"),  # the county government itself
    ("county", Kind.VERTICAL, "上一级主管部门"),  # vertically managed (Art. 27)
    ("township", Kind.GOVERNMENT, "示范县人民政府"),  # a township government
    ("subdistrict", Kind.GOVERNMENT, "示范县人民政府"),  # a sub-district office, a 派出机关 of the county
    ("township", Kind.DEPARTMENT, "示范县人民政府"),
])
def test_reconsideration_body_per_organ_kind(level, kind, expected):
    county = factories.county(name="示范县")
    place = county
    if level != "county":
        place = factories.township(county, name="东城街道" if level == "subdistrict" else "城关镇")
        if level == "subdistrict":
            place.kind = Division.Kind.SUBDISTRICT
            place.save()
    organ = factories.department(place, organ_kind=kind)
    assert Department.objects.select_related("division__parent").get(pk=organ.pk).reconsideration_body == expected


def test_reconsideration_body_entered_in_admin_wins():
    organ = factories.department(organ_kind=Kind.VERTICAL, reconsideration_body_text="市生态环境局")
    assert organ.reconsideration_body == "市生态环境局"


def test_government_names_follow_the_division_kind():
    county = factories.county(name="示范县")
    town = factories.township(county, name="城关镇")
    street = Division.objects.create(code=county.code[:6] + "001000", name="东城街道", level="township",
                                     kind=Division.Kind.SUBDISTRICT, parent=county)
    assert [county.government_name, town.government_name, street.government_name] == [
        "示范县人民政府", "城关镇人民政府", "东城街道办事处"]


def test_only_one_county_guide_may_exist():
    GuidePage.objects.create(body="<p>一</p>")
    with pytest.raises(IntegrityError), transaction.atomic():
        GuidePage.objects.create(body="<p>二</p>")


def test_admin_edits_the_added_text(client):
    admin = factories.user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(reverse("admin:catalog_guidepage_add"), {"body": "<p>指南正文</p><script>x()</script>"})
    assert response.status_code == 302
    assert GuidePage.objects.get().body == "<p>指南正文</p>"


def test_staff_roles_may_read_the_guide_in_admin(client):
    client.force_login(factories.clerk())
    GuidePage.objects.create(body="<p>指南</p>")
    assert client.get(reverse("admin:catalog_guidepage_changelist")).status_code == 200
