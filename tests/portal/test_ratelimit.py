"""portal.ratelimit: counts per client and action in the shared cache, never the raw IP."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from portal import ratelimit

pytestmark = pytest.mark.usefixtures("isolated_site")


def request_from(ip="203.0.113.5", method="post", **meta):
    return getattr(RequestFactory(), method)("/", REMOTE_ADDR=ip, **meta)


def test_hits_within_the_limit_are_allowed():
    request = request_from()
    assert [ratelimit.take_client(request, "form", limit=3, window_seconds=60) for _ in range(3)] == [True, True, True]


def test_hit_beyond_the_limit_is_refused():
    request = request_from()
    for _ in range(3):
        ratelimit.take_client(request, "form", limit=3, window_seconds=60)
    assert ratelimit.take_client(request, "form", limit=3, window_seconds=60) is False


def test_clients_are_counted_separately():
    for _ in range(3):
        ratelimit.take_client(request_from("203.0.113.5"), "form", limit=3, window_seconds=60)
    assert ratelimit.take_client(request_from("203.0.113.6"), "form", limit=3, window_seconds=60) is True


def test_actions_are_counted_separately():
    request = request_from()
    for _ in range(3):
        ratelimit.take_client(request, "form", limit=3, window_seconds=60)
    assert ratelimit.take_client(request, "other-form", limit=3, window_seconds=60) is True


def test_a_refused_hit_is_not_counted():
    request = request_from()
    for _ in range(3):
        ratelimit.take_client(request, "form", limit=1, window_seconds=60)
    assert ratelimit.count("form", ratelimit.client(request)) == 1


def test_a_hit_given_back_leaves_room_for_another():
    request = request_from()
    ratelimit.take_client(request, "form", limit=1, window_seconds=60)
    ratelimit.give_back_client(request, "form")
    assert ratelimit.take_client(request, "form", limit=1, window_seconds=60) is True


def test_reset_clears_the_count():
    request = request_from()
    ratelimit.take_client(request, "form", limit=1, window_seconds=60)
    ratelimit.reset("form", ratelimit.client(request))
    assert ratelimit.count("form", ratelimit.client(request)) == 0


def test_cache_key_never_contains_the_ip_or_the_target():
    assert "203.0.113.5" not in ratelimit.cache_key("form", ratelimit.client(request_from()))
    assert "YS2026" not in ratelimit.cache_key("form", ratelimit.target("YS2026"))


def test_take_all_counts_nothing_when_one_subject_is_refused():
    ratelimit.take("form", "b", limit=1, window_seconds=60)
    assert ratelimit.take_all("form", [("a", 5, 60), ("b", 1, 60)]) is False
    assert ratelimit.count("form", "a") == 0


def test_forwarded_header_is_ignored_unless_configured():
    spoofed = request_from("203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert ratelimit.client_ip(spoofed) == "203.0.113.5"


def test_configured_proxy_header_is_used(settings):
    settings.RATELIMIT_IP_HEADER = "HTTP_X_REAL_IP"
    assert ratelimit.client_ip(request_from("10.0.0.1", HTTP_X_REAL_IP="198.51.100.1")) == "198.51.100.1"


def test_forwarded_for_takes_the_entry_the_trusted_proxy_added_not_what_the_client_sent(settings):
    settings.RATELIMIT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = request_from("10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1")
    assert ratelimit.client_ip(request) == "198.51.100.1"
    settings.RATELIMIT_TRUSTED_PROXIES = 2
    request = request_from("10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1, 10.0.0.9")
    assert ratelimit.client_ip(request) == "198.51.100.1"


def test_clients_behind_the_proxy_are_counted_separately(settings):
    settings.RATELIMIT_IP_HEADER = "HTTP_X_REAL_IP"
    for _ in range(3):
        ratelimit.take_client(request_from("10.0.0.1", HTTP_X_REAL_IP="198.51.100.1"), "form", 3, 60)
    assert ratelimit.take_client(request_from("10.0.0.1", HTTP_X_REAL_IP="198.51.100.2"), "form", 3, 60)


@pytest.mark.django_db
def test_decorator_answers_429_beyond_the_limit():
    @ratelimit.limit("decorated", limit=2, window_seconds=60)
    def view(request):
        return HttpResponse("ok")

    codes = [view(request_from()).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_decorator_does_not_count_get_requests():
    @ratelimit.limit("decorated", limit=1, window_seconds=60)
    def view(request):
        return HttpResponse("ok")

    codes = [view(request_from(method="get")).status_code for _ in range(3)]
    assert codes == [200, 200, 200]
