"""Messages and error reports: due dates, answering, publishing without personal data, rating the answer."""

import datetime as dt

import pytest

from feedback import inbox
from feedback.errors import FeedbackError
from feedback.models import Level, Message
from feedback.privacy import redact
from tests import factories
from tests.feedback import factories as ff

pytestmark = pytest.mark.django_db


def test_message_is_due_in_five_workdays():
    message = ff.message(on=dt.date(2026, 3, 2))  # Monday
    assert message.due_on == dt.date(2026, 3, 9)  # 3, 4, 5, 6, 9 March


def test_message_due_days_follow_the_setting(settings):
    settings.MESSAGE_DUE_WORKDAYS = 2
    assert ff.message(on=dt.date(2026, 3, 2)).due_on == dt.date(2026, 3, 4)  # 3, 4 March


def test_tracking_number_shows_kind_and_day():
    message = ff.message(on=dt.date(2026, 3, 2))
    assert message.tracking_number.startswith("LY260302-")
    assert len(message.tracking_number) == 15  # LY + yymmdd + "-" + six characters


def test_correction_without_department_goes_to_the_county_disclosure_office():
    office = factories.department(is_disclosure_office=True)
    message = inbox.submit_message(kind="correction", department=None, subject="附件打不开", body="无法下载",
                                   page_url="/feedback/points/")
    assert message.department == office
    assert message.page_url == "/feedback/points/"


def test_question_needs_a_department():
    with pytest.raises(FeedbackError, match="单位"):
        inbox.submit_message(kind="question", department=None, subject="问", body="答")


def test_answered_on_time_compares_the_answer_day_with_the_due_date():
    on_time = ff.message(on=dt.date(2026, 3, 2))  # due 9 March
    late = ff.message(on=dt.date(2026, 3, 2))
    ff.message(on=dt.date(2026, 3, 2))
    inbox.answer_message(on_time, by=None, answer="答复", at=ff.at(dt.date(2026, 3, 9), 17))
    inbox.answer_message(late, by=None, answer="答复", at=ff.at(dt.date(2026, 3, 10), 9))
    assert list(Message.objects.answered_on_time()) == [on_time]


def test_a_message_is_answered_once():
    message = inbox.answer_message(ff.message(), by=None, answer="答复")
    with pytest.raises(FeedbackError, match="已答复"):
        inbox.answer_message(message, by=None, answer="再答复")


def test_unanswered_message_cannot_be_published():
    with pytest.raises(FeedbackError, match="答复后"):
        inbox.set_published(ff.message(), True)


def test_publishing_removes_personal_data_from_the_public_copy():
    message = ff.message(name="张建国", phone="13905791234",
                         body="我是张建国，电话13905791234，身份证330781195501011234，想问低保。")
    message = inbox.answer_message(message, by=None, answer="张建国您好，请到便民服务中心办理。", publish=True)
    for private in ["张建国", "13905791234", "330781195501011234"]:
        assert private not in message.public_body
        assert private not in message.public_answer
    assert "想问低保" in message.public_body


def test_redact_masks_landlines_and_email():
    text = redact("请打0579-88881234或发邮件到a.b@example.com")
    assert "88881234" not in text
    assert "example.com" not in text


def test_asker_rates_the_answer_once():
    message = inbox.answer_message(ff.message(), by=None, answer="答复")
    inbox.rate_answer(message, level=Level.SATISFIED)
    with pytest.raises(FeedbackError, match="已评价"):
        inbox.rate_answer(message, level=Level.VERY_DISSATISFIED)
    message.refresh_from_db()
    assert message.answer_level == Level.SATISFIED


def test_unanswered_message_cannot_be_rated():
    with pytest.raises(FeedbackError, match="答复后"):
        inbox.rate_answer(ff.message(), level=Level.SATISFIED)


def test_overdue_lists_unanswered_messages_after_their_due_date():
    message = ff.message(on=dt.date(2026, 3, 2))  # due 9 March
    assert not Message.objects.overdue(on=dt.date(2026, 3, 9)).exists()
    assert list(Message.objects.overdue(on=dt.date(2026, 3, 10))) == [message]
