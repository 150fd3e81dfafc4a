"""Submitted once (portal.idempotency): every public form that creates a record stores it once per form key.

A citizen whose first POST was committed but whose response was lost posts the same form again (same hidden
key); the portal answers as the first time — same tracking number — and stores nothing more. Different keys
make different records; a missing or junk key works as before; a refused POST (rate limit, invalid input)
leaves the key unused; two simultaneous POSTs with one key make one record (PostgreSQL).
"""

import datetime as dt
import re
import threading

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, connections
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from applications import workflow
from applications.classification import Outcome
from applications.models import Application, ApplicationEvent, Document, EventKind
from catalog.models import Publication
from feedback import inbox, ratings
from feedback.models import Callback, Level, Message, Rating
from portal import idempotency
from tests import factories as f
from tests.applications import factories as af
from tests.factories import FOOTER_QUERIES

D = dt.date
KEY_INPUT = re.compile(r'<input type="hidden" name="submission_key" value="([^"]*)"')
JUNK_KEYS = ["", "short", "x" * 65, "键" * 22, "a b c d e f g h i j k", "abc\x00defghijklmnopqrs", "'; DROP TABLE --"]


pytestmark = pytest.mark.usefixtures("isolated_site")


def keys_in(html: str) -> list[str]:
    return KEY_INPUT.findall(html)


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def verified_client(application) -> Client:
    client = Client()
    client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    return client


# ---- the helper ----------------------------------------------------------------------------------------------

def test_new_keys_are_well_formed_and_different():
    keys = {idempotency.new_key() for _ in range(100)}
    assert len(keys) == 100
    assert all(idempotency.clean_key(key) == key for key in keys)


@pytest.mark.parametrize("junk", JUNK_KEYS + [None, 42, ["a" * 22]])
def test_malformed_key_counts_as_no_key(junk):
    assert idempotency.clean_key(junk) is None


@given(st.text(max_size=80))
def test_clean_key_never_raises_and_accepts_only_the_key_alphabet(value):
    cleaned = idempotency.clean_key(value)
    assert cleaned is None or (cleaned == value and re.fullmatch(r"[A-Za-z0-9_-]{16,64}", value))


def test_without_a_key_create_once_always_creates(department):
    def create(key):
        return inbox.submit_message(kind="question", department=department, subject="问", body="答",
                                    submission_key=key)

    first, created_first = idempotency.create_once(Message, None, create)
    second, created_second = idempotency.create_once(Message, None, create)
    assert created_first and created_second and first.pk != second.pk


def test_with_a_stored_key_create_once_returns_the_earlier_record(department):
    calls = []

    def create(key):
        calls.append(key)
        return inbox.submit_message(kind="question", department=department, subject="问", body="答",
                                    submission_key=key)

    key = idempotency.new_key()
    first, created = idempotency.create_once(Message, key, create)
    again, created_again = idempotency.create_once(Message, key, create)
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and calls == [key]


def test_a_key_lost_in_a_race_is_answered_with_the_winner(department, monkeypatch):
    """The earlier-record check passed, but the insert meets the unique constraint: the winner is returned."""
    key = idempotency.new_key()
    winner = inbox.submit_message(kind="question", department=department, subject="问", body="答",
                                  submission_key=key)
    looked = []
    find = idempotency.find

    def find_nothing_the_first_time(model_or_queryset, key):
        looked.append(key)
        return None if len(looked) == 1 else find(model_or_queryset, key)

    monkeypatch.setattr(idempotency, "find", find_nothing_the_first_time)
    record, created = idempotency.create_once(Message, key, lambda key: inbox.submit_message(
        kind="question", department=department, subject="问", body="答", submission_key=key))
    assert (record.pk, created) == (winner.pk, False)
    assert Message.objects.count() == 1


# ---- the application form (依申请公开) -------------------------------------------------------------------------

def apply_data(department, key, **fields):
    return {**af.applicant_fields(department=department.pk, **fields), "submission_key": key}


def test_apply_form_renders_a_fresh_hidden_key_each_time(client, department):
    first, second = (keys_in(client.get("/apply/").content.decode()) for _ in range(2))
    assert len(first) == len(second) == 1
    assert idempotency.clean_key(first[0]) and first != second


def test_apply_page_query_count_is_unchanged_by_the_key(client, department, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        client.get("/apply/")


def test_same_apply_form_twice_stores_one_request_and_answers_with_its_tracking_number(department):
    key = idempotency.new_key()
    first = Client().post("/apply/", apply_data(department, key), follow=True)
    # The first response was lost: the citizen has no cookie from it and presses 重新提交.
    second = Client().post("/apply/", apply_data(department, key), follow=True)
    application = Application.objects.get()
    assert application.submission_key == key
    assert second.redirect_chain == [("/apply/submitted/", 302)]
    assert application.tracking_number in first.content.decode()
    assert application.tracking_number in second.content.decode()
    assert application.events.count() == 1


def test_resubmitted_apply_form_makes_the_request_visible_to_that_browser(department):
    key = idempotency.new_key()
    Client().post("/apply/", apply_data(department, key))
    client = Client()
    client.post("/apply/", apply_data(department, key))
    application = Application.objects.get()
    page = client.get("/apply/status/progress/")
    assert page.status_code == 200
    assert application.tracking_number in page.content.decode()


def test_resubmitted_apply_form_sends_no_second_email(department):
    key = idempotency.new_key()
    for _ in range(2):
        Client().post("/apply/", apply_data(department, key, email="applicant@example.com"))
    assert len(mail.outbox) == 1


def test_resubmitted_apply_form_stores_its_attachments_once(department):
    key = idempotency.new_key()
    for _ in range(2):
        attachment = SimpleUploadedFile("身份证明.pdf", b"%PDF-1.4 id", content_type="application/pdf")
        Client().post("/apply/", {**apply_data(department, key), "files": [attachment]})
    assert Document.objects.count() == 1


def test_two_apply_forms_with_different_keys_store_two_requests(department):
    client = Client()
    client.post("/apply/", apply_data(department, idempotency.new_key()))
    client.post("/apply/", apply_data(department, idempotency.new_key()))
    assert Application.objects.count() == 2


@pytest.mark.parametrize("junk", JUNK_KEYS)
def test_apply_form_with_a_junk_key_still_works_as_without_one(department, junk):
    client = Client()
    responses = [client.post("/apply/", apply_data(department, junk)) for _ in range(2)]
    assert [r.status_code for r in responses] == [302, 302]
    assert list(Application.objects.values_list("submission_key", flat=True)) == [None, None]


def test_apply_form_without_a_key_still_works(client, department):
    response = client.post("/apply/", af.applicant_fields(department=department.pk))
    assert response.status_code == 302
    assert Application.objects.get().submission_key is None


def test_rate_limited_apply_form_does_not_use_up_its_key(department):
    client = Client()
    for _ in range(5):
        client.post("/apply/", apply_data(department, idempotency.new_key()))
    key = idempotency.new_key()
    refused = client.post("/apply/", apply_data(department, key, description="第六次申请"))
    assert refused.status_code == 429
    assert keys_in(refused.content.decode()) == [key]  # shown again with the same key: nothing was stored
    assert not Application.objects.filter(submission_key=key).exists()
    cache.clear()  # an hour later
    client.post("/apply/", apply_data(department, key, description="第六次申请"))
    assert Application.objects.get(submission_key=key).description == "第六次申请"


def test_resubmitted_apply_form_is_answered_even_when_the_limit_is_used_up(department):
    client = Client()
    key = idempotency.new_key()
    client.post("/apply/", apply_data(department, key))
    for _ in range(4):
        client.post("/apply/", apply_data(department, idempotency.new_key()))
    assert client.post("/apply/", apply_data(department, idempotency.new_key())).status_code == 429
    replay = client.post("/apply/", apply_data(department, key), follow=True)
    assert Application.objects.get(submission_key=key).tracking_number in replay.content.decode()
    assert Application.objects.count() == 5


def test_invalid_apply_form_keeps_its_key_for_the_corrected_post(client, department):
    key = idempotency.new_key()
    response = client.post("/apply/", apply_data(department, key, id_number="110105194912310021"))
    assert "校验位不正确" in response.content.decode()
    assert keys_in(response.content.decode()) == [key]
    client.post("/apply/", apply_data(department, key))
    assert Application.objects.get().submission_key == key


def test_invalid_apply_form_with_a_junk_key_is_shown_with_a_fresh_one(client, department):
    response = client.post("/apply/", apply_data(department, "junk", description=""))
    [shown] = keys_in(response.content.decode())
    assert idempotency.clean_key(shown)


def test_honeypot_apply_form_does_not_use_up_its_key(client, department):
    key = idempotency.new_key()
    client.post("/apply/", apply_data(department, key, website="http://spam.example"))
    assert not Application.objects.exists()


# ---- the correction (补正) on the status page --------------------------------------------------------------

@pytest.fixture
def correcting(department):
    application = af.application(department)
    workflow.request_correction(application, by=None, instructions="请写明文件文号", today=D(2026, 3, 4),
                                correction_due_on=D(2026, 3, 25))
    return application


def correction_url(application):
    return "/apply/status/progress/correction/"


def test_correction_form_renders_a_hidden_key(correcting):
    html = verified_client(correcting).get("/apply/status/progress/").content.decode()
    form = html[html.index('action="' + correction_url(correcting)):]
    assert idempotency.clean_key(keys_in(form)[0])


def test_same_correction_twice_stores_one_event_and_its_files_once(correcting):
    key = idempotency.new_key()
    answers = []
    for _ in range(2):  # a second browser: the first response never arrived
        attachment = SimpleUploadedFile("补正说明.pdf", b"%PDF-1.4 correction", content_type="application/pdf")
        answers.append(verified_client(correcting).post(correction_url(correcting), {
            "text": "文号为示民〔2025〕12号", "files": [attachment], "submission_key": key}))
    assert correcting.events.filter(kind=EventKind.SUBMIT_CORRECTION).count() == 1
    assert correcting.documents.count() == 1
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]
    assert flashed(answers[1]) == ["补正材料已提交，工作人员确认收到后，答复期限自收到补正之日起重新计算。"]


def test_corrections_with_different_keys_are_both_stored(correcting):
    client = verified_client(correcting)
    for text in ("第一次补正", "补充材料"):
        client.post(correction_url(correcting), {"text": text, "submission_key": idempotency.new_key()})
    assert correcting.events.filter(kind=EventKind.SUBMIT_CORRECTION).count() == 2


def test_correction_with_another_requests_key_is_stored_without_it(department, correcting):
    other = af.application(department)
    workflow.request_correction(other, by=None, instructions="请补充", today=D(2026, 3, 4),
                                correction_due_on=D(2026, 3, 25))
    key = idempotency.new_key()
    verified_client(other).post(correction_url(other), {"text": "他人的补正", "submission_key": key})
    response = verified_client(correcting).post(correction_url(correcting), {"text": "我的补正", "submission_key": key})
    assert response.status_code == 302
    event = correcting.events.get(kind=EventKind.SUBMIT_CORRECTION)
    assert (event.note, event.submission_key) == ("我的补正", None)


def test_rate_limited_correction_does_not_use_up_its_key(correcting):
    client = verified_client(correcting)
    for _ in range(10):
        client.post(correction_url(correcting), {"text": "补正", "submission_key": idempotency.new_key()})
    key = idempotency.new_key()
    assert client.post(correction_url(correcting), {"text": "补正", "submission_key": key}).status_code == 429
    assert not ApplicationEvent.objects.filter(submission_key=key).exists()


def test_unverified_correction_replay_is_not_answered(correcting):
    key = idempotency.new_key()
    verified_client(correcting).post(correction_url(correcting), {"text": "补正", "submission_key": key})
    response = Client().post(correction_url(correcting), {"text": "补正", "submission_key": key})
    assert response["Location"] == "/apply/status/"


# ---- the message and error-report form (留言 / 我要纠错) ------------------------------------------------------

def message_data(department, key, **fields):
    return {"kind": "question", "department": department.pk, "subject": "咨询低保", "body": "需要哪些材料？",
            "submission_key": key, **fields}


def test_message_form_renders_one_hidden_key_without_a_visible_label(client, department):
    html = client.get("/feedback/messages/new/").content.decode()
    assert len(keys_in(html)) == 1 and idempotency.clean_key(keys_in(html)[0])
    assert 'for="id_submission_key"' not in html


def test_same_message_twice_stores_one_and_answers_with_its_tracking_number(department):
    key = idempotency.new_key()
    first = Client().post("/feedback/messages/new/", message_data(department, key))
    second = Client().post("/feedback/messages/new/", message_data(department, key))
    message = Message.objects.get()
    assert first["Location"] == second["Location"] == "/feedback/messages/answer/"  # the code is never in a URL
    assert message.tracking_number in " ".join(flashed(second))


def test_messages_with_different_keys_are_both_stored(client, department):
    for _ in range(2):
        client.post("/feedback/messages/new/", message_data(department, idempotency.new_key()))
    assert Message.objects.count() == 2


@pytest.mark.parametrize("junk", JUNK_KEYS)
def test_message_with_a_junk_key_still_works(client, department, junk):
    assert client.post("/feedback/messages/new/", message_data(department, junk)).status_code == 302
    assert Message.objects.get().submission_key is None


def test_rate_limited_message_does_not_use_up_its_key(client, department, settings):
    settings.FEEDBACK_MESSAGES_PER_HOUR = 1
    client.post("/feedback/messages/new/", message_data(department, idempotency.new_key()))
    key = idempotency.new_key()
    assert client.post("/feedback/messages/new/", message_data(department, key)).status_code == 429
    assert not Message.objects.filter(submission_key=key).exists()
    cache.clear()
    assert client.post("/feedback/messages/new/", message_data(department, key)).status_code == 302
    assert Message.objects.filter(submission_key=key).exists()


def test_message_whose_key_is_stored_meanwhile_is_not_retried_as_a_tracking_number_clash(department):
    """submit_message retries a clashing tracking number; a clashing key must reach create_once instead."""
    key = idempotency.new_key()
    inbox.submit_message(kind="question", department=department, subject="问", body="答", submission_key=key)
    with pytest.raises(IntegrityError):
        inbox.submit_message(kind="question", department=department, subject="问", body="答", submission_key=key)


# ---- the rating widget (好差评) ------------------------------------------------------------------------------

def rating_data(target_kind, target_id, key, **fields):
    return {"target_kind": target_kind, "target_id": target_id, "level": Level.SATISFIED, "channel": "website",
            "submission_key": key, **fields}


@pytest.fixture
def publication(department):
    return f.publication(department_=department, status=Publication.Status.PUBLISHED)


def test_rating_widget_renders_a_fresh_hidden_key(client, department, publication):
    pages = [f"/publications/{publication.pk}/", f"/departments/{department.pk}/",
             f"/feedback/rate/department/{department.pk}/"]
    shown = [keys_in(client.get(url).content.decode()) for url in pages * 2]
    assert all(len(keys) == 1 and idempotency.clean_key(keys[0]) for keys in shown)
    assert len({keys[0] for keys in shown}) == len(shown)


def test_rating_widget_shown_again_after_an_error_keeps_its_key(client, department):
    key = idempotency.new_key()
    response = client.post("/feedback/rate/", rating_data("department", department.pk, key, level=""))
    assert response.status_code == 400
    assert keys_in(response.content.decode()) == [key]


def test_same_rating_twice_is_stored_once_with_one_callback_case(department):
    key = idempotency.new_key()
    data = rating_data("department", department.pk, key, level=Level.VERY_DISSATISFIED, phone="13812345678",
                       next="/departments/")
    answers = [Client().post("/feedback/rate/", data) for _ in range(2)]
    assert Rating.objects.get().submission_key == key
    assert Callback.objects.count() == 1
    assert [a["Location"] for a in answers] == ["/departments/", "/departments/"]
    assert "电话联系" in " ".join(flashed(answers[1]))


def test_ratings_with_different_keys_are_both_stored(client, department):
    for _ in range(2):
        client.post("/feedback/rate/", rating_data("department", department.pk, idempotency.new_key()))
    assert Rating.objects.count() == 2


@pytest.mark.parametrize("junk", JUNK_KEYS)
def test_rating_with_a_junk_key_still_works(client, department, junk):
    assert client.post("/feedback/rate/", rating_data("department", department.pk, junk)).status_code == 302
    assert Rating.objects.get().submission_key is None


def test_rate_limited_rating_does_not_use_up_its_key(client, department, settings):
    settings.FEEDBACK_RATINGS_PER_HOUR = 1
    client.post("/feedback/rate/", rating_data("department", department.pk, idempotency.new_key()))
    key = idempotency.new_key()
    refused = client.post("/feedback/rate/", rating_data("department", department.pk, key))
    assert refused.status_code == 429
    assert not Rating.objects.filter(submission_key=key).exists()
    cache.clear()
    client.post("/feedback/rate/", rating_data("department", department.pk, key))
    assert Rating.objects.filter(submission_key=key).exists()


def test_same_rating_of_a_request_twice_is_thanked_not_refused(department):
    application = af.application(department)
    workflow.reply(application, by=None, outcome=Outcome.DISCLOSED, reply_text="予以公开。", delivered_by="post",
                   replied_on=D(2026, 3, 20), today=D(2026, 3, 20))
    client = verified_client(application)
    key = idempotency.new_key()
    data = rating_data("application", application.pk, key)
    client.post("/feedback/rate/", data, follow=True)  # the status page shows (and uses up) the first thanks
    again = client.post("/feedback/rate/", data)
    assert Rating.objects.filter(application=application).count() == 1
    assert flashed(again) == ["感谢您的评价！"]


def test_status_page_with_the_rating_widget_keeps_its_query_count(department, django_assert_max_num_queries):
    application = af.application(department)
    workflow.reply(application, by=None, outcome=Outcome.DISCLOSED, reply_text="予以公开。", delivered_by="post",
                   replied_on=D(2026, 3, 20), today=D(2026, 3, 20))
    client = verified_client(application)
    # Six reads and the session's save (savepoint, update, release); the key itself costs none.
    with django_assert_max_num_queries(9 + FOOTER_QUERIES):
        html = client.get("/apply/status/progress/").content.decode()
    assert len(keys_in(html)) == 1


def test_rating_service_lets_a_key_clash_through_to_create_once(department):
    key = idempotency.new_key()
    ratings.submit_rating(department, level=Level.SATISFIED, submission_key=key)
    with pytest.raises(IntegrityError):
        ratings.submit_rating(department, level=Level.SATISFIED, submission_key=key)


# ---- two POSTs at the same moment (PostgreSQL) --------------------------------------------------------------

def race(monkeypatch, module, name, post_one):
    """Run `post_one()` in two threads; both pass the earlier-record check, then meet before creating."""
    barrier = threading.Barrier(2, timeout=20)
    original = getattr(module, name)

    def at_the_same_moment(*args, **kwargs):
        barrier.wait()
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, at_the_same_moment)
    answers, errors = [], []

    def run():
        try:
            answers.append(post_one())
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return answers


def skip_unless_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL; SQLite serialises them")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_apply_posts_with_one_key_at_once_store_one_request(monkeypatch):
    skip_unless_postgresql()
    department = f.department()
    key = idempotency.new_key()
    answers = race(monkeypatch, workflow, "submit_online",
                   lambda: Client().post("/apply/", apply_data(department, key)))
    assert [a.status_code for a in answers] == [302, 302]
    assert Application.objects.filter(submission_key=key).count() == 1
    assert Application.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_messages_with_one_key_at_once_store_one(monkeypatch):
    skip_unless_postgresql()
    department = f.department()
    key = idempotency.new_key()
    answers = race(monkeypatch, inbox, "submit_message",
                   lambda: Client().post("/feedback/messages/new/", message_data(department, key)))
    assert Message.objects.count() == 1
    assert [a["Location"] for a in answers] == ["/feedback/messages/answer/"] * 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_ratings_with_one_key_at_once_store_one(monkeypatch):
    skip_unless_postgresql()
    department = f.department()
    key = idempotency.new_key()
    answers = race(monkeypatch, ratings, "submit_rating",
                   lambda: Client().post("/feedback/rate/", rating_data("department", department.pk, key)))
    assert [a.status_code for a in answers] == [302, 302]
    assert Rating.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_corrections_with_one_key_at_once_store_one_event(monkeypatch):
    skip_unless_postgresql()
    department = f.department()
    application = af.application(department)
    workflow.request_correction(application, by=None, instructions="请写明文件文号", today=D(2026, 3, 4),
                                correction_due_on=D(2026, 3, 25))
    clients = [verified_client(application), verified_client(application)]
    key = idempotency.new_key()
    answers = race(monkeypatch, workflow, "submit_correction",
                   lambda: clients.pop().post(correction_url(application), {"text": "补正", "submission_key": key}))
    assert [a.status_code for a in answers] == [302, 302]
    assert application.events.filter(kind=EventKind.SUBMIT_CORRECTION).count() == 1
