"""Division codes and levels are validated (统计用区划代码) and a parent is exactly one level up."""

import pytest
from django.core.exceptions import ValidationError

from catalog.models import Division, Level
from tests import factories

pytestmark = pytest.mark.django_db
K = Division.Kind


def make(**fields):
    return Division(**fields)


def errors_of(division):
    with pytest.raises(ValidationError) as caught:
        division.full_clean()
    return caught.value.message_dict


def test_valid_county_township_and_village_pass():
    county = factories.county()
    township = Division.objects.create(
        code="339901101000", name="青山镇", level=Level.TOWNSHIP, kind=K.TOWN, parent=county
    )
    village = make(code="339901101201", name="石门村", level=Level.VILLAGE, kind=K.VILLAGE, parent=township)
    village.full_clean()


@pytest.mark.parametrize("code", ["33990100000", "3399010000001", "33990A000000", "339900000000"])
def test_malformed_code_is_refused(code):
    assert "code" in errors_of(make(code=code, name="县", level=Level.COUNTY, kind=K.COUNTY))


def test_county_code_must_end_in_six_zeros():
    found = errors_of(make(code="339901101000", name="某县", level=Level.COUNTY, kind=K.COUNTY))
    assert "层级不符" in found["code"][0]


def test_village_code_must_be_full():
    township = factories.township(segment="101")
    found = errors_of(make(code="339901101000", name="某村", level=Level.VILLAGE, kind=K.VILLAGE, parent=township))
    assert "code" in found


def test_parent_must_be_exactly_one_level_up():
    county = factories.county()
    found = errors_of(make(code="339901101201", name="某村", level=Level.VILLAGE, kind=K.VILLAGE, parent=county))
    assert "高一级" in found["parent"][0]


def test_code_must_share_the_parents_prefix():
    township = factories.township(segment="101")
    found = errors_of(make(code="339901102201", name="某村", level=Level.VILLAGE, kind=K.VILLAGE, parent=township))
    assert "前9位" in found["code"][0]


def test_township_needs_a_parent():
    found = errors_of(make(code="339901101000", name="某镇", level=Level.TOWNSHIP, kind=K.TOWN))
    assert "parent" in found


def test_kind_must_fit_the_level():
    county = factories.county()
    found = errors_of(make(code="339901101000", name="某镇", level=Level.TOWNSHIP, kind=K.VILLAGE, parent=county))
    assert "kind" in found


def test_development_zone_is_a_township_level_kind():
    county = factories.county()
    make(code="339901400000", name="开发区", level=Level.TOWNSHIP, kind=K.PARK, parent=county).full_clean()


def test_admin_add_form_shows_the_code_error_in_chinese(admin_client):
    county = factories.county()
    response = admin_client.post(
        "/admin/catalog/division/add/",
        {"name": "某村", "code": "339901000201", "level": Level.VILLAGE, "kind": K.VILLAGE, "parent": county.pk},
    )
    assert response.status_code == 200
    assert not Division.objects.filter(name="某村").exists()
    assert "区划代码" in response.content.decode()


def test_only_one_disclosure_office_per_division():
    county = factories.county()
    factories.department(county, is_disclosure_office=True)
    second = factories.department(county)
    second.is_disclosure_office = True
    with pytest.raises(ValidationError):
        second.full_clean()
