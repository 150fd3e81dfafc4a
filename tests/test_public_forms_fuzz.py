"""Junk posted to every public form (hypothesis): never a 500, and a refused submission stores nothing.

Each form starts from a valid submission and has some fields replaced by junk (very long text, unicode with RTL
marks and emoji, NUL and other control characters, wrong types, huge numbers, repeated fields) or removed. The
row counts of the form's tables are compared before and after every example: a response that is not a success
redirect must leave them unchanged, and so must a POST carrying the submission key of a record stored by an
earlier example (answered as a success, storing nothing: portal.idempotency). Run on PostgreSQL too: it
refuses NUL in text where SQLite stores it.
"""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from applications import workflow
from applications.models import Application, ApplicationEvent, Document, Notice
from catalog.models import Publication
from feedback import inbox
from feedback.models import Callback, Message, Rating
from portal import idempotency
from tests import factories as f
from tests.applications import factories as af

FUZZ = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NASTY = [
    "", " ", "\x00", "a\x00b", "\x01\x02\x1b[31m\x7f", "\u202e\u05d0\u05d1\u202c", "👨‍👩‍👧‍👦🇨🇳", "\ufeff", "\ud7ff",
    "长" * 5000, "x" * 20000, "9" * 40, "-1", "0", "1e308", "NaN", "None", "[]", "{}", "<script>alert(1)</script>",
    "' OR 1=1 --", "%00", "../../etc/passwd", "2026-02-30", "true", "\r\n\t",
]
junk_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
# A form value: junk text, or the same field repeated with several values.
junk_value = st.one_of(junk_text, st.lists(junk_text, min_size=2, max_size=3))


def mutate(valid: dict):
    """Strategy: `valid` with some fields replaced by junk, some removed, and maybe unknown fields added."""
    names = sorted(valid)
    return st.tuples(
        st.dictionaries(st.sampled_from(names), junk_value, max_size=len(names)),
        st.sets(st.sampled_from(names), max_size=2),
        st.dictionaries(st.sampled_from(["extra", "csrfmiddlewaretoken", "id", "pk"]), junk_value, max_size=2),
    ).map(lambda parts: {**{k: v for k, v in valid.items() if k not in parts[1]}, **parts[0], **parts[2]})


junk_file = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    st.sampled_from(["申请.pdf", "a.docx", "照片.jpg", "x.exe", "无扩展名", "a.pdf.html", "\u202egpj.exe",
                     "a" * 300 + ".pdf"]),
    st.one_of(st.binary(max_size=64), st.just(b"%PDF-1.4\n%%EOF\n"), st.just(b"PK\x03\x04junk"),
              st.just(b"<html><script>alert(1)</script></html>")),
)


def counts(*models) -> dict:
    return {model.__name__: model.objects.count() for model in models}


pytestmark = pytest.mark.usefixtures("isolated_site")


def check(response, before: dict, after: dict, success=(302,)):
    assert response.status_code < 500
    if response.status_code not in success:
        assert after == before


def keyed(valid: dict) -> dict:
    """`valid` with a fresh submission key (portal.idempotency), which the junk may then replace or remove."""
    return {**valid, idempotency.FIELD_NAME: idempotency.new_key()}


def replays(queryset, payload: dict) -> bool:
    """Whether `payload` carries the key of a record stored by an earlier example (junk like "9" * 40 is a
    well-formed key): such a POST is answered as a success and must store nothing."""
    value = payload.get(idempotency.FIELD_NAME)
    if isinstance(value, list):  # a repeated field: Django reads the last value
        value = value[-1] if value else None
    return idempotency.find(queryset, idempotency.clean_key(value)) is not None


# ---- requests for disclosure -----------------------------------------------------------------------------

APPLY_TABLES = (Application, ApplicationEvent, Document, Notice)


@pytest.fixture
def applied(department):
    return {**af.applicant_fields(), "department": str(department.pk)}


@FUZZ
@given(data=st.data())
def test_apply_form_junk(applied, data):
    cache.clear()
    payload = data.draw(mutate(keyed(applied)))
    if data.draw(st.booleans()):
        payload["files"] = data.draw(st.lists(junk_file, max_size=2))
    replay = replays(Application.objects.all(), payload)
    before = counts(*APPLY_TABLES)
    response = Client().post("/apply/", payload)
    after = counts(*APPLY_TABLES)
    check(response, before, after, success=() if replay else (302,))
    if response.status_code == 302 and not replay:
        made = Application.objects.latest("pk")
        assert made.events.exists()
        assert after["Application"] == before["Application"] + 1


@FUZZ
@given(data=st.data())
def test_status_lookup_junk(db, data):
    cache.clear()
    payload = data.draw(mutate({"tracking_number": "YS7K3MQ9TX2", "phone_last4": "5678"}))
    response = Client().post("/apply/status/", payload)
    assert response.status_code < 500


@pytest.fixture
def correcting(department):
    """A request whose clerk asked for a correction, and a client the status page knows."""
    application = af.application(department, received_on=dt.date(2026, 3, 2))
    workflow.request_correction(application, by=None, instructions="请写明文件名称",
                                correction_due_on=dt.date(2026, 3, 20), today=dt.date(2026, 3, 3))
    client = Client()
    client.post("/apply/status/", {"tracking_number": application.tracking_number, "phone_last4": "5678"})
    return application, client


@FUZZ
@given(data=st.data())
def test_correction_form_junk(correcting, data):
    application, client = correcting
    payload = data.draw(mutate(keyed({"text": "所需信息为2025年低保名单"})))
    if data.draw(st.booleans()):
        payload["files"] = data.draw(st.lists(junk_file, max_size=2))
    replay = replays(ApplicationEvent.objects.all(), payload)
    before = counts(*APPLY_TABLES)
    response = client.post("/apply/status/progress/correction/", payload)
    after = counts(*APPLY_TABLES)
    check(response, before, after, success=() if replay else (302,))
    if response.status_code == 302 and not replay:  # the correction and its event are stored together
        assert after["ApplicationEvent"] == before["ApplicationEvent"] + 1


# ---- feedback ----------------------------------------------------------------------------------------------

@pytest.fixture
def published(department):
    return f.publication(department_=department, status=Publication.Status.PUBLISHED)


@FUZZ
@given(data=st.data())
def test_rating_widget_junk(department, data):
    cache.clear()
    valid = {"target_kind": "department", "target_id": str(department.pk), "level": "satisfied", "comment": "很好",
             "name": "王", "phone": "13812345678", "channel": "website", "next": "/"}
    payload = data.draw(mutate(keyed(valid)))
    replay = replays(Rating.objects.all(), payload)
    before = counts(Rating, Callback)
    response = Client().post("/feedback/rate/", payload)
    check(response, before, counts(Rating, Callback), success=() if replay else (302,))


@FUZZ
@given(data=st.data())
def test_message_form_junk(department, data):
    cache.clear()
    valid = {"kind": "question", "department": str(department.pk), "subject": "低保", "body": "需要哪些材料？",
             "name": "李", "phone": "0579-8888888", "page_url": "/search/"}
    payload = data.draw(mutate(keyed(valid)))
    replay = replays(Message.objects.all(), payload)
    before = counts(Message)
    response = Client().post("/feedback/messages/new/", payload)
    check(response, before, counts(Message), success=() if replay else (302,))


@FUZZ
@given(number=junk_value)
def test_message_tracking_junk(db, number):
    cache.clear()
    assert Client().post("/feedback/messages/track/", {"number": number}).status_code < 500


@pytest.fixture
def answered(department):
    message = inbox.submit_message(kind="question", department=department, subject="低保", body="需要哪些材料？")
    return inbox.answer_message(message, by=None, answer="请带身份证。")


@FUZZ
@given(data=st.data())
def test_answer_rating_junk(answered, data):
    payload = data.draw(mutate({"level": "satisfied"}))
    client = Client()
    client.post("/feedback/messages/track/", {"number": answered.tracking_number})
    response = client.post("/feedback/messages/answer/rate/", payload)
    assert response.status_code < 500
    if response.status_code != 302:
        answered.refresh_from_db()
        assert answered.answer_level == ""
    Message.objects.filter(pk=answered.pk).update(answer_level="", answer_rated_at=None)


# ---- GET forms and pages taking free text --------------------------------------------------------------------

@FUZZ
@given(params=st.dictionaries(st.sampled_from(["q", "page", "division", "domain", "department", "year"]), junk_value))
def test_search_junk(published, params):
    assert Client().get("/search/", params).status_code < 500


@FUZZ
@given(payload=st.dictionaries(st.sampled_from(["toggle", "next"]), junk_value))
def test_preferences_junk(db, payload):
    assert Client().post("/preferences/", payload).status_code < 500


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["department", "page", "from", "kind"]), junk_value))
def test_department_choice_and_lists_junk(department, params):
    client = Client()
    for url in ("/feedback/rate/department/", "/feedback/points/", "/feedback/qa/", "/feedback/messages/new/",
                f"/feedback/rate/department/{department.pk}/", f"/departments/{department.pk}/", "/"):
        assert client.get(url, params).status_code < 500


@FUZZ
@given(segment=st.one_of(st.sampled_from(NASTY[:10]), st.text(min_size=1, max_size=30)).filter(
    lambda s: "/" not in s and "?" not in s and "#" not in s))
def test_junk_in_url_paths(db, segment):
    from urllib.parse import quote

    cache.clear()
    client = Client()
    part = quote(segment, safe="")
    for url in (f"/feedback/messages/{part}/", f"/apply/status/{part}/", f"/apply/status/{part}/documents/1/",
                f"/domains/{part}/", f"/themes/{part}/"):
        assert client.get(url).status_code < 500
    for url in (f"/feedback/messages/{part}/rate/", f"/apply/status/{part}/correction/"):
        assert client.post(url, {"level": "satisfied", "text": "x"}).status_code < 500
