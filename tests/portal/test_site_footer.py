"""The footer every page carries (网站标识码, 备案号, 党政机关 mark, site map), the demo banner and the site map."""

import pytest
from django.core.exceptions import ValidationError

from portal.models import SiteInfo
from tests import factories

pytestmark = pytest.mark.django_db


def _site(**fields):
    site = SiteInfo(**{"organiser": "青山县人民政府办公室", **fields})
    site.save()
    return site


def test_footer_shows_organiser_contact_and_record_numbers(client):
    _site(phone="0571-12345678", site_code="3301000001", icp_number="浙ICP备12345678号",
          police_number="浙公网安备 33010602011771号", conac_url="https://bszs.conac.cn/sitename?method=show&id=1")
    page = client.get("/").content.decode()
    assert "主办单位：青山县人民政府办公室" in page
    assert "网站标识码：3301000001" in page
    assert 'href="https://beian.miit.gov.cn/"' in page and "浙ICP备12345678号" in page
    assert "https://beian.mps.gov.cn/#/query/webSearch?code=33010602011771" in page
    assert 'class="conac-mark"' in page
    assert 'href="/sitemap/"' in page


def test_footer_before_anything_is_entered_names_the_default_organiser_and_no_empty_labels(client):
    page = client.get("/").content.decode()
    assert "主办单位：示范县人民政府办公室" in page
    assert "网站标识码：" not in page
    assert "conac-mark" not in page


def test_a_footer_change_shows_at_once_on_a_cached_page(client):
    _site()
    client.get("/")  # cached now
    site = SiteInfo.current()
    site.organiser = "青山县政务公开办公室"
    site.save()
    assert "主办单位：青山县政务公开办公室" in client.get("/").content.decode()


def test_the_footer_adds_no_query_to_a_rendered_page(client, django_assert_num_queries, admin_user):
    """Signed-in users get rendered pages; the footer comes from this worker's memory after the first one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _site(site_code="3301000001")
    client.force_login(admin_user)
    client.get("/sitemap/")
    with CaptureQueriesContext(connection) as first:
        client.get("/sitemap/")
    SiteInfo.objects.all().delete()  # a query for the footer would now see the default organiser
    with django_assert_num_queries(len(first.captured_queries)):
        page = client.get("/sitemap/").content.decode()
    assert "3301000001" in page


def test_demo_banner_shows_only_while_the_demo_is_marked(client):
    _site(is_demo=True)
    assert "演示数据" in client.get("/").content.decode()
    site = SiteInfo.current()
    site.is_demo = False
    site.save()
    assert 'class="demo-banner"' not in client.get("/").content.decode()


def test_site_code_and_postcode_are_checked_with_chinese_messages():
    site = SiteInfo(site_code="33-01", postcode="12345")
    with pytest.raises(ValidationError) as refused:
        site.full_clean()
    assert "网站标识码为10位数字或字母" in str(refused.value)
    assert "邮政编码应为6位数字" in str(refused.value)


def test_police_record_code_is_the_digits_of_the_number():
    assert SiteInfo(police_number="浙公网安备 33010602011771号").police_record_code == "33010602011771"
    assert SiteInfo(police_number="备案中").police_record_code == ""


def test_site_map_lists_sections_townships_and_domains(client):
    county = factories.county()
    factories.township(county, name="青山镇")
    factories.domain(name="社会救助")
    page = client.get("/sitemap/").content.decode()
    assert "<h1>网站地图</h1>" in page
    assert "青山镇" in page and "社会救助" in page
    assert 'href="/apply/"' in page


def test_site_map_query_count_does_not_grow_with_townships_and_domains(client, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalog import fragments

    county = factories.county()
    factories.township(county)
    client.get("/sitemap/")
    fragments.bump()
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap/")
    for _ in range(5):
        factories.township(county)
        factories.domain()
    fragments.bump()
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get("/sitemap/").status_code == 200


def test_supervisor_edits_the_footer_and_a_clerk_cannot(client):
    supervisor = factories.supervisor()
    client.force_login(supervisor)
    response = client.get("/admin/portal/siteinfo/")
    assert response.status_code == 302 and response.url == "/admin/portal/siteinfo/1/change/"
    data = {"organiser": "青山县人民政府办公室", "undertaker": "", "address": "", "postcode": "", "phone": "",
            "email": "", "site_code": "3301000001", "icp_number": "", "police_number": "", "conac_url": ""}
    response = client.post("/admin/portal/siteinfo/1/change/", data)
    assert response.status_code == 302
    assert SiteInfo.current().site_code == "3301000001"
    clerk = factories.clerk(factories.department())
    client.force_login(clerk)
    assert client.get("/admin/portal/siteinfo/").status_code == 403
    assert client.get("/admin/portal/siteinfo/1/change/").status_code == 403
