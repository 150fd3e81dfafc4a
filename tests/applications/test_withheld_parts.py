"""部分公开 (Art. 37): each withheld part is recorded with its reason and legal basis, the reply is refused without
one, the notice cites each, and the annual report counts the request once, under (二)."""

import datetime as dt

import pytest

from applications import workflow
from applications.classification import Outcome, Reason
from applications.models import Application, ApplicationEvent, Notice, Status, WithheldPart
from applications.workflow import WorkflowError
from portal.reports import annual
from tests import factories as f
from tests.applications import factories as af

pytestmark = pytest.mark.django_db
D = dt.date
PARTS = [("名单中的身份证号码和银行账号", Reason.THIRD_PARTY), ("审批过程中的内部讨论记录", Reason.PROCESS_INFORMATION)]


def _partial(application, parts, **kwargs):
    return workflow.reply(application, by=None, outcome=Outcome.PARTIAL, reply_text="其余部分予以公开",
                          delivered_by="post", replied_on=D(2026, 3, 20), withheld_parts=parts,
                          today=D(2026, 3, 20), **kwargs)


def test_each_withheld_part_is_stored_with_its_reason_and_basis(department):
    application = af.application(department)
    _partial(application, PARTS)
    first, second = application.withheld_parts.all()
    assert (first.position, first.description, first.reason) == (1, "名单中的身份证号码和银行账号", Reason.THIRD_PARTY)
    assert "第十五条" in first.legal_basis  # protecting a third party's rights (Art. 15)
    assert (second.position, second.reason) == (2, Reason.PROCESS_INFORMATION)
    assert "第十六条第二款" in second.legal_basis  # process information (Art. 16(2))
    assert application.events.last().payload["withheld_parts"] == [list(part) for part in PARTS]


def test_partial_without_a_withheld_part_is_refused_and_nothing_stored(department):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="至少填写一项"):
        _partial(application, [("", "")])
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.outcome, stored.replied_on) == (Status.REGISTERED, "", None)
    assert not application.notices.filter(kind=Notice.Kind.REPLY).exists()
    assert not ApplicationEvent.objects.filter(application=application, kind="reply").exists()


def test_a_part_without_its_reason_is_refused(department):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="第2项.*请选择不予公开的理由"):
        _partial(application, [PARTS[0], ("内部讨论记录", "")])
    assert not WithheldPart.objects.exists()


def test_a_reason_without_its_part_is_refused(department):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="第1项.*哪一部分"):
        _partial(application, [("", Reason.STATE_SECRET)])


@pytest.mark.parametrize("reason", [Reason.NO_CORRECTION, Reason.FEE_UNPAID, Reason.OTHER, "nonsense"])
def test_a_part_withheld_for_a_reason_outside_the_taxonomy_is_refused(department, reason):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="理由"):
        _partial(application, [("某部分", reason)])


@pytest.mark.parametrize("reason", [Reason.STATE_SECRET, Reason.NOT_HELD, Reason.PETITION, Reason.CONFIRMATION])
def test_reasons_of_withheld_unavailable_and_not_processed_are_accepted(department, reason):
    application = af.application(department)
    _partial(application, [("某部分", reason)])
    assert application.withheld_parts.get().reason == reason


def test_withheld_parts_on_another_outcome_are_refused(department):
    application = af.application(department)
    with pytest.raises(WorkflowError, match="只有“部分公开”"):
        workflow.reply(application, by=None, outcome=Outcome.DISCLOSED, reply_text="公开", delivered_by="post",
                       withheld_parts=PARTS, today=D(2026, 3, 20))


def test_the_notice_cites_each_part_with_its_reason_and_basis(department):
    application = af.application(department)
    _partial(application, PARTS)
    html = application.notices.get(kind=Notice.Kind.REPLY).html
    for part in application.withheld_parts.all():
        assert f"{part.description}：{part.get_reason_display()}，依据{part.legal_basis}。" in html
    assert "第三十七条" in html
    assert html.index("名单中的身份证号码") < html.index("内部讨论记录")


def test_the_annual_report_counts_partial_only_under_its_own_row(department):
    application = af.application(department)
    _partial(application, PARTS)
    table = annual.build(f.county(), 2026, D(2027, 1, 10)).requests
    rows = {row.label: row.counts["total"] for row in table.rows}
    assert rows["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"] == 1
    assert rows["（三）不予公开"] == 0 and rows["4.保护第三方合法权益"] == 0
    assert rows["6.属于四类过程性信息"] == 0
    assert rows["（七）总计"] == 1
    assert table.is_consistent


def test_status_page_lists_the_withheld_parts(client, department):
    application = af.application(department)
    _partial(application, PARTS)
    client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    page = client.get("/apply/status/progress/").content.decode()
    assert "不予公开的部分" in page
    assert "名单中的身份证号码和银行账号：保护第三方合法权益" in page


# The clerk in the admin ----------------------------------------------------------------------------------------

@pytest.fixture
def on_20_march(time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=8))))


def _reply_form(application, **fields):
    data = {"version": application.version, "outcome": "partial", "reason": "", "reply_text": "其余部分予以公开",
            "delivered_by": "post", "replied_on": "2026-03-20", "note": ""}
    data.update(fields)
    return data


def test_admin_reply_with_withheld_parts(on_20_march, clerk_client, department):
    application = af.application(department)
    url = f"/admin/applications/application/{application.pk}/step/reply/"
    form_page = clerk_client.get(url).content.decode()
    assert "不予公开的部分1" in form_page and "保护第三方合法权益" in form_page
    response = clerk_client.post(url, _reply_form(
        application, withheld_1_description="身份证号码", withheld_1_reason="third_party",
        withheld_3_description="内部讨论记录", withheld_3_reason="process_information"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(application.withheld_parts.values_list("position", "description", "reason")) == [
        (1, "身份证号码", "third_party"), (2, "内部讨论记录", "process_information")]


def test_admin_partial_reply_without_parts_is_explained_and_kept(on_20_march, clerk_client, department):
    application = af.application(department)
    response = clerk_client.post(f"/admin/applications/application/{application.pk}/step/reply/",
                                 _reply_form(application))
    assert response.status_code == 200
    assert "至少填写一项" in response.content.decode()
    assert "其余部分予以公开" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Status.REGISTERED
