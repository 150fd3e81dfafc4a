"""The applicant's copy of the reply notice (答复书): after the phone check only, print-friendly, never cached,
with the organ's full name, the decision, its reasons and basis, the remedies and the date; names of persons
masked."""

import datetime as dt
import re

import pytest

from applications import notices, workflow
from applications.classification import Outcome, Reason
from applications.verification import session_key
from tests import factories as f
from tests.applications import factories as af
from tests.factories import FOOTER_QUERIES

pytestmark = pytest.mark.django_db
D = dt.date


def _lookup(client, application, last4="5678"):
    return client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": last4})


def _url(application):
    return "/apply/status/progress/reply-notice/"  # the session remembers which request was looked up


@pytest.fixture
def township_reply():
    county = f.county(name="示范县")
    government = f.department(f.township(county, name="城关镇"), name="城关镇人民政府", organ_kind="government",
                              is_disclosure_office=True)
    application = af.application(government, applicant_name="欧阳秀英")
    workflow.reply(application, by=None, outcome=Outcome.WITHHELD, reason=Reason.STATE_SECRET,
                   reply_text="所申请文件已定密，不予公开。", delivered_by="post", replied_on=D(2026, 3, 20),
                   today=D(2026, 3, 20))
    return application


def test_verified_applicant_sees_the_reply_notice(client, township_reply):
    _lookup(client, township_reply)
    response = client.get(_url(township_reply))
    html = response.content.decode()
    assert response.status_code == 200
    assert "政府信息公开申请答复书" in html
    assert "城关镇人民政府" in html  # the organ's full name
    assert "不予公开" in html and "属于国家秘密" in html  # the decision and its reason
    assert township_reply.legal_basis in html and "第十四条" in html  # the basis
    # Remedies: a township government's decisions are reconsidered by the county people's government.
    assert "60日内向示范县人民政府申请行政复议" in html and "6个月内" in html
    assert "2026年3月20日" in html  # the date
    assert "data-print" in html  # the print button


def test_the_page_is_never_stored_by_a_browser_or_proxy(client, township_reply):
    _lookup(client, township_reply)
    cache_control = client.get(_url(township_reply))["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_the_applicants_name_is_masked(client, township_reply):
    _lookup(client, township_reply)
    html = client.get(_url(township_reply)).content.decode()
    assert "欧阳秀英" not in html
    assert "欧***：" in html
    assert "欧阳秀英" in township_reply.notices.get(kind="reply").html  # the stored notice is as issued


def test_an_organisation_keeps_its_name_and_masks_its_contact(client, department):
    application = af.application(department, applicant_kind="business", applicant_name="示范县恒通建材有限公司",
                                 id_type="", id_number="", credit_code=af.CREDIT_CODE, contact_name="李建国")
    workflow.reply(application, by=None, outcome=Outcome.DISCLOSED, reply_text="予以公开", delivered_by="online",
                   replied_on=D(2026, 3, 20), today=D(2026, 3, 20))
    _lookup(client, application)
    html = client.get(_url(application)).content.decode()
    assert "示范县恒通建材有限公司" in html
    assert "李建国" not in html and "李**" in html


def test_without_the_phone_check_the_page_sends_to_the_lookup(client, township_reply):
    response = client.get(_url(township_reply))
    assert response.status_code == 302 and response.url == "/apply/status/"


def test_a_wrong_phone_check_does_not_open_it(client, township_reply):
    _lookup(client, township_reply, last4="0000")
    assert client.get(_url(township_reply)).url == "/apply/status/"


def test_another_requests_check_does_not_open_it(client, department, township_reply):
    mine = af.application(department)
    _lookup(client, mine)
    # The page shows the request this session looked up (no reply yet), never another one.
    response = client.get(_url(township_reply))
    assert response.status_code == 404 and township_reply.tracking_number not in response.content.decode()


def test_guessing_is_limited_as_on_the_status_page(client, township_reply):
    for _ in range(5):
        _lookup(client, township_reply, last4="0000")
    assert _lookup(client, township_reply).status_code == 429  # the right digits, too late
    assert session_key(township_reply.tracking_number) not in client.session
    assert client.get(_url(township_reply)).url == "/apply/status/"


def test_no_reply_yet_is_not_found(client, department):
    application = af.application(department)
    _lookup(client, application)
    assert client.get(_url(application)).status_code == 404


def test_status_page_links_to_the_notice_once_replied(client, department, township_reply):
    waiting = af.application(department)
    _lookup(client, waiting)
    assert "reply-notice" not in client.get("/apply/status/progress/").content.decode()
    _lookup(client, township_reply)
    page = client.get("/apply/status/progress/").content.decode()
    assert _url(township_reply) in page and "查看、打印答复书" in page


def test_the_page_has_no_inline_script_style_or_handlers(client, township_reply):
    _lookup(client, township_reply)
    html = client.get(_url(township_reply)).content.decode()
    assert "style=" not in html
    assert not re.search(r"<script>|<script [^>]*>[^<]", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_the_page_runs_a_constant_number_of_queries(client, township_reply, django_assert_max_num_queries):
    _lookup(client, township_reply)
    # The session, the request with its pauses (the verified look-up loads them for the deadline explanation), the
    # notice, the session's refresh; and the footer.
    with django_assert_max_num_queries(5 + FOOTER_QUERIES):
        assert client.get(_url(township_reply)).status_code == 200


def test_a_partial_reply_notice_lists_its_withheld_parts(client, department):
    application = af.application(department)
    workflow.reply(application, by=None, outcome=Outcome.PARTIAL, reply_text="其余部分予以公开", delivered_by="post",
                   withheld_parts=[("身份证号码", Reason.THIRD_PARTY)], replied_on=D(2026, 3, 20),
                   today=D(2026, 3, 20))
    _lookup(client, application)
    html = client.get(_url(application)).content.decode()
    assert "身份证号码：保护第三方合法权益，依据" in html


def test_masked_name_keeps_the_first_character():
    assert [notices.masked_name(name) for name in ("张三", "欧阳秀英", "")] == ["张*", "欧***", ""]
