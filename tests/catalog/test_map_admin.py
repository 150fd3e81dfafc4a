"""The map's back office: the facility sheet import (GCJ-02 converted, bad rows reported by row in Chinese, nothing
stored from a sheet with any bad row), GeoJSON outline uploads, and clerks kept to their own facilities."""

import json

import openpyxl
import pytest
from django.urls import reverse

from catalog.coordinates import wgs84_to_gcj02
from catalog.models import DivisionOutline, Facility
from tests import factories as f
from tests.catalog import sheets as book
from tests.feedback.factories import review_point

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("isolated_site")]

HEADER = ["名称", "类别", "所属区划", "管理单位", "地址", "开放时间", "咨询电话", "经度", "纬度", "坐标系"]


@pytest.fixture
def county_with_outline(db):
    county = f.county()
    f.outline(county, f.square(119.55, 29.00, 0.25))
    f.facility_kind(name="图书馆", slug="library", symbol="书")
    return county


def _sheet(*rows) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER)
    for row in rows:
        workbook.active.append(list(row))
    return book.save(workbook)


def _preview(client, content):
    return client.post(reverse("admin:catalog_facility_import"),
                       {"import_file": f.uploaded("设施.xlsx", content), "format": "0"})


def test_gcj02_rows_are_stored_in_wgs84(admin_client, county_with_outline):
    gcj_lng, gcj_lat = wgs84_to_gcj02(119.6474, 29.0812)
    content = _sheet(("县图书馆", "图书馆", "测试县", "", "文化路18号", "9:00—20:00", "", gcj_lng, gcj_lat, "GCJ-02"),
                     ("县图书馆分馆", "图书馆", "339901000000", "", "人民路2号", "", "", 119.65, 29.09, "WGS-84"))
    preview = _preview(admin_client, content)
    assert "confirm_form" in preview.context, preview.content.decode()[-3000:]
    admin_client.post(reverse("admin:catalog_facility_process_import"), preview.context["confirm_form"].initial)
    library = Facility.objects.get(name="县图书馆")
    assert (float(library.longitude), float(library.latitude)) == pytest.approx((119.6474, 29.0812), abs=2e-6)
    branch = Facility.objects.get(name="县图书馆分馆")
    assert (str(branch.longitude), str(branch.latitude)) == ("119.650000", "29.090000")


@pytest.mark.parametrize(("longitude", "latitude", "message"), [
    (219.65, 29.08, "坐标超出范围"),
    (29.08, 119.65, "坐标超出范围"),  # latitude and longitude swapped
    (116.39, 39.91, "不在本县范围内"),  # Beijing, far outside the county
    ("东经119度", 29.08, "不是数字"),
    (119.65, None, "要么都填"),
])
def test_a_bad_point_is_reported_with_its_row_and_nothing_is_stored(admin_client, county_with_outline, longitude,
                                                                    latitude, message):
    content = _sheet(("好的一行", "图书馆", "测试县", "", "文化路1号", "", "", 119.65, 29.08, ""),
                     ("坏的一行", "图书馆", "测试县", "", "文化路2号", "", "", longitude, latitude, ""))
    response = _preview(admin_client, content)
    page = response.content.decode()
    assert "表格第3行：" in page and message in page and "表格第2行" not in page
    assert response.context.get("confirm_form") is None
    assert not Facility.objects.exists()


def test_unknown_kind_division_and_system_are_explained(admin_client, county_with_outline):
    content = _sheet(("某设施", "游乐场", "不存在镇", "", "某路1号", "", "", 119.65, 29.08, "百度"))
    page = _preview(admin_client, content).content.decode()
    assert "类别“游乐场”不存在，可填写：图书馆" in page
    assert "所属区划“不存在镇”不存在" in page
    assert "坐标系“百度”无法识别" in page


def test_sheet_without_the_needed_columns_is_refused(admin_client, county_with_outline):
    workbook = openpyxl.Workbook()
    workbook.active.append(["名字", "位置"])
    page = _preview(admin_client, book.save(workbook)).content.decode()
    assert "表头不符" in page and "缺少“名称”“类别”“所属区划”“地址”" in page


def test_clerk_imports_only_for_their_own_department(client, clerk, department, county_with_outline):
    other = f.department(name="县文化广电旅游体育局")
    client.force_login(clerk)
    content = _sheet(("越权设施", "图书馆", "测试县", other.name, "某路1号", "", "", 119.65, 29.08, ""))
    assert "不是您所在的单位" in _preview(client, content).content.decode()
    content = _sheet(("没写单位", "图书馆", "测试县", "", "某路1号", "", "", 119.65, 29.08, ""))
    assert "请填写管理单位" in _preview(client, content).content.decode()
    assert not Facility.objects.exists()


def test_clerk_sees_only_their_departments_facilities(client, clerk, department, county_with_outline):
    f.facility(name="民政局的养老服务站", department=department)
    f.facility(name="别的单位的设施", department=f.department())
    client.force_login(clerk)
    page = client.get(reverse("admin:catalog_facility_changelist")).content.decode()
    assert "民政局的养老服务站" in page and "别的单位的设施" not in page


# Division outlines ---------------------------------------------------------------------------------------------


def _upload_outline(client, division, text):
    return client.post(reverse("admin:catalog_divisionoutline_add"),
                       {"division": division.pk, "source": "", "text": text})


@pytest.mark.parametrize(("text", "message"), [
    ('{"type": "Polygon", "coordinates": [[[119.6, 29.0], [119.7, 29.0]', "无法解析"),
    ('{"type": "Point", "coordinates": [119.6, 29.0]}', "只接受面（Polygon 或 MultiPolygon）"),
    ('{"type": "LineString", "coordinates": [[119.6, 29.0], [119.7, 29.1]]}', "只接受面"),
    ('{"type": "Polygon", "coordinates": [[[119.6, 29.0], [219.7, 29.0], [119.7, 29.1], [119.6, 29.0]]]}',
     "超出范围"),
    ('{"type": "Polygon", "coordinates": [[[29.0, 119.6], [29.0, 119.7], [29.1, 119.7], [29.0, 119.6]]]}',
     "超出范围"),
    ('{"type": "Polygon", "coordinates": [[[119.6, 29.0], [119.7, 29.0], [119.7, 29.1], [119.6, 29.1]]]}',
     "没有闭合"),
    ('{"type": "FeatureCollection", "features": []}', "没有要素"),
    ('[1, 2]', "最外层应当是带有 type 的对象"),
])
def test_bad_geojson_gets_a_chinese_form_error_and_nothing_is_stored(admin_client, text, message):
    response = _upload_outline(admin_client, f.county(), text)
    assert response.status_code == 200 and message in response.content.decode()
    assert not DivisionOutline.objects.exists()


def test_feature_collection_of_polygons_is_stored_as_one_multipolygon(admin_client):
    features = [{"type": "Feature", "properties": {}, "geometry": f.square(west, 29.0)} for west in (119.6, 119.7)]
    collection = {"type": "FeatureCollection", "features": features}
    response = _upload_outline(admin_client, f.county(), json.dumps(collection))
    assert response.status_code == 302, response.content.decode()[-2000:]
    outline = DivisionOutline.objects.get()
    assert outline.geometry["type"] == "MultiPolygon" and len(outline.geometry["coordinates"]) == 2


def test_geojson_file_upload_is_checked_too(admin_client):
    response = admin_client.post(reverse("admin:catalog_divisionoutline_add"), {
        "division": f.county().pk, "source": "",
        "upload": f.uploaded("县界.geojson", b'{"type": "MultiPoint", "coordinates": [[119.6, 29.0]]}')})
    assert "几何类型“MultiPoint”不能作为区划轮廓" in response.content.decode()
    assert not DivisionOutline.objects.exists()


def test_demo_map_loads_twice_without_duplicates(db):
    from catalog import demo, demo_map

    data = demo.county_data()
    demo.load_departments(data, demo.load_divisions(data))
    demo_map.load()
    demo_map.load()
    assert Facility.objects.count() == len(demo_map.FACILITIES)
    assert DivisionOutline.objects.count() == len(demo_map.OUTLINES)


def test_clerk_must_name_their_department_on_a_facility(client, clerk, department, county_with_outline):
    client.force_login(clerk)
    data = {"kind": f.facility_kind().pk, "name": "新设施", "division": f.county().pk, "department": "",
            "address": "某路1号", "opening_hours": "", "phone": "", "is_active": "on", "order": "0",
            "longitude": "119.65", "latitude": "29.08"}
    assert client.post(reverse("admin:catalog_facility_add"), data).status_code == 200
    data["department"] = department.pk
    assert client.post(reverse("admin:catalog_facility_add"), data).status_code == 302
    assert Facility.objects.get().department == department


def test_a_point_copied_from_a_phone_map_is_stored_in_wgs84_from_the_admin_forms(admin_client, county_with_outline):
    gcj_lng, gcj_lat = wgs84_to_gcj02(119.6474, 29.0812)
    data = {"kind": f.facility_kind().pk, "name": "县图书馆", "division": county_with_outline.pk,
            "department": "", "address": "文化路18号", "opening_hours": "", "phone": "", "is_active": "on",
            "order": "0", "longitude": f"{gcj_lng:.6f}", "latitude": f"{gcj_lat:.6f}", "coordinate_system": "gcj02"}
    assert admin_client.post(reverse("admin:catalog_facility_add"), data).status_code == 302
    library = Facility.objects.get()
    assert (float(library.longitude), float(library.latitude)) == pytest.approx((119.6474, 29.0812), abs=2e-6)
    # Opened again, the form shows the stored WGS-84 point with WGS-84 chosen: saving it changes nothing.
    page = admin_client.get(reverse("admin:catalog_facility_change", args=[library.pk]))
    again = {**data, "longitude": str(library.longitude), "latitude": str(library.latitude),
             "coordinate_system": page.context["adminform"].form["coordinate_system"].value()}
    assert admin_client.post(reverse("admin:catalog_facility_change", args=[library.pk]), again).status_code == 302
    library.refresh_from_db()
    assert (float(library.longitude), float(library.latitude)) == pytest.approx((119.6474, 29.0812), abs=2e-6)


def test_review_points_take_a_phone_maps_point_too(admin_client, county_with_outline):
    point = review_point(division=county_with_outline)
    gcj_lng, gcj_lat = wgs84_to_gcj02(119.6474, 29.0812)
    data = {"name": point.name, "division": point.division_id, "department": point.department_id,
            "address": point.address, "opening_hours": point.opening_hours, "is_active": "on", "order": "0",
            "contact_person": point.contact_person, "contact_phone": point.contact_phone,
            "description": "", "longitude": f"{gcj_lng:.6f}", "latitude": f"{gcj_lat:.6f}",
            "coordinate_system": "gcj02", "photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0"}
    response = admin_client.post(reverse("admin:catalog_reviewpoint_change", args=[point.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    point.refresh_from_db()
    assert (float(point.longitude), float(point.latitude)) == pytest.approx((119.6474, 29.0812), abs=2e-6)
