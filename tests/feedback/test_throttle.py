"""The per-IP rate limit and the salted IP hash, as the feedback forms use them."""

import pytest
from django.test import RequestFactory

from portal import ratelimit as throttle

pytestmark = pytest.mark.django_db


def request_from(ip):
    return RequestFactory().post("/", REMOTE_ADDR=ip)


def test_hit_allows_up_to_the_limit_then_refuses():
    request = request_from("192.0.2.1")
    assert [throttle.take_client(request, "test", 2, 60) for _n in range(3)] == [True, True, False]


def test_actions_are_counted_separately():
    request = request_from("192.0.2.1")
    throttle.take_client(request, "rating", 1, 60)
    assert throttle.take_client(request, "message", 1, 60)


def test_ip_hash_is_stable_salted_and_not_the_ip(settings):
    first = throttle.ip_hash(request_from("192.0.2.1"))
    assert first == throttle.ip_hash(request_from("192.0.2.1"))
    assert first != throttle.ip_hash(request_from("192.0.2.2"))
    assert "192.0.2.1" not in first
    settings.SECRET_KEY = "another-secret-key-for-this-test-0123456789abcdef"
    assert throttle.ip_hash(request_from("192.0.2.1")) != first
