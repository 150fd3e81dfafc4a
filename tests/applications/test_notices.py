"""Every notice renders, formally, with the organ, dates and tracking number, and is saved with the request."""

import datetime as dt

import pytest

from applications import workflow
from applications.classification import REASONS_BY_OUTCOME, Outcome
from applications.models import Notice
from tests import factories as f
from tests.applications import factories as af

pytestmark = pytest.mark.django_db
D = dt.date


def _reply_cases():
    cases = []
    for outcome, reasons in REASONS_BY_OUTCOME.items():
        for reason in reasons or [""]:
            if reason not in ("no_correction", "fee_unpaid"):
                cases.append((outcome, reason))
    return cases


@pytest.mark.parametrize(("outcome", "reason"), _reply_cases())
def test_reply_notice_for_every_reply_type_cites_its_legal_article(outcome, reason, department):
    application = af.application(department)
    parts = [("身份证号码", "third_party")] if outcome == Outcome.PARTIAL else []
    workflow.reply(application, by=None, outcome=outcome, reason=reason, reply_text="答复正文",
                   delivered_by="post", replied_on=D(2026, 3, 20), withheld_parts=parts, today=D(2026, 3, 20))
    notice = application.notices.get(kind=Notice.Kind.REPLY)
    assert "县民政局" in notice.html
    assert application.tracking_number in notice.html
    assert "2026年3月20日" in notice.html
    assert application.legal_basis in notice.html
    # 其他处理 3.其他 cites the Regulation as a whole, and so does (五)5 确认或重新出具 until the disclosure office
    # enters the basis it relies on (no article of the Regulation names it).
    if outcome != Outcome.OTHER and reason != "confirmation":
        assert "条例》第" in application.legal_basis
    assert "行政复议" in notice.html


def test_reply_notices_differ_by_outcome(department):
    texts = set()
    for outcome in (Outcome.DISCLOSED, Outcome.PARTIAL):
        application = af.application(department)
        parts = [("身份证号码", "third_party")] if outcome == Outcome.PARTIAL else []
        workflow.reply(application, by=None, outcome=outcome, reply_text="答复", delivered_by="post",
                       withheld_parts=parts, today=D(2026, 3, 20))
        texts.add(application.notices.get(kind=Notice.Kind.REPLY).html.split("经审查")[-1][:60])
    assert len(texts) == 2


def test_receipt_notice_states_the_due_date(department):
    application = af.application(department)
    notice = application.notices.get(kind=Notice.Kind.RECEIPT)
    assert "2026年3月30日" in notice.html
    assert notice.title == "登记回执"


def test_correction_notice_states_what_and_by_when(department):
    application = af.application(department)
    workflow.request_correction(application, by=None, instructions="请写明文件文号", today=D(2026, 3, 4),
                                correction_due_on=D(2026, 3, 25))
    notice = application.notices.get(kind=Notice.Kind.CORRECTION)
    assert "请写明文件文号" in notice.html
    assert "2026年3月25日" in notice.html
    assert "第三十条" in notice.html


def test_extension_notice_states_new_due_date(department):
    application = af.application(department)
    workflow.extend(application, by=f.reviewer(department), workdays=20, reason="档案量大", today=D(2026, 3, 20))
    notice = application.notices.get(kind=Notice.Kind.EXTENSION)
    # 30 Mar 2026 + 20 working days (清明 4–6 Apr off) = 28 Apr 2026.
    assert "2026年4月28日" in notice.html
    assert "第三十三条" in notice.html
    assert "档案量大" in notice.html


def test_consultation_letter_is_addressed_to_the_third_party(department):
    application = af.application(department)
    workflow.start_consultation(application, by=None, kind="third_party", party="示范县恒通建材有限公司",
                                today=D(2026, 3, 9))
    notice = application.notices.get(kind=Notice.Kind.CONSULTATION)
    assert "示范县恒通建材有限公司：" in notice.html
    assert "第三十二条" in notice.html
    assert application.applicant_name not in notice.html  # the third party is not told who asked


def test_fee_notice_states_amount_and_payment_deadline(department):
    application = af.application(department)
    workflow.fee_notice(application, by=None, amount=700, scheme="volume", basis="共100页", today=D(2026, 3, 2))
    notice = application.notices.get(kind=Notice.Kind.FEE)
    assert "700元" in notice.html
    assert "2026年3月30日" in notice.html
    assert "共100页" in notice.html


def test_notice_escapes_what_the_applicant_typed(department):
    application = af.application(department, description="<script>alert(1)</script>")
    assert "<script>" not in application.notices.get().html


def test_notice_print_page_has_no_inline_style_or_script(client, department):
    application = af.application(department)
    notice = application.notices.get()
    client.force_login(f.user(is_superuser=True, is_staff=True))
    response = client.get(f"/admin/applications/application/{application.pk}/notices/{notice.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "style=" not in html and "<script>" not in html and "onclick" not in html
    assert "notice-doc" in html


def test_reply_notice_names_the_reconsideration_body_of_a_township_government():
    county = f.county(name="示范县")
    township_government = f.department(f.township(county, name="城关镇"), name="城关镇人民政府",
                                       organ_kind="government", is_disclosure_office=True)
    application = af.application(township_government)
    workflow.reply(application, by=None, outcome=Outcome.DISCLOSED, reply_text="答复", delivered_by="post",
                   replied_on=D(2026, 3, 20), today=D(2026, 3, 20))
    html = application.notices.get(kind=Notice.Kind.REPLY).html
    # A township government's decisions are reconsidered by the county people's government (行政复议法 art. 24).
    assert "60日内向示范县人民政府申请行政复议" in html
    assert "城关镇人民政府申请行政复议" not in html
