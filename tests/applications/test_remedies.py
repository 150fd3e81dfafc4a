"""Remedies on notices (行政复议法 2023 arts. 20, 24, 27; 行政诉讼法 art. 46) and the organs that receive requests
(Regulation Art. 54): village and residents' committees are not recipients, a village's affairs go to its township."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications import workflow
from applications.classification import REASONS_BY_OUTCOME
from applications.forms import ApplicationForm
from applications.models import Application, Notice
from applications.workflow import WorkflowError
from catalog.models import Department, Division
from tests import factories as f
from tests.applications import factories as af

pytestmark = pytest.mark.django_db
D = dt.date
Kind = Department.OrganKind
REMEDY = "60日内向{body}申请行政复议，或者自知道或者应当知道作出行政行为之日起6个月内依法向人民法院提起行政诉讼"


@pytest.fixture
def county():
    return f.county(name="示范县")


@pytest.fixture
def organs(county):
    """One organ of each kind that decides requests, with the body that reconsiders its decisions."""
    town = f.township(county, name="城关镇")
    street = f.township(county, name="东城街道")
    street.kind = Division.Kind.SUBDISTRICT
    street.save()
    return {
        # Art. 24(1): a county work department → the county people's government.
        "county_department": (f.department(county, name="示范县民政局"), "示范县人民政府"),
        # Art. 24(2): a township government (a government one level down) → the county people's government.
        "township_government": (f.department(town, name="城关镇人民政府", organ_kind=Kind.GOVERNMENT),
                                "示范县人民政府"),
        # Art. 24(3): a sub-district office, a 派出机关 of the county → the county people's government.
        "subdistrict_office": (f.department(street, name="东城街道办事处", organ_kind=Kind.GOVERNMENT),
                               "示范县人民政府"),
        # Art. 24, second paragraph read with 地方组织法: the county government → the city government, entered.
        "county_government": (f.department(county, name="示范县人民政府", organ_kind=Kind.GOVERNMENT,
                                           reconsideration_body_text="示范市人民政府"), "示范市人民政府"),
        # Art. 27: a vertically led organ (tax) → its next-higher department, entered.
        "vertical": (f.department(county, name="国家税务总局示范县税务局", organ_kind=Kind.VERTICAL,
                                  reconsideration_body_text="国家税务总局示范市税务局"), "国家税务总局示范市税务局"),
    }


def _correction(application):
    workflow.request_correction(application, by=None, instructions="请写明文号", today=D(2026, 3, 4),
                                correction_due_on=D(2026, 3, 25))


def _extension(application):
    workflow.extend(application, by=f.reviewer(application.department), workdays=10, reason="档案量大",
                    today=D(2026, 3, 20))


def _fee(application):
    workflow.fee_notice(application, by=None, amount=100, scheme="volume", basis="共40页", today=D(2026, 3, 2))


def _reply(outcome, reason=""):
    def step(application):
        parts = [("身份证号码", "third_party")] if outcome == "partial" else []
        workflow.reply(application, by=None, outcome=outcome, reason=reason, reply_text="答复", withheld_parts=parts,
                       delivered_by="post", replied_on=D(2026, 3, 20), today=D(2026, 3, 20))
    return step


DECIDING_NOTICES = {
    Notice.Kind.CORRECTION: _correction,
    Notice.Kind.EXTENSION: _extension,
    Notice.Kind.FEE: _fee,
    **{f"reply:{outcome}:{reason}": _reply(outcome, reason)
       for outcome, reasons in REASONS_BY_OUTCOME.items()
       for reason in (reasons or [""]) if reason not in ("no_correction", "fee_unpaid")},
}


def _assert_remedies(application, kind, body):
    html = application.notices.filter(kind=kind).latest("pk").html
    assert REMEDY.format(body=body) in html
    assert f"向{application.department.name}申请行政复议" not in html  # never the organ itself
    assert "街道人民政府" not in html


@pytest.mark.parametrize("notice", list(DECIDING_NOTICES))
def test_every_deciding_notice_carries_the_remedies(organs, notice):
    organ, body = organs["county_department"]
    application = af.application(organ)
    DECIDING_NOTICES[notice](application)
    _assert_remedies(application, notice.split(":")[0], body)


@pytest.mark.parametrize("organ_kind", ["county_department", "township_government", "subdistrict_office",
                                        "county_government", "vertical"])
@pytest.mark.parametrize("notice", [Notice.Kind.CORRECTION, "reply:not_processed:repeated"])
def test_each_organ_kind_names_its_reconsideration_body(organs, organ_kind, notice):
    organ, body = organs[organ_kind]
    application = af.application(organ)
    DECIDING_NOTICES[notice](application)
    _assert_remedies(application, notice.split(":")[0], body)


def test_receipt_and_consultation_letter_carry_no_remedies(organs):
    application = af.application(organs["county_department"][0])
    workflow.start_consultation(application, by=None, kind="third_party", party="示范县恒通建材有限公司",
                                today=D(2026, 3, 9))
    for kind in (Notice.Kind.RECEIPT, Notice.Kind.CONSULTATION):
        assert "行政复议" not in application.notices.get(kind=kind).html


def test_county_government_and_vertical_organs_must_name_their_reconsideration_body(county):
    for kind in (Kind.GOVERNMENT, Kind.VERTICAL):
        organ = Department(division=county, name="示范县人民政府", code="T90000001", organ_kind=kind)
        with pytest.raises(ValidationError) as error:
            organ.full_clean()
        assert "全称" in str(error.value.message_dict["reconsideration_body_text"])


def test_a_subdistrict_government_is_refused_as_reconsideration_body(county):
    organ = Department(division=county, name="示范县民政局", code="T90000002",
                       reconsideration_body_text="东城街道人民政府")
    with pytest.raises(ValidationError) as error:
        organ.full_clean()
    assert "街道不设人民政府" in str(error.value)


def test_the_deciding_organ_is_refused_as_its_own_reconsideration_body(county):
    organ = Department(division=county, name="示范县民政局", code="T90000003",
                       reconsideration_body_text="示范县民政局")
    with pytest.raises(ValidationError) as error:
        organ.full_clean()
    assert "不能是作出决定的机关本身" in str(error.value)


def test_admin_edits_the_reconsideration_body_per_organ(admin_client, county):
    organ = f.department(county, name="国家税务总局示范县税务局", organ_kind=Kind.VERTICAL)
    data = {"name": organ.name, "short_name": "", "code": organ.code, "division": county.pk, "order": 0,
            "is_active": "on", "receives_requests": "on", "organ_kind": Kind.VERTICAL,
            "reconsideration_body_text": "", "phone": "", "address": "", "postcode": "", "office_hours": "",
            "fax": "", "email": ""}
    url = reverse("admin:catalog_department_change", args=[organ.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "请填写行政复议机关的全称" in response.content.decode()
    response = admin_client.post(url, {**data, "reconsideration_body_text": "国家税务总局示范市税务局"})
    assert response.status_code == 302
    organ.refresh_from_db()
    assert organ.reconsideration_body == "国家税务总局示范市税务局"


# Recipients ---------------------------------------------------------------------------------------------------

def test_village_committees_are_not_recipients_and_government_organs_are(county):
    town = f.township(county, name="城关镇")
    township_government = f.department(town, name="城关镇人民政府", organ_kind=Kind.GOVERNMENT)
    committee = f.department(f.village(town, name="东坪村"), name="东坪村民委员会")
    bureau = f.department(county, name="示范县民政局")
    assert (township_government.receives_requests, bureau.receives_requests) == (True, True)
    assert committee.receives_requests is False
    assert set(Department.objects.recipients()) == {township_government, bureau}


def test_a_village_committee_cannot_be_ticked_as_recipient(county):
    committee = f.department(f.village(f.township(county)), name="东坪村民委员会")
    committee.receives_requests = True
    with pytest.raises(ValidationError) as error:
        committee.full_clean()
    assert "由所在乡镇人民政府（街道办事处）受理" in str(error.value)


def test_public_form_lists_only_recipients_and_explains_where_village_requests_go(client, county):
    town = f.township(county, name="城关镇")
    f.department(town, name="城关镇人民政府", organ_kind=Kind.GOVERNMENT)
    f.department(f.village(town, name="东坪村"), name="东坪村民委员会")
    f.department(county, name="示范县档案馆", receives_requests=False)
    html = client.get(reverse("applications:apply")).content.decode()
    assert "城关镇人民政府" in html
    assert "东坪村民委员会" not in html and "示范县档案馆" not in html
    assert "需要村（社区）的信息，请选择所在的乡镇人民政府或街道办事处" in html


def test_public_form_refuses_a_posted_non_recipient(county):
    committee = f.department(f.village(f.township(county)), name="东坪村民委员会")
    form = ApplicationForm(data=af.applicant_fields(department=committee.pk))
    assert not form.is_valid()
    assert "department" in form.errors


def test_admin_registration_refuses_a_village_committee_with_a_chinese_message(admin_client, county):
    committee = f.department(f.village(f.township(county)), name="东坪村民委员会")
    data = af.applicant_fields(department=committee.pk, channel="in_person", submitted_on="2026-03-02",
                               received_on="2026-03-02", credit_code="", legal_representative="",
                               contact_name="", postcode="")
    response = admin_client.post(reverse("admin:applications_application_add"), data)
    assert response.status_code == 200
    assert "东坪村民委员会不受理政府信息公开申请" in response.content.decode()
    assert not Application.objects.exists()


def test_workflow_refuses_a_non_recipient_on_registration_and_transfer(county):
    committee = f.department(f.village(f.township(county)), name="东坪村民委员会")
    with pytest.raises(WorkflowError, match="不受理政府信息公开申请"):
        af.application(committee)
    application = af.application(f.department(county, name="示范县民政局"))
    with pytest.raises(WorkflowError, match="不受理政府信息公开申请"):
        workflow.transfer(application, by=None, to_department=committee, today=D(2026, 3, 3))
    with pytest.raises(WorkflowError, match="不受理政府信息公开申请"):
        af.submitted_online(committee)


def test_demo_organs_name_their_reconsideration_body_and_only_governments_and_departments_receive():
    from catalog import demo

    data = demo.county_data()
    demo.load_departments(data, demo.load_divisions(data))
    organs = list(Department.objects.select_related("division__parent"))
    assert organs and all(organ.reconsideration_body_is_named for organ in organs)
    assert not [organ for organ in organs if "街道人民政府" in organ.reconsideration_body + organ.name]
    assert all(organ.receives_requests == (organ.division.level != "village") for organ in organs)
    bodies = {organ.name: organ.reconsideration_body for organ in organs}
    assert bodies["东城街道办事处"] == bodies["城关镇人民政府"] == bodies["县民政局"] == "示范县人民政府"
    assert bodies["市生态环境局示范分局"] == "示范市人民政府"
