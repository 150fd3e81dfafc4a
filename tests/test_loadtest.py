"""The load test's own logic (bench/loadtest.py): resubmitting a failed form, and judging every submission.

`make loadtest` itself restarts PostgreSQL and is never run by the suite; here its virtual citizen talks to the
portal through Django's test client instead of a socket, so the resubmission meets the real forms and keys.
"""

import random

import pytest
from django.test import Client

from applications.models import Application
from bench import loadtest
from catalog.models import Publication
from feedback.models import Message, Rating
from portal import idempotency
from tests import factories as f

pytestmark = pytest.mark.usefixtures("isolated_site")


class FakeCitizen:
    """loadtest.Citizen's interface on Django's test client (CSRF checks on). `faults` lists what happens to each
    POST in turn: "lost" (the portal stores it, the answer never arrives), a status the portal answers instead of
    handling it (e.g. 500), or None (normal)."""

    def __init__(self, faults=(), strip_key=False, page_faults=()):
        self.client = Client(enforce_csrf_checks=True)
        self.faults = list(faults)
        self.page_faults = list(page_faults)  # statuses answered instead of the next form pages
        self.strip_key = strip_key
        self.posts = []

    def request(self, method, path, form=None):
        if method == "GET":
            if self.page_faults:
                return self.page_faults.pop(0), {}, ""
            response = self.client.get(path)
            page = response.content.decode()
            if self.strip_key:  # a page cached before the portal had submission keys
                page = loadtest.KEY_INPUT.sub("", page)
            return response.status_code, dict(response.items()), page
        self.posts.append(dict(form))
        fault = self.faults.pop(0) if self.faults else None
        if isinstance(fault, int):
            return fault, {}, ""
        response = self.client.post(path, form)
        if fault == "lost":
            raise ConnectionResetError("the answer was lost")
        return response.status_code, dict(response.items()), response.content.decode()

    def close(self):
        pass


@pytest.fixture
def targets(department):
    publication = f.publication(department_=department, status=Publication.Status.PUBLISHED)
    return {"departments": [department.pk], "recipients": [department.pk], "publications": [publication.pk]}


def submit(citizen, kind, targets, marker="LT1s-0-1"):
    pauses = []
    outcome = loadtest.submit(citizen, kind, marker, targets, random.Random(1), sleep=pauses.append)
    return outcome, pauses


def stored(*markers):
    rows = [*Application.objects.values_list("description", "tracking_number", "submission_key"),
            *((comment, None, key) for comment, key in Rating.objects.values_list("comment", "submission_key")),
            *Message.objects.values_list("body", "tracking_number", "submission_key")]
    return loadtest.stored_by_marker(rows)


def as_submission(outcome, kind="apply", marker="LT1s-0-1"):
    return {"kind": kind, "marker": marker, "t": 0.0, **{k: v for k, v in outcome.items() if k != "retried"}}


# ---- the pure helpers ----------------------------------------------------------------------------------------

def test_resubmissions_pause_half_a_second_then_doubling():
    assert loadtest.retry_pauses(4, 0.5) == [0.5, 1.0, 2.0, 4.0]
    assert loadtest.retry_pauses(0, 0.5) == []


@pytest.mark.parametrize(("status", "retry"), [(0, True), (500, True), (502, True), (302, False), (400, False),
                                               (403, False), (429, False)])
def test_only_broken_connections_and_server_errors_are_resubmitted(status, retry):
    assert loadtest.is_retryable(status) is retry


def test_stored_records_are_found_by_every_marker_in_their_text():
    rows = [("申请 LT12s-0-1", "YS2", "k1"), ("LT12s-0-2 and LT12s-0-3", "YS3", None), ("no marker", "YS4", "k")]
    assert loadtest.stored_by_marker(rows) == {
        "LT12s-0-1": [{"tracking_number": "YS2", "key": "k1"}],
        "LT12s-0-2": [{"tracking_number": "YS3", "key": None}],
        "LT12s-0-3": [{"tracking_number": "YS3", "key": None}],
    }


def test_judge_names_every_kind_of_fate():
    def sub(marker, success, number=None, key="k", attempts=1):
        return {"kind": "apply", "marker": marker, "success": success, "tracking_number": number, "key": key,
                "attempts": attempts}

    submissions = [sub("good", True, "YS1", key="k1", attempts=3), sub("failed", False), sub("lost", True),
                   sub("twice", True), sub("unseen", False, attempts=5), sub("wrong", True, "YS9", key="kw"),
                   sub("keyless", True, key="k2")]
    stored_ = {"good": [{"tracking_number": "YS1", "key": "k1"}],
               "twice": [{"tracking_number": "YS2", "key": None}, {"tracking_number": "YS3", "key": None}],
               "unseen": [{"tracking_number": "YS4", "key": "k"}],
               "wrong": [{"tracking_number": "YS5", "key": "kw"}],
               "keyless": [{"tracking_number": "YS6", "key": None}]}
    verdict = loadtest.judge(submissions, stored_)
    assert verdict["lost"] == ["lost"]
    assert verdict["duplicated"] == ["twice"]
    assert verdict["stored_without_success_page"] == ["unseen"]
    assert verdict["stored_but_client_saw_an_error"] == 1
    assert verdict["wrong_tracking_number"] == ["wrong"]
    assert verdict["stored_without_its_key"] == ["keyless"]
    assert (verdict["stored_once_with_success_page"], verdict["failed_and_not_stored"]) == (3, 1)
    assert (verdict["resubmitted"], verdict["succeeded_after_resubmitting"]) == (2, 1)
    assert not loadtest.integrity_ok(verdict)


def test_judge_passes_a_run_where_every_stored_submission_got_its_success_page():
    submissions = [{"kind": "message", "marker": "a", "success": True, "tracking_number": "LY1", "key": "k",
                    "attempts": 2},
                   {"kind": "apply", "marker": "b", "success": False, "tracking_number": None, "key": "k2",
                    "attempts": 5}]
    verdict = loadtest.judge(submissions, {"a": [{"tracking_number": "LY1", "key": "k"}]})
    assert loadtest.integrity_ok(verdict)


# ---- the virtual citizen against the real forms --------------------------------------------------------------

@pytest.mark.parametrize("kind", loadtest.SUBMISSION_KINDS)
def test_a_plain_submission_succeeds_at_once_with_its_key(targets, kind):
    citizen = FakeCitizen()
    outcome, pauses = submit(citizen, kind, targets)
    assert (outcome["success"], outcome["attempts"], pauses) == (True, 1, [])
    assert idempotency.clean_key(outcome["key"])
    verdict = loadtest.judge([as_submission(outcome, kind)], stored())
    assert verdict["stored_once_with_success_page"] == 1 and loadtest.integrity_ok(verdict)


@pytest.mark.parametrize("kind", loadtest.SUBMISSION_KINDS)
def test_a_lost_answer_is_resubmitted_with_the_same_key_and_stored_once(targets, kind):
    citizen = FakeCitizen(faults=["lost"])
    outcome, pauses = submit(citizen, kind, targets)
    assert (outcome["success"], outcome["attempts"], pauses) == (True, 2, [0.5])
    assert citizen.posts[0] == citizen.posts[1]  # same data, same CSRF token, same key
    assert citizen.posts[0]["submission_key"] == outcome["key"]
    verdict = loadtest.judge([as_submission(outcome, kind)], stored())
    assert verdict["stored_once_with_success_page"] == 1 and loadtest.integrity_ok(verdict)


def test_the_resubmitted_request_shows_the_stored_tracking_number(targets):
    outcome, _ = submit(FakeCitizen(faults=["lost"]), "apply", targets)
    assert outcome["tracking_number"] == Application.objects.get().tracking_number


def test_server_errors_are_resubmitted_until_the_portal_answers(targets):
    outcome, pauses = submit(FakeCitizen(faults=[500, 500, "lost"]), "message", targets)
    assert (outcome["success"], outcome["attempts"], pauses) == (True, 4, [0.5, 1.0, 2.0])
    assert outcome["tracking_number"] == Message.objects.get().tracking_number


def test_a_form_page_that_fails_to_load_is_reloaded_after_the_same_pauses(targets):
    outcome, pauses = submit(FakeCitizen(page_faults=[503, 503]), "apply", targets)
    assert (outcome["success"], outcome["attempts"], pauses) == (True, 1, [0.5, 1.0])
    assert Application.objects.count() == 1


def test_a_refusal_is_not_resubmitted(targets):
    outcome, pauses = submit(FakeCitizen(faults=[429]), "rating", targets)
    assert (outcome["success"], outcome["status"], outcome["attempts"], pauses) == (False, 429, 1, [])
    assert not Rating.objects.exists()


def test_resubmissions_stop_after_the_last_retry(targets):
    outcome, pauses = submit(FakeCitizen(faults=[500] * 9), "apply", targets)
    assert (outcome["success"], outcome["attempts"], len(pauses)) == (False, 5, 4)
    assert len(outcome["retried"]) == 4
    verdict = loadtest.judge([as_submission(outcome)], stored())
    assert verdict["failed_and_not_stored"] == 1 and loadtest.integrity_ok(verdict)


def test_without_a_key_a_lost_answer_is_stored_twice_and_the_check_says_so(targets):
    """What the load test found before submission keys: the resubmission duplicates the request."""
    outcome, _ = submit(FakeCitizen(faults=["lost"], strip_key=True), "apply", targets)
    assert outcome["success"] and outcome["key"] is None
    verdict = loadtest.judge([as_submission(outcome)], stored())
    assert verdict["duplicated"] == ["LT1s-0-1"] and not loadtest.integrity_ok(verdict)
